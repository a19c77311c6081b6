"""Build small WXR documents and read them, for the reader tests."""

from __future__ import annotations

import io
from typing import BinaryIO

from wparchive.model import Post, Site
from wparchive.problems import ProblemLog
from wparchive.readers import Record, wxr
from wparchive.readers.inputs import InputFile

HEADER = (
    '<?xml version="1.0" encoding="{encoding}"?>\n'
    '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
    "<channel>\n<title>Site</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
)
FOOTER = "</channel>\n</rss>\n"


def item(post_id: int, body: str = "", **fields: str) -> str:
    parts = [f"<item><wp:post_id>{post_id}</wp:post_id>"]
    defaults = {"post_type": "post", "status": "publish"}
    for name, value in {**defaults, **fields}.items():
        parts.append(f"<wp:{name}>{value}</wp:{name}>")
    return "".join(parts) + body + "</item>\n"


def document(*items: str, header: str = HEADER, encoding: str = "UTF-8") -> bytes:
    text = header.format(encoding=encoding) + "".join(items) + FOOTER
    return text.encode("utf-8") if encoding.upper() == "UTF-8" else text.encode(encoding)


def source(data: bytes, name: str = "test.xml") -> InputFile:
    def opener() -> BinaryIO:
        return io.BytesIO(data)

    return InputFile(name, opener)


def read_bytes(data: bytes) -> tuple[list[Record], ProblemLog]:
    log = ProblemLog()
    return list(wxr.read(source(data), log)), log


def posts(records: list[Record]) -> list[Post]:
    return [record for record in records if isinstance(record, Post)]


def site(records: list[Record]) -> Site:
    last = records[-1]
    assert isinstance(last, Site)
    return last
