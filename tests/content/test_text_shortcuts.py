"""The converter's shortcuts give what the longer way they skip gives.

Each shortcut in markdown.py, inline.py and escape.py that avoids work on the common
case is checked here against the way it replaced: on generated input and, where the
input is a paragraph's marked text, on every paragraph of the seed export.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wparchive.content import html_to_markdown, inline
from wparchive.content.escape import escape_text, is_punctuation, needs_escape
from wparchive.content.inline import collapse_html_space, has_html_space_run
from wparchive.content.markdown import MarkdownConverter
from wparchive.content.plain import paragraphs_to_markdown

# The patterns the shortcuts replaced, as they were.
HTML_SPACE = re.compile(r" [ \t\n\r\x0c]+|[\t\n\r\x0c][ \t\n\r\x0c]*")
PIECES = re.compile("([\ue000\ue002-\ue005](?:(?<=\ue002)|[^\ue001]*\ue001))")

SPACES = [" ", "\t", "\n", "\r", "\x0c", "\x0b", "\x85", "\xa0", "\u2003", "\u3000", "\u2028"]
_TEXT = st.text(st.sampled_from([*SPACES, "a", "é", "*", "_", "[", "]", "<", "`", "&", "~"]))
_SENTINELS = "".join(chr(code) for code in range(0xE000, 0xE007))
_MARKED_CHARS = st.text(st.sampled_from([*_SENTINELS, "a", " ", "\n", "\udfff"]))


@settings(max_examples=2000, deadline=None)
@given(_TEXT)
def test_collapse_html_space_is_the_pattern(text: str) -> None:
    assert collapse_html_space(text) == HTML_SPACE.sub(" ", text)
    assert has_html_space_run(text) == (HTML_SPACE.search(text) is not None)


def test_collapse_html_space_on_long_runs() -> None:
    for length in range(40):
        for space in (" ", "\n", " \t"):
            text = "a" + space * length + "b" + space * (length // 2)
            assert collapse_html_space(text) == HTML_SPACE.sub(" ", text)


@settings(max_examples=2000, deadline=None)
@given(_MARKED_CHARS)
def test_pieces_split_as_before(marked: str) -> None:
    assert inline._PIECES.split(marked) == PIECES.split(marked)


@settings(max_examples=2000, deadline=None)
@given(_TEXT)
def test_escape_text_changes_only_what_needs_escape_finds(text: str) -> None:
    if not needs_escape(text):
        assert escape_text(text) == text


def test_no_letter_or_digit_is_punctuation() -> None:
    # _left_flanking asks is_punctuation only about characters that are not alphanumeric
    alphanumeric = (chr(code) for code in range(sys.maxunicode + 1) if chr(code).isalnum())
    assert not [char for char in alphanumeric if unicodedata.category(char)[0] in "PS"]
    assert is_punctuation("!") and not is_punctuation("a")


# -- leading whitespace: blocks() leaves it out of a run -------------------------------

_PIECE = st.sampled_from(
    [
        inline.HARD_BREAK,
        inline.syntax("["),
        inline.syntax("](/u)"),
        inline.syntax("`c`"),
        inline.syntax(""),
        inline.delimited("*", "a"),
        inline.OPEN_DELIM + "**" + inline.SYNTAX_END,
        inline.CLOSE_DELIM + "**" + inline.SYNTAX_END,
        "www.x.org",
        "a@b.co",
    ]
)
_MARKED = st.lists(st.one_of(_TEXT, _PIECE), max_size=8).map("".join)
_LEADING = st.text(st.sampled_from(SPACES), min_size=1)


def _finishers() -> list[Callable[[str], object]]:
    converter = MarkdownConverter()
    return [
        inline.finish_marked,
        lambda marked: inline.finish_marked(marked, hard_break=" "),
        converter.paragraphs,
    ]


def _same_without_leading(space: str, marked: str) -> None:
    assert space.isspace()
    for finish in _finishers():
        assert finish(space + marked) == finish(marked), (space, marked)


@settings(max_examples=1500, deadline=None)
@given(_LEADING, _MARKED)
def test_leading_whitespace_changes_no_paragraph(space: str, marked: str) -> None:
    _same_without_leading(space, marked)


def test_leading_whitespace_on_the_seed(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    finish_marked = inline.finish_marked

    def record(marked: str, **options: str) -> str:
        seen.append(marked)
        return finish_marked(marked, **options)

    monkeypatch.setattr(inline, "finish_marked", record)
    html_to_markdown((shared / "seed" / "ldn-post.html").read_text(encoding="utf-8"))
    monkeypatch.setattr(inline, "finish_marked", finish_marked)
    assert len(seen) > 20
    for marked in seen:
        for space in ("\n", "\n\n\u3000 "):
            _same_without_leading(space, marked)


# -- elements holding only text: blocks() and inline_children() ------------------------

_HTML_TEXT = st.lists(
    st.sampled_from([*SPACES, "a", "é", "*", "&amp;", "&nbsp;", "\ue000"]), max_size=8
).map("".join)


@settings(max_examples=800, deadline=None)
@given(_HTML_TEXT)
def test_text_only_elements_as_walked(text: str) -> None:
    # An empty comment is a child that adds nothing: it makes the converter walk.
    for tag in ("p", "li", "em", "a", "span"):
        attrs = ' href="/l"' if tag == "a" else ""
        plain = html_to_markdown(f"<p>x <{tag}{attrs}>{text}</{tag}></p><div>{text}</div>")
        walked = html_to_markdown(
            f"<p>x <{tag}{attrs}>{text}<!----></{tag}></p><div>{text}<!----></div>"
        )
        assert plain == walked


@settings(max_examples=300, deadline=None)
@given(st.lists(_HTML_TEXT, min_size=1, max_size=4))
def test_plain_paragraphs_still_agree(texts: list[str]) -> None:
    html = "<p>" + "</p>\n<p>".join(texts) + "</p>\n"
    plain = paragraphs_to_markdown(html)
    if plain is not None:
        assert plain == html_to_markdown(html)
