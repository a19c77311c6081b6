"""Finishing inline Markdown: whitespace, escaping and emphasis that really parses.

Converters build inline content as a "marked" string: plain text stays unescaped and
every piece of Markdown syntax is wrapped in private-use sentinels. Only when a whole
paragraph (or heading, or table cell) is known can text be escaped the way mdformat
would (its rules look at neighbouring characters within one text run) and can each
emphasis delimiter be checked against CommonMark's flanking rules: `word<em>(x)</em>`
cannot be `word*(x)*`, so such a pair falls back to `<em>…</em>`.
"""

from __future__ import annotations

import html
import itertools
import re

from wparchive.content.autolink import maybe_has_autolink, split_autolinks
from wparchive.content.escape import (
    UNICODE_WHITESPACE,
    escape_text,
    is_punctuation,
    needs_escape,
)

SYNTAX_START = "\ue000"  # literal Markdown syntax follows, up to SYNTAX_END
SYNTAX_END = "\ue001"
HARD_BREAK = "\ue002"
OPEN_DELIM = "\ue003"  # an emphasis delimiter ("*", "**" or "~~") up to SYNTAX_END
CLOSE_DELIM = "\ue004"
BLOCK_REF = "\ue005"  # a block found inside inline content: its index, up to SYNTAX_END
SENTINELS = re.compile("[\ue000-\ue005]")

# A piece is a hard break, or a lead sentinel up to SYNTAX_END. Written with one
# character class first (the break ends at once, by the look-behind), so that sre can
# skip text with a class scan instead of trying a match at every character; the class
# is one range, SYNTAX_END ruled out by a look-behind once it matched, as sre tests a
# single range faster than a character and a range at each character of text.
_PIECES = re.compile("([\ue000-\ue005](?<!\ue001)(?:(?<=\ue002)|[^\ue001]*\ue001))")
# Whitespace runs other than a lone space (a lone space needs no replacing: faster).
_HTML_SPACE = re.compile(r" [ \t\n\r\x0c]+|[\t\n\r\x0c][ \t\n\r\x0c]*")
_HTML_TAG_FOR = {"*": "em", "**": "strong", "~~": "del"}


# The two tests below run on every text node and paragraph. A regex scan costs about
# 30 ns a character in CPython's sre, while `in` is a memchr-speed scan (and instant
# when the string's storage is too narrow to hold the character), so a few `in` tests
# that rule the regex out are ten times cheaper than running it.


def has_sentinel(text: str) -> bool:
    """Whether `SENTINELS` would find anything in text."""
    return (
        SYNTAX_END in text
        or HARD_BREAK in text
        or SYNTAX_START in text
        or OPEN_DELIM in text
        or CLOSE_DELIM in text
        or BLOCK_REF in text
    )


def has_html_space_run(text: str) -> bool:
    """Whether collapse_html_space changes text: lone spaces are all it keeps as they are."""
    return "  " in text or "\n" in text or "\t" in text or "\r" in text or "\x0c" in text


def collapse_html_space(text: str) -> str:
    """Each run of HTML whitespace as one space (what `_HTML_SPACE.sub(" ", text)` gives).

    str.replace finds a character at memchr speed where sre tests its class at every
    character: each other HTML space becomes a space, then runs of spaces are halved
    until none is left (a run of n spaces takes log2(n) passes).
    """
    if not has_html_space_run(text):
        return text  # only lone spaces: nothing to replace
    for space in "\t\n\r\x0c":
        if space in text:
            text = text.replace(space, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def syntax(markdown: str) -> str:
    return SYNTAX_START + markdown + SYNTAX_END


def delimited(marker: str, inner: str) -> str:
    return OPEN_DELIM + marker + SYNTAX_END + inner + CLOSE_DELIM + marker + SYNTAX_END


def block_ref(index: int) -> str:
    return BLOCK_REF + str(index) + SYNTAX_END


class Piece:
    """One piece of a paragraph: text, syntax, a hard break, a delimiter or a block."""

    __slots__ = ("html", "kind", "pair", "value")

    def __init__(self, kind: str, value: str) -> None:
        self.kind = kind  # "text", "syntax", "br", "open", "close", "block"
        self.value = value
        self.pair: Piece | None = None
        self.html = False  # a delimiter that has to be written as an HTML tag

    def render(self) -> str:
        # `html` is only ever set on delimiters: test it first, it is false for most pieces
        if self.html and self.kind in ("open", "close"):
            tag = _HTML_TAG_FOR[self.value]
            return f"<{tag}>" if self.kind == "open" else f"</{tag}>"
        return self.value


def split_pieces(parts: list[str]) -> list[Piece]:
    """Pieces of a marked string split by `_PIECES`, whose block refs are left out.

    The split alternates text (maybe empty) and pieces; leaving a block ref out can put two
    text runs next to each other, which finish() joins.
    """
    pieces: list[Piece] = []
    for index, part in enumerate(parts):
        if not index % 2:
            if part:
                pieces.append(Piece("text", part))
        elif part == HARD_BREAK:
            pieces.append(Piece("br", ""))
        else:
            kind = _KIND_OF_LEAD[part[0]]
            if kind != "block":
                pieces.append(Piece(kind, part[1:-1]))
    return pieces


_KIND_OF_LEAD = {
    SYNTAX_START: "syntax",
    OPEN_DELIM: "open",
    CLOSE_DELIM: "close",
    BLOCK_REF: "block",
}


def finish_plain(text: str) -> str:
    """`finish` for a run of plain text without any syntax: the common case, faster."""
    text = collapse_html_space(text).strip()
    if not text:
        return ""
    if not maybe_has_autolink(text):
        return escape_text(text)  # what the line below gives, without its two calls
    return _escape_around_autolinks(split_autolinks(text, ""), "")


def finish_marked(marked: str, *, hard_break: str = "\\\n") -> str:
    """`finish` for marked text, split here (block refs in it are dropped).

    Most paragraphs take a shorter road that builds no `Piece`: without an autolink to
    keep whole, and with emphasis pairs (if any) that need no tidying, each text run only
    needs its whitespace settled and its characters escaped, and each delimiter a look
    at its two neighbours.
    """
    parts = _PIECES.split(marked)
    texts = "".join(parts[::2])
    if BLOCK_REF not in marked and not maybe_has_autolink(texts):
        # Most paragraphs hold no whitespace to collapse and no character to escape:
        # looked for once in all their text, their text runs can skip both steps.
        collapse, escape = has_html_space_run(texts), needs_escape(texts)
        if OPEN_DELIM not in marked and CLOSE_DELIM not in marked:
            return _finish_undelimited(parts, hard_break, collapse=collapse, escape=escape)
        finished = _finish_plain_pairs(parts, hard_break, collapse=collapse, escape=escape)
        if finished is not None:
            return finished
    return finish(split_pieces(parts), hard_break=hard_break)


def _finish_undelimited(
    parts: list[str], hard_break: str, *, collapse: bool = True, escape: bool = True
) -> str:
    """What `finish` gives for split parts (text, piece, text, …, text) without
    delimiters or autolinks: the passes of `finish` below, for that case only.

    `collapse=False` or `escape=False` says that no text run has whitespace to collapse
    or characters to escape (those steps would give it back unchanged).
    """
    # Text runs never touch (a piece stands between two), so a run's edges are line
    # edges exactly when a break or the paragraph's end is next to it.
    last = len(parts) - 1
    kept: list[str] = []  # texts, and pieces with their sentinels: a break is one char
    for index in range(0, last + 1, 2):
        text = parts[index]
        if text:
            if collapse:
                text = collapse_html_space(text)
            if index == 0 or parts[index - 1] == HARD_BREAK:
                text = text.lstrip()
            if index == last or parts[index + 1] == HARD_BREAK:
                text = text.rstrip()
            if text:
                kept.append(escape_text(text) if escape else text)
        if index < last:
            kept.append(parts[index + 1])
    _trim_break_parts(kept)
    rendered = _render_parts(kept, hard_break)
    assert rendered is not None  # only a delimiter can make it give up
    return rendered


def _finish_plain_pairs(
    parts: list[str], hard_break: str, *, collapse: bool = True, escape: bool = True
) -> str | None:
    """What `finish` gives for split parts without autolinks whose emphasis pairs are
    plain, or None when they are not and `finish` has to settle them (`collapse` and
    `escape` as for `_finish_undelimited`).

    Plain pairs nest in order (`*a **b** c*`), and once whitespace is settled each
    delimiter has a character on either side that makes it an opener (or a closer)
    only: then `finish` keeps every pair as Markdown, which is what nearly all real
    emphasis gives. Delimiters that touch (`<b><i>`, `</b><b>`, `<b> </b>`) are left to
    `finish`, which may join or drop pairs.
    """
    if not _pairs_in_order(parts):
        return None
    texts = _settled_texts(parts, collapse=collapse)
    last = len(texts) - 1
    kept: list[str] = []
    for index, text in enumerate(texts):
        if text:
            kept.append(escape_text(text) if escape else text)
        if index < last:
            kept.append(parts[2 * index + 1])
    _trim_break_parts(kept)
    return _render_parts(kept, hard_break)


_DELIMITER_LEADS = (OPEN_DELIM, CLOSE_DELIM)


def _pairs_in_order(parts: list[str]) -> bool:
    """Does `_pair_delimiters` pair every delimiter of these split parts?"""
    stack: list[str] = []
    for index in range(1, len(parts), 2):
        part = parts[index]
        lead = part[0]
        if lead == OPEN_DELIM:
            stack.append(part[1:])
        elif lead == CLOSE_DELIM and (not stack or stack.pop() != part[1:]):
            return False
    return not stack


def _settled_texts(parts: list[str], *, collapse: bool = True) -> list[str]:
    """The text runs of split parts as `_collapse_whitespace` and `_strip_line_edges`
    leave them, in one pass. Emphasis delimiters do not end a run of text as syntax
    and breaks do: a text after a delimiter loses its leading space when the text
    before the delimiter ends with one."""
    texts = parts[::2]
    last_index = len(texts) - 1
    collapse_start = line_start = True  # the two passes' notions of a line's start
    after_space = False  # the last text since a break or syntax ends with a space
    tail: list[int] = []  # texts since the last break or syntax, to strip at a line end
    for index, text in enumerate(texts):
        if text:
            if collapse:
                text = collapse_html_space(text)
            if collapse_start or after_space:
                text = text.lstrip(" ")
            if text:
                collapse_start = False
                after_space = text[-1] == " "
                if line_start:
                    text = text.lstrip()  # mdformat strips Unicode spaces too (U+3000 …)
                    line_start = not text
                tail.append(index)
            texts[index] = text
        if index < last_index:
            lead = parts[2 * index + 1][0]
            if lead == HARD_BREAK:
                _rstrip_text_tail(texts, tail)
                collapse_start = line_start = True
                after_space = False
            elif lead == SYNTAX_START:
                tail.clear()
                collapse_start = line_start = after_space = False
    _rstrip_text_tail(texts, tail)
    return texts


def _rstrip_text_tail(texts: list[str], tail: list[int]) -> None:
    while tail:
        index = tail.pop()
        texts[index] = texts[index].rstrip()
        if texts[index]:
            break
    tail.clear()


def _render_parts(kept: list[str], hard_break: str) -> str | None:
    """The Markdown of kept parts (escaped texts and pieces with their sentinels), as
    `finish` writes them; None if a delimiter would not read as emphasis there."""
    out: list[str] = []
    previous = ""
    for index, part in enumerate(kept):
        lead = part[0]
        if lead == HARD_BREAK:
            out.append(hard_break)
        elif lead == SYNTAX_START:
            if part[1] == "`" and previous.endswith(_CODE_SPAN_END):
                part = _code_part_as_html(part)  # as `_separate_code_spans` does
            out.append(part[1:-1])
        elif lead in _DELIMITER_LEADS:
            following = kept[index + 1] if index + 1 < len(kept) else ""
            if not _reads_as_emphasis(part, previous, following):
                return None
            out.append(part[1:-1])
        elif part[-1] == "!" and kept[index + 1 : index + 2] == [_LINK_OPEN]:
            out.append(part[:-1] + "\\!")  # `!` before `[x](y)` would make an image
        else:
            out.append(part)
        previous = part
    return "".join(out)


def _reads_as_emphasis(delimiter: str, previous: str, following: str) -> bool:
    """Would `_check_flanking` keep this delimiter as Markdown, whatever its pair?

    True only when the neighbouring characters make it an opener only (or a closer
    only): one that could do both is left to `finish`, which looks at nesting.
    """
    before = _edge_char(previous, -2)
    after = _edge_char(following, 1)
    if before is None or after is None:
        return False
    marker = delimiter[1:-1]
    if marker == "~~" and "~" in (before, after):
        return False
    if delimiter[0] == CLOSE_DELIM:
        before, after = after, before
    return _left_flanking(before, after) and not _left_flanking(after, before)


def _edge_char(part: str, at: int) -> str | None:
    """The character of a neighbouring part that touches a delimiter ("" for a break
    or the paragraph's edge); None for one `_neighbours` would look past."""
    if not part or part == HARD_BREAK:
        return ""
    lead = part[0]
    if lead == SYNTAX_START:
        return part[at] if len(part) > 2 else None
    if lead in _DELIMITER_LEADS:
        return None
    return part[-1] if at < 0 else part[0]


_LINK_OPEN = SYNTAX_START + "[" + SYNTAX_END
_CODE_SPAN_END = "`" + SYNTAX_END


def _trim_break_parts(kept: list[str]) -> None:
    """`_trim_breaks` on parts."""
    while kept and kept[-1] == HARD_BREAK:
        kept.pop()
    start = 0
    while start < len(kept) and kept[start] == HARD_BREAK:
        start += 1
    del kept[:start]


def _code_part_as_html(part: str) -> str:
    """`_code_as_html` on a syntax part, sentinels included."""
    piece = Piece("syntax", part[1:-1])
    _code_as_html(piece)
    return SYNTAX_START + piece.value + SYNTAX_END


def finish(pieces: list[Piece], *, hard_break: str = "\\\n") -> str:
    """Render pieces of one paragraph (no block refs left) to Markdown."""
    # Most paragraphs have no emphasis, no breaks or no syntax at all: the passes
    # that only concern those kinds are skipped (the conversion's hottest loop).
    kinds = {piece.kind for piece in pieces}
    if kinds <= _TEXT_ONLY:
        return finish_plain("".join(piece.value for piece in pieces))
    delimited = "open" in kinds or "close" in kinds
    if delimited:  # an unmatched "close" has to go too
        pieces = _pair_delimiters(pieces)
        delimited = any(piece.kind == "open" for piece in pieces)
    _collapse_whitespace(pieces)
    pieces = _tidy(pieces, delimited=delimited)
    if "br" in kinds:
        pieces = _trim_breaks(pieces)
    if not pieces:
        return ""
    if "syntax" in kinds:
        _separate_code_spans(pieces)
    if delimited:
        _escape_with_delimiters(pieces)
    else:
        _escape_texts(pieces)
    if "syntax" in kinds:
        _escape_bang_before_links(pieces)
    return "".join(
        [
            hard_break if piece.kind == "br" else piece.render() if piece.html else piece.value
            for piece in pieces
        ]
    )


_TEXT_ONLY = frozenset(["text"])


def _escape_with_delimiters(pieces: list[Piece]) -> None:
    raw = [piece.value for piece in pieces]
    for attempt in range(3):
        html_before = [piece.html for piece in pieces]
        _escape_texts(pieces)
        _check_flanking(pieces)
        if attempt == 2 or html_before == [piece.html for piece in pieces]:
            return
        # a delimiter became an HTML tag: autolinks depend on the character before them
        for piece, value in zip(pieces, raw, strict=True):
            piece.value = value


def _collapse_whitespace(pieces: list[Piece]) -> None:
    """HTML whitespace rules: runs become one space; none at line starts and ends."""
    at_line_start = True
    last_text: Piece | None = None
    for piece in pieces:
        if piece.kind == "text":
            value = collapse_html_space(piece.value)
            if at_line_start or (last_text is not None and last_text.value.endswith(" ")):
                value = value.lstrip(" ")
            piece.value = value
            if value:
                at_line_start = False
                last_text = piece
        elif piece.kind == "br":
            if last_text is not None:
                last_text.value = last_text.value.rstrip(" ")
            at_line_start = True
            last_text = None
        elif piece.kind == "syntax":
            at_line_start = False
            last_text = None
    if last_text is not None:
        last_text.value = last_text.value.rstrip(" ")
    _strip_line_edges(pieces)


def _strip_line_edges(pieces: list[Piece]) -> None:
    # mdformat strips every line with str.strip(), which also takes U+2003, U+3000…
    line_start = True
    tail: list[Piece] = []  # text pieces since the last syntax or break
    for piece in pieces:
        if piece.kind == "br":
            _rstrip_tail(tail)
            line_start = True
        elif piece.kind == "text":
            if line_start:
                piece.value = piece.value.lstrip()
                line_start = not piece.value
            tail.append(piece)
        elif piece.kind == "syntax":
            tail.clear()
            line_start = False
    _rstrip_tail(tail)


def _rstrip_tail(tail: list[Piece]) -> None:
    while tail:
        piece = tail.pop()
        piece.value = piece.value.rstrip()
        if piece.value:
            break
    tail.clear()


def _trim_breaks(pieces: list[Piece]) -> list[Piece]:
    """A hard break cannot start or end a paragraph (`a\\` would show a backslash)."""
    start, end = 0, len(pieces)
    while start < end and pieces[start].kind == "br":
        start += 1
    while end > start and pieces[end - 1].kind == "br":
        end -= 1
    return pieces[start:end]


def _pair_delimiters(pieces: list[Piece]) -> list[Piece]:
    """Match open/close delimiters; drop unmatched, empty and back-to-back pairs."""
    stack: list[Piece] = []
    for piece in pieces:
        if piece.kind == "open":
            stack.append(piece)
        elif piece.kind == "close" and stack and stack[-1].value == piece.value:
            opener = stack.pop()
            opener.pair, piece.pair = piece, opener
    kept = [p for p in pieces if p.kind not in ("open", "close") or p.pair is not None]
    return _tidy(kept)


def _tidy(pieces: list[Piece], *, delimited: bool = True) -> list[Piece]:
    """No empty text, no empty or back-to-back pairs, and one piece per text run.

    Runs must be whole: `<b><div>a</div>a</b>_x_` leaves "a" and "_x_" side by side,
    and mdformat escapes "a_x_" as one run ("a_x\\_"). `delimited=False` says there
    are no pairs to look at. One pass: joining text runs as they come cannot change
    which delimiters end up side by side.
    """
    tidy: list[Piece] = []
    for piece in pieces:
        kind = piece.kind
        if kind == "text":
            if not piece.value:
                continue
            if tidy and tidy[-1].kind == "text":
                tidy[-1].value += piece.value
                continue
        # Only a delimiter right after another can empty or join a pair: most
        # delimiters follow text, and need no look.
        if delimited and (kind == "close" or kind == "open") and tidy and tidy[-1].kind in _DELIMS:
            tidy.append(piece)
            _drop_empty_and_joined(tidy)
        else:
            tidy.append(piece)
    return tidy


_DELIMS = frozenset(["open", "close"])


def _drop_empty_and_joined(tidy: list[Piece]) -> None:
    """Drop the pair that the delimiter just added to `tidy` leaves empty or joined."""
    while len(tidy) >= 2:
        first, second = tidy[-2], tidy[-1]
        empty = first.kind == "open" and first.pair is second
        # `<b>a</b><b>b</b>` would give `**a****b**`: join into one pair.
        joined = (
            first.kind == "close"
            and second.kind == "open"
            and first.value == second.value
            and first.pair is not None
            and second.pair is not None
        )
        if not (empty or joined):
            break
        if joined and first.pair is not None and second.pair is not None:
            first.pair.pair, second.pair.pair = second.pair, first.pair
        del tidy[-2:]


def _escape_texts(pieces: list[Piece]) -> None:
    """Escape each text run; autolinks (outside link text) stay as written."""
    link_depth = 0
    for index, piece in enumerate(pieces):
        kind = piece.kind
        if kind == "text":
            if link_depth or not maybe_has_autolink(piece.value):
                piece.value = escape_text(piece.value)
            else:
                before = _last_char_before(pieces, index)
                parts = split_autolinks(piece.value, before)
                piece.value = _escape_around_autolinks(parts, before)
                if _autolink_runs_to_end(parts):
                    _stop_autolink(pieces, index + 1)
        elif kind == "syntax":
            if piece.value in ("[", "!["):
                link_depth += 1
            elif piece.value.startswith("](") and link_depth:
                link_depth -= 1


def _last_char_before(pieces: list[Piece], index: int) -> str:
    """The last character written before pieces[index] on its line ("" at a line start).

    Looked up only for a text that may hold an autolink (whether one starts there
    depends on it): most paragraphs have none, and need no look.
    """
    for position in range(index - 1, -1, -1):
        piece = pieces[position]
        if piece.kind == "br":
            return ""
        rendered = piece.render() if piece.html else piece.value
        if rendered:
            return rendered[-1]
    return ""


def _escape_around_autolinks(parts: list[tuple[bool, str]], before: str) -> str:
    """Text runs escaped; autolinks escaped too when they still parse the same.

    A GFM parser keeps an autolink as written, so its escapes are only for plain
    CommonMark readers (`http://x.org/*a*` must not turn into emphasis there). If the
    escapes would move where the autolink ends, it is written as it came.
    """
    if len(parts) == 1 and not parts[0][0]:
        return escape_text(parts[0][1])
    escaped = [escape_text(part) for _, part in parts]
    links = [text for (is_link, _), text in zip(parts, escaped, strict=True) if is_link]
    found = [part for is_link, part in split_autolinks("".join(escaped), before) if is_link]
    if found == links:
        return "".join(escaped)
    return "".join(part if is_link else escape_text(part) for is_link, part in parts)


def _autolink_runs_to_end(parts: list[tuple[bool, str]]) -> bool:
    """Would the last autolink, as a parser scans it, run on into the next piece?"""
    if len(parts) == 1 and not parts[0][0]:
        return False  # no autolink at all, the common case: no need to scan
    for is_link, part in reversed(parts):
        if is_link:
            return True
        if _AUTOLINK_STOP.search(part):
            return False
    return False


_AUTOLINK_STOP = re.compile(r"[ \t\n\x0b\x0c\r<]")


def _separate_code_spans(pieces: list[Piece]) -> None:
    """`<code>a</code><code>b</code>` cannot be `` `a``b` ``: the second becomes HTML."""
    for first, second in itertools.pairwise(pieces):
        # the kinds first: most neighbours are not two syntax pieces, no value to read
        if first.kind == "syntax" == second.kind and _touching_code(first.value, second.value):
            _code_as_html(second)


def _touching_code(first: str, second: str) -> bool:
    return first.endswith("`") and second.startswith("`")


def _code_as_html(piece: Piece) -> None:
    code = piece.value.strip("`")
    code = code[1:-1] if code.startswith(" ") and code.endswith(" ") else code
    # written as HTML, whose text between the tags is still Markdown text
    piece.value = "<code>" + _escape_around_autolinks(split_autolinks(code, ">"), ">") + "</code>"


def _stop_autolink(pieces: list[Piece], index: int) -> None:
    """An autolink runs to the next space: `**http://x.org**a` would swallow the `**`.

    Written as `</strong>`, the delimiter starts with "<", where an autolink ends.
    """
    if index >= len(pieces):
        return
    piece = pieces[index]
    if piece.kind in ("open", "close"):
        piece.html = True
        if piece.pair is not None:
            piece.pair.html = True
    elif piece.kind == "syntax" and piece.value == "[":
        _link_as_html(pieces, index)
    elif piece.kind == "syntax" and piece.value.startswith("!["):
        image = _IMAGE.match(piece.value)
        if image is not None:
            src = image.group(2).removeprefix("<").removesuffix(">")
            attrs = f' src="{html.escape(src)}" alt="{html.escape(image.group(1))}"'
            if image.group(3) is not None:
                attrs += (
                    f' title="{html.escape(image.group(3).replace(chr(92) + chr(34), chr(34)))}"'
                )
            piece.value = f"<img{attrs}>"
    elif piece.kind == "syntax" and piece.value.startswith("`"):
        _code_as_html(piece)


_IMAGE = re.compile(r'^!\[([^\]]*)\]\((<[^>]*>|[^ ]*)(?: "((?:[^"\\]|\\.)*)")?\)$')
_LINK_END = re.compile(r'^\]\((<[^>]*>|[^ ]*)(?: "((?:[^"\\]|\\.)*)")?\)$')


def _link_as_html(pieces: list[Piece], index: int) -> None:
    depth = 0
    for end in range(index, len(pieces)):
        value = pieces[end].value if pieces[end].kind == "syntax" else ""
        if value in ("[", "!["):
            depth += 1
        elif value.startswith("]("):
            depth -= 1
            if depth == 0:
                match = _LINK_END.match(value)
                if match is None:
                    return
                href = match.group(1).removeprefix("<").removesuffix(">")
                title = (match.group(2) or "").replace('\\"', '"')
                attrs = f' href="{html.escape(href)}"'
                attrs += f' title="{html.escape(title)}"' if match.group(2) is not None else ""
                pieces[index].value = f"<a{attrs}>"
                pieces[end].value = "</a>"
                return


def _escape_bang_before_links(pieces: list[Piece]) -> None:
    for index in range(len(pieces) - 1):
        piece, following = pieces[index], pieces[index + 1]
        link_follows = following.kind == "syntax" and following.value == "["
        if piece.kind == "text" and piece.value.endswith("!") and link_follows:
            piece.value = piece.value[:-1] + "\\!"


def _check_flanking(pieces: list[Piece]) -> None:
    """Write a delimiter pair as HTML when Markdown would not read it as emphasis."""
    opens = [index for index, piece in enumerate(pieces) if piece.kind == "open"]
    if not opens:
        return
    position = {id(piece): index for index, piece in enumerate(pieces) if piece.kind == "close"}
    for _ in range(3):
        changed = False
        rendered = [piece.render() if piece.html else piece.value for piece in pieces]
        for index in opens:
            piece = pieces[index]
            if piece.html or piece.pair is None:
                continue
            close_index = position[id(piece.pair)]
            opens_here = _can_open(rendered, pieces, index)
            closes = _can_close(rendered, pieces, close_index)
            if not (opens_here and closes) or (
                (opens_here == "both" or closes == "both")
                and _nests_with_same_kind(pieces, opens, position, index, close_index)
            ):
                piece.html = piece.pair.html = True
                changed = True
        if not changed:
            return


def _nests_with_same_kind(
    pieces: list[Piece], opens: list[int], position: dict[int, int], start: int, end: int
) -> bool:
    """Another Markdown pair of the same character inside or around this one?

    An intraword delimiter (`**Onlin**e`) is fine alone, but next to other pairs of
    its character CommonMark's rule of three may pair it differently (`***a*a*a***`).
    """
    char = pieces[start].value[0]
    for index in opens:
        piece = pieces[index]
        if index == start or piece.html or piece.pair is None:
            continue
        if piece.value[0] != char:
            continue
        other_end = position[id(piece.pair)]
        inside = start < index and other_end < end
        around = index < start and end < other_end
        if inside or around:
            return True
    return False


def _neighbours(rendered: list[str], pieces: list[Piece], index: int) -> tuple[str, str]:
    before = ""
    for position in range(index - 1, -1, -1):
        if pieces[position].kind == "br":
            break
        if rendered[position]:
            before = rendered[position][-1]
            break
    after = ""
    for position in range(index + 1, len(pieces)):
        if pieces[position].kind == "br":
            break
        if rendered[position]:
            after = rendered[position][0]
            break
    return before, after


def _runs_into(pieces: list[Piece], index: int, step: int) -> bool:
    """Would this delimiter merge with a neighbouring one into a different run?

    A closer right before an opener of the same character (`*a***b**`) makes one run of
    three; an opener inside an opener (`***x***`) is fine, CommonMark splits it.
    """
    position = index + step
    if not 0 <= position < len(pieces):
        return False
    here, there = pieces[index], pieces[position]
    if there.kind not in ("open", "close") or there.html:
        return False
    return there.kind != here.kind and there.value[0] == here.value[0]


def _can_open(rendered: list[str], pieces: list[Piece], index: int) -> bool | str:
    if _runs_into(pieces, index, -1) or _runs_into(pieces, index, 1):
        return False
    before, after = _neighbours(rendered, pieces, index)
    if "~" in (before, after) and pieces[index].value == "~~":
        return False  # a lone "~" is never escaped, so it would join the run
    if not _left_flanking(before, after):
        return False
    return "both" if _left_flanking(after, before) else True  # "both": it could close too


def _left_flanking(before: str, after: str) -> bool:
    """CommonMark's left-flanking test; swap the arguments for right-flanking."""
    if not after or after in UNICODE_WHITESPACE:
        return False
    if not after.isalnum() and is_punctuation(after):  # a letter or digit is neither
        return not before or before in UNICODE_WHITESPACE or is_punctuation(before)
    return True


def _can_close(rendered: list[str], pieces: list[Piece], index: int) -> bool | str:
    if _runs_into(pieces, index, -1) or _runs_into(pieces, index, 1):
        return False
    before, after = _neighbours(rendered, pieces, index)
    if "~" in (before, after) and pieces[index].value == "~~":
        return False
    if not _left_flanking(after, before):
        return False
    return "both" if _left_flanking(before, after) else True
