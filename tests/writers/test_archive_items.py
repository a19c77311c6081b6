"""archive_items: each item's line is json.dumps of the record the archive used to build.

The reference below is ArchiveWriter's record builder as it was before the lines were
written member by member; both are run on the corpus exports, the hand-made models and
generated ones, with and without personal data and passwords.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from writer_models import comment, full_post, post

from support import REPO, SHARED
from wparchive.model import (
    Comment,
    CommentStatus,
    CommentType,
    Element,
    Meta,
    Post,
    TermRef,
    Timestamp,
)
from wparchive.problems import ProblemLog
from wparchive.readers import wxr
from wparchive.writers.archive import ArchiveWriter
from wparchive.writers.archive import _element as archive_element
from wparchive.writers.archive import _meta as archive_meta
from wparchive.writers.archive_items import (
    SKIPPED_COMMENT_STATUSES,
    ItemCounts,
    ItemLines,
    is_personal,
)

EXPORT_FOLDERS = (SHARED / "corpus" / "wxr", SHARED / "seed", REPO / "fixtures")
OPTIONS = [(False, False), (True, True), (True, False), (False, True)]


class Reference:
    """The record as a dict, encoded by json.dumps: what the archive wrote before."""

    def __init__(self, keep_personal_data: bool, keep_passwords: bool) -> None:
        self.keep_personal_data = keep_personal_data
        self.keep_passwords = keep_passwords
        self.counts = ItemCounts()

    def line(self, post: Post, markdown_path: str | None) -> str:
        record = self.item(post, markdown_path)
        try:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(record, ensure_ascii=True)
        return json.dumps(record, ensure_ascii=False)

    def item(self, post: Post, markdown_path: str | None) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": post.id,
            "type": post.type,
            "status": post.status,
            "title": post.title,
            "slug": post.slug,
            "slug_raw": post.slug_raw,
            "date": iso(post.date),
            "date_local_raw": post.date.local_raw,
            "date_gmt_raw": post.date.gmt_raw,
            "modified": iso(post.modified),
            "modified_local_raw": post.modified.local_raw,
            "modified_gmt_raw": post.modified.gmt_raw,
            "pub_date_raw": post.pub_date_raw,
            "author": post.creator,
            "categories": [term.name for term in post.categories],
            "tags": [term.name for term in post.tags],
            "terms": [{"taxonomy": t.taxonomy, "slug": t.slug, "name": t.name} for t in post.terms],
            "content": post.content,
            "content_rendered": post.content_rendered,
            "excerpt": post.excerpt,
            "description": post.description,
            "link": post.link,
            "guid": post.guid,
            "guid_is_permalink": post.guid_is_permalink,
            "parent": post.parent,
            "menu_order": post.menu_order,
            "comment_status": post.comment_status,
            "ping_status": post.ping_status,
            "sticky": post.sticky,
            "password_protected": bool(post.password),
        }
        if self.keep_passwords and post.password:
            item["password"] = post.password
        item["attachment_url"] = post.attachment_url
        item["meta"] = self.meta_list(post.meta, ())
        item["extra"] = [archive_element(element) for element in post.extra]
        item["comments"] = self.comments(post.comments)
        item["markdown_path"] = markdown_path
        item["source"] = post.source
        return item

    def comments(self, comments: tuple[Comment, ...]) -> list[dict[str, Any]]:
        kept = []
        for one in comments:
            if one.status in SKIPPED_COMMENT_STATUSES:
                self.counts.skipped[one.status.value] += 1
                continue
            self.counts.comments[one.status.value] += 1
            kept.append(self.comment(one))
        return kept

    def comment(self, comment: Comment) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": comment.id,
            "parent": comment.parent,
            "type": comment.type.value,
            "type_raw": comment.type_raw,
            "status": comment.status.value,
            "status_raw": comment.status_raw,
            "author": comment.author,
        }
        if self.keep_personal_data:
            record["author_email"] = comment.author_email
        record["author_url"] = comment.author_url
        if self.keep_personal_data:
            record["author_ip"] = comment.author_ip
        record["user_id"] = comment.user_id
        record["date"] = iso(comment.date)
        record["date_local_raw"] = comment.date.local_raw
        record["date_gmt_raw"] = comment.date.gmt_raw
        record["content"] = comment.content
        traces = tuple(filter(None, (comment.author_email, comment.author_ip)))
        record["meta"] = self.meta_list(comment.meta, traces)
        return record

    def meta_list(self, meta: tuple[Meta, ...], traces: tuple[str, ...]) -> list[dict[str, Any]]:
        kept = []
        for entry in meta:
            if not self.keep_personal_data and is_personal(entry, traces):
                self.counts.dropped_meta += 1
                continue
            # archive.py's own, which terms and the site still use: items must agree.
            kept.append(archive_meta(entry))
        return kept


def iso(stamp: Timestamp) -> str | None:
    return stamp.value.isoformat() if stamp.value is not None else None


def assert_same_lines(posts: list[Post]) -> None:
    for keep_personal_data, keep_passwords in OPTIONS:
        lines = ItemLines(keep_personal_data=keep_personal_data, keep_passwords=keep_passwords)
        reference = Reference(keep_personal_data, keep_passwords)
        counts = ItemCounts()
        for number, item in enumerate(posts):
            path = None if number % 3 == 0 else f"posts/{item.slug}.md"
            line = lines.item(item, path, counts)
            try:
                line.encode("utf-8")
            except UnicodeEncodeError:
                ascii_lines = ItemLines(
                    keep_personal_data=keep_personal_data,
                    keep_passwords=keep_passwords,
                    escape_non_ascii=True,
                )
                line = ascii_lines.item(item, path, ItemCounts())
            assert line == reference.line(item, path)
        assert counts.comments == reference.counts.comments
        assert counts.skipped == reference.counts.skipped
        assert counts.dropped_meta == reference.counts.dropped_meta


def corpus_exports() -> Iterator[Path]:
    for folder in EXPORT_FOLDERS:
        if folder.is_dir():
            yield from sorted(folder.rglob("*.xml"))


def test_the_hand_made_posts_give_the_reference_lines() -> None:
    assert_same_lines([full_post(), post(43), post(44, title="lone \ud800 surrogate")])


def test_corpus_items_give_the_reference_lines() -> None:
    exports = list(corpus_exports())
    if not exports:
        pytest.skip("no corpus exports here")
    for export in exports:
        try:
            posts = [r for r in wxr.read(export, ProblemLog()) if isinstance(r, Post)]
        except Exception:  # an unreadable export has no items to compare
            continue
        assert_same_lines(posts)


texts = st.text(max_size=30)
optional_ints = st.none() | st.integers(-(2**70), 2**70)
stamps = st.builds(
    Timestamp,
    local_raw=texts,
    gmt_raw=texts,
    value=st.none() | st.datetimes(timezones=st.timezones()),
)
decoded = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
metas = st.builds(Meta, key=texts, value=texts, decoded=decoded, serialized=st.booleans())
comments = st.builds(
    Comment,
    id=st.integers(-5, 10**12),
    parent=optional_ints,
    type=st.sampled_from(CommentType),
    type_raw=texts,
    status=st.sampled_from(CommentStatus),
    status_raw=texts,
    author=texts,
    author_email=texts,
    author_url=texts,
    author_ip=texts,
    user_id=optional_ints,
    date=stamps,
    content=texts,
    meta=st.lists(metas, max_size=3).map(tuple),
)
posts = st.builds(
    Post,
    id=st.integers(-5, 10**12),
    type=texts,
    status=texts,
    title=texts,
    slug=texts,
    slug_raw=texts,
    link=texts,
    guid=texts,
    guid_is_permalink=st.none() | st.booleans(),
    description=texts,
    content=st.text(),
    excerpt=texts,
    date=stamps,
    modified=stamps,
    pub_date_raw=texts,
    creator=texts,
    comment_status=texts,
    ping_status=texts,
    parent=optional_ints,
    menu_order=st.integers(-(2**40), 2**40),
    password=texts,
    sticky=st.booleans(),
    attachment_url=texts,
    terms=st.lists(
        st.builds(
            TermRef,
            taxonomy=st.sampled_from(["category", "post_tag", "series"]) | texts,
            slug=texts,
            name=texts,
        ),
        max_size=4,
    ).map(tuple),
    meta=st.lists(metas, max_size=3).map(tuple),
    comments=st.lists(comments, max_size=3).map(tuple),
    extra=st.lists(
        st.builds(
            Element,
            tag=texts,
            text=texts,
            attributes=st.lists(st.tuples(texts, texts), max_size=3).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
    source=texts,
    content_rendered=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(posts, min_size=1, max_size=3))
def test_generated_posts_give_the_reference_lines(items: list[Post]) -> None:
    assert_same_lines(items)


def test_an_item_written_again_in_ascii_is_counted_once(tmp_path: Path) -> None:
    odd = post(
        title="lone \udc80 surrogate",
        comments=(comment(1, meta=(Meta(key="akismet_as_submitted", value="v"),)),),
    )
    path = tmp_path / "archive.json"
    with ArchiveWriter(path) as archive:
        archive.add_item(odd)
        archive.finish(site=None, authors=[], terms=[], problems=[])
    summary = json.loads(path.read_bytes())["summary"]
    assert (summary["comments"], summary["personal_meta_dropped"]) == (1, 1)
