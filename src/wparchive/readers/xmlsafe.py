"""Safe XML parsing options, encoding sniffing, and a repairing stream for broken exports.

The fast path parses the file as it is. When that fails, the reader starts again on a
`RepairingStream`: a read()-able filter that still streams (64 KB at a time) and fixes
what real exports get wrong, recording each repair:

- bytes that are not valid in the declared encoding (Windows-1252 in a "UTF-8" file);
- control characters XML forbids (pasted from Word);
- a bare `&` or an HTML entity such as `&nbsp;` outside CDATA;
- `]]>` inside a CDATA section (importer fixture crazy-cdata.xml) and a stray `<`;
- namespace prefixes used but never declared (WordPress.com writes `atom:link` bare);
- namespace URIs that are not URIs (`xmlns:u="http://ëxämplë.com/"`).
"""

from __future__ import annotations

import codecs
import html.entities
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO
from urllib.parse import quote

CHUNK = 64 * 1024

# Never resolve entities, load a DTD or touch the network; allow big text nodes (a
# 20 MB post is legal) since entity expansion, the thing huge_tree guards, is off.
PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": True,
}

KNOWN_NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "georss": "http://www.georss.org/georss",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "media": "http://search.yahoo.com/mrss/",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "wp": "http://wordpress.org/export/1.2/",
}

Report = Callable[[int, str, str], None]  # (line, code, message)

_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_XML_DECL_ENCODING = re.compile(r"""(^<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)(["'])""")
_SINGLE_BYTE = frozenset({"latin_1", "iso8859_1", "cp1252", "iso8859_15", "ascii"})
_USED_PREFIX = re.compile(rb"</?([A-Za-z_][\w.-]*):[A-Za-z_]")
_DECLARED_PREFIX = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]")
_TEXT_STOP = re.compile(r"<|\]\]>")
# After the root element, the only places a repair can be due: entities, "]]>", namespace
# declarations, and "<" starting CDATA, a comment, a PI, a declaration or nothing valid.
_INTERESTING = re.compile(r"&|\]\]>|xmlns|<(?:!|\?|(?![A-Za-z_/]))")
_ENTITY_OR_AMP = re.compile(r"&(?:(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});)?")
_XMLNS_VALUE = re.compile(r"""(xmlns(?::[\w.-]+)?\s*=\s*)(["'])(.*?)\2""", re.DOTALL)
_WHITESPACE = re.compile(r"[ \t\r\n]*")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"
_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_/!?")


def guess_encoding(head: bytes) -> tuple[str, str]:
    """The codec to read the file with, and a sentence when it differs from the declaration."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", ""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", ""
    match = _DECLARED_ENCODING.match(head)
    declared = match.group(1).decode("ascii") if match else "utf-8"
    try:
        codec = codecs.lookup(declared).name.replace("-", "_")
    except LookupError:
        return "utf-8", f"declared encoding {declared!r} is unknown; read as UTF-8"
    if not ascii_compatible(declared):
        return "utf-8", f"declared encoding {declared!r} cannot be an export's; read as UTF-8"
    if codec in _SINGLE_BYTE and not head.isascii() and _is_utf8(head):
        return "utf-8", f"declared encoding {declared!r} but the bytes are UTF-8; read as UTF-8"
    return declared, ""


# Markup every export starts with, in the ASCII bytes the declaration itself was read in.
_PROBE = "<?xml version=\"1.0\"?>\n<rss a='b'>+-&amp;\\u0041</rss>"


def ascii_compatible(name: str) -> bool:
    """True for a text codec that reads ASCII markup as ASCII. The fuzzer declared
    "UTF-7" (its shift sequences raised mid-stream), "base64", "rot13", "idna", and
    "utf-16" without a byte order mark: Python knows them all, none can be an export's."""
    try:
        if not getattr(codecs.lookup(name), "_is_text_encoding", True):
            return False
        data = _PROBE.encode("ascii")
        # RepairingStream decodes incrementally with surrogateescape; idna refuses that.
        decoder = codecs.getincrementaldecoder(name)(errors="surrogateescape")
        return _PROBE.encode(name) == data and decoder.decode(data, final=True) == _PROBE
    except (LookupError, ValueError, TypeError):  # UnicodeError is a ValueError
        return False


def _is_utf8(head: bytes) -> bool:
    # The head may end inside a multi-byte character: ignore up to 3 trailing bytes.
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return False


def undeclared_prefixes(head: bytes) -> set[str]:
    """Prefixes the head uses on elements but never declares anywhere in it."""
    used = {m.group(1).decode("ascii") for m in _USED_PREFIX.finditer(head)}
    declared = {m.group(1).decode("ascii") for m in _DECLARED_PREFIX.finditer(head)}
    return used - declared - {"xml", "xmlns"}


class RepairingStream:
    """A file-like object whose read() gives the repaired document as UTF-8 bytes."""

    def __init__(
        self,
        raw: BinaryIO,
        *,
        encoding: str,
        prefixes: dict[str, str],
        report: Report,
        first_line: int = 1,
    ) -> None:
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
        self._prefixes = prefixes
        self._report = report
        self._pending = ""  # decoded text held back until the next chunk completes it
        # Line number at the start of _pending; a stream resumed mid-file starts at its line.
        self._line = first_line
        self._line_cache: tuple[str, int, int] = ("", 0, 1)  # (chunk, position, its line)
        self._in_cdata = False
        self._seen_root = False
        self._first = True
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done:
            raw = self._raw.read(CHUNK)
            final = not raw
            text = self._decoder.decode(raw, final=final)
            if self._first:
                text = self._fix_declaration(text)
            if final:
                self._done = True
            out = self._process(self._pending + text, final)
            if out:
                return out.encode("utf-8")
        return b""

    def _fix_declaration(self, text: str) -> str:
        if not text:
            return text
        self._first = False
        return _XML_DECL_ENCODING.sub(r"\1UTF-8\3", text.lstrip("\ufeff"), count=1)

    def _process(self, text: str, final: bool) -> str:
        text = self._clean_characters(text)
        out, rest = self._repair(text, final)
        self._line += text.count("\n", 0, len(text) - len(rest))
        self._pending = rest
        return out

    def _clean_characters(self, text: str) -> str:
        # isascii() is a flag check: most chunks of a 100 MB text node skip a whole scan.
        if not text.isascii() and _ESCAPED_BYTES.search(text):
            line = self._line_at(text, _ESCAPED_BYTES.search(text))
            self._report(
                line, "bad-encoding", "bytes invalid in the declared encoding read as Windows-1252"
            )
            text = _ESCAPED_BYTES.sub(_cp1252, text)
        found = _INVALID_CHARS.search(text)
        if found:
            line = self._line_at(text, found)
            self._report(line, "control-chars", "control characters XML forbids were removed")
            text = _INVALID_CHARS.sub("", text)
        return text

    def _line_at(self, text: str, match: re.Match[str] | None) -> int:
        return self._line + (text.count("\n", 0, match.start()) if match else 0)

    def _repair(self, text: str, final: bool) -> tuple[str, str]:
        """Repair complete tokens; return (output, text held back for the next chunk)."""
        out: list[str] = []
        pos, size = 0, len(text)
        while pos < size:
            step = self._cdata(text, pos, final, out) if self._in_cdata else None
            if step is None and not self._in_cdata:
                step = self._markup(text, pos, final, out)
            if step is None:
                return "".join(out), text[pos:]
            pos = step
        return "".join(out), ""

    def _cdata(self, text: str, pos: int, final: bool, out: list[str]) -> int | None:
        end = text.find("]]>", pos)
        if end < 0:
            cut = len(text) if final else max(pos, len(text) - 2)
            out.append(text[pos:cut])
            return cut if cut > pos else (None if not final else len(text))
        after = end + 3
        look = _WHITESPACE.match(text, after).end()  # type: ignore[union-attr]
        if look == len(text) and not final:
            out.append(text[pos:end])
            return None if end == pos else end
        if look == len(text) or text[look] == "<":
            out.append(text[pos:after])
            self._in_cdata = False
            return after
        # "]]>" followed by more text: it belongs to the content (crazy-cdata.xml).
        message = "']]>' inside a CDATA section was kept as text"
        self._report(self._line_of(text, end), "cdata-nested", message)
        out.append(text[pos:end] + "]]]]><![CDATA[>")
        return after

    def _markup(self, text: str, pos: int, final: bool, out: list[str]) -> int | None:
        """Outside CDATA: pass plain runs through in bulk, stop only where a repair may be due."""
        if not self._seen_root:
            return self._markup_tag_by_tag(text, pos, final, out)
        found = _INTERESTING.search(text, pos)
        if found is None:
            cut = len(text) if final else _bulk_cut(text, pos)
            out.append(text[pos:cut])
            return cut if cut > pos else None
        start = found.start()
        out.append(text[pos:start])
        step = self._token(found.group(), text, start, final, out)
        # A token held back starts at `start`: the text before it is already out.
        return step if step is not None or start == pos else start

    def _token(self, token: str, text: str, start: int, final: bool, out: list[str]) -> int | None:
        if token == "&":
            entity = _ENTITY_OR_AMP.match(text, start)
            assert entity is not None  # the pattern matches any "&"
            near_end = len(text) - start < 40 and ";" not in text[start:]
            if entity.group(1) is None and near_end and not final:
                return None  # may be an entity the next chunk completes
            out.append(self._entity(entity, self._line_of(text, start)))
            return entity.end()
        if token == "]]>":
            self._report(self._line_of(text, start), "stray-cdata-end", "stray ']]>' escaped")
            out.append("]]&gt;")
            return start + 3
        if token == "xmlns":
            end = text.find(">", start)
            if end < 0:
                return self._incomplete(text, start, final, out)
            out.append(self._fix_tag(text[start : end + 1], self._line_of(text, start)))
            return end + 1
        return self._tag(text, start, final, out)

    def _markup_tag_by_tag(self, text: str, pos: int, final: bool, out: list[str]) -> int | None:
        """Before the root element: every tag is looked at, to find the root."""
        stop = _TEXT_STOP.search(text, pos)
        if stop is None:
            cut = len(text) if final else _safe_cut(text, pos)
            out.append(self._entities(text, pos, cut))
            return cut if cut > pos else None
        start = stop.start()
        out.append(self._entities(text, pos, start))
        if stop.group() == "]]>":
            return self._token("]]>", text, start, final, out)
        step = self._tag(text, start, final, out)
        return step if step is not None or start == pos else start

    def _tag(self, text: str, start: int, final: bool, out: list[str]) -> int | None:
        if text.startswith("<![CDATA[", start):
            out.append("<![CDATA[")
            self._in_cdata = True
            return start + 9
        for opener, closer in (("<!--", "-->"), ("<?", "?>"), ("<!", ">")):
            if text.startswith(opener, start):
                end = text.find(closer, start + len(opener))
                if end < 0:
                    return self._incomplete(text, start, final, out)
                out.append(text[start : end + len(closer)])
                return end + len(closer)
        if len(text) - start < 10 and not final and "<![CDATA[".startswith(text[start:]):
            return None
        nxt = text[start + 1 : start + 2]
        if nxt and nxt not in _NAME_START:
            self._report(self._line_of(text, start), "stray-lt", "a stray '<' was escaped")
            out.append("&lt;")
            return start + 1
        end = text.find(">", start)
        if end < 0:
            return self._incomplete(text, start, final, out)
        out.append(self._fix_tag(text[start : end + 1], self._line_of(text, start)))
        return end + 1

    def _incomplete(self, text: str, start: int, final: bool, out: list[str]) -> int | None:
        if not final:
            return None
        out.append(text[start:])  # truncated file: let the parser report it
        return len(text)

    def _fix_tag(self, tag: str, line: int) -> str:
        if "&" in tag:
            tag = self._entities(tag, 0, len(tag), line)
        if "xmlns" in tag:
            tag = _XMLNS_VALUE.sub(lambda m: self._fix_uri(m, line), tag)
        if not self._seen_root and not tag.startswith("</"):
            self._seen_root = True
            tag = self._declare_prefixes(tag, line)
        return tag

    def _fix_uri(self, match: re.Match[str], line: int) -> str:
        uri = match.group(3)
        if uri.isascii() and " " not in uri:
            return match.group(0)
        fixed = quote(uri, safe=_URI_SAFE)
        self._report(line, "bad-namespace-uri", f"namespace URI {uri!r} percent-encoded")
        return f"{match.group(1)}{match.group(2)}{fixed}{match.group(2)}"

    def _declare_prefixes(self, tag: str, line: int) -> str:
        missing = [p for p in sorted(self._prefixes) if f"xmlns:{p}" not in tag]
        if not missing:
            return tag
        for prefix in missing:
            self._report(line, "undeclared-prefix", f"namespace prefix {prefix!r} was not declared")
        declarations = "".join(f' xmlns:{p}="{self._prefixes[p]}"' for p in missing)
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        return tag[:end] + declarations + tag[end:]

    def _entities(self, text: str, start: int, end: int, line: int | None = None) -> str:
        segment = text[start:end]
        if "&" not in segment:
            return segment
        where = line if line is not None else self._line_of(text, start)
        return _ENTITY_OR_AMP.sub(lambda m: self._entity(m, where), segment)

    def _entity(self, match: re.Match[str], line: int) -> str:
        name = match.group(1)
        if name is None:
            self._report(line, "bare-ampersand", "a bare '&' was escaped")
            return "&amp;"
        if name.startswith("#"):
            code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
            if _valid_char(code):
                return match.group(0)
            self._report(line, "control-chars", f"character reference &{name}; removed")
            return ""
        if name in _XML_ENTITIES:
            return match.group(0)
        value = html.entities.html5.get(name + ";")
        if value is None:
            self._report(line, "unknown-entity", f"unknown entity &{name}; kept as text")
            return "&amp;" + name + ";"
        self._report(line, "html-entity", f"HTML entity &{name}; replaced by its character")
        return "".join(f"&#{ord(char)};" for char in value)

    def _line_of(self, text: str, pos: int) -> int:
        # Counted on from the last repair in the same chunk: counting from the chunk's
        # start made 200,000 bare '&' in one post take 20 s.
        last_text, last_pos, last_line = self._line_cache
        if text is not last_text or pos < last_pos:
            last_pos, last_line = 0, self._line
        line = last_line + text.count("\n", last_pos, pos)
        self._line_cache = (text, pos, line)
        return line


_ITEM_OR_SECTION = re.compile(rb"<item[\s>/]|<!\[CDATA\[|<!--")
_CLOSERS = {b"<![CDATA[": b"]]>", b"<!--": b"-->"}
_RSS_TAG = re.compile(rb"<rss[\s>][^>]*>")
_CHANNEL_TAG = re.compile(rb"<channel[\s>]")
_POST_ID = re.compile(rb"<wp:post_id>\s*(\d{1,20})\s*</wp:post_id>")
_TITLE = re.compile(rb"<title>(?:<!\[CDATA\[)?([^<\]]{0,200})")
_TOKEN_TAIL = 11  # longer than any token _ITEM_OR_SECTION matches


def item_starts(raw: BinaryIO, *, offset: int, line: int) -> Iterator[tuple[int, int]]:
    """(byte offset, line) of each `<item>` start tag in the raw bytes, read from `offset`
    (already at `line`) on, outside CDATA sections and comments: where reading can resume
    after a break. Streams, and holds back only a token split between two chunks."""
    buffer, base, counted, closer = b"", offset, 0, b""
    while True:
        chunk = raw.read(CHUNK)
        buffer += chunk
        pos = 0
        while True:
            if closer:
                end = buffer.find(closer, pos)
                if end < 0:
                    break
                pos, closer = end + len(closer), b""
                continue
            found = _ITEM_OR_SECTION.search(buffer, pos)
            if found is None:
                break
            pos = found.end()
            closer = _CLOSERS.get(found.group(), b"")
            if not closer:
                line += buffer.count(b"\n", counted, found.start())
                counted = found.start()
                yield base + found.start(), line
        if not chunk:
            return
        cut = max(pos, len(buffer) - (2 if closer else _TOKEN_TAIL), counted)
        line += buffer.count(b"\n", counted, cut)
        buffer, base, counted = buffer[cut:], base + cut, 0


def item_label(raw: BinaryIO, *, size: int) -> str:
    """'item 42 ("Title")' from the next `size` raw bytes of an item, as far as they tell."""
    post_id = title = None
    tail = b""
    while size > 0 and (post_id is None or title is None):
        chunk = tail + raw.read(min(CHUNK, size))
        if len(chunk) == len(tail):
            break
        size -= len(chunk) - len(tail)
        post_id = post_id or _POST_ID.search(chunk)
        title = title or _TITLE.search(chunk)
        tail = chunk[-256:]
    label = f"item {post_id.group(1).decode()}" if post_id else "an item"
    if title and title.group(1).strip():
        label += f' ("{title.group(1).strip().decode("utf-8", errors="replace")}")'
    return label


def skip_bytes(raw: BinaryIO, count: int) -> None:
    """Move a stream `count` bytes on: by seeking when it can, else by reading."""
    seekable = getattr(raw, "seekable", None)  # wrappers such as progress's may lack it
    if seekable is not None and seekable():
        raw.seek(count, 1)
        return
    while count > 0:
        got = raw.read(min(CHUNK, count))
        if not got:
            return
        count -= len(got)


def resume_wrapper(head: bytes, prefixes: dict[str, str]) -> bytes | None:
    """The file's own `<rss>` start tag on one line, and `<channel>`: what a part of the file
    cut out at an `<item>` is parsed inside, so its prefixes mean what they meant. None when
    the head has no channel: there is nothing to resume inside."""
    rss = _RSS_TAG.search(head)
    if rss is None or _CHANNEL_TAG.search(head, rss.end()) is None:
        return None
    # One line, so a line in the resumed part is its line in the file plus a constant.
    tag = re.sub(rb"[\r\n]", b" ", rss.group())
    # Declared here, the prefixes the file forgot are not reported again for every part.
    missing = "".join(f' xmlns:{p}="{uri}"' for p, uri in sorted(prefixes.items()))
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:end] + missing.encode("ascii", errors="replace") + b"><channel>"


class SplicedStream:
    """read() gives `first`, then what `rest` holds: a wrapper, then the file from a point."""

    def __init__(self, first: bytes, rest: BinaryIO) -> None:
        self._first = first
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._first:
            data, self._first = self._first, b""
            return data
        return self._rest.read(size)


def _bulk_cut(text: str, pos: int) -> int:
    """Like _safe_cut, and also hold back a tag the chunk ends inside (its xmlns may follow)."""
    cut = _safe_cut(text, pos)
    opening = text.rfind("<", pos, cut)
    if opening >= 0 and text.find(">", opening, cut) < 0:
        cut = opening
    return cut


def _safe_cut(text: str, pos: int) -> int:
    """Where to stop in plain text so an entity or ']]>' split by the chunk is held back."""
    cut = len(text)
    amp = text.rfind("&", max(pos, cut - 40))
    if amp >= 0 and ";" not in text[amp:]:
        cut = amp
    while cut > pos and text[cut - 1] == "]":
        cut -= 1
    return cut


def _valid_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or (0x10000 <= code <= 0x10FFFF)
    )


def _cp1252(match: re.Match[str]) -> str:
    byte = bytes([ord(match.group()) - 0xDC00])
    return byte.decode("cp1252", errors="replace")
