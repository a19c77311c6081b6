"""One post as a Markdown file: YAML front matter, the body, then its comments, threaded.

The file is a fixed point of mdformat (GFM + front matter), so normalising it again changes
nothing; it ends with one newline, uses LF only, has no trailing whitespace and never
contains the current time.

The front matter is frontmatter.py's (its keys and their order are documented there).

Comments follow under `## Comments`, one block per comment in the order given: a header
line (author, linked when they gave an http(s) address; date with its UTC offset; the type
for pingbacks and trackbacks; the status when not approved), then the body. A reply is a
blockquote, one `>` per level of depth, capped at MAX_QUOTE_DEPTH.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from wparchive.model import Comment, CommentStatus, CommentType, Post
from wparchive.writers.frontmatter import dump_yaml, front_matter
from wparchive.writers.inline import escape_inline, link_destination, one_line

# WordPress's own default for threaded comments is 5 levels. Deeper quoting reads badly and
# CommonMark parsers stop nesting somewhere (markdown-it's commonmark preset at 20 levels).
MAX_QUOTE_DEPTH = 5
ANONYMOUS = "Anonymous"  # what WordPress shows for a comment with an empty author
SEPARATOR = " · "


# Turns wparchive's front matter into a site generator's (writers/frontmatter.py keys in).
FrontMatterHook = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedComment:
    """A comment ready to print: its Markdown body and its depth in the thread (0 = top)."""

    comment: Comment
    body: str
    depth: int


def render_markdown_file(
    post: Post,
    *,
    body: str,
    comments: Sequence[RenderedComment],
    author_name: str,
    featured_image: str | None,
    include_body: bool = True,
    excerpt: str | None = None,
    front_matter_hook: FrontMatterHook | None = None,
) -> str:
    """The whole Markdown file for `post`.

    `body` and each comment's body are Markdown already normalised (mdformat fixed points).
    With include_body=False (a password-protected post), the body and excerpt are left out.
    `excerpt` overrides the post's raw excerpt, e.g. with one converted to plain text.
    `front_matter_hook` maps the front matter to a layout preset's names and keys.
    """
    if excerpt is None:
        excerpt = post.excerpt
    if not include_body:
        excerpt = ""
    header = front_matter(
        post, author_name=author_name, featured_image=featured_image, excerpt=excerpt
    )
    if front_matter_hook is not None:
        header = front_matter_hook(header)
    blocks = [f"---\n{dump_yaml(header)}---"]
    body_text = _tidy(body) if include_body else ""
    if body_text:
        blocks.append(body_text)
    if comments:
        blocks.append("## Comments")
        blocks.extend(_comment_block(rendered) for rendered in comments)
    return "\n\n".join(blocks) + "\n"


def _comment_block(rendered: RenderedComment) -> str:
    header = _comment_header(rendered.comment)
    body = _tidy(rendered.body)
    depth = min(max(rendered.depth, 0), MAX_QUOTE_DEPTH)
    if depth == 0:
        return f"{header}\n\n{body}" if body else header
    lines = [header, "", *body.split("\n")] if body else [header]
    # As mdformat writes nested quotes: "> > text", and "> >" for an empty line.
    prefix = "> " * depth
    return "\n".join(prefix + line if line else prefix.rstrip() for line in lines)


def _comment_header(comment: Comment) -> str:
    author_name = comment.author
    name = _author_name(author_name) if len(author_name) <= 200 else _name_text(author_name)
    destination = link_destination(comment.author_url)
    author = f"**[{name}]({destination})**" if destination else f"**{name}**"
    parts = [author]
    if comment.date.value is not None:
        parts.append(comment.date.value.isoformat(sep=" "))
    if comment.type in (CommentType.PINGBACK, CommentType.TRACKBACK):
        parts.append(comment.type.value)
    if comment.status is not CommentStatus.APPROVED:
        parts.append(comment.status.value)
    return SEPARATOR.join(parts)


def _name_text(author: str) -> str:
    return escape_inline(one_line(author)) or ANONYMOUS


# The same commenters come back on post after post. Bounded, and only names of up to 200
# characters (the caller sees to it): a spam comment's huge "name" is not kept.
_author_name = functools.lru_cache(maxsize=4096)(_name_text)


def _tidy(markdown: str) -> str:
    """LF line ends, no trailing whitespace, no blank lines at either end."""
    if "\r" in markdown:
        markdown = markdown.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(map(str.rstrip, markdown.split("\n"))).strip("\n")
