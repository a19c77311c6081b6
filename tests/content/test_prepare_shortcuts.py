"""The shortcuts of prepare_raw_content's steps give what the steps they replace give.

tests/prepare_reference.py keeps those steps as they were; every test here runs both on
the same text: every body, excerpt and comment of the corpus and the seed, and generated
text made of the pieces the steps treat specially.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import prepare_reference
from wparchive.content import blocks
from wparchive.content.context import ContentContext

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}encoded"
COMMENT = "{http://wordpress.org/export/1.2/}comment_content"
NOTES = '[{"id":"n1","content":"A note."}]'


def _raw_texts(path: Path) -> list[str]:
    tree = etree.parse(str(path), etree.XMLParser(recover=True, huge_tree=True))
    return [el.text for el in tree.iter(CONTENT, EXCERPT, COMMENT) if el.text]


def same_blocks_as_reference(text: str) -> None:
    for notes in ("", NOTES):
        new, old = ContentContext(footnotes=notes), ContentContext(footnotes=notes)
        rendered = blocks.render_blocks(text, new)
        assert rendered == prepare_reference.render_blocks(text, old), text
        assert new.problems == old.problems, text


def test_every_text_of_the_corpus_and_seed(shared: Path) -> None:
    paths = [*sorted((shared / "corpus" / "wxr").glob("*.xml")), shared / "seed/ldn-export.xml"]
    with_blocks = 0
    for path in paths:
        for raw in _raw_texts(path):
            if blocks.has_blocks(raw):
                with_blocks += 1
                same_blocks_as_reference(raw)
    assert with_blocks > 100


BLOCK_PIECES = [
    *("a", " ", "\n", "<p>x</p>", "<pre>code</pre>", "<pre class=a>", "</pre>", "<a>f</a><a>"),
    *("<!-- wp:paragraph -->", "<!-- /wp:paragraph -->", "<!-- wp:code -->", "<!-- /wp:code -->"),
    *('<!-- wp:code {"language":"php"} -->', '<!-- wp:core/code {"lang":"x y"} -->'),
    *('<!-- wp:syntaxhighlighter/code {"language":"go"} -->', "<!-- wp:verse -->"),
    *("<!-- wp:file -->", "<!-- /wp:file -->", "<!-- wp:embed -->", "<!-- /wp:embed -->"),
    *('<!-- wp:embed {"url":"https://x.y/v"} -->', '<div class="wp-block-embed__wrapper">'),
    *("</div>", "<!-- wp:footnotes /-->", "<!-- wp:spacer /-->", "<!-- /wp:code /-->"),
    *('<!-- wp:social-link {"url":"https://s.y","service":"x"} /-->', "<!-- wp:x/code -->"),
    *('<!-- wp:navigation-link {"url":"https://n.y","label":"N"} /-->', "<!--", "-->", "{"),
    *('<!-- wp:code {"a":"<!-- /wp:code -->"} -->', "<!-- wp:Code -->", "<!--  wp:code  -->"),
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(BLOCK_PIECES), max_size=16).map("".join))
def test_generated_block_content(text: str) -> None:
    same_blocks_as_reference(text)
