"""Plain-text captures of a post page: the seed capture, and the rules as small tables."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pagecheck import boilerplate_found, fold, read_with, visible_text
from test_html_seed import SEED_COMMENTERS, SEED_TITLE

from wparchive.model import CommentType, Post
from wparchive.problems import ProblemLog
from wparchive.readers import text_capture


def capture(text: str) -> tuple[Post, ProblemLog]:
    log = ProblemLog()
    records = list(text_capture.read((io.BytesIO(text.encode("utf-8")), "t.txt"), log))
    post = records[0]
    assert isinstance(post, Post)
    return post, log


@pytest.fixture(scope="module")
def seed_capture(seed: Path):  # type: ignore[no-untyped-def]
    return read_with(text_capture, seed / "ldn-post.txt")


def test_detects_plain_text_only(seed: Path) -> None:
    assert text_capture.detect((seed / "ldn-post.txt").read_bytes()[:65536])
    assert not text_capture.detect((seed / "ldn-post.html").read_bytes()[:65536])
    assert not text_capture.detect((seed / "ldn-export.xml").read_bytes()[:65536])
    assert not text_capture.detect(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert not text_capture.detect(b"   ")
    assert not text_capture.detect(b"just some notes")  # one line: no title and body


def test_seed_capture_post(seed_capture) -> None:  # type: ignore[no-untyped-def]
    authors, post, _, log = seed_capture
    assert fold(post.title) == SEED_TITLE
    assert (post.type, post.status, post.content_rendered) == ("post", "publish", True)
    assert [(t.taxonomy, t.name) for t in post.terms] == [("category", "Low Dose Naltrexone")]
    text = visible_text(post.content)
    assert text.startswith("Low dose naltrexone, or LDN, has been prescribed")
    assert text.endswith("For My Home Page, click here: Welcome to my Weblog on Pain Management! .")
    for separator in ("<p>~</p>", "<p>.</p>", "<p>§</p>", "<p>~~~~~</p>"):
        assert separator in post.content
    assert "<p>How does it work?</p>" in post.content
    assert "Responses to" not in post.content
    assert authors == []  # a capture does not name the post's author
    assert {p.code for p in log} == {"comments-missing", "post-id-derived", "no-post-date"}


def test_seed_capture_comments(seed_capture) -> None:  # type: ignore[no-untyped-def]
    _, post, _, _ = seed_capture
    assert [c.author for c in post.comments] == SEED_COMMENTERS
    assert [c.id for c in post.comments] == [1, 2, 3, 4, 5]
    assert {(c.type, c.parent) for c in post.comments} == {(CommentType.COMMENT, None)}
    liz = post.comments[1].content
    assert "<p>Did it help in these type of cases?<br />\nOpiates are generally useless" in liz
    assert liz.count("<p>") == 3
    signature = "<p>Douglas Lewis, D.Sc.<br />\nPresident<br />\nUnited States Drug Testing"
    assert f"{signature} Laboratories</p>" in post.comments[4].content
    # Nothing in a capture marks the post author's comment (the page's `bypostauthor`).
    assert all(not c.meta for c in post.comments)
    assert post.meta_value("comment_count_declared") == "7"


def test_seed_capture_has_no_boilerplate(seed_capture) -> None:  # type: ignore[no-untyped-def]
    _, post, _, _ = seed_capture
    assert boilerplate_found(post.content) == []
    assert [boilerplate_found(c.content) for c in post.comments] == [[]] * 5


PARAGRAPHS = [
    (["a", "b", "", "c"], "<p>a<br />\nb</p>\n<p>c</p>"),
    (["", "x < y & z", "", "", "~"], "<p>x &lt; y &amp; z</p>\n<p>~</p>"),
    (["    indented", "  too"], "<p>indented<br />\ntoo</p>"),
    ([], ""),
]


@pytest.mark.parametrize(("lines", "html"), PARAGRAPHS)
def test_paragraphs(lines: list[str], html: str) -> None:
    assert text_capture.paragraphs(lines) == html


TAILS = [
    "Comments are closed.",
    "Leave a Reply",
    "Follow\n\nGet every new post delivered to your Inbox.",
    "%d bloggers like this:",
    "Fill in your details below or click an icon to log in:",
]


@pytest.mark.parametrize("tail", TAILS)
def test_the_capture_is_cut_at_the_first_tail_marker(tail: str) -> None:
    post, _ = capture(f"Title\n\nBody.\n\n{tail}\n\nJoin 97 other followers\n")
    assert post.content == "<p>Body.</p>"


def test_follow_alone_is_the_authors_text() -> None:
    post, _ = capture("Title\n\nFollow\n\nthe river.\n")
    assert post.content == "<p>Follow</p>\n<p>the river.</p>"


def test_comments_with_a_date_line() -> None:
    post, log = capture(
        "Title\n\nBody.\n\n2 Responses to “Title”\n\n"
        "  1. Ann Says:\n\n    June 24th, 2010 at 8:03 am\n\n    Hello.\n\n"
        "  2. Bob Says:\n\n    Hi\n    there.\n\nLeave a Reply\n"
    )
    assert [(c.id, c.author) for c in post.comments] == [(1, "Ann"), (2, "Bob")]
    assert post.comments[0].date.local_raw == "2010-06-24 08:03:00"
    assert post.comments[0].content == "<p>Hello.</p>"
    assert post.comments[1].content == "<p>Hi<br />\nthere.</p>"
    assert not post.comments[1].date.is_set
    assert "comments-missing" not in {p.code for p in log}


def test_a_body_line_that_says_something_is_not_a_comment() -> None:
    post, _ = capture("Title\n\nMy doctor says:\n\nrest.\n")
    assert post.comments == ()
    assert post.content == "<p>My doctor says:</p>\n<p>rest.</p>"


def test_capture_slug_matches_the_permalink(seed_capture) -> None:  # type: ignore[no-untyped-def]
    _, post, _, _ = seed_capture
    assert post.slug.endswith("-ms-crohns-disease")  # quotes dropped as WordPress does
