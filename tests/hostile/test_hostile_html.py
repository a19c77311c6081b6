"""Hostile and odd saved pages: the text comes out right, or a problem or InputError says
what was not read."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_helpers import read, write

GENERATOR = '<meta name="generator" content="WordPress 6.4">'


def page(
    body: str, *, head: str = '<meta charset="utf-8">', classes: str = "single postid-7"
) -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}{GENERATOR}<title>Hello</title></head>"
        f'<body class="post-template-default {classes}">{body}</body></html>'
    )


def article(inner: str, number: int = 7) -> str:
    return (
        f'<article id="post-{number}" class="post-{number} post type-post hentry">'
        f'<h1 class="entry-title">Title {number}</h1>'
        f'<time class="entry-date published" datetime="2020-01-02T03:04:05+00:00">2 Jan</time>'
        f'<div class="entry-content">{inner}</div></article>'
    )


def test_giant_attribute_keeps_its_paragraph(tmp_path: Path) -> None:
    # libxml2 without huge_tree dropped the whole <p> when one attribute passed 10 MB.
    data_uri = "data:image/png;base64," + "A" * 12_000_000
    html = page(article(f'<p>Before</p><p title="{data_uri}">Kept paragraph</p><p>After</p>'))

    outcome = read(write(tmp_path, "giant.html", html))

    assert outcome.error is None
    content = outcome.posts[0].content
    assert "Kept paragraph" in content and "After" in content


@pytest.mark.parametrize("tag", ["div", "span"])
def test_modest_deep_nesting_keeps_all_text(tmp_path: Path, tag: str) -> None:
    nested = f"<{tag}>" * 1500 + "Deep text" + f"</{tag}>" * 1500
    html = page(article(f"<p>Before</p>{nested}<p>After the nest</p>"))

    started = time.perf_counter()
    outcome = read(write(tmp_path, "deep.html", html))

    assert time.perf_counter() - started < 5
    content = outcome.posts[0].content
    assert "Deep text" in content and "After the nest" in content
    assert "html-too-deep" not in outcome.codes


def test_nesting_past_the_parser_limit_is_reported(tmp_path: Path) -> None:
    nested = "<div>" * 10_000 + "Deep text" + "</div>" * 10_000
    html = page(article(f"<p>Before</p>{nested}<p>After the nest</p>"))

    started = time.perf_counter()
    outcome = read(write(tmp_path, "deeper.html", html))

    # libxml2 stops at 2048 levels and the rest of the page is gone: never silently.
    assert time.perf_counter() - started < 5
    assert outcome.error is not None or "html-too-deep" in outcome.codes
    if outcome.error is None:
        assert "Before" in outcome.posts[0].content


def test_page_without_body_element(tmp_path: Path) -> None:
    html = (
        f"<html><head>{GENERATOR}<title>T</title></head>"
        '<article id="post-3" class="post hentry"><div class="entry-content">'
        "<p>No body tag here</p></div></article></html>"
    )

    outcome = read(write(tmp_path, "nobody.html", html))

    assert outcome.error is None
    assert "No body tag here" in outcome.posts[0].content


def test_home_page_listing_posts_is_refused(tmp_path: Path) -> None:
    html = page(article("<p>one</p>", 1) + article("<p>two</p>", 2), classes="home blog")

    outcome = read(write(tmp_path, "home.html", html))

    assert outcome.error is not None
    assert "lists posts" in str(outcome.error) and "home.html" in str(outcome.error)


def test_several_posts_without_body_classes_reads_the_first_and_says_so(tmp_path: Path) -> None:
    html = page(article("<p>one</p>", 1) + article("<p>two</p>", 2) + article("<p>3</p>", 3))
    html = html.replace(' class="post-template-default single postid-7"', "")

    outcome = read(write(tmp_path, "several.html", html))

    assert [post.title for post in outcome.posts] == ["Title 1"]
    problem = next(p for p in outcome.log if p.code == "several-posts")
    assert "3 posts" in problem.message and "post-1" in problem.message


def test_a_single_post_with_nested_post_ids_is_not_several(tmp_path: Path) -> None:
    related = '<div id="post-9" class="post-9 post hentry">Related</div>'
    outcome = read(write(tmp_path, "one.html", page(article(f"<p>one</p>{related}", 7))))

    assert "several-posts" not in outcome.codes


UMLAUTS = "Grüße aus Köln: Äpfel, Öl, Übermaß"
QUOTES = "\u201eZitat\u201c \u2013 \u201cquoted\u201d \u2026 \u2018single\u2019"
ENCODED_PAGES = {
    # name: (declaration in <head>, codec the bytes are in, text)
    "windows-1252 declared": ('<meta charset="windows-1252">', "cp1252", UMLAUTS + QUOTES),
    "windows-1252 undeclared": ("", "cp1252", UMLAUTS + QUOTES),
    "ISO-8859-1 declared": (
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
        "latin-1",
        UMLAUTS,
    ),
    "ISO-8859-1 undeclared": ("", "latin-1", UMLAUTS),
    # Browsers read an ISO-8859-1 label as Windows-1252, and pages rely on it.
    "ISO-8859-1 declared, Windows-1252 quotes": (
        '<meta charset="iso-8859-1">',
        "cp1252",
        UMLAUTS + QUOTES,
    ),
    "ISO-8859-15 declared": ('<meta charset="iso-8859-15">', "iso8859-15", UMLAUTS + " 5 €"),
}


@pytest.mark.parametrize("case", sorted(ENCODED_PAGES))
def test_non_utf8_pages_give_the_right_text(tmp_path: Path, case: str) -> None:
    head, codec, text = ENCODED_PAGES[case]
    data = page(article(f"<p>{text}</p>"), head=head).encode(codec)
    assert data.decode("utf-8", errors="replace") != data.decode(codec)  # really not UTF-8

    outcome = read(write(tmp_path, "encoded.html", data))

    assert outcome.error is None
    assert text in outcome.posts[0].content


def test_control_characters_in_a_page_are_removed_and_reported(tmp_path: Path) -> None:
    # The fuzzer's first find: a \x01 in a comment byline raised ValueError from lxml.
    comment = (
        '<ol class="comment-list"><li id="comment-5" class="comment depth-1">'
        '<article class="comment-body"><footer class="comment-meta"><b class="fn">A\x01nn</b>'
        '</footer>tail \x01 text<div class="comment-content"><p>Hi\x02 there</p></div>'
        "</article></li></ol>"
    )
    html = page(article("<p>Body\x0b text\x00</p>") + comment)

    outcome = read(write(tmp_path, "controls.html", html))

    assert outcome.error is None
    assert "control-chars" in outcome.codes
    post = outcome.posts[0]
    assert "Body text" in post.content
    assert all(ch not in repr(outcome.records) for ch in "\x00\x01\x02\x0b")


def test_external_entity_in_a_page_is_never_loaded(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "WPARCHIVE-SECRET-html").as_uri()
    html = page(article("<p>Before &xxe; after</p>")).replace(
        "<!DOCTYPE html>", f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret}">]>'
    )

    outcome = read(write(tmp_path, "xxe.html", html))

    assert "WPARCHIVE-SECRET" not in repr(outcome.records)
    assert outcome.error is not None or "Before" in outcome.posts[0].content


def _page_comment(number: int, depth: int) -> str:
    return (
        f'<li id="comment-{number}" class="comment depth-{depth}"><article class="comment-body">'
        f'<footer class="comment-meta"><b class="fn">P{number}</b> '
        f'<time datetime="2020-01-02T03:04:05+00:00">2 Jan</time></footer>'
        f'<div class="comment-content"><p>Hi {number}</p></div></article>'
    )


def test_a_deep_reply_chain_on_a_page_reads_in_reasonable_time(tmp_path: Path) -> None:
    depth = 300  # each reply inside the one before: minutes before, ~1 s now
    chain = "".join(_page_comment(n, n + 1) + '<ul class="children">' for n in range(1, depth))
    thread = f'<ol class="comment-list">{chain}{"</ul></li>" * (depth - 1)}</ol>'

    started = time.perf_counter()
    outcome = read(write(tmp_path, "chain.html", page(article("<p>x</p>") + thread)))

    assert time.perf_counter() - started < 5
    comments = outcome.posts[0].comments
    assert [(c.id, c.parent) for c in comments][:3] == [(1, None), (2, 1), (3, 2)]
    assert len(comments) == depth - 1
    assert all(c.content.count("Hi ") == 1 for c in comments)  # no reply inside another


@pytest.mark.slow
def test_two_thousand_flat_comments_on_a_page(tmp_path: Path) -> None:
    thread = "".join(_page_comment(n, 1) + "</li>" for n in range(1, 2001))
    html = page(article("<p>x</p>") + f'<ol class="comment-list">{thread}</ol>')

    started = time.perf_counter()
    outcome = read(write(tmp_path, "flat.html", html))

    assert time.perf_counter() - started < 20  # ~1.5 ms a comment, linear
    assert len(outcome.posts[0].comments) == 2000


@pytest.mark.parametrize("label", ["undefined", "unicode_escape", "utf-7", "base64", "x-bogus"])
def test_impossible_charset_label_falls_back_to_the_bytes(tmp_path: Path, label: str) -> None:
    # "undefined" raised UnicodeError; "unicode_escape" silently dropped the quotes.
    text = UMLAUTS + QUOTES
    data = page(article(f"<p>{text}</p>"), head=f'<meta charset="{label}">').encode("cp1252")

    outcome = read(write(tmp_path, "label.html", data))

    assert outcome.error is None
    assert text in outcome.posts[0].content
