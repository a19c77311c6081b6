"""Theme markup the corpus lacks, written from the themes' comment templates.

Twenty Ten (comment-N inside li-comment-N, `cite.fn` + "says:", `.comment-body`), a block
theme (Twenty Twenty-Four: `core/comments` blocks), a static page, trackbacks, a page
without a post id, and one that links to older comment pages.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from pagecheck import visible_text

from wparchive.model import CommentType, Post, Site
from wparchive.problems import ProblemLog
from wparchive.readers import html_page

THEMES = Path(__file__).parent / "themes"

TWENTY_TEN = (THEMES / "twenty-ten.html").read_text(encoding="utf-8")

BLOCK_THEME = (THEMES / "block-theme.html").read_text(encoding="utf-8")


def read(html: str, name: str = "page.html") -> tuple[list[object], Post, Site, ProblemLog]:
    log = ProblemLog()
    records = list(html_page.read((io.BytesIO(html.encode("utf-8")), name), log))
    post = next(r for r in records if isinstance(r, Post))
    assert isinstance(records[-1], Site)
    return records, post, records[-1], log


def test_twenty_ten() -> None:
    _, post, site, log = read(TWENTY_TEN)
    assert (post.id, post.type, post.title) == (42, "post", "Hello")
    assert post.content == "<p>First.</p><p>Second<br>line.</p>"
    assert [(t.taxonomy, t.slug, t.name) for t in post.terms] == [("category", "news", "News")]
    assert [(c.id, c.parent, c.author, c.type) for c in post.comments] == [
        (7, None, "Bob", CommentType.COMMENT),
        (8, 7, "Ann", CommentType.COMMENT),
        (9, None, "Other blog", CommentType.TRACKBACK),
    ]
    assert [c.content for c in post.comments] == ["<p>Nice.</p>", "<p>Thanks!</p>", ""]
    assert post.comments[8 - 7].author_url == "http://example.org/"
    assert [m.key for m in post.comments[1].meta] == ["by_post_author", "date_shown"]
    assert post.comments[0].date.local_raw == "2010-06-23 09:15:00"
    assert post.meta_value("comment_pages_more") == (
        "http://example.org/2010/06/hello/comment-page-1/#comments"
    )
    codes = [p.code for p in log]
    assert "comment-pages" in codes and "no-offset" in codes
    assert "comments-missing" not in codes
    assert site.title == "Example Blog" and site.generator == "WordPress 3.0"


def test_block_theme_page() -> None:
    _, post, site, log = read(BLOCK_THEME)
    assert (post.id, post.type, post.title) == (5, "page", "Blockseite")
    assert visible_text(post.content) == "Ein Absatz."
    assert post.date.local_raw == "2024-03-01 10:00:00"
    assert post.date.gmt_raw == "2024-03-01 09:00:00"
    assert post.modified.local_raw == "2024-03-02 11:00:00"
    [comment] = post.comments
    assert (comment.author, comment.author_url, comment.content) == (
        "Bob",
        "https://bob.example/",
        "<p>Gut.</p>",
    )
    assert comment.date.value is not None and comment.date.value.utcoffset() == timedelta(hours=1)
    assert post.meta_value("comment_count_declared") == "1"
    assert [p.code for p in log] == []
    assert site.utc_offset == timedelta(hours=1) and site.language == "de-DE"


def test_a_page_without_a_post_id_gets_a_stable_one() -> None:
    page = TWENTY_TEN.replace("postid-42", "").replace('id="post-42"', "")
    page = page.replace('<link rel="shortlink" href="http://example.org/?p=42">', "")
    first = read(page)[1].id
    _, post, _, log = read(page)
    assert post.id == first > 0
    assert "post-id-derived" in [p.code for p in log]


def test_wordpress_com_shortlink_gives_the_post_id() -> None:
    page = TWENTY_TEN.replace("postid-42", "").replace('id="post-42"', "")
    page = page.replace("http://example.org/?p=42", "http://wp.me/pKvZe-1O")
    assert read(page)[1].id == 112
