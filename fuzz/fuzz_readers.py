"""Fuzz every wparchive reader with atheris: any bytes end in records or a WparchiveError.

Run (atheris is not a project dependency; install it into the venv first):

    /work/venv/bin/pip install atheris
    mkdir -p /tmp/wpfuzz-corpus
    cp ../shared/corpus/wxr/*.xml ../shared/corpus/html/*.html ../shared/seed/ldn-* \
        /tmp/wpfuzz-corpus/            # optional seeds: real files make far better starts
    /work/venv/bin/python fuzz/fuzz_readers.py /tmp/wpfuzz-corpus \
        -max_len=65536 -timeout=20 -rss_limit_mb=2048 -max_total_time=600

Each input is written to a temporary file and read through registry.read_all (the same
path `wparchive convert` takes: sniffing, then the WXR, HTML page or text capture reader).
With FUZZ_CONVERT=1 it also runs wparchive.convert into a temporary folder (slower, but it
covers the cleaners, content conversion and writers too). A crash is any exception other
than WparchiveError; libFuzzer saves the input as crash-<hash> in the current folder.
Replay one with `python fuzz/fuzz_readers.py crash-<hash>`.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from wparchive import convert
    from wparchive.errors import WparchiveError
    from wparchive.problems import ProblemLog

    # registry imports the readers lazily: imported here so that they are instrumented.
    from wparchive.readers import html_page, text_capture, wxr  # noqa: F401
    from wparchive.readers.registry import read_all

_WORKDIR = Path(tempfile.mkdtemp(prefix="wparchive-fuzz-"))
_CONVERT = os.environ.get("FUZZ_CONVERT") == "1"
# The reader is chosen by sniffing, never by name; the suffix only decides whether a
# folder scan would pick the file up, so one name serves every reader.
_INPUT = _WORKDIR / "input.xml"


def test_one_input(data: bytes) -> None:
    _INPUT.write_bytes(data)
    try:
        for _record in read_all([_INPUT], ProblemLog()):
            pass
        if _CONVERT:
            out = _WORKDIR / "out"
            try:
                convert([_INPUT], out)
            finally:
                shutil.rmtree(out, ignore_errors=True)
    except WparchiveError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
