"""wpautop's structural shortcuts give what the steps they replace give.

tests/autop_reference.py keeps wpautop as it was before them; every test here runs both
on the same text: every body, excerpt and comment of the corpus and the seed (as read,
and after the steps before wpautop), and generated text made of the pieces wpautop
treats specially.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import autop_reference
from wparchive.content import autop
from wparchive.content.code_shortcodes import mark_display_latex, protect_code
from wparchive.content.media_shortcodes import autoembed

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"
COMMENT = "{http://wordpress.org/export/1.2/}comment_content"


def same_as_reference(text: str) -> None:
    for br in (True, False):
        assert autop.wpautop(text, br) == autop_reference.wpautop(text, br), (text, br)


def _raw_texts(path: Path) -> list[str]:
    tree = etree.parse(str(path), etree.XMLParser(recover=True, huge_tree=True))
    return [el.text for el in tree.iter(CONTENT, EXCERPT, COMMENT) if el.text]


def test_every_text_of_the_corpus_and_seed(shared: Path) -> None:
    paths = [*sorted((shared / "corpus" / "wxr").glob("*.xml")), shared / "seed/ldn-export.xml"]
    total = 0
    for path in paths:
        for raw in _raw_texts(path):
            total += 1
            same_as_reference(raw)
            # what prepare_raw_content hands to wpautop
            same_as_reference(autoembed(protect_code(mark_display_latex(raw))))
    assert total > 2000


PIECES = [
    *("a", "b c", " ", "  ", "\t", "\x0b", "\x0c", "\r", "\n", "\n\n", "\n \n", "\n\n\n"),
    *("\u00a0", "&nbsp;", "<", ">", "/", "-", "[", "]", "=", '"', "http://x.y/z"),
    *("<p>", "</p>", "<P>", "</P>", "<p class='x'>", "<p\n>", "<param>", "<pre>", "</pre>"),
    *("<pre class=a>", "<div>", "</div>", "<div\n id=a>", "<DIV>", "</address>", "<form>"),
    *("</form>", "<li>", "</li>", "<li class=x>", "<ul>", "</ul>", "<ol>", "</ol>", "<dt>"),
    *("<d", "<td>", "</td>", "<th>", "<table>", "</table>", "<tr>", "</tr>", "<h1>", "</h2>"),
    *("<section ", "<figure>", "<figcaption>", "</figcaption>", "<hr>", "<hr />", "</hr>"),
    *("<hr\n>", "<blockquote>", "</blockquote>", "<BLOCKQUOTE>", "<Blockquote x=1>", "<p><b"),
    *("<br>", "<br/>", "<br />", "<br\n/>", "<BR>", "<b>", "</b>", "<span>", "</span>"),
    *("<em>", "</em>", "<a\nhref='x'>", "<a href='x'>", "</a>", "<img src=x />", "<code>"),
    *("<!--", "-->", "<!-- c -->", "<!-->", "<!--\n-->", "--->", "<![CDATA[", "]]>"),
    *("<script>", "</script>", "<style>", "</style>", "<svg>", "</svg>", "<math>", "</math>"),
    *("<select>", "<option>", "</option>", "</select>", "<object>", "</object>", "<param x>"),
    *("<embed>", "<audio>", "</audio>", "[video]", "[/video]", "<source>", "<track>"),
    *("[caption]", "[/caption]", "[gallery ids=1]", "<!--more-->", " <!-- wpnl --> "),
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_generated_text(text: str) -> None:
    same_as_reference(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_generated_text_in_paragraphs(text: str) -> None:
    same_as_reference(f"first line\n\n{text}\nlast\n\nline")


# No block tag but those wpautop writes: the comments' case, where steps are skipped.
INLINE_PIECES = [
    *("a", "b c", " ", "\t", "\x0b", "\x0c", "\n", "\n\n", "\n \n", "<", ">", "/", "p", "p>"),
    *("<br>", "<br />", "<br/>", "<BR>", "<b>", "</b>", "<em>", "<a href='x'>", "<a\nhref=x>"),
    *("<P>", "</P>", "<BLOCKQUOTE>", "<Blockquote x=1>", "</BLOCKQUOTE>", "<DIV>", "<LI>"),
    *("<!--", "-->", "<!-- c -->", "<!--\n-->", "<script>", "</script>", "<svg>", "</svg>"),
    *("<option>", "</option>", "<object>", "</object>", "<source>", "[video]", "[/video]"),
    *("<![CDATA[", "]]>", "<code>", "</code>", "<img src=x />", "&nbsp;", "\u00a0"),
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES), max_size=24).map("".join))
def test_generated_text_without_block_tags(text: str) -> None:
    same_as_reference(text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", " ", "\n", "<p>", "<p>x", "</p>", "<div>", "</div>", "</form>"]),
        max_size=16,
    ).map("".join)
)
def test_paragraphs_closed_before_a_block_end(text: str) -> None:
    expected = autop_reference._UNCLOSED_P_IN_BLOCK.sub("<p>\\1</p></\\2>", text)
    assert autop._close_open_paragraphs(text) == expected


# -- one regex scan where a step tested several substrings, each a scan of the text ----

# Each pattern and the substrings it must find exactly when one of them is in the text.
ONE_SCAN_FOR_MANY = [
    (autop._EMBEDDED_ELEMENT, ["<option", "</object>", "<source", "<track", "<figcaption"]),
    (
        autop._NEWLINES_KEPT_OR_MARKER,
        ["<script", "<style", "<svg", "<math", autop._PRESERVED_NEWLINE],
    ),
    (autop._MAYBE_P_BLOCKQUOTE, ["><b", "><B"]),
    (autop._LINE_END_NEEDING_CARE, [" \n", "<br />\n", "\t\n", "\x0b\n", "\x0c\n", "\r\n"]),
]
# The needles, their halves (a needle cut short must not be found) and their neighbours.
SCANNED_PIECES = [
    *sorted({p for _, needles in ONE_SCAN_FOR_MANY for n in needles for p in (n, n[:-1], n[1:])}),
    *("<", ">", "\n", " ", "a", "<br />", "<p>", "<br"),
]


@pytest.mark.parametrize(("pattern", "needles"), ONE_SCAN_FOR_MANY)
@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(SCANNED_PIECES), max_size=12).map("".join))
def test_one_scan_finds_what_the_substring_tests_found(
    pattern: re.Pattern[str], needles: list[str], text: str
) -> None:
    assert (pattern.search(text) is not None) == any(needle in text for needle in needles)
