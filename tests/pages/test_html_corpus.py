"""Every saved page of shared/corpus/html: comment counts, threading, authors, dates, chrome.

Counts are SOURCES.md's "comments visible", each checked by hand against the page. Max
depths are the pages' own `ul.children` nesting, which agrees with WordPress's depth-N
classes; SOURCES.md's "max nesting" column is one higher for gormulus, zulang, happyface313
and wptavern and says 1 for blog.wordpress.com (whose h4 theme closes the `li` before its
`ul.children`, so the replies sit beside their parent, not inside it).
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from pagecheck import boilerplate_found, read_with, visible_text

from wparchive.model import CommentType, Post
from wparchive.readers import html_page

# page (file name prefix) -> (comments visible, max depth, comments showing no date)
EXPECTED = {
    "adbar__trafilatura__archive.org.the-pain.net.silkroad": (34, 1, 0),
    "adbar__trafilatura__blog.wordpress.com.diverse": (13, 3, 0),
    "adbar__trafilatura__cubadebate.cu-sesiona": (11, 3, 0),
    "adbar__trafilatura__de.creativecommons.org.endlich": (5, 1, 2),  # 2 pingbacks, undated
    "adbar__trafilatura__foxyfolksy.com.buttercream": (80, 4, 0),
    "adbar__trafilatura__gormulus.wordpress.com.durfen": (45, 3, 5),  # 5 pingbacks, undated
    "adbar__trafilatura__happyface313.com.plantur": (21, 3, 0),
    "adbar__trafilatura__hearya.com.metal": (38, 1, 0),
    "adbar__trafilatura__journelles.de.westwing": (1, 1, 0),
    "adbar__trafilatura__lemire.me.json": (5, 2, 0),
    "adbar__trafilatura__murdeltas.wordpress.com.politcamp": (0, 0, 0),
    "adbar__trafilatura__netzpolitik.org.abmahnungen": (74, 5, 0),
    "adbar__trafilatura__zulang.wordpress.com.genitalverstuemmelung": (6, 4, 0),
    "mozilla__readability__test-pages-firefox-nightly-blog-source": (2, 1, 0),
    "mozilla__readability__test-pages-wordpress-source": (13, 4, 0),
    "postlight__parser__blisterreview.com": (22, 3, 0),
    "scrapinghub__article-extraction-benchmark__21486419bb109c5a-kabarislamia": (1, 1, 0),
    "scrapinghub__article-extraction-benchmark__8e3efab59f48fd29-profootballtalk": (34, 1, 0),
}
_DEPTH_CLASS = re.compile(r"\bdepth-(\d+)\b")
_COMMENT_ID = re.compile(r"^(?:li-|div-)?comment-(\d+)$")


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def page(request: pytest.FixtureRequest, corpus_html: Path):  # type: ignore[no-untyped-def]
    path = corpus_html / f"{request.param}.html"
    return (request.param, path, *read_with(html_page, path))


def test_the_table_covers_every_corpus_page(corpus_html: Path) -> None:
    assert sorted(path.stem for path in corpus_html.glob("*.html")) == sorted(EXPECTED)


def test_every_visible_comment_is_read(page) -> None:  # type: ignore[no-untyped-def]
    name, _, _, post, _, _ = page
    assert len(post.comments) == EXPECTED[name][0]
    assert len({c.id for c in post.comments}) == len(post.comments)


def _depths(post: Post) -> dict[int, int]:
    parents = {c.id: c.parent for c in post.comments}
    depths: dict[int, int] = {}
    for comment in post.comments:
        depth, parent = 1, comment.parent
        while parent is not None:
            assert parent in parents, f"comment {comment.id} answers a comment not read"
            depth, parent = depth + 1, parents[parent]
        depths[comment.id] = depth
    return depths


def _declared_depths(path: Path) -> dict[int, int]:
    """depth-N classes as WordPress printed them, read independently of the reader."""
    root = lxml.html.parse(str(path)).getroot()
    found: dict[int, int] = {}
    for node in root.iter():
        match = _COMMENT_ID.match(node.get("id") or "") if isinstance(node.tag, str) else None
        depth = _DEPTH_CLASS.search(node.get("class") or "") if match else None
        if match and depth:
            found.setdefault(int(match.group(1)), int(depth.group(1)))
    return found


def test_threading_matches_the_nesting(page) -> None:  # type: ignore[no-untyped-def]
    name, path, _, post, _, log = page
    depths = _depths(post)
    assert max(depths.values(), default=0) == EXPECTED[name][1]
    declared = _declared_depths(path)
    assert {n: depths[n] for n in declared} == declared
    assert [p for p in log if p.code == "comment-depth"] == []


def test_authors_dates_and_bodies_are_filled(page) -> None:  # type: ignore[no-untyped-def]
    name, _, _, post, _, _ = page
    assert all(c.author for c in post.comments)
    undated = [c.id for c in post.comments if not c.date.is_set]
    assert len(undated) == EXPECTED[name][2]
    assert all(c.date.value is None or c.date.value.tzinfo for c in post.comments)
    ordinary = [c for c in post.comments if c.type is CommentType.COMMENT]
    assert all(visible_text(c.content) for c in ordinary)


def test_no_boilerplate_in_post_or_comments(page) -> None:  # type: ignore[no-untyped-def]
    _, _, _, post, _, _ = page
    assert boilerplate_found(post.content) == []
    assert [
        (c.id, boilerplate_found(c.content)) for c in post.comments if boilerplate_found(c.content)
    ] == []


def test_post_fields_are_filled(page) -> None:  # type: ignore[no-untyped-def]
    _, _, _, post, site, _ = page
    assert post.title and post.link.startswith("http") and post.id > 0
    assert post.date.is_set
    assert len(visible_text(post.content)) > 500
    assert post.content_rendered
    assert site.link.startswith("http") and site.title


def test_a_page_without_comments_gives_none(corpus_html: Path) -> None:
    path = corpus_html / "adbar__trafilatura__murdeltas.wordpress.com.politcamp.html"
    _, post, _, log = read_with(html_page, path)
    assert post.comments == ()
    assert "Leave a Reply" not in visible_text(post.content)
    assert [p.code for p in log if p.code.startswith("comment")] == []
