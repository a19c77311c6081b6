"""The writers on the seed export, read by the real reader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import mdformat
import yaml

from markdown_math import EXTENSIONS as MARKDOWN_EXTENSIONS
from wparchive.content import content_to_markdown
from wparchive.model import Author, CommentStatus, Post, Site, Term
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all
from wparchive.threads import thread_comments
from wparchive.writers.archive import ArchiveWriter, load_schema
from wparchive.writers.markdown import RenderedComment, render_markdown_file
from wparchive.writers.paths import PathAllocator

SEED_POST_ID = 112


def read_seed(shared: Path) -> tuple[Site, list[Author], list[Term], list[Post]]:
    site, authors, terms, posts = Site(), [], [], []
    for record in read_all([shared / "seed" / "ldn-export.xml"], ProblemLog()):
        if isinstance(record, Post):
            posts.append(record)
        elif isinstance(record, Author):
            authors.append(record)
        elif isinstance(record, Term):
            terms.append(record)
        else:
            site = record
    return site, authors, terms, posts


def write_archive(shared: Path, path: Path, *, keep: bool = False) -> bytes:
    site, authors, terms, posts = read_seed(shared)
    paths = PathAllocator()
    with ArchiveWriter(path, keep_personal_data=keep) as archive:
        for post in posts:
            archive.add_item(post, markdown_path=paths.allocate(post))
        archive.finish(site=site, authors=authors, terms=terms, problems=[])
    return path.read_bytes()


def test_seed_archive(shared: Path, tmp_path: Path) -> None:
    data = write_archive(shared, tmp_path / "archive.json")
    document = json.loads(data)
    jsonschema.validate(document, load_schema())
    text = data.decode("utf-8")
    for personal in ("@example.com", "@example.net", "@example.org", "192.0.2.", "198.51.100."):
        assert personal not in text
    item = next(item for item in document["items"] if item["id"] == SEED_POST_ID)
    statuses = [comment["status"] for comment in item["comments"]]
    assert statuses.count("approved") == 7 and statuses.count("pending") == 1
    assert document["summary"]["comments_skipped"] == {"spam": 1}
    assert item["categories"] == ["Low Dose Naltrexone", "Pain Management"]
    assert item["date"] == "2010-06-22T21:12:40-07:00"
    assert "[caption" in item["content"]  # raw, as exported
    assert write_archive(shared, tmp_path / "again.json") == data
    kept = write_archive(shared, tmp_path / "kept.json", keep=True).decode("utf-8")
    assert "nsajben@example.com" in kept and "192.0.2.10" in kept


def test_seed_markdown(shared: Path) -> None:
    _, authors, _, posts = read_seed(shared)
    post = next(post for post in posts if post.id == SEED_POST_ID)
    approved = [c for c in post.comments if c.status is CommentStatus.APPROVED]
    comments = [
        RenderedComment(comment=c, body=content_to_markdown(c.content), depth=depth)
        for c, depth in thread_comments(approved)
    ]
    text = render_markdown_file(
        post,
        body=content_to_markdown(post.content),
        comments=comments,
        author_name=authors[0].name,
        featured_image=None,
    )
    front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert front["author"] == "Nancy Sajben MD"
    assert front["tags"] == ["dextromethorphan", "fibromyalgia", "multiple sclerosis", "RSD / CRPS"]
    assert text.count(" · pingback") == 2
    assert "**[Douglas Lewis, D.Sc.](http://www.usdtl.example.com)**" in text
    assert mdformat.text(text, extensions=MARKDOWN_EXTENSIONS) == text
