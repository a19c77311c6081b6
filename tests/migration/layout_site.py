"""A small stand-in for the pipeline with a layout applied: read an export, write its Markdown.

The pipeline wires layouts in later; until then the build tests convert this way.
"""

from __future__ import annotations

from pathlib import Path

from wparchive.content import content_to_markdown
from wparchive.layouts import Layout, LayoutPathAllocator
from wparchive.model import Author, Post
from wparchive.policy import ConvertOptions, markdown_decision
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all
from wparchive.writers.frontmatter import dump_yaml, front_matter


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
    """Write each post that gets a Markdown file under `out`; its id -> its relative path."""
    posts, authors = posts_of(export)
    allocator = LayoutPathAllocator(layout)
    written = {}
    for post in posts:
        if markdown_decision(post, ConvertOptions()).skip_reason is not None:
            continue
        path = allocator.allocate(post)
        author = authors.get(post.creator)
        base = front_matter(
            post,
            author_name=author.name if author else post.creator,
            featured_image=None,
            excerpt=post.excerpt,
        )
        url = allocator.url_for(path)
        header = dump_yaml(layout.front_matter(base, post, markdown_path=path, url=url))
        body = content_to_markdown(post.content, rendered=post.content_rendered)
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{header}---\n\n{body.strip()}\n", encoding="utf-8")
        written[post.id] = path
    return written
