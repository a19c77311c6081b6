"""Where to go on reading a WXR file after the XML breaks in the middle of the channel.

libxml2 cannot go on after a fatal error, and its recover mode nests every later item in
the broken one. So a break ends one parse; the reader finds, in the raw bytes, the start
of the first item after the one the break was in, and parses from there inside a copy of
the file's own `<rss><channel>` start (xmlsafe.resume_wrapper). Items after a break are
read; the item the break was in is lost and said so, naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any, BinaryIO

from wparchive.readers.inputs import InputFile
from wparchive.readers.xmlsafe import SplicedStream, item_label, item_starts, skip_bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """A run of the file parsed on its own: from `offset` (line `line`) to the end."""

    offset: int = 0
    line: int = 1
    wrapper: bytes = b""  # what the part is parsed inside; empty for the whole file

    def stream(self, raw: BinaryIO) -> BinaryIO | SplicedStream:
        """The part of the freshly opened file `raw`, inside its wrapper."""
        if not self.wrapper:
            return raw
        skip_bytes(raw, self.offset)
        return SplicedStream(self.wrapper, raw)

    def file_line(self, parser_line: int | None) -> int:
        """The line in the file of a line the part's parser reports (the wrapper has none)."""
        return self.line + max(parser_line or 1, 1) - 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Break:
    """What a break cost, and where reading goes on (None: nowhere, the file ends)."""

    line: int
    lost: str  # 'item 42 ("Title"), begun on line 7', or "" when the break was between items
    resume: Part | None


def find_resume(
    source: InputFile, part: Part, *, wrapper: bytes, items_done: int, error_line: int
) -> Break:
    """The break at `error_line`, after `items_done` complete items of the part: if an item
    had started before it, that item is lost and reading resumes at the next one;
    otherwise it resumes at the item after the break."""
    starts = _starts_from(source, part, items_done)
    broken = starts[0] if starts and starts[0][1] <= error_line else None
    # A resumed part begins with an item: never resume at it again (no loop).
    if broken is None and part.wrapper and items_done == 0:
        broken = starts[0] if starts else None
    following = starts[1:] if broken is not None else starts
    lost = _label(source, broken, following) if broken is not None else ""
    if not following:
        return Break(line=error_line, lost=lost, resume=None)
    offset, line = following[0]
    return Break(line=error_line, lost=lost, resume=Part(offset=offset, line=line, wrapper=wrapper))


def _starts_from(source: InputFile, part: Part, items_done: int) -> list[tuple[int, int]]:
    """The start of item `items_done + 1` of the part and of the one after it, if any."""
    with source.open() as raw:
        skip_bytes(raw, part.offset)
        found = item_starts(raw, offset=part.offset, line=part.line)
        return list(islice(found, items_done, items_done + 2))


def _label(source: InputFile, broken: tuple[int, int], following: list[tuple[int, int]]) -> str:
    offset, line = broken
    size = following[0][0] - offset if following else 1 << 62
    with source.open() as raw:
        skip_bytes(raw, offset)
        return f"{item_label(raw, size=size)}, begun on line {line}"


def header_channel(source: InputFile, head: bytes, parse: Callable[[bytes], Any]) -> Any:
    """The channel element with the file's own title, link and version, for a file that broke
    before any record was complete: parsed from the head's text before the first item, closed
    by hand. None when the head holds no item start (the break is in a huge header)."""
    with source.open() as raw:
        first = next(item_starts(raw, offset=0, line=1), None)
    if first is None or first[0] > len(head):
        return None
    return parse(head[: first[0]] + b"</channel></rss>")
