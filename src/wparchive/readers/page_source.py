"""The bytes of a saved page or capture, whatever the caller hands over, and its text.

The registry passes an InputFile; tests and library users may pass a path or an open
binary stream (with a name to report problems by).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from wparchive.errors import InputError
from wparchive.readers.inputs import InputFile
from wparchive.readers.xmlsafe import ascii_compatible

Source = InputFile | Path | str | BinaryIO | tuple[BinaryIO, str]

_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Browsers read these labels as Windows-1252 (WHATWG Encoding Standard), and so do the
# pages that declare them: "charset=iso-8859-1" pages carry 0x93/0x94 for curly quotes.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819"}
    | {"ascii", "us-ascii"}
)

# Characters XML forbids: lxml keeps them in HTML text but refuses them when the cleaners
# set .text (a \x01 in a comment's byline raised ValueError); no page means them.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

ProblemCallback = Callable[[str, str], object]  # (code, message)


def load(source: Source) -> tuple[bytes, str]:
    """The bytes of a path or an open binary stream, and the name to report it by."""
    if isinstance(source, InputFile):
        try:
            with source.open() as stream:
                return stream.read(), source.name
        except OSError as error:
            raise InputError(
                source.name, f"cannot be read ({error}); check that you may read it"
            ) from error
    if isinstance(source, tuple):
        stream, name = source
        return stream.read(), name
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            return path.read_bytes(), str(source)
        except OSError as error:
            raise InputError(
                str(source),
                f"cannot read the file ({error.strerror}); check the path and that you may read it",
            ) from error
    return source.read(), str(getattr(source, "name", "<stream>"))


def decode(data: bytes) -> str:
    """BOM, then the declared charset, then UTF-8, then Windows-1252 (never fails)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(data[:4096])
    for encoding in _candidates(declared.group(1).decode("ascii") if declared else None):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _candidates(declared: str | None) -> tuple[str, ...]:
    if declared is None:
        return ("utf-8",)
    if declared.lower() in _WINDOWS_1252_LABELS:
        # cp1252 leaves five bytes undefined; latin-1 then reads them as declared.
        return ("cp1252", "latin-1", "utf-8")
    # "unicode_escape" ate a page's curly quotes; "undefined" raised UnicodeError.
    return (declared, "utf-8") if ascii_compatible(declared) else ("utf-8",)


def parse_html(data: bytes, name: str, on_problem: ProblemCallback | None = None) -> HtmlElement:
    text = _XML_DECLARATION.sub("", decode(data))
    if not text.strip():
        raise InputError(name, "the file is empty; save the page again from the browser")
    if _FORBIDDEN_CHARS.search(text):
        text = _FORBIDDEN_CHARS.sub("", text)
        if on_problem is not None:
            on_problem("control-chars", "control characters XML forbids were removed")
    # huge_tree lifts libxml2's 10 MB limit on one text or attribute (a 20 MB data: URI
    # dropped its whole paragraph) and its 256-level depth limit to 2048; HTML has no
    # entity declarations to expand, so nothing else is at stake.
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(
            name,
            f"not readable as HTML ({error}); save the page again (Save Page As, HTML only)",
        ) from error
    if on_problem is not None and _hit_limit(parser):
        on_problem(
            "html-too-deep",
            "the page nests its markup more than 2048 levels deep; the parser stopped "
            "there and the rest of the page was not read",
        )
    return root


def _hit_limit(parser: lxml.html.HTMLParser) -> bool:
    log: Iterable[Any] = parser.error_log  # lxml-stubs do not declare _ErrorLog iterable
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in log)
