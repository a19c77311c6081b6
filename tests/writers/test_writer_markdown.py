"""Markdown files: front matter, body, threaded comments; mdformat leaves them unchanged."""

from __future__ import annotations

import html.entities
import re

import mdformat
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from writer_models import comment, full_post, post, stamp

from markdown_math import EXTENSIONS as MARKDOWN_EXTENSIONS
from wparchive.content.escape import escape_char_references
from wparchive.threads import thread_comments
from wparchive.writers.block_yaml import block_yaml
from wparchive.writers.frontmatter import DUMPERS, dump_yaml, front_matter, string_style
from wparchive.writers.inline import PLAIN_URL, escape_inline, link_destination
from wparchive.writers.markdown import MAX_QUOTE_DEPTH, RenderedComment, render_markdown_file

BODY = "## How does it work?\n\nLDN *blocks* receptors.\\\nSecond line.\n\n- one\n- two"


def render(p=None, **kwargs) -> str:  # type: ignore[no-untyped-def]
    values = {
        "body": BODY,
        "comments": [],
        "author_name": "Nancy Sajben MD",
        "featured_image": None,
    }
    values.update(kwargs)
    return render_markdown_file(p or post(), **values)  # type: ignore[arg-type]


def front(text: str) -> dict[str, object]:
    match = re.match(r"---\n(.*?\n)---\n", text, re.DOTALL)
    assert match, text
    loaded = yaml.safe_load(match.group(1))
    assert isinstance(loaded, dict)
    return loaded


def assert_mdformat_fixed_point(text: str) -> None:
    assert mdformat.text(text, extensions=MARKDOWN_EXTENSIONS) == text


def assert_clean_text(text: str) -> None:
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))


def test_front_matter_of_a_full_post_parses_back() -> None:
    text = render(full_post(), featured_image="https://example.com/cover.jpg")
    assert front(text) == {
        "title": 'Low Dose "LDN": off label',
        "date": "2010-06-22T21:12:00-07:00",
        "lastmod": "2011-01-02T03:04:00-07:00",
        "slug": "low-dose-naltrexone",
        "type": "post",
        "author": "Nancy Sajben MD",
        "categories": ["Low Dose Naltrexone", "Pain Management"],
        "tags": ["RSD / CRPS"],
        "password_protected": True,
        "id": 42,
        "url": "https://example.com/2010/06/22/low-dose-naltrexone/",
        "guid": "http://example.com/?p=42",
        "excerpt": "Short excerpt",
        "featured_image": "https://example.com/cover.jpg",
    }
    assert "hunter2" not in text


def test_front_matter_key_order_and_layout() -> None:
    text = render(full_post(), featured_image="https://example.com/cover.jpg")
    assert list(front(text)) == [
        "title", "date", "lastmod", "slug", "type", "author", "categories", "tags",
        "password_protected", "id", "url", "guid", "excerpt", "featured_image",
    ]  # fmt: skip
    assert "categories:\n  - Low Dose Naltrexone\n  - Pain Management\ntags:\n" in text
    assert text.startswith("---\ntitle: ")
    assert "\n---\n\n## How does it work?\n" in text


def test_a_draft_says_so_and_empty_values_are_left_out() -> None:
    draft = post(status="draft", slug="", link="", guid="", date=stamp(2010, 1, 1))
    assert front(render(draft, author_name="")) == {
        "title": "Low Dose Naltrexone",
        "date": "2010-01-01T12:00:00-07:00",
        "type": "post",
        "categories": [],
        "tags": [],
        "draft": True,
        "status": "draft",
        "id": 42,
    }


def test_without_body_the_body_and_excerpt_are_left_out() -> None:
    text = render(full_post(), include_body=False)
    assert "How does it work" not in text
    assert "excerpt" not in front(text)
    assert text.endswith("---\n")
    assert_mdformat_fixed_point(text)


TRICKY_STRINGS = [
    "yes", "no", "on", "null", "~", "true", "1e3", "0o17", "0x1F", "1_000", ".5", "-.inf",
    "2010-06-22", "12:30", "#not a comment", "- not a list", "a: b", "[x]", "{y}", "*star",
    "&anchor", "!tag", "%percent", "@at", "`tick`", "'single'", '"double"', " padded ",
    "line one\nline two", "trailing newline\n", "tab\there", "caf\u00e9 \u65e5\u672c \U0001f600",
    "\u2028separator", "nel\x85", "bom\ufeff", "bell\x07", "back\\slash", "",
    "x" * 300, "\U0001f600\nemoji on two lines", "\\U0001F600\n", "\xa0no-break\xa0",
    "last\U0010ffff\nof Unicode",
]  # fmt: skip


@pytest.mark.parametrize("title", TRICKY_STRINGS)
def test_any_title_round_trips_through_yaml_and_mdformat(title: str) -> None:
    text = render(post(title=title, excerpt=title))
    loaded = front(text)
    assert loaded["title"] == title
    assert loaded.get("excerpt", "") == title.strip()
    assert_mdformat_fixed_point(text)
    assert_clean_text(text)


@settings(max_examples=200, deadline=None)
@given(title=st.text(), name=st.text(), tag=st.text())
def test_any_text_round_trips(title: str, name: str, tag: str) -> None:
    p = post(title=title, terms=(), excerpt="")
    text = render(p, author_name=name, body="")
    loaded = front(text)
    assert loaded["title"] == title
    assert loaded.get("author", "") == name
    assert_clean_text(text)
    assert_mdformat_fixed_point(text)


@settings(max_examples=300, deadline=None)
@given(title=st.text(), excerpt=st.text(), tags=st.lists(st.text(), max_size=3))
def test_libyaml_and_pure_python_emitters_agree(title: str, excerpt: str, tags: list[str]) -> None:
    fields = front_matter(post(title=title), author_name="", featured_image=None, excerpt=excerpt)
    fields["tags"] = tags
    fast, pure = (dump_yaml(fields, dumper=dumper) for dumper in DUMPERS)
    assert fast == pure


@pytest.mark.parametrize("title", TRICKY_STRINGS)
def test_emitters_agree_on_tricky_strings(title: str) -> None:
    fields = front_matter(post(title=title), author_name=title, featured_image=None, excerpt=title)
    assert len({dump_yaml(fields, dumper=dumper) for dumper in DUMPERS}) == 1


# Characters that decide a YAML scalar's style, to build values near every rule's edge.
YAML_EDGES = "-?:#,[]{}&*!|>%@`'\" \t\n\\.~+_0123456789eExotTnNyYfF\xa0\x85\u2028\ufeff\U0001f600a"


def libyaml_text(fields: dict[str, object]) -> str:
    return dump_yaml(fields, dumper=DUMPERS[0])


@settings(max_examples=1000, deadline=None)
@given(
    values=st.lists(st.text(alphabet=YAML_EDGES, max_size=6) | st.text(), min_size=1, max_size=4),
    number=st.integers(),
    flag=st.booleans(),
)
def test_direct_yaml_is_what_libyaml_writes(values: list[str], number: int, flag: bool) -> None:
    fields: dict[str, object] = {"title": values[0], "id": number, "draft": flag, "tags": values}
    assert dump_yaml(fields) == libyaml_text(fields)


@pytest.mark.parametrize("value", [*TRICKY_STRINGS, "-x", "?x", ":x", "a:b", "a#b", "x:", "-"])
def test_direct_yaml_agrees_on_tricky_strings(value: str) -> None:
    fields: dict[str, object] = {"title": value, "tags": [value, value.strip()], "categories": []}
    assert dump_yaml(fields) == libyaml_text(fields)


def test_direct_yaml_writes_usual_front_matter() -> None:
    """The values of real posts (names, dates, URLs, "a: b" titles) need no libyaml."""
    fields = front_matter(full_post(), author_name="Ann", featured_image=None, excerpt="Hi!")
    fields |= {"title": "Part 2: it's #1", "slug": "yes", "guid": "https://example.org/?p=7"}
    assert block_yaml(fields, string_style) == libyaml_text(fields)
    assert dump_yaml(fields) == libyaml_text(fields)


def test_body_line_ends_and_trailing_spaces_are_normalised() -> None:
    text = render(body="\n\nFirst   \r\nline\r\rlast \t\n\n\n")
    assert text.endswith("---\n\nFirst\nline\n\nlast\n")
    assert_clean_text(text)


def thread_3_deep() -> list[RenderedComment]:
    # Given out of order: threading puts parents first and siblings by date, then id.
    comments = [
        comment(14, parent=11, author="Grandchild", day=26),
        comment(12, author="Second", day=24),
        comment(11, parent=10, author="Child", day=25),
        comment(10, author="First", day=23),
        comment(13, parent=10, author="Child two", day=25),  # same date as 11: by id
        comment(15, author="A Blog", day=27, type_raw="pingback", author_url="http://b.example"),
        comment(16, parent=14, author="Great-grandchild", day=28),
    ]
    return [
        RenderedComment(comment=c, body=f"Body of {c.author}.", depth=depth)
        for c, depth in thread_comments(comments)
    ]


def test_comments_are_threaded_as_nested_blockquotes() -> None:
    text = render(comments=thread_3_deep())
    section = text.split("## Comments\n\n", 1)[1]
    assert section == (
        "**First** \u00b7 2010-06-23 12:00:00-07:00\n\nBody of First.\n\n"
        "> **Child** \u00b7 2010-06-25 12:00:00-07:00\n>\n> Body of Child.\n\n"
        "> > **Grandchild** \u00b7 2010-06-26 12:00:00-07:00\n> >\n> > Body of Grandchild.\n\n"
        "> > > **Great-grandchild** \u00b7 2010-06-28 12:00:00-07:00\n> > >\n"
        "> > > Body of Great-grandchild.\n\n"
        "> **Child two** \u00b7 2010-06-25 12:00:00-07:00\n>\n> Body of Child two.\n\n"
        "**Second** \u00b7 2010-06-24 12:00:00-07:00\n\nBody of Second.\n\n"
        "**[A Blog](http://b.example)** \u00b7 2010-06-27 12:00:00-07:00 \u00b7 pingback\n\n"
        "Body of A Blog.\n"
    )
    assert_mdformat_fixed_point(text)


def test_comment_bodies_with_block_markup_stay_inside_their_comment() -> None:
    bodies = [
        "> a quote from the post\n\nand my answer",
        "1. first\n1. second",
        "```\ncode  \n\n```",
        "Heading-like\n\n## Not a real heading",
        "",
    ]
    comments = [
        RenderedComment(comment=comment(i, parent=i - 1 if i else None), body=b, depth=i)
        for i, b in enumerate(bodies)
    ]
    text = render(comments=comments)
    assert_mdformat_fixed_point(text)
    assert_clean_text(text)


def test_deep_replies_are_capped() -> None:
    comments = [
        RenderedComment(comment=comment(i, parent=i - 1 if i else None), body="x", depth=i)
        for i in range(40)
    ]
    text = render(comments=comments)
    assert "> " * MAX_QUOTE_DEPTH + "x" in text
    assert "> " * (MAX_QUOTE_DEPTH + 1) not in text
    assert_mdformat_fixed_point(text)


def test_pending_comments_are_marked_and_anonymous_named() -> None:
    c = comment(1, author="  ", status="0")
    text = render(comments=[RenderedComment(comment=c, body="Hi", depth=0)])
    assert "**Anonymous** \u00b7 2010-06-23 12:00:00-07:00 \u00b7 pending\n\nHi\n" in text


HOSTILE_NAMES = [
    "Douglas Lewis, D.Sc.", "*Liz*", "**bold**", "_under_", "snake_case_name", "a * b",
    "a _ b", "[link](http://x)", "[x]", "[x]: y", "]odd[", "[[nested]]", "<b>html</b>",
    "< space", "a < b", "`code`", "&amp; &#42; &#x2A; &copy", "~~strike~~", "~single~",
    "back\\slash\\", "# hash", "> quote", "- dash", "1. one", "+ plus", "===", "---",
    "!bang", "caf\u00e9 \u65e5\u672c", "tab\tand  spaces", "line\nbreak", "ctrl\x01\x1b[0m",
    "\u2028sep", "(paren)", "x|y|z", "\\*", "__init__", "***", "_*_", "**", "100%",
    "{curly}", "$dollar$", "'quote'", '"dq"', "@handle", "#1 fan", "trailing #",
]  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("url", ["", "http://example.com/x"])
def test_hostile_comment_authors_survive_mdformat(name: str, url: str) -> None:
    c = comment(1, author=name, author_url=url)
    reply = comment(2, parent=1, author=name)
    comments = [
        RenderedComment(comment=c, body="Body.", depth=0),
        RenderedComment(comment=reply, body="Reply.", depth=1),
    ]
    assert_mdformat_fixed_point(render(comments=comments))


@settings(max_examples=300, deadline=None)
@given(name=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=20))
def test_any_author_name_survives_mdformat(name: str) -> None:
    # GFM autolinks ("www.x.y", "a@b.c") are kept by mdformat as they are: leave them out.
    if "www." in name or "@" in name or "://" in name:
        return
    c = comment(1, author=name)
    text = render(comments=[RenderedComment(comment=c, body="Body.", depth=1)])
    assert_mdformat_fixed_point(text)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://liz.example/", "http://liz.example/"),
        ("  https://Example.COM/a?b=c&d=e#f  ", "https://Example.COM/a?b=c&d=e#f"),
        ("http://example.com/wiki/Foo_(bar)", "<http://example.com/wiki/Foo_(bar)>"),
        ("http://example.com/caf\u00e9", "http://example.com/caf%C3%A9"),
        ("http://example.com/a%20b", "http://example.com/a%20b"),
        ("http://example.com/<script>", "http://example.com/%3Cscript%3E"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("ftp://example.com/", None),
        ("example.com", None),
        ("http://exa mple.com", None),
        ("http://b\u00fccher.example/", None),
        ("", None),
    ],
)
def test_link_destination(url: str, expected: str | None) -> None:
    assert link_destination(url) == expected
    if expected is not None:
        text = render(
            comments=[RenderedComment(comment=comment(1, author_url=url), body="", depth=0)]
        )
        assert f"**[Reader]({expected})**" in text
        assert_mdformat_fixed_point(text)


@settings(max_examples=500, deadline=None)
@given(url=st.from_regex(PLAIN_URL, fullmatch=True))
def test_plain_addresses_are_what_markdown_it_makes_of_them(url: str) -> None:
    """link_destination gives plain addresses back without asking markdown-it."""
    assert link_destination(url) == MarkdownIt("commonmark").normalizeLink(url)


def test_hosts_longer_than_markdown_it_keeps_take_its_own_answer() -> None:
    url = "http://" + ".".join(["a" * 60] * 5) + "/p"  # 304 characters of host: emptied
    assert not PLAIN_URL.fullmatch(url)
    assert link_destination(url) == MarkdownIt("commonmark").normalizeLink(url) == "http:///p"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("snake_case", "snake_case"),
        ("_a_", "\\_a\\_"),
        ("a * b", "a * b"),
        ("*a*", "\\*a\\*"),
        ("[x]", "[x]"),
        ("[x](y)", "\\[x\\](y)"),
        ("<b>", "\\<b>"),
        ("a < b", "a < b"),
        ("&amp;", "\\&amp;"),
        ("AT&T", "AT&T"),
        ("~~x~~", "\\~~x\\~~"),
        ("\\", "\\\\"),
    ],
)
def test_escape_inline(text: str, expected: str) -> None:
    assert escape_inline(text) == expected


def test_rendering_is_deterministic() -> None:
    first = render(full_post(), comments=thread_3_deep())
    assert render(full_post(), comments=thread_3_deep()) == first


# The pattern escape_inline used before it shared content/escape.py's: every HTML5 entity
# name spelled out (40 ms to compile at import). Both must escape the same references.
_NAMED_REFERENCE = re.compile(
    "&(?:#[0-9]{1,7}|#[Xx][0-9A-Fa-f]{1,6}|"
    + "|".join(sorted({re.escape(name.rstrip(";")) for name in html.entities.html5}))
    + ");"
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["&", "#", ";", "x", "X", "1", "9f", "amp", "notin", "not", "in", "zz", " "]
        )
        | st.sampled_from(sorted(html.entities.html5)),
        max_size=12,
    ).map("".join)
)
def test_escape_char_references_matches_the_entity_name_pattern(text: str) -> None:
    expected = _NAMED_REFERENCE.sub(lambda match: "\\" + match.group(), text)
    assert escape_char_references(text) == expected
