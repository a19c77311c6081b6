"""The bytes of a saved page or capture, whatever the caller hands over, and its text.

The registry passes an InputFile; tests and library users may pass a path or an open
binary stream (with a name to report problems by).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from wparchive.errors import InputError
from wparchive.readers.inputs import InputFile

Source = InputFile | Path | str | BinaryIO | tuple[BinaryIO, str]

_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def load(source: Source) -> tuple[bytes, str]:
    """The bytes of a path or an open binary stream, and the name to report it by."""
    if isinstance(source, InputFile):
        try:
            with source.open() as stream:
                return stream.read(), source.name
        except OSError as error:
            raise InputError(source.name, f"cannot be read ({error})") from error
    if isinstance(source, tuple):
        stream, name = source
        return stream.read(), name
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            return path.read_bytes(), str(source)
        except OSError as error:
            raise InputError(str(source), f"cannot read the file ({error.strerror})") from error
    return source.read(), str(getattr(source, "name", "<stream>"))


def decode(data: bytes) -> str:
    """BOM, then the declared charset, then UTF-8, then Windows-1252 (never fails)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(data[:4096])
    for encoding in ((declared.group(1).decode("ascii"),) if declared else ()) + ("utf-8",):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def parse_html(data: bytes, name: str) -> HtmlElement:
    text = _XML_DECLARATION.sub("", decode(data))
    if not text.strip():
        raise InputError(name, "the file is empty")
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise InputError(name, f"not readable as HTML ({error})") from error
