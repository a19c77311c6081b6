"""The seed page (shared/seed/ldn-post.html) read as its README says it must be."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from pagecheck import boilerplate_found, fold, read_with, visible_text

from wparchive.errors import InputError
from wparchive.model import CommentStatus, CommentType
from wparchive.problems import ProblemLog
from wparchive.readers import html_page

SEED_TITLE = (
    'Low Dose Naltrexone "LDN" and Dextromethorphan off label for Pain, RSD, Chronic '
    "Fatigue, Fibromyalgia, MS, Crohn's Disease"
)
SEED_COMMENTERS = [
    "Nancy Sajben MD",
    "liz",
    "sandrasi",
    "Heidi Shultz-Hartfield",
    "Douglas Lewis, D.Sc.",
]


@pytest.fixture(scope="module")
def page(seed: Path):  # type: ignore[no-untyped-def]
    return read_with(html_page, seed / "ldn-post.html")


def test_detects_the_seed_page_by_its_bytes(seed: Path) -> None:
    assert html_page.detect((seed / "ldn-post.html").read_bytes()[:65536])
    assert not html_page.detect((seed / "ldn-post.txt").read_bytes()[:65536])
    assert not html_page.detect((seed / "ldn-export.xml").read_bytes()[:65536])


def test_post_fields(page) -> None:  # type: ignore[no-untyped-def]
    authors, post, site, _ = page
    assert fold(post.title) == SEED_TITLE
    assert (post.id, post.type, post.status, post.content_rendered) == (
        112,
        "post",
        "publish",
        True,
    )
    assert post.link.endswith(
        "/2010/06/22/low-dose-naltrexone-ldn-and-dextromethorphan-off-"
        "label-for-pain-rsd-chronic-fatigue-fibromyalgia-ms-crohns-disease/"
    )
    assert (post.date.local_raw, post.date.gmt_raw) == (
        "2010-06-22 21:12:40",
        "2010-06-23 04:12:40",
    )
    assert [a.login for a in authors] == ["nsajbenmd"] == [post.creator]
    assert authors[0].display_name == "Nancy Sajben MD"
    assert [t.name for t in post.categories] == ["Low Dose Naltrexone", "Pain Management"]
    assert [t.name for t in post.tags] == [
        "dextromethorphan",
        "fibromyalgia",
        "multiple sclerosis",
        "RSD / CRPS",
    ]
    assert post.meta_value(
        "_thumbnail_url",
    ) == ("http://painmanagementweblog.files.wordpress.com/2010/06/promise-of-ldn-cover.jpg")
    assert site.title == "Welcome to my Weblog on Pain Management!"
    assert site.link == "http://painmanagementweblog.wordpress.com/"
    assert site.utc_offset == timedelta(hours=-7)


def test_body_keeps_the_authors_text_and_drops_the_chrome(page) -> None:  # type: ignore[no-untyped-def]
    _, post, _, _ = page
    text = visible_text(post.content)
    assert text.startswith("Low dose naltrexone, or LDN, has been prescribed")
    assert text.endswith("For My Home Page, click here: Welcome to my Weblog on Pain Management! .")
    for heading in (
        "How does it work?",
        "Recent clinical research",
        "My experience prescribing LDN",
    ):
        assert f"<h3>{heading}</h3>" in post.content
    for separator in ("<p>~</p>", "<p>.</p>", "<p>§</p>", "<p>~~~~~</p>"):
        assert separator in post.content
    assert post.content.count("<a ") == 19
    assert boilerplate_found(post.content) == []


def test_comments(page) -> None:  # type: ignore[no-untyped-def]
    _, post, _, _ = page
    assert [c.author for c in post.comments] == SEED_COMMENTERS
    assert [c.id for c in post.comments] == [118, 142, 187, 203, 251]
    assert {(c.type, c.status, c.parent) for c in post.comments} == {
        (CommentType.COMMENT, CommentStatus.APPROVED, None)
    }
    by_author = [any(m.key == "by_post_author" for m in c.meta) for c in post.comments]
    assert by_author == [True, False, False, False, False]
    first = post.comments[0].date
    assert (first.local_raw, first.gmt_raw) == ("2010-06-24 08:03:00", "2010-06-24 15:03:00")
    assert post.comments[4].author_url == "http://www.usdtl.example.com"
    for comment in post.comments:
        assert boilerplate_found(comment.content) == []
        assert "Says:" not in comment.content


def test_line_breaks_inside_a_comment_paragraph_stay_line_breaks(page) -> None:  # type: ignore[no-untyped-def]
    _, post, _, _ = page
    liz = post.comments[1].content
    assert "<p>Did it help in these type of cases?<br>\nOpiates are generally useless" in liz
    assert liz.count("<p>") == 3
    signature = post.comments[4].content
    assert "<p>Douglas Lewis, D.Sc.<br>\nPresident<br>\nUnited States Drug Testing" in signature


def test_declared_count_and_the_missing_pingbacks_are_reported(page) -> None:  # type: ignore[no-untyped-def]
    _, post, _, log = page
    assert post.meta_value("comment_count_declared") == "7"
    missing = [p for p in log if p.code == "comments-missing"]
    assert len(missing) == 1
    assert "declares 7 comments but shows 5" in missing[0].message
    assert "pingbacks" in missing[0].message


NOT_WORDPRESS = [
    b"<!DOCTYPE html><html><head><title>Hi</title></head><body><p>Plain page</p></body></html>",
    b"<html><body><article><h1>Static blog</h1><p>Jekyll made me.</p></article></body></html>",
]


@pytest.mark.parametrize("data", NOT_WORDPRESS)
def test_a_page_that_is_not_wordpress_is_an_input_error(data: bytes) -> None:
    assert not html_page.detect(data)
    with pytest.raises(InputError, match="not a WordPress page"):
        list(html_page.read((io.BytesIO(data), "other.html"), ProblemLog()))


def test_a_wordpress_listing_page_is_an_input_error() -> None:
    data = (
        b'<html><head><meta name="generator" content="WordPress 6.4"></head>'
        b'<body class="home blog"><article id="post-1" class="post hentry"><p>x</p></article>'
        b'<article id="post-2" class="post hentry"><p>y</p></article></body></html>'
    )
    assert html_page.detect(data)
    with pytest.raises(InputError, match="lists posts"):
        list(html_page.read((io.BytesIO(data), "home.html"), ProblemLog()))
