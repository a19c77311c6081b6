"""content_to_markdown on raw WXR content: blocks, captions, page markers, shortcodes."""

from __future__ import annotations

import re
from pathlib import Path

import mdformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from markdown_math import CONTENT_EXTENSIONS
from wparchive.content import content_to_markdown
from wparchive.content.blocks import strip_block_delimiters
from wparchive.content.convert import _isolate_page_markers
from wparchive.content.handlers import HANDLERS
from wparchive.content.shortcodes import do_shortcodes, parse_attributes

SHARED = Path(__file__).resolve().parents[3] / "shared"
NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wp": "http://wordpress.org/export/1.2/",
}
IMG = '<img src="http://x.org/c.jpg" alt="Cover" width="200" />'

CASES: list[tuple[str, str, str]] = [
    ("paragraphs from blank lines", "One\n\nTwo", "One\n\nTwo"),
    ("line breaks from single newlines", "a\nb", "a\\\nb"),
    ("nbsp entities", "a&nbsp; b&nbsp;", "a b"),
    (
        "caption attribute form",
        f'[caption id="attachment_1" align="alignnone" width="200" caption="The cover"]'
        f'<a href="http://x.org/">{IMG}</a>[/caption]',
        "[![Cover](http://x.org/c.jpg)](http://x.org/)\n\nThe cover",
    ),
    (
        "caption inner text form",
        f'[caption id="attachment_1" width="200"]{IMG} The <em>cover</em>[/caption]',
        "![Cover](http://x.org/c.jpg)\n\nThe *cover*",
    ),
    ("caption without caption", f"[caption]{IMG}[/caption]", "![Cover](http://x.org/c.jpg)"),
    ("escaped shortcode", "[[caption]]", "[caption]"),
    (
        "unknown shortcodes stay",
        '[flickr video="1"]\n\n[foo]x[/foo]',
        '[flickr video="1"]\n\n[foo]x[/foo]',
    ),
    ("more marker", "Intro\n<!--more-->\nRest", "Intro\n\n<!--more-->\n\nRest"),
    ("more marker inline", "Intro<!--more Read on-->Rest", "Intro\n\n<!--more Read on-->\n\nRest"),
    ("nextpage", "Page 1\n\n<!--nextpage-->\n\nPage 2", "Page 1\n\n<!--nextpage-->\n\nPage 2"),
    (
        "block delimiters removed",
        '<!-- wp:heading {"level":3} -->\n<h3 class="wp-block-heading">Head</h3>\n'
        "<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p>Para\nsame line</p>\n"
        "<!-- /wp:paragraph -->\n\n<!-- wp:latest-posts /-->\n"
        '<!-- wp:core/separator {"className":"x"} --><hr class="wp-block-separator"/>'
        "<!-- /wp:core/separator -->",
        "### Head\n\nPara same line\n\n" + "_" * 70,
    ),
    (
        "block attributes with braces and comments-like text",
        '<!-- wp:paragraph {"a":{"b":"--"}} --><p>x</p><!-- /wp:paragraph -->',
        "x",
    ),
    ("pre untouched by autop", "<pre>a\n\nb</pre>", "```\na\n\nb\n```"),
    ("empty", "", ""),
    ("whitespace", " \n\n ", ""),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_content_to_markdown(raw: str, expected: str) -> None:
    markdown = content_to_markdown(raw)
    assert markdown == (expected + "\n" if expected else "")
    assert mdformat.text(markdown, extensions=CONTENT_EXTENSIONS) == markdown


def test_rendered_html_is_not_autopd() -> None:
    html = "<p>a\nb</p>\n\n[caption]x[/caption]"
    assert content_to_markdown(html, rendered=True) == "a b\n\n[caption]x[/caption]\n"


@pytest.mark.parametrize(
    ("text", "named", "positional"),
    [
        ("id=\"a\" caption='b c' width=200", {"id": "a", "caption": "b c", "width": "200"}, ()),
        ('"quoted" bare ID=x', {"id": "x"}, ("quoted", "bare")),
        ("a\u00a0=\u00a0'b'", {"a": "b"}, ()),
        ("", {}, ()),
    ],
)
def test_parse_attributes(text: str, named: dict[str, str], positional: tuple[str, ...]) -> None:
    assert parse_attributes(text) == (named, positional)


def test_shortcode_handler_table_is_extensible() -> None:
    handlers = {**HANDLERS, "shout": lambda code, _: (code.content or "").upper()}
    assert do_shortcodes("[shout]hey[/shout] [other]", handlers) == "HEY [other]"


def test_block_delimiters_never_reach_the_output() -> None:
    assert strip_block_delimiters("<!-- wp:a/b {} /--><!-- wp:p --><p>x</p><!-- /wp:p -->") == (
        "<p>x</p>"
    )


# -- the seed post -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_item() -> etree._Element:
    path = SHARED / "seed" / "ldn-export.xml"
    if not path.is_file():
        pytest.skip("../shared/seed is not beside the repository")
    for item in etree.parse(str(path)).iter("item"):
        if item.findtext("wp:post_id", namespaces=NS) == "112":
            return item
    raise AssertionError("the LDN post (112) is missing from the seed export")


@pytest.fixture(scope="module")
def seed_markdown(seed_item: etree._Element) -> str:
    return content_to_markdown(seed_item.findtext("content:encoded", namespaces=NS) or "")


def test_seed_headings(seed_markdown: str) -> None:
    assert re.findall(r"^#+ .*$", seed_markdown, re.MULTILINE) == [
        "### How does it work?",
        "### Recent clinical research",
        "### My experience prescribing LDN",
    ]


def test_seed_links(seed_markdown: str) -> None:
    import lxml.html
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(seed_markdown)
    links = lxml.html.fragment_fromstring(html, create_parent="div").xpath("//a/@href")
    assert len(links) == 19
    assert "http://www.ncbi.nlm.nih.gov/pubmed/18782122" in links


def test_seed_cover_image_and_caption(seed_markdown: str) -> None:
    cover = (
        "[![The Promise of Low Dose Naltrexone Therapy]"
        "(http://painmanagementweblog.files.wordpress.com/2010/06/promise-of-ldn-cover.jpg"
        ' "promise-of-ldn-cover")](http://www.amazon.com/Promise-Low-Dose-Naltrexone-Therapy'
        "/dp/0786437154)\n\nThe Promise of Low Dose Naltrexone Therapy\n\n"
    )
    assert cover in seed_markdown


def test_seed_separators_stay_text(seed_markdown: str) -> None:
    paragraphs = seed_markdown.split("\n\n")
    assert "~" in paragraphs and "." in paragraphs and "\u00a7" in paragraphs
    # a bare ~~~~~ line would open a code fence: it is escaped, and renders as text
    assert paragraphs.count("\\~~\\~~~") == 2
    assert "```" not in seed_markdown


def test_seed_line_breaks_are_hard_breaks(seed_markdown: str) -> None:
    assert (
        "If you are unable to view and print PDF files below,\\\n"
        "[download the free PDF reader](http://get.adobe.com/reader/)." in seed_markdown
    )


def test_seed_comment_line_breaks(seed_item: etree._Element) -> None:
    bodies = [
        content_to_markdown(c.findtext("wp:comment_content", namespaces=NS) or "")
        for c in seed_item.findall("wp:comment", NS)
    ]
    liz = next(body for body in bodies if "thalamic" in body)
    assert liz.endswith(
        "Did it help in these type of cases?\\\n"
        "Opiates are generally useless in these cases as you know.\\\nThanks.\n"
    )
    lewis = next(body for body in bodies if "Douglas Lewis" in body)
    assert lewis.endswith(
        "Douglas Lewis, D.Sc.\\\nPresident\\\nUnited States Drug Testing Laboratories\n"
    )


def test_seed_wpautop_matches_the_rendered_page(seed_item: etree._Element) -> None:
    """Our paragraphs and <br>s are the ones WordPress rendered (div.entry)."""
    import lxml.html

    from wparchive.content.convert import prepare_raw_content

    page = lxml.html.parse(str(SHARED / "seed" / "ldn-post.html"))
    entry = page.xpath('//div[@class="entry"]')[0]
    ours = lxml.html.fragment_fromstring(
        prepare_raw_content(seed_item.findtext("content:encoded", namespaces=NS) or ""),
        create_parent="div",
    )

    def shape(root: etree._Element) -> list[tuple[str, int, str]]:
        out = []
        for el in root:
            if el.get("id") == "jp-post-flair" or "postmetadata" in (el.get("class") or ""):
                continue
            text = re.sub(r"\W+", " ", el.text_content()).strip()
            if el.tag == "p" and not text:
                continue  # the empty <p> the old theme left before its caption <div>
            out.append((el.tag, len(el.findall(".//br")), re.sub(r"[^\w ]", "", text)[:40]))
        return out

    # wptexturize's curly quotes differ, so only word characters are compared
    rendered = [(t, n, s) for t, n, s in shape(entry)]
    mine = [("div" if t == "figure" else t, n, s) for t, n, s in shape(ours)]
    assert mine == rendered


_MARKER_WITH_SPACES = re.compile(r"[ \t]*(<!--(?:more|nextpage)(?:(?!-->).)*-->)[ \t]*", re.DOTALL)


MARKER_PIECES = ["a", " ", "\t", "\n", "<!--more-->", "<!--more x-->", "<!--nextpage-->"]
MARKER_PIECES += ["<!--more", "<!--", "-->", "--", ">"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MARKER_PIECES), max_size=14).map("".join))
def test_page_markers_are_isolated_as_the_one_regex_would(text: str) -> None:
    expected = _MARKER_WITH_SPACES.sub("\n\n\\1\n\n", text)
    assert _isolate_page_markers(text) == expected
