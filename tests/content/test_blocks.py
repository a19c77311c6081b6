"""Gutenberg blocks as a table: block markup -> Markdown; every block of the 64-block data."""
# ruff: noqa: E501  (block markup is clearer on one line)

from __future__ import annotations

import json
import re
from pathlib import Path

import mdformat
import pytest
from lxml import etree

from markdown_math import CONTENT_EXTENSIONS
from wparchive.content import content_to_markdown
from wparchive.content.context import ContentContext

SHARED = Path(__file__).resolve().parents[3] / "shared"
BLOCK_DATA = SHARED / "corpus" / "wxr" / "WordPress__theme-test-data__64-block-test-data.xml"
NOTES = json.dumps([{"id": "n-1", "content": "A <em>note</em>"}])


def block(name: str, html: str, attrs: str = "") -> str:
    attrs = f" {attrs}" if attrs else ""
    return f"<!-- wp:{name}{attrs} -->\n{html}\n<!-- /wp:{name} -->"


CASES: list[tuple[str, str, str]] = [
    ("paragraph", block("paragraph", "<p>One <strong>two</strong></p>"), "One **two**"),
    (
        "heading with its anchor",
        block("heading", '<h2 class="wp-block-heading" id="start">Start</h2>'),
        '## <a id="start"></a>Start',
    ),
    (
        "code with a language attribute",
        block(
            "code",
            '<pre class="wp-block-code"><code>a &lt; b\n\nc</code></pre>',
            '{"language":"php"}',
        ),
        "```php\na < b\n\nc\n```",
    ),
    (
        "preformatted keeps its spaces",
        block("preformatted", '<pre class="wp-block-preformatted">a   b\n  c</pre>'),
        "```\na   b\n  c\n```",
    ),
    (
        "verse is text with its line breaks",
        block("verse", '<pre class="wp-block-verse">Code is <em>poetry</em>\nsecond line</pre>'),
        "Code is *poetry*\\\nsecond line",
    ),
    (
        "image with caption",
        block(
            "image",
            '<figure class="wp-block-image"><img src="http://x.org/a.jpg" alt="A" class="wp-image-5"/>'
            "<figcaption>The cap</figcaption></figure>",
            '{"id":5}',
        ),
        "![A](http://x.org/a.jpg)\n\nThe cap",
    ),
    (
        "gallery of images",
        block(
            "gallery",
            '<figure class="wp-block-gallery">'
            + block(
                "image",
                '<figure class="wp-block-image"><img src="http://x.org/a.jpg" alt=""/></figure>',
                '{"id":5}',
            )
            + block(
                "image",
                '<figure class="wp-block-image"><img src="http://x.org/b.jpg" alt=""/></figure>',
                '{"id":6}',
            )
            + "<figcaption>Both</figcaption></figure>",
            '{"linkTo":"none"}',
        ),
        "![](http://x.org/a.jpg)\n\n![](http://x.org/b.jpg)\n\nBoth",
    ),
    (
        "embed url and provider",
        block(
            "embed",
            '<figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper">\n'
            "https://youtu.be/x\n</div></figure>",
            '{"url":"https://youtu.be/x","type":"video","providerNameSlug":"youtube"}',
        ),
        "[https://youtu.be/x](https://youtu.be/x)",
    ),
    (
        "table",
        block(
            "table",
            '<figure class="wp-block-table"><table><thead><tr><th>H</th><th>I</th></tr></thead>'
            "<tbody><tr><td>1</td><td>2</td></tr></tbody></table><figcaption>Cap</figcaption></figure>",
        ),
        "| H   | I   |\n| --- | --- |\n| 1   | 2   |\n\nCap",
    ),
    (
        "quote with citation",
        block(
            "quote",
            '<blockquote class="wp-block-quote">'
            + block("paragraph", "<p>Q</p>")
            + "<cite>C</cite></blockquote>",
        ),
        "> Q\n>\n> *C*",
    ),
    (
        "pullquote",
        block(
            "pullquote",
            '<figure class="wp-block-pullquote"><blockquote><p>P</p><cite>W</cite></blockquote></figure>',
        ),
        "> P\n>\n> *W*",
    ),
    (
        "nested list",
        block(
            "list",
            "<ul>"
            + block("list-item", "<li>a<ul>" + block("list-item", "<li>b</li>") + "</ul></li>")
            + "</ul>",
        ),
        "- a\n  - b",
    ),
    (
        "buttons",
        block(
            "buttons",
            '<div class="wp-block-buttons">'
            + block(
                "button",
                '<div class="wp-block-button"><a class="wp-block-button__link" href="http://x.org/go">Go</a></div>',
            )
            + "</div>",
        ),
        "[Go](http://x.org/go)",
    ),
    ("separator", block("separator", '<hr class="wp-block-separator"/>'), "_" * 70),
    (
        "columns flattened in reading order",
        block(
            "columns",
            '<div class="wp-block-columns">'
            + block("column", '<div class="wp-block-column"><p>Left</p></div>')
            + block("column", '<div class="wp-block-column"><p>Right</p></div>')
            + "</div>",
        ),
        "Left\n\nRight",
    ),
    (
        "group",
        block("group", '<div class="wp-block-group">' + block("paragraph", "<p>In</p>") + "</div>"),
        "In",
    ),
    (
        "details kept as HTML",
        block(
            "details", '<details class="wp-block-details"><summary>S</summary><p>Body</p></details>'
        ),
        '<details class="wp-block-details"><summary>S</summary><p>Body</p></details>',
    ),
    (
        "footnotes from the post meta",
        block(
            "paragraph",
            '<p>Text<sup data-fn="n-1" class="fn"><a href="#n-1" id="n-1-link">1</a></sup></p>',
        )
        + "\n<!-- wp:footnotes /-->",
        'Text<sup id="n-1-link">[1](#n-1)</sup>\n\n1. <a id="n-1"></a>A *note* [↩︎](#n-1-link)',
    ),
    (
        "social link (rendered by PHP) keeps its link",
        block(
            "social-links",
            '<ul class="wp-block-social-links"><!-- wp:social-link {"url":"https://wordpress.org","service":"wordpress"} /--></ul>',
        ),
        "- [Wordpress](https://wordpress.org)",
    ),
    (
        "file with its download button",
        block(
            "file",
            '<div class="wp-block-file"><a href="http://x.org/f.pdf">F</a><a href="http://x.org/f.pdf" class="wp-block-file__button" download>Download</a></div>',
            '{"id":9}',
        ),
        "[F](http://x.org/f.pdf) [Download](http://x.org/f.pdf)",
    ),
    ("more", block("more", "<!--more-->"), "<!--more-->"),
    (
        "shortcode block",
        block("shortcode", "[youtube https://youtu.be/x]"),
        "[https://youtu.be/x](https://youtu.be/x)",
    ),
    ("dynamic block renders nothing", "<!-- wp:latest-posts /-->", ""),
    (
        "code with the core namespace written out",
        block(
            "core/code", '<pre class="wp-block-code"><code>x = 1</code></pre>', '{"language":"py"}'
        ),
        "```py\nx = 1\n```",
    ),
    (
        "verse with the core namespace written out",
        block("core/verse", '<pre class="wp-block-verse">one\ntwo</pre>'),
        "one\\\ntwo",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_block(raw: str, expected: str) -> None:
    markdown = content_to_markdown(raw, context=ContentContext(footnotes=NOTES))
    assert markdown == (expected + "\n" if expected else "")
    assert mdformat.text(markdown, extensions=CONTENT_EXTENSIONS) == markdown


def _block_posts() -> list[tuple[str, str, str]]:
    if not BLOCK_DATA.is_file():
        return []
    ns = {
        "content": "http://purl.org/rss/1.0/modules/content/",
        "wp": "http://wordpress.org/export/1.2/",
    }
    posts = []
    for item in etree.parse(str(BLOCK_DATA)).iter("item"):
        content = item.findtext("content:encoded", namespaces=ns) or ""
        notes = ""
        for meta in item.findall("wp:postmeta", ns):
            if meta.findtext("wp:meta_key", namespaces=ns) == "footnotes":
                notes = meta.findtext("wp:meta_value", namespaces=ns) or ""
        if "<!-- wp:" in content:
            posts.append((item.findtext("title") or "", content, notes))
    return posts


def test_every_block_of_the_block_test_data_leaves_no_delimiter() -> None:
    posts = _block_posts()
    if not posts:
        pytest.skip(f"{BLOCK_DATA} is not there")
    for title, content, notes in posts:
        context = ContentContext(footnotes=notes)
        markdown = content_to_markdown(content, context=context)
        assert not re.search(r"<!--\s*/?wp:", markdown), title
        assert mdformat.text(markdown, extensions=CONTENT_EXTENSIONS) == markdown, title
        if notes:
            for note in json.loads(notes):
                assert note["content"] in markdown, title
