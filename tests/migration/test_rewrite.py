"""Rewriting URLs in Markdown: media to local copies, links between posts to their new paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wparchive.migration import (
    LinkRewriter,
    LinkTable,
    MediaRewriter,
    MediaTable,
    rewrite_internal_links,
    rewrite_media_references,
)

MEDIA = {
    "http://example.com/wp-content/uploads/2010/06/a.jpg": "/media/2010/06/a.jpg",
    "http://example.com/wp-content/uploads/2010/06/a-300x200.jpg": "/media/2010/06/a.jpg",
    "https://i0.wp.com/example.com/wp-content/uploads/2010/06/b.png?resize=300%2C200": (
        "/media/2010/06/b.png"
    ),
}
UP = "http://example.com/wp-content/uploads/2010/06"
A = "/media/2010/06/a.jpg"
CDN = "https://i0.wp.com/example.com/wp-content/uploads/2010/06/b.png"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (f"![A]({UP}/a.jpg)", f"![A]({A})"),
        (f'![A]({UP}/a.jpg "Title")', '![A](/media/2010/06/a.jpg "Title")'),
        # https and www. variants of a known URL
        (
            "![A](https://www.example.com/wp-content/uploads/2010/06/a.jpg)",
            f"![A]({A})",
        ),
        # a linked full-size image around its thumbnail
        (
            f"[![A]({UP}/a-300x200.jpg)]({UP}/a.jpg)",
            f"[![A]({A})]({A})",
        ),
        # srcset in raw HTML
        (
            f'<img src="{UP}/a-300x200.jpg" srcset="{UP}/a-300x200.jpg 300w, {UP}/a.jpg 1024w">',
            f'<img src="{A}" srcset="{A} 300w, {A} 1024w">',
        ),
        # the CDN URL with its query; in HTML with &amp;
        (f"![B]({CDN}?resize=300%2C200)", "![B](/media/2010/06/b.png)"),
        (f'<img src="{CDN}?resize=300%2C200&amp;ssl=1">', '<img src="/media/2010/06/b.png">'),
        (f"{UP}/a.jpg.", "/media/2010/06/a.jpg."),  # sentence punctuation stays
        (f"![A]({UP}/a.jpg?w=300)", f"![A]({A})"),
        ("/wp-content/uploads/2010/06/a.jpg", "/wp-content/uploads/2010/06/a.jpg"),  # no delimiter
        ('<img src="/wp-content/uploads/2010/06/a.jpg">', '<img src="/media/2010/06/a.jpg">'),
        (f"![X]({UP}/unknown.jpg)", f"![X]({UP}/unknown.jpg)"),
        (f"`{UP}/a.jpg`", f"`{UP}/a.jpg`"),  # inline code is code
        (
            f"```\n{UP}/a.jpg\n```\n\n![A]({UP}/a.jpg)",
            f"```\n{UP}/a.jpg\n```\n\n![A]({A})",
        ),
    ],
)
def test_media_references(markdown: str, expected: str) -> None:
    assert rewrite_media_references(markdown, MEDIA, base_url="http://example.com") == expected


LINKS = {
    "http://example.com/2010/06/22/hello/": "/posts/hello/",
    "http://example.com/?p=112": "/posts/hello/",
    "http://example.com/about/": "/about-us/",
}


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[x](http://example.com/2010/06/22/hello/)", "[x](/posts/hello/)"),
        ("[x](https://example.com/2010/06/22/hello)", "[x](/posts/hello/)"),
        ("[x](http://www.example.com/2010/06/22/hello/)", "[x](/posts/hello/)"),
        ("[x](http://example.com/2010/06/22/hello/#comments)", "[x](/posts/hello/#comments)"),
        ("[x](http://example.com/?p=112)", "[x](/posts/hello/)"),
        ("[x](/about/)", "[x](/about-us/)"),
        # An autolink needs a scheme: to a path it becomes a link showing the old address.
        ("<http://example.com/about/>", "[http://example.com/about/](/about-us/)"),
        ("see http://example.com/about/.", "see /about-us/."),
        ('<a href="http://example.com/about">x</a>', '<a href="/about-us/">x</a>'),
        ("[x](http://example.com/?p=1120)", "[x](http://example.com/?p=1120)"),
        ("[x](http://other.org/about/)", "[x](http://other.org/about/)"),
        ("~~~\nhttp://example.com/about/\n~~~", "~~~\nhttp://example.com/about/\n~~~"),
    ],
)
def test_internal_links(markdown: str, expected: str) -> None:
    assert rewrite_internal_links(markdown, LINKS, base_url="http://example.com/") == expected


def test_a_long_text_without_urls_is_returned_unchanged() -> None:
    text = "plain words " * 100_000
    assert rewrite_internal_links(text, LINKS) == text


def test_rewrite_files_after_the_run(tmp_path: Path) -> None:
    from wparchive.migration import RedirectWriter, rewrite_markdown_files
    from wparchive.model import Post

    redirects = RedirectWriter(tmp_path, "http://example.com/")
    hello = Post(
        id=112, type="post", status="publish", title="Hello", slug="hello", slug_raw="hello",
        link="http://example.com/2010/06/22/hello/",
    )  # fmt: skip
    redirects.add(hello, "/posts/hello/")
    (tmp_path / "a.md").write_text(
        "---\nwp_url: http://example.com/?p=112\n"
        "images:\n  - http://example.com/wp-content/uploads/2010/06/a.jpg\n---\n\n"
        "[Hello](https://www.example.com/?p=112) and ![A](http://example.com/wp-content/uploads/2010/06/a-300x200.jpg)\n"
    )
    (tmp_path / "b.md").write_text("nothing to change\n")
    changed = rewrite_markdown_files(
        tmp_path,
        ["a.md", "b.md"],
        url_map=redirects.url_map(),
        media_map=MEDIA,
        base_url="http://example.com/",
    )
    assert changed == 1
    assert (tmp_path / "a.md").read_text() == (
        "---\nwp_url: http://example.com/?p=112\n"  # where it was: kept
        f"images:\n  - {A}\n---\n\n[Hello](/posts/hello/) and ![A]({A})\n"
    )


def test_a_link_table_answers_as_the_dict_of_first_targets_does() -> None:
    """LinkTable (on disk, for a whole export) against LinkRewriter given {old: first new}."""
    base = "https://www.example.com/blog/"
    added = [
        ("/blog/2010/06/hello/", "/posts/hello/"),
        ("/blog/?p=12", "/posts/hello/"),
        ("/blog/2010/06/hello", "/posts/other/"),  # the same page: a later URL's key wins
        ("/blog/2010/06/hello/", "/posts/third/"),  # the same URL: the first target stays
        ("https://example.com/blog/about/", "/about/"),
        ("/blog/caf%C3%A9/", "/posts/café/"),
    ]
    first: dict[str, str] = {}
    table = LinkTable(base_url=base)
    for old, new in added:
        first.setdefault(old, new)
        table.add(old, new)
    from_dict, from_table = LinkRewriter(first, base_url=base), LinkRewriter(table, base_url=base)
    asked = [
        *(f"http://example.com{old}" for old, _ in added),
        "https://www.example.com/blog/2010/06/hello#comments",
        "/blog/about",
        "https://example.com/blog/?p=12&amp;x=1",
        "https://example.com/blog/?p=13",
        "https://other.org/blog/about/",
    ]
    assert [from_table.lookup(url) for url in asked] == [from_dict.lookup(url) for url in asked]
    assert from_table.lookup("/blog/2010/06/hello/") == "/posts/other/"
    assert not LinkTable(base_url=base)


# URLs that share keys: http/https, www., the query, the same URL set twice.
_MEDIA_URLS = [
    *(f"{scheme}://{www}example.com/up/{name}{query}"
      for scheme in ("http", "https") for www in ("", "www.")
      for name in ("a.jpg", "b.png") for query in ("", "?w=300", "?w=600")),
    "https://i0.wp.com/example.com/up/a.jpg?resize=300%2C200",
    "/up/a.jpg",
]  # fmt: skip
_LOCAL_URLS = ["/m/1", "/m/2", "/m/3"]


@given(st.lists(st.tuples(st.sampled_from(_MEDIA_URLS), st.sampled_from(_LOCAL_URLS)), max_size=12))
def test_a_media_table_answers_as_the_dict_it_stands_for(settings: list[tuple[str, str]]) -> None:
    """MediaTable (on disk, for a whole export) against MediaRewriter given the dict that
    the same settings build, on every URL that can be asked."""
    mapping: dict[str, str] = {}
    table = MediaTable()
    for url, local in settings:
        mapping[url] = local
        table[url] = local
    base = "https://example.com/"
    from_dict = MediaRewriter(mapping, base_url=base)
    from_table = MediaRewriter(table, base_url=base)
    asked = [*_MEDIA_URLS, "https://example.com/up/a.jpg?w=900", "https://example.com/up/c.jpg"]
    assert [from_table.lookup(url) for url in asked] == [from_dict.lookup(url) for url in asked]
    assert [table.get(url) for url in asked] == [mapping.get(url) for url in asked]
    assert bool(table) == bool(mapping)
