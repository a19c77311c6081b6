"""The seed export (a WordPress.com WXR 1.2 file) read field by field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wparchive.model import Author, CommentStatus, CommentType, Post, Site, Term
from wparchive.problems import ProblemLog
from wparchive.readers import Record, wxr
from wparchive.readers.inputs import expand_inputs


@pytest.fixture(scope="module")
def records(shared: Path) -> list[Record]:
    (only,) = expand_inputs([shared / "seed" / "ldn-export.xml"])
    log = ProblemLog()
    result = list(wxr.read(only, log))
    assert list(log) == []
    return result


def by_id(records: list[Record], post_id: int) -> Post:
    return next(r for r in records if isinstance(r, Post) and r.id == post_id)


def test_author(records: list[Record]) -> None:
    authors = [r for r in records if isinstance(r, Author)]
    assert authors == [
        Author(id=1, login="nsajbenmd", email="nsajben@example.com", display_name="Nancy Sajben MD",
               first_name="Nancy", last_name="Sajben")
    ]  # fmt: skip


def test_terms(records: list[Record]) -> None:
    terms = {(t.taxonomy, t.slug): t for t in records if isinstance(t, Term)}
    assert [slug for tax, slug in terms if tax == "category"] == [
        "low-dose-naltrexone", "pain-management", "glia"
    ]  # fmt: skip
    assert terms["category", "glia"].parent == "pain-management"
    assert len([1 for tax, _ in terms if tax == "post_tag"]) == 4
    assert terms["post_tag", "rsd-crps"].name == "RSD / CRPS"


def test_the_post(records: list[Record]) -> None:
    post = by_id(records, 112)
    assert post.title.startswith('Low Dose Naltrexone "LDN" and Dextromethorphan')
    assert post.title.endswith("Crohn's Disease")
    assert post.creator == "nsajbenmd"
    assert (post.type, post.status) == ("post", "publish")
    assert post.date.local_raw == "2010-06-22 21:12:40"
    assert post.date.value is not None
    assert post.date.value.astimezone(UTC) == datetime(2010, 6, 23, 4, 12, 40, tzinfo=UTC)
    assert post.date.value.utcoffset() == timedelta(hours=-7)
    assert {t.name for t in post.categories} == {"Low Dose Naltrexone", "Pain Management"}
    assert {t.slug for t in post.tags} == {
        "dextromethorphan", "fibromyalgia", "multiple-sclerosis", "rsd-crps"
    }  # fmt: skip
    assert "[caption" in post.content and "<p>" not in post.content
    assert post.meta_value("_thumbnail_id") == "131"


def test_comments(records: list[Record]) -> None:
    comments = by_id(records, 112).comments
    assert len(comments) == 9
    approved = [c for c in comments if c.status is CommentStatus.APPROVED]
    assert len(approved) == 7
    assert len([c for c in approved if c.type is CommentType.PINGBACK]) == 2
    assert sorted(c.status_raw for c in comments if c.status is not CommentStatus.APPROVED) == [
        "0", "spam"
    ]  # fmt: skip
    assert comments[0].author == "Nancy Sajben MD"
    pending = next(c for c in comments if c.status is CommentStatus.PENDING)
    assert pending.parent is not None


def test_attachment_metadata_is_decoded(records: list[Record]) -> None:
    attachment = by_id(records, 131)
    assert attachment.type == "attachment" and attachment.parent == 112
    meta = next(m for m in attachment.meta if m.key == "_wp_attachment_metadata")
    assert meta.serialized
    assert meta.decoded["sizes"]["thumbnail"]["file"] == "promise-of-ldn-cover-100x150.jpg"
    assert meta.decoded["width"] == 200


def test_site_comes_last(records: list[Record]) -> None:
    site = records[-1]
    assert isinstance(site, Site)
    assert site.title == "Welcome to my Weblog on Pain Management!"
    assert site.wxr_version == "1.2"
    assert site.base_blog_url == "http://painmanagementweblog.wordpress.com"
    assert site.utc_offset == timedelta(hours=-7)
    # The channel's cloud, image and atom:link elements are kept.
    assert {e.tag for e in site.extra} >= {"cloud", "image", "{http://www.w3.org/2005/Atom}link"}
