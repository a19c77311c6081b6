"""One post's Markdown file, from the post and what the reading process knew about it.

This is the CPU-heavy step (content_to_markdown on the body and every comment, the YAML
front matter) and the only one that runs in worker processes: a MarkdownJob carries
everything it needs, so the result depends on nothing but the job and the options, and
the output is the same whatever the number of workers.
"""

from __future__ import annotations

from dataclasses import dataclass

from wparchive.content import content_to_markdown
from wparchive.model import Post, Problem
from wparchive.policy import ConvertOptions, comments_for_markdown
from wparchive.problems import ProblemLog
from wparchive.threads import thread_comments
from wparchive.writers.markdown import RenderedComment, render_markdown_file


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkdownJob:
    """A post to render, with the lookups the reading process resolved for it."""

    post: Post
    markdown_path: str
    author_name: str
    featured_image: str | None
    missing_thumbnail: int | None = None  # the featured image's attachment id, not exported
    # How many problems the readers had recorded when this post was read: the post's own
    # problems go after exactly those, as if it had been rendered at once.
    reader_mark: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedFile:
    text: str
    comments: int
    problems: tuple[Problem, ...]


def render_batch(options: ConvertOptions, jobs: list[MarkdownJob]) -> list[RenderedFile]:
    """What a worker does with one batch (module level, so it can be sent to a worker)."""
    return [render_job(job, options) for job in jobs]


def render_job(job: MarkdownJob, options: ConvertOptions) -> RenderedFile:
    post = job.post
    log = ProblemLog()
    include_body = not post.password or options.include_protected
    body = content_to_markdown(post.content, rendered=post.content_rendered) if include_body else ""
    comments = _rendered_comments(post, options, log)
    if job.missing_thumbnail is not None:
        log.add(
            source=post.source,
            where=f"item {post.id}",
            code="missing-featured-image",
            message=(
                f"the featured image is attachment {job.missing_thumbnail}, "
                "which the export does not hold"
            ),
        )
    text = render_markdown_file(
        post,
        body=body,
        comments=comments,
        author_name=job.author_name,
        featured_image=job.featured_image,
        include_body=include_body,
    )
    return RenderedFile(text=text, comments=len(comments), problems=tuple(log))


def _rendered_comments(
    post: Post, options: ConvertOptions, log: ProblemLog
) -> list[RenderedComment]:
    shown = comments_for_markdown(post, options)
    where = f"item {post.id}"
    threaded = thread_comments(
        shown,
        on_problem=lambda code, message: log.add(
            source=post.source, where=where, code=code, message=message
        ),
    )
    return [
        RenderedComment(
            comment=comment,
            body=content_to_markdown(comment.content, rendered=post.content_rendered),
            depth=depth,
        )
        for comment, depth in threaded
    ]
