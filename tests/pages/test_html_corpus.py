"""Every saved page of shared/corpus/html: comment counts, threading, authors, dates, chrome.

Counts are SOURCES.md's "comments visible", each checked by hand against the page. Max
depths are the pages' own `ul.children` nesting, which agrees with WordPress's depth-N
classes; SOURCES.md's "max nesting" column is one higher for gormulus, zulang, happyface313
and wptavern and says 1 for blog.wordpress.com (whose h4 theme closes the `li` before its
`ul.children`, so the replies sit beside their parent, not inside it).
"""

from __future__ import annotations

import re
from datetime import timedelta
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


# page -> (post id, title start, author, published (site-local), UTC offset hours, declared)
FACTS = {
    "adbar__trafilatura__archive.org.the-pain.net.silkroad": (
        1387,
        "Silkroad Roc Mountain Quests",
        "ThE_PaiN",
        "2008-05-26 00:00:00",
        0,
        "34",
    ),
    "adbar__trafilatura__blog.wordpress.com.diverse": (
        41513,
        "Want to See a More Diverse",
        "Andrea Middleton",
        "2019-06-19 19:38:08",
        0,
        "13",
    ),
    "adbar__trafilatura__cubadebate.cu-sesiona": (
        1684713,
        "Sesiona IV Pleno",
        "",
        "2022-04-26 15:35:23",
        -4,
        "11",
    ),
    "adbar__trafilatura__de.creativecommons.org.endlich": (
        1185,
        "Endlich wird es spannend",
        "john",
        "2014-03-20 15:27:05",
        0,
        "5",
    ),
    "adbar__trafilatura__foxyfolksy.com.buttercream": (
        10742,
        "Chocolate Buttercream Frosting",
        "Bebs",
        "2018-01-28 03:38:45",
        0,
        "80",
    ),
    "adbar__trafilatura__gormulus.wordpress.com.durfen": (
        339,
        "„Das wird man ja wohl",
        "Mathias",
        "2012-12-11 11:00:53",
        1,
        "45",
    ),
    "adbar__trafilatura__happyface313.com.plantur": (
        19378,
        "Im Test: Plantur 39",
        "happyface313",
        "2018-03-07 06:30:43",
        0,
        "21",
    ),
    "adbar__trafilatura__hearya.com.metal": (
        138,
        "Hit Parader\u2019s Top 100",
        "oz",
        "2006-12-04 00:00:00",
        0,
        "38",
    ),
    "adbar__trafilatura__journelles.de.westwing": (
        194743,
        "Mein cosy Home Gift Guide",
        "Jessie",
        "2022-12-16 06:12:02",
        0,
        "1",
    ),
    "adbar__trafilatura__lemire.me.json": (
        17725,
        "JSON parsing: simdjson",
        "Daniel Lemire",
        "2019-08-02 15:57:41",
        0,
        "5",
    ),
    "adbar__trafilatura__murdeltas.wordpress.com.politcamp": (
        7997,
        "Barcamp Graz 2015",
        "marc",
        "2015-04-05 00:08:34",
        0,
        None,
    ),
    "adbar__trafilatura__netzpolitik.org.abmahnungen": (
        123782,
        "Die Cider Connection",
        "Markus Reuter",
        "2016-06-23 16:14:51",
        2,
        "91",
    ),
    "adbar__trafilatura__zulang.wordpress.com.genitalverstuemmelung": (
        462,
        "3 Jahre legalisierte",
        "HansG",
        "2015-12-12 05:00:37",
        0,
        "6",
    ),
    "mozilla__readability__test-pages-firefox-nightly-blog-source": (
        997,
        "These Weeks in Firefox: Issue 85",
        "Mike Conley",
        "2020-12-18 16:09:48",
        0,
        "2",
    ),
    "mozilla__readability__test-pages-wordpress-source": (
        67202,
        "Stack Overflow Jobs Data",
        "Sarah Gooding",
        "2017-03-09 23:16:02",
        0,
        "13",
    ),
    "postlight__parser__blisterreview.com": (
        55077,
        "2021-2022 Line Outline",
        "Luke Koppa",
        "2021-12-10 20:06:09",
        -7,
        "22",
    ),
    "scrapinghub__article-extraction-benchmark__21486419bb109c5a-kabarislamia": (
        5129,
        "Jangan Membenci Satu Kaum",
        "",
        "2015-03-30 02:40:29",
        0,
        "1",
    ),
    "scrapinghub__article-extraction-benchmark__8e3efab59f48fd29-profootballtalk": (
        2690054,
        "Anthony Lynn: “We needed",
        "Michael David Smith",
        "2019-11-19 06:34:04",
        -5,
        "34",
    ),
}


def test_post_facts(page) -> None:  # type: ignore[no-untyped-def]
    name, _, authors, post, _, _ = page
    number, title, author, published, offset, declared = FACTS[name]
    assert post.id == number
    assert post.title.startswith(title)
    assert [a.display_name for a in authors] == ([author] if author else [])
    assert post.date.local_raw == published
    assert post.date.value is not None
    assert post.date.value.utcoffset() == timedelta(hours=offset)
    assert post.meta_value("comment_count_declared") == declared


def test_a_blog_icon_is_not_the_featured_image(corpus_html: Path) -> None:
    path = corpus_html / "adbar__trafilatura__gormulus.wordpress.com.durfen.html"
    assert read_with(html_page, path)[1].meta_value("_thumbnail_url") is None


def test_wayback_links_get_their_original_url_back(corpus_html: Path) -> None:
    path = corpus_html / "adbar__trafilatura__archive.org.the-pain.net.silkroad.html"
    _, post, site, _ = read_with(html_page, path)
    assert post.link == "http://the-pain.net/2008/05/silkroad-roc-mountain-quests-und-npcs.html"
    assert 'href="https://web.archive.org' not in post.content
    assert site.title == "PaiNs Blog"
