"""Convert an export with a layout preset through the real pipeline, for the build tests."""

from __future__ import annotations

import json
from pathlib import Path

from wparchive import ConvertOptions, convert
from wparchive.layouts import Layout
from wparchive.model import Author, Post
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all


def posts_of(export: Path) -> tuple[list[Post], dict[str, Author]]:
    posts: list[Post] = []
    authors: dict[str, Author] = {}
    for record in read_all([export], ProblemLog()):
        if isinstance(record, Post):
            posts.append(record)
        elif isinstance(record, Author):
            authors[record.login] = record
    return posts, authors


def write_with_layout(export: Path, out: Path, layout: Layout) -> dict[int, str]:
    """`wparchive convert --layout NAME --no-rewrite-links`; each written post's id -> path.

    Links are left alone so that the tests can run the rewriting steps themselves.
    """
    convert([export], out, options=ConvertOptions(layout=layout.name, rewrite_links=False))
    archive = json.loads((out / "archive.json").read_text(encoding="utf-8"))
    return {item["id"]: item["markdown_path"] for item in archive["items"] if item["markdown_path"]}


def write_exports(exports: list[Path], out: Path, layout: Layout) -> list[str]:
    """`wparchive convert --layout NAME --include-drafts` of several exports, as one site.

    The paths of the Markdown files written, drafts included (Jekyll's go to _drafts/).
    """
    convert(exports, out, options=ConvertOptions(layout=layout.name, include_drafts=True))
    archive = json.loads((out / "archive.json").read_text(encoding="utf-8"))
    return [item["markdown_path"] for item in archive["items"] if item["markdown_path"]]
