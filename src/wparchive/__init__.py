"""wparchive: WordPress exports, saved pages and text captures to Markdown and a JSON archive.

>>> from wparchive import convert
>>> report = convert(["export.xml"], "output")
>>> report.summary()
"""

from wparchive.errors import InputError, OutputError, WparchiveError
from wparchive.pipeline import Report, convert
from wparchive.policy import ConvertOptions

__all__ = ["ConvertOptions", "InputError", "OutputError", "Report", "WparchiveError", "convert"]
