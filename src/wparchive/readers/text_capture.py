"""Read a plain-text capture of a WordPress post page ("save as text", copy and paste).

What such a capture looks like (shared/seed/ldn-post.txt): the title on the first line,
optionally a Kubrick-style category line ("·", names, "·"), the body in paragraphs
separated by blank lines, a heading such as "7 Responses to “…”", numbered comments
("  1. Name Says:", an optional date line, the text indented), then the page's chrome
("Leave a Reply", "Fill in your details below…", the Follow bar, "%d bloggers like
this:"), which is cut at its first marker. Paragraphs become `<p>`, single line breaks
`<br />`, every character of text escaped: the result is HTML as the site showed it.
"""

from __future__ import annotations

import html
import re
import textwrap
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wparchive.cleaners import boilerplate
from wparchive.errors import InputError
from wparchive.model import (
    Comment,
    CommentStatus,
    CommentType,
    Meta,
    Post,
    Site,
    TermRef,
    Timestamp,
)
from wparchive.problems import ProblemLog
from wparchive.readers import Record
from wparchive.readers.page_comments import timestamp
from wparchive.readers.page_dates import parse_display_date
from wparchive.readers.page_discussion import parse_count
from wparchive.readers.page_meta import slugify
from wparchive.readers.page_source import Source, load

_MARKUP_START = re.compile(rb"^\s*<(?:\?xml|!doctype|html|head|body|rss|feed|!--)", re.IGNORECASE)
_MARKUP_INSIDE = re.compile(rb"<(?:html|head|body|rss|channel|div|p)\b[^>]*>", re.IGNORECASE)
_RESPONSES_HEADING = re.compile(
    r"^\s*(?:\d[\d.,]*|one|no|ein|eine|una?|satu)\s+(?:responses?|comments?|thoughts?|"
    r"repl(?:y|ies)|kommentare?|gedanken|antworten?|comentarios?|tanggapan)\b",
    re.IGNORECASE,
)
_COMMENT_HEADER = re.compile(
    r"^(?P<indent>\s*)(?:(?P<number>\d+)\.\s+)?(?P<name>\S.{0,78}?)"
    r"(?:,?\s+on\s+(?P<date>.+?))?\s+(?:says|said|sagt|schrieb|dijo)\s*:\s*$",
    re.IGNORECASE,
)
_CATEGORY_BRACKET = frozenset({"·", "•", "|", "--"})
_LINE_BREAK = "<br />\n"
_MAX_TITLE = 300
_YEAR_OR_CLOCK = re.compile(r"\b(?:19|20)\d\d\b|\d:\d\d")


def detect(head: bytes) -> bool:
    """Plain text shaped like a post: a title line, then more text (a one-line note such as
    "just some notes" is not a capture); no NUL bytes, not XML or HTML."""
    if not head.strip() or b"\x00" in head:
        return False
    if _MARKUP_START.match(head.removeprefix(b"\xef\xbb\xbf")):
        return False
    if len(_MARKUP_INSIDE.findall(head)) >= 3:
        return False
    text = _decode(head, strict=True)
    if text is None:
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 2 and len(lines[0]) <= _MAX_TITLE


def _decode(data: bytes, *, strict: bool = False) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if strict and error.start >= len(data) - 4:
            return data[: error.start].decode("utf-8-sig")  # a character cut by the head
    return None if strict else data.decode("cp1252", errors="replace")


@dataclass(slots=True)
class _Reply:
    number: int
    author: str
    line: int
    date_text: str = ""
    lines: list[str] = field(default_factory=list)


def read(source: Source, log: ProblemLog) -> Iterator[Record]:
    """Yield the Post, then the Site (a capture names no author)."""
    data, name = load(source)
    text = _decode(data) or ""
    capture = _Capture(text.splitlines(), name, log)
    yield capture.post()
    yield Site(sources=(name,))


class _Capture:
    def __init__(self, lines: list[str], name: str, log: ProblemLog) -> None:
        self.lines = [line.rstrip() for line in lines]
        self.name = name
        self.log = log
        self.end = self._tail_start()

    def problem(self, code: str, message: str, where: str = "capture") -> None:
        self.log.add(source=self.name, where=where, code=code, message=message)

    def _tail_start(self) -> int:
        """The first line of the page chrome after the post and its comments."""
        for index, line in enumerate(self.lines):
            folded = " ".join(line.replace("\xa0", " ").split()).casefold()
            if folded in boilerplate.TEXT_CAPTURE_TAIL_MARKERS:
                return index
            if folded == boilerplate.TEXT_CAPTURE_FOLLOW[0]:
                following = self._next_text(index + 1)
                if (
                    following is not None
                    and following.casefold() == (boilerplate.TEXT_CAPTURE_FOLLOW[1])
                ):
                    return index
        return len(self.lines)

    def _next_text(self, start: int) -> str | None:
        for line in self.lines[start:]:
            if line.strip():
                return " ".join(line.split())
        return None

    def post(self) -> Post:
        title_at = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if title_at is None or title_at >= self.end:
            raise InputError(
                self.name,
                "the text capture is empty: no title line; a capture starts with the post's "
                "title, then its text",
            )
        title = " ".join(self.lines[title_at].replace("\xa0", " ").split())
        body_start, categories = self._categories(title_at + 1)
        heading_at, replies = self._replies(body_start)
        body_end = (
            heading_at if heading_at is not None else (replies[0].line if replies else self.end)
        )
        meta = list(self._declared(heading_at, len(replies)))
        number = zlib.crc32(title.encode("utf-8")) & 0x7FFFFFFF
        self.problem(
            "post-id-derived",
            f"a text capture has no post id; using {number}, derived from the title",
        )
        self.problem("no-post-date", "a text capture shows no publication date")
        return Post(
            id=number,
            type="post",
            status="publish",
            title=title,
            slug=slugify(title),
            slug_raw=slugify(title),
            content=paragraphs(self.lines[body_start:body_end]),
            terms=tuple(categories),
            meta=tuple(meta),
            comments=tuple(self._comment(reply) for reply in replies),
            source=self.name,
            content_rendered=True,
        )

    def _categories(self, start: int) -> tuple[int, list[TermRef]]:
        """Kubrick's `· Category ·` post meta survives as "·", the names, "·"."""
        index = self._skip_blank(start)
        if index >= self.end or self.lines[index].strip() not in _CATEGORY_BRACKET:
            return start, []
        names: list[str] = []
        for offset in range(index + 1, min(index + 8, self.end)):
            line = self.lines[offset].strip()
            if line in _CATEGORY_BRACKET:
                found = [n.strip() for name in names for n in name.split(",") if n.strip()]
                terms = [TermRef(taxonomy="category", slug=slugify(n), name=n) for n in found]
                return offset + 1, terms
            if line:
                names.append(line)
        return start, []

    def _skip_blank(self, index: int) -> int:
        while index < self.end and not self.lines[index].strip():
            index += 1
        return index

    def _replies(self, start: int) -> tuple[int | None, list[_Reply]]:
        heading_at: int | None = None
        replies: list[_Reply] = []
        for index in range(start, self.end):
            line = self.lines[index]
            if heading_at is None and not replies and _RESPONSES_HEADING.match(line):
                heading_at = index
                continue
            header = _COMMENT_HEADER.match(line)
            numbered = header is not None and header["number"] is not None
            after_heading = heading_at is not None and header is not None
            if header and (numbered or (after_heading and not header["indent"])):
                replies.append(
                    _Reply(
                        number=int(header["number"] or len(replies) + 1),
                        author=header["name"].strip(),
                        line=index,
                        date_text=(header["date"] or "").strip(),
                    )
                )
            elif replies:
                replies[-1].lines.append(line)
        return heading_at, replies

    def _declared(self, heading_at: int | None, shown: int) -> Iterator[Meta]:
        if heading_at is None:
            return
        declared = parse_count(self.lines[heading_at])
        if declared is None:
            return
        yield Meta(key="comment_count_declared", value=str(declared))
        if declared > shown:
            self.problem(
                "comments-missing",
                f"the capture declares {declared} comments but shows {shown}: themes often "
                "leave pingbacks and trackbacks out of the list",
                where=f"line {heading_at + 1}",
            )

    def _comment(self, reply: _Reply) -> Comment:
        lines = textwrap.dedent("\n".join(reply.lines)).split("\n")
        date_text = reply.date_text
        first = self._first_text(lines)
        if not date_text and first is not None and _looks_like_date(lines[first]):
            date_text = lines[first].strip()
            lines = lines[first + 1 :]
        value = _date(date_text) if date_text else None
        stamp = timestamp(value) if value is not None else None
        if date_text and stamp is not None:
            self.problem(
                "comment-offset-assumed",
                "a text capture gives comment dates without a UTC offset; UTC is assumed",
                where=f"line {reply.line + 1}",
            )
        return Comment(
            id=reply.number,
            parent=None,
            type=CommentType.COMMENT,
            type_raw="",
            status=CommentStatus.APPROVED,
            status_raw="1",
            author=reply.author,
            date=stamp if stamp is not None else Timestamp(),
            content=paragraphs(lines),
            meta=(Meta(key="date_shown", value=date_text),) if date_text else (),
        )

    @staticmethod
    def _first_text(lines: list[str]) -> int | None:
        return next((i for i, line in enumerate(lines) if line.strip()), None)


def _looks_like_date(line: str) -> bool:
    line = line.strip()
    return len(line) <= 60 and bool(_YEAR_OR_CLOCK.search(line)) and _date(line) is not None


def _date(text: str) -> datetime | None:
    value = parse_display_date(text)
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def paragraphs(lines: list[str]) -> str:
    """Blank lines separate paragraphs; a single line break inside one is `<br />`."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(html.escape(line.strip(), quote=False))
        elif blocks[-1]:
            blocks.append([])
    return "\n".join(f"<p>{_LINE_BREAK.join(block)}</p>" for block in blocks if block)
