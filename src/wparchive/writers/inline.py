"""Inline Markdown for text we place ourselves (comment authors, their links), as mdformat would.

The escapes are the ones mdformat's text renderer makes, in its order, so formatting the
file again leaves them alone; link destinations are percent-encoded as markdown-it does when
it parses them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from wparchive.content.escape import escape_brackets, escape_char_references

_HTTP_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#]\S*)?", re.IGNORECASE)
_BRACKET_DESTINATION = re.compile(r"[\x00-\x20\x7f()]")
# The usual commenter's site: http(s), a lowercase host of at most four labels (so at most
# 255 characters: markdown-it empties longer hosts), no port, and a path of characters
# markdown-it never encodes. normalizeLink leaves it as it is (tests check it on random
# addresses of this form).
PLAIN_URL = re.compile(r"https?://(?:[a-z0-9-]{1,63}\.){0,3}[a-z0-9-]{1,63}(?:/[A-Za-z0-9/._~-]*)?")


# Bounded: the same commenters link the same sites on every post.
@functools.lru_cache(maxsize=4096)
def link_destination(url: str) -> str | None:
    """`url` as a Markdown link destination exactly as mdformat writes it, or None.

    Only plain http(s) addresses with an ASCII host are linked: a commenter's "website" can be
    `javascript:` or garbage, and the exact text stays in the archive anyway.
    """
    url = url.strip()
    if PLAIN_URL.fullmatch(url):
        return url  # what normalizeLink gives back for it, without parsing it (25 us)
    if not _HTTP_URL.fullmatch(url):
        return None
    # markdown-it percent-encodes destinations when it parses them; writing them encoded
    # already makes the file a fixed point.
    normalised = _normalize_link(url)
    if _BRACKET_DESTINATION.search(normalised):
        return f"<{normalised}>"
    return normalised


def _normalize_link(url: str) -> str:
    # Imported here: markdown-it takes 50 ms to import, and most runs never get here.
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_LESS_THAN = re.compile("<(?:[^ ]|$)")


def _backslash_before(match: re.Match[str]) -> str:
    return "\\" + match.group()


def one_line(text: str) -> str:
    """`text` on one line: controls dropped, every run of whitespace one space."""
    return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()


def escape_inline(text: str) -> str:
    """Escape plain `text` (one line, single spaces) for inline Markdown, as mdformat does.

    The same escapes mdformat's text renderer makes, in its order, so that formatting the
    file again leaves them alone: "a_b" stays, "_a_" becomes "\\_a\\_".
    """
    text = text.replace("\\", "\\\\").replace("$", "\\$")  # dollar math: see content/escape.py
    text = _escape_flanked(text, "*", _keeps_asterisk)
    text = _escape_flanked(text, "_", _keeps_underscore)
    if "[" in text or "]" in text:
        text = escape_brackets(text)
    if "<" in text:
        text = _LESS_THAN.sub(_backslash_before, text)
    text = text.replace("`", "\\`")
    if "&" in text:
        text = escape_char_references(text)
    return text.replace("~~", "\\~~")  # GFM strikethrough


_Neighbours = Callable[[str | None, str | None], bool]


def _is_space(char: str | None) -> bool:
    if char is None:
        return False
    return char in "\t\n" or unicodedata.category(char) == "Zs"


def _is_punctuation(char: str | None) -> bool:
    return char is not None and unicodedata.category(char)[0] in "PS"


def _keeps_asterisk(before: str | None, after: str | None) -> bool:
    return _is_space(before) and _is_space(after)


def _keeps_underscore(before: str | None, after: str | None) -> bool:
    if _keeps_asterisk(before, after):
        return True

    def plain(char: str | None) -> bool:
        return char is not None and not _is_space(char) and not _is_punctuation(char)

    return plain(before) and plain(after)


def _escape_flanked(text: str, marker: str, keeps: _Neighbours) -> str:
    if marker not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char == marker:
            before = text[index - 1] if index else None
            after = text[index + 1] if index + 1 < len(text) else None
            if not keeps(before, after):
                out.append("\\")
        out.append(char)
    return "".join(out)
