"""paragraphs_to_markdown: the road around the parser gives what html_to_markdown gives.

The fast path must never change the output: every test compares it with
html_to_markdown on the same HTML, for real comments and bodies, for every entity name,
for characters and references at the edges of what it takes, and for generated text.
"""

from __future__ import annotations

from html.entities import html5
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from wparchive.content import content_to_markdown, html_to_markdown
from wparchive.content.convert import prepare_raw_content
from wparchive.content.plain import paragraphs_to_markdown

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"
COMMENT = "{http://wordpress.org/export/1.2/}comment_content"


def same_as_parser(html: str) -> bool:
    """True when the fast path takes `html`, False when it leaves it; fails on a difference."""
    fast = paragraphs_to_markdown(html)
    if fast is None:
        return False
    assert fast == html_to_markdown(html), html
    return True


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p>one</p>\n", "one\n"),
        ("<p>one<br />\ntwo</p>\n<p>three</p>\n", "one\\\ntwo\n\nthree\n"),
        ("<p>5 * 3 = 15_000 &amp; more&nbsp;</p>", "5 * 3 = 15_000 & more\n"),
        ("<p>&lt;b&gt; is not a tag</p>\n", "\\<b> is not a tag\n"),
        ("<p># not a heading</p>\n", "\\# not a heading\n"),
        ("<p>\u00a0</p>\n", ""),
    ],
)
def test_plain_paragraphs(html: str, markdown: str) -> None:
    assert paragraphs_to_markdown(html) == markdown
    assert html_to_markdown(html) == markdown


@pytest.mark.parametrize(
    "html",
    [
        "",
        "one",
        "<p>one",
        "<div>one</div>",
        "<p>a <b>bold</b> word</p>\n",
        "<p>a < b</p>\n",
        "<p>one</p><p>two</p>",
        "<p>one</p>\n\n<p>two</p>\n",
        "<p>AT&T</p>\n",  # "&T" could start a name without ";"
        "<p>&copy 2024</p>\n",
        "<p>&notanentity;</p>\n",
        "<p>&#150;</p>\n",  # windows-1252: an en dash
        "<p>&#0;</p>\n",
        "<p>&#xD800;</p>\n",
        "<p>form\x0cfeed</p>\n",
        "<p>private \ue002 use</p>\n",
    ],
)
def test_other_html_is_left_to_the_parser(html: str) -> None:
    assert paragraphs_to_markdown(html) is None


def test_every_entity_name() -> None:
    for name in html5:
        same_as_parser(f"<p>x&{name}y &{name}<br />\n&{name}</p>\n<p>&{name} z</p>\n")


@pytest.mark.parametrize(
    "codes",
    [
        range(0x00, 0x300),
        range(0x2000, 0x2080),
        range(0xD700, 0xE100),
        range(0xFDC0, 0xFE10),
        range(0xFFF0, 0x10010),
        range(0x10FFF0, 0x110010),
    ],
    ids=lambda codes: f"{codes.start:X}-{codes.stop - 1:X}",
)
def test_characters_and_references_at_the_edges(codes: range) -> None:
    for code in codes:
        if code < 0x110000:
            char = chr(code)
            same_as_parser(f"<p>a{char}b<br />\n{char}x {char}</p>\n<p>{char}</p>\n")
        same_as_parser(f"<p>a&#{code};b &#x{code:X}; c<br />\n&#{code};</p>\n<p>&#{code};</p>\n")


def _raw_texts(path: Path) -> list[str]:
    tree = etree.parse(str(path), etree.XMLParser(recover=True, huge_tree=True))
    return [el.text for el in tree.iter(CONTENT, EXCERPT, COMMENT) if el.text]


def test_every_text_of_the_corpus_and_seed(shared: Path) -> None:
    paths = [*sorted((shared / "corpus" / "wxr").glob("*.xml")), shared / "seed/ldn-export.xml"]
    taken = total = 0
    for path in paths:
        for raw in _raw_texts(path):
            total += 1
            taken += same_as_parser(prepare_raw_content(raw))
    assert total > 2000
    assert taken > total // 3  # most comments take the fast path


_PIECES = st.sampled_from(
    [
        "a",
        "word",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\u00a0",
        "&nbsp;",
        "&amp;",
        "&#8230;",
        "&#x41;",
        "&#39;",
        "&lt;",
        "& ",
        "&",
        "AT&T",
        "#",
        "1.",
        "- ",
        "> ",
        "*",
        "_x_",
        "`",
        "\\",
        "[y]",
        "[x](y)",
        "!",
        "~~",
        "|",
        "---",
        "===",
        "http://e.org/a_b",
        "www.x.org",
        "x@y.org",
        "é",
        "\u3000",
        "\u2028",
        "\x0c",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_generated_comments(raw: str) -> None:
    html = prepare_raw_content(raw)
    same_as_parser(html)
    assert content_to_markdown(raw) == html_to_markdown(html)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=4), min_size=1, max_size=4))
def test_generated_paragraphs_of_any_characters(paragraphs: list[list[str]]) -> None:
    html = "".join("<p>" + "<br />\n".join(lines) + "</p>\n" for lines in paragraphs)
    same_as_parser(html)
