"""Markdown for HTML that is only wpautop's paragraphs, without parsing it.

Most comments are plain text, which wpautop turns into `<p>…</p>` paragraphs with
`<br />` line breaks and nothing else. For such HTML, html_to_markdown's tree holds one
`<p>` per paragraph, whose inline run is its text with a hard break for each `<br />`:
each run can be finished from the string as MarkdownConverter finishes it, without
libxml2 building a tree and Python walking it (two thirds of a plain comment's time).

Only HTML whose text the parser gives back as it is (once its character references are
decoded) takes this road: no `<` but those tags; no character html_to_markdown's input
cleaning removes or libxml2 reads its own way (controls, surrogates, noncharacters);
only references ending in ";" to a name or a plain code point. For anything else
paragraphs_to_markdown returns None, and html_to_markdown does the work.
tests/content/test_plain.py checks that both give the same Markdown, on the comments and
bodies of real exports, every entity name and generated text; an exhaustive run over
every code point (as text and as a reference) found no difference either.
"""

from __future__ import annotations

import re
from html.entities import html5 as HTML5_ENTITIES

from wparchive.content.inline import HARD_BREAK
from wparchive.content.markdown import MarkdownConverter, join_blocks

_PARAGRAPH_SEPARATOR = "</p>\n<p>"  # how wpautop joins its paragraphs
_LINE_BREAK = "<br />"
# Characters the parser or html_to_markdown's input cleaning does not keep as they are:
# C0 controls but tab and newline (CR and FF included: the converter has its own rules
# for them), DEL, surrogates, U+FFFE and U+FFFF; and the private-use characters the
# converter uses as sentinels (it removes them from text).
_NOT_KEPT_AS_IS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ue000-\ue005\ufffe\uffff]")
# libxml2 stops a text run at 10,000,000 characters: html_to_markdown deals with that.
_LONGEST = 1_000_000
# Finishes each paragraph's run. `paragraphs` keeps no state for a run without block
# references, and none gets here (the sentinel is refused above): one serves every thread.
_FINISHER = MarkdownConverter()


def paragraphs_to_markdown(html: str) -> str | None:
    """What html_to_markdown(html) gives, when `html` holds only <p> and <br /> tags.

    None for any other HTML: the caller converts it with html_to_markdown.
    """
    runs = _paragraph_runs(html)
    if runs is None:
        return None
    blocks: list[str] = []
    for run in runs:
        if not run.isspace():  # MarkdownConverter._flush skips a blank run too
            blocks.extend(_FINISHER.paragraphs(run))
    text = join_blocks(blocks)
    return text + "\n" if text else ""


def _paragraph_runs(html: str) -> list[str] | None:
    """Each paragraph's inline run (text and hard breaks), or None for other HTML."""
    if not html.startswith("<p>") or len(html) >= _LONGEST:
        return None
    if html.endswith("</p>\n"):
        inner = html[3:-5]
    elif html.endswith("</p>"):
        inner = html[3:-4]
    else:
        return None
    # Every "<" is in a separator or a line break (the two cannot overlap), or the HTML
    # has another tag, or a "<" the parser may read as one.
    tags = 2 * inner.count(_PARAGRAPH_SEPARATOR) + inner.count(_LINE_BREAK)
    if inner.count("<") != tags or not _keeps_every_character(inner):
        return None
    runs = inner.replace(_LINE_BREAK, HARD_BREAK).split(_PARAGRAPH_SEPARATOR)
    if "&" in inner:
        decoded = [_decode_references(run) for run in runs]
        if None in decoded:
            return None
        runs = [run for run in decoded if run is not None]
    # U+00A0 is a space to the converter (a decoded "&nbsp;" too)
    return [run if run.isascii() else run.replace("\u00a0", " ") for run in runs]


def _keeps_every_character(text: str) -> bool:
    """Whether `_NOT_KEPT_AS_IS` finds nothing in `text`.

    Printable text (no control, separator but the space, private-use, surrogate or
    unassigned character) has none: str.isprintable answers in a fraction of the
    regex's time, which is left for the rest (text with U+00A0, say).
    """
    if text.replace("\n", "").replace("\t", "").isprintable():
        return True
    return _NOT_KEPT_AS_IS.search(text) is None


# What follows an "&": a reference ended by ";" (decimal, hexadecimal or named), or a
# space or the end, where the "&" is a character of its own.
_AFTER_AMPERSAND = re.compile(
    r"#([0-9]{1,7});|#[xX]([0-9A-Fa-f]{1,6});|([A-Za-z][A-Za-z0-9]{0,31};)|(?=[ \t\n]|$)"
)


def _decode_references(text: str) -> str | None:
    """The text with its character references decoded, as the parser decodes them; None
    when one is of a kind it may read another way (no ";", a control, C1's table)."""
    parts = text.split("&")
    out = [parts[0]]
    for part in parts[1:]:
        match = _AFTER_AMPERSAND.match(part)
        if match is None:
            return None
        decimal, hexadecimal, name = match.groups()
        if name is not None:
            char = HTML5_ENTITIES.get(name)
        elif decimal is not None:
            char = _code_point(int(decimal))
        elif hexadecimal is not None:
            char = _code_point(int(hexadecimal, 16))
        else:
            char = "&"
        if char is None:
            return None
        out += (char, part[match.end() :])
    return "".join(out)


def _code_point(code: int) -> str | None:
    """The character `&#code;` stands for, when the parser keeps it as it is.

    Not for U+0080 to U+009F, which HTML reads as windows-1252 (`&#150;` is an en dash).
    """
    if code > 0x10FFFF or 0x80 <= code <= 0x9F:
        return None
    char = chr(code)
    return None if _NOT_KEPT_AS_IS.match(char) else char
