"""One post's Markdown file, rendered and written, from what the reading process knew.

This is the CPU-heavy step (content_to_markdown on the body and every comment, the YAML
front matter, creating the file) and the only one that runs in worker processes: a
MarkdownJob carries everything it needs, so the file depends on nothing but the job and
the options, and the output is the same whatever the number of workers or the order in
which they finish. Creating a file costs about 0.5 ms of system time on a small VM, as
much as reading the post: done in the reading process, it made that process the
bottleneck with two workers (profile of 1,000 posts, --jobs 2: 39% of its samples).
"""

from __future__ import annotations

import enum
import hashlib
import io
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cache, partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from wparchive import model
from wparchive.content import content_to_markdown
from wparchive.content.context import AttachmentInfo, context_for
from wparchive.content.more import split_more
from wparchive.errors import OutputError
from wparchive.layouts import get_layout
from wparchive.manifest import PreviousOutput, wparchive_version
from wparchive.model import Post, Problem
from wparchive.output_files import (
    Landed,
    Outcome,
    WriteRules,
    current_sha256,
    place_text,
    target_path,
    write_through_temporary,
)
from wparchive.parallel import from_field_values
from wparchive.policy import ConvertOptions, comments_for_markdown
from wparchive.problems import ProblemLog
from wparchive.threads import thread_comments
from wparchive.writers.markdown import FrontMatterHook, RenderedComment, render_markdown_file


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
    # The export's attachments this post's galleries may show (by id), not all of them:
    # a job crosses to a worker process, so it carries only what the post can use.
    attachments: dict[int, AttachmentInfo] = field(default_factory=dict)
    url_path: str = ""  # the URL the layout serves the post at (permalink, aliases)
    # Maps the file's copies of uploads (CDN, resized) to the originals the export holds.
    media_originals: Callable[[str], str] | None = None
    aliases: tuple[str, ...] | None = None  # old URLs the page redirects from (Hugo)
    # What the output folder already holds for this file (bookkeeping, like reader_mark).
    previous: PreviousOutput | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WrittenFile:
    comments: int  # comments shown in the file
    problems: tuple[Problem, ...]
    fingerprint: str = ""  # job_fingerprint() of the job
    landed: Landed | None = None


def write_batch(
    rules: WriteRules, options: ConvertOptions, jobs: Sequence[MarkdownJob | SealedJob]
) -> list[WrittenFile]:
    """What a worker does with one batch (module level, so it can be sent to a worker)."""
    return [write_job(rules, job, options) for job in jobs]


def write_job(
    rules: WriteRules, job: MarkdownJob | SealedJob, options: ConvertOptions
) -> WrittenFile:
    if isinstance(job, SealedJob):
        job, fingerprint = job.open()
    else:
        fingerprint = job_fingerprint(job, options)
    unchanged = _unchanged(rules, job, fingerprint)
    if unchanged is not None:
        return unchanged
    text, written = render_job(job, options)
    ours = job.previous.ours if job.previous else frozenset()
    try:
        landed = place_text(rules, job.markdown_path, text, ours)
    except OutputError as error:
        post = job.post
        raise OutputError(f"{error} (writing item {post.id} of {post.source})") from error
    return replace(written, fingerprint=fingerprint, landed=landed)


def job_fingerprint(job: MarkdownJob, options: ConvertOptions) -> str:
    """A checksum of everything the file is made from: the job but for its bookkeeping and
    the input file's name (a newer export under another name is the same site), the options,
    the wparchive version. Should it ever encode equal jobs differently, the item is only
    rendered again."""
    return hashlib.sha256(_made_of(job, options)).hexdigest()


def _made_of(job: MarkdownJob, options: ConvertOptions) -> bytes:
    """What job_fingerprint hashes: the version, the options and the job but for its
    bookkeeping, pickled with each dataclass as (class, field values)."""
    made_of = _Replaced(job, post=_Replaced(job.post, source=""), reader_mark=0, previous=None)
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _reducers()
    pickler.dump((wparchive_version(), options, made_of))
    return buffer.getvalue()


@dataclass(frozen=True, slots=True, kw_only=True)
class SealedJob:
    """A job on its way to a worker, as the bytes its fingerprint hashes and the
    bookkeeping those leave out. The worker hashes the bytes it receives instead of
    pickling the job a second time: for the 8,500 jobs of 10,000 bench posts, unpacking
    and fingerprinting in the workers went from 2.7 to 1.1 CPU s, packing in the reading
    process from 1.1 to 1.2 s."""

    made_of: bytes  # _made_of(job, options)
    source: str  # job.post.source
    reader_mark: int
    previous: PreviousOutput | None

    def open(self) -> tuple[MarkdownJob, str]:
        """The job, equal to the one sealed, and its fingerprint."""
        fingerprint = hashlib.sha256(self.made_of).hexdigest()
        _version, _options, job = _MadeOfUnpickler(io.BytesIO(self.made_of)).load()
        # Put the bookkeeping back. The job and its post were built just now by the
        # unpickler and nothing else holds them: setting their slots is still making them.
        _set_slot(job.post, "source", self.source)
        _set_slot(job, "reader_mark", self.reader_mark)
        _set_slot(job, "previous", self.previous)
        return job, fingerprint


_set_slot = object.__setattr__  # a frozen dataclass's own __setattr__ refuses


def seal_jobs(options: ConvertOptions, jobs: list[MarkdownJob]) -> list[SealedJob]:
    """The batch as it crosses to a worker (parallel.ordered_map's `seal`)."""
    return [
        SealedJob(
            made_of=_made_of(job, options),
            source=job.post.source,
            reader_mark=job.reader_mark,
            previous=job.previous,
        )
        for job in jobs
    ]


class _MadeOfUnpickler(pickle.Unpickler):
    """Reads _made_of() back: a dataclass pickled as (class, field values) is called with
    its values, so each such class stands for a function that builds it from them."""

    def find_class(self, module: str, name: str) -> Any:
        # Remembered per process: pickle's own lookup imports the module each time, a fifth
        # of the time of unpickling a job (about 11 lookups a job).
        found = _FOUND.get((module, name))
        if found is None:
            found = super().find_class(module, name)
            found = _FOUND[module, name] = _builders().get(found, found)
        return found


_FOUND: dict[tuple[str, str], Any] = {}


@cache
def _builders() -> dict[type, Callable[[Any], Any]]:
    """For each dataclass _reducers() pickles by its fields, a builder from those values."""
    return {
        cls: partial(_build, cls, len(fields(cls)) == 1) for cls in _reducers() if is_dataclass(cls)
    }


def _build(cls: type, one_field: bool, values: Any) -> Any:
    # _field_values gives a class of one field its value, not a 1-tuple.
    return from_field_values(cls, (values,) if one_field else values)


class _Replaced:
    """`obj` pickled as `dataclasses.replace(obj, **changes)` is, without making that copy
    (copying the job and its post was a fifth of the fingerprint's time)."""

    __slots__ = ("changes", "obj")

    def __init__(self, obj: Any, **changes: Any) -> None:
        self.obj = obj
        self.changes = changes


_HASHED_DATACLASSES = (MarkdownJob, AttachmentInfo, ConvertOptions)


@cache
def _reducers() -> dict[type, Callable[[Any], tuple[Any, ...]]]:
    """Pickle each dataclass of a job as (class, field values), for hashing only: the
    slots=True default goes through a Python __getstate__ that calls fields() for every
    object, twice as slow (0.2 ms for a post with comments). An enum member's reduction
    (Python code in Enum) is looked up, computed once."""
    model_types = [cls for cls in vars(model).values() if isinstance(cls, type)]
    classes = [cls for cls in model_types if is_dataclass(cls)] + list(_HASHED_DATACLASSES)
    reducers: dict[type, Callable[[Any], tuple[Any, ...]]] = {
        cls: _fields_reducer(cls) for cls in classes
    }
    for cls in model_types:
        if issubclass(cls, enum.Enum):
            members = {member: member.__reduce_ex__(pickle.HIGHEST_PROTOCOL) for member in cls}
            reducers[cls] = members.__getitem__
    reducers[_Replaced] = _reduce_replaced
    return reducers


def _fields_reducer(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    values = _field_values(cls)  # a C getter: the reducer runs for every object of a job

    def reduce(obj: object) -> tuple[Any, ...]:
        return cls, (values(obj),)

    return reduce


def _field_values(cls: type) -> Callable[[Any], Any]:
    """obj -> its field values in order (the value itself for a class of one field)."""
    return attrgetter(*(f.name for f in fields(cls)))


def _reduce_replaced(replaced: _Replaced) -> tuple[Any, ...]:
    """(class, field values) of the copy; the classes replaced (job, post) have many fields."""
    cls = type(replaced.obj)
    shape = _SHAPES.get(cls)
    if shape is None:
        shape = _SHAPES[cls] = (tuple(f.name for f in fields(cls)), _field_values(cls))
    names, field_values = shape
    values = list(field_values(replaced.obj))
    for name, value in replaced.changes.items():
        values[names.index(name)] = value
    return cls, (tuple(values),)


_SHAPES: dict[type, tuple[tuple[str, ...], Callable[[Any], Any]]] = {}


def _unchanged(rules: WriteRules, job: MarkdownJob, fingerprint: str) -> WrittenFile | None:
    """--incremental: the last run's result, when the item and its file are as it left them."""
    previous = job.previous
    if not rules.reuse_unchanged or previous is None:
        return None
    item, file = previous.item, previous.file
    if item is None or file is None or item.fingerprint != fingerprint:
        return None
    if current_sha256(rules.root / job.markdown_path) != file.sha256:
        return None  # deleted or edited since: render it, and apply the rules
    post = job.post
    problems = tuple(
        Problem(source=post.source, where=where, code=code, message=message)
        for where, code, message in item.problems
    )
    landed = Landed(relative=job.markdown_path, outcome=Outcome.IDENTICAL, record=file)
    return WrittenFile(
        comments=item.comments, problems=problems, fingerprint=fingerprint, landed=landed
    )


def render_job(job: MarkdownJob, options: ConvertOptions) -> tuple[str, WrittenFile]:
    post = job.post
    log = ProblemLog()
    include_body = not post.password or options.include_protected
    body = _body(job, log) if include_body else ""
    comments = _rendered_comments(post, options, log)
    if job.missing_thumbnail is not None:
        log.add(
            source=post.source,
            where=f"item {post.id}",
            code="missing-featured-image",
            message=(
                f"the featured image is attachment {job.missing_thumbnail}, "
                "which the export does not hold; export All content (with media) to keep it"
            ),
        )
    text = render_markdown_file(
        post,
        body=body,
        comments=comments,
        author_name=job.author_name,
        featured_image=job.featured_image,
        include_body=include_body,
        excerpt=_excerpt(post, body),
        front_matter_hook=_layout_hook(job, options),
    )
    if job.media_originals is not None:
        text = job.media_originals(text)
    if options.layout != "archive":
        text = _apply_body_rule(get_layout(options.layout).body_rule, text)
    return text, WrittenFile(comments=len(comments), problems=tuple(log))


def _apply_body_rule(rule: Callable[[str], str] | None, text: str) -> str:
    """The layout's body rule on the text below the front matter (`---` ... `---`)."""
    if rule is None:
        return text
    end = text.find("\n---\n") + len("\n---\n") if text.startswith("---\n") else 0
    return text[:end] + rule(text[end:])


def _layout_hook(job: MarkdownJob, options: ConvertOptions) -> FrontMatterHook | None:
    """The layout preset's front matter names (the archive layout keeps wparchive's own)."""
    if options.layout == "archive":
        return None
    layout = get_layout(options.layout)
    return partial(
        layout.front_matter,
        post=job.post,
        markdown_path=job.markdown_path,
        url=job.url_path,
        aliases=job.aliases,
    )


def _body(job: MarkdownJob, log: ProblemLog) -> str:
    post = job.post
    context = context_for(post, job.attachments)
    body = content_to_markdown(post.content, rendered=post.content_rendered, context=context)
    for problem in context.problems:
        log.add(
            source=post.source, where=f"item {post.id}", code=problem.code, message=problem.message
        )
    return body


def _excerpt(post: Post, body: str) -> str:
    """The post's own excerpt as Markdown; else the part above <!--more-->, as WordPress does."""
    if post.excerpt.strip():
        return content_to_markdown(post.excerpt, rendered=post.content_rendered).strip()
    return (split_more(body) or "").strip()


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


def write_atomically(out: Path, relative: str, text: str) -> None:
    """Write to a temporary name beside the target, then rename: never a half-written file.

    `out` is absolute (the folder resolves once per process, whatever the working directory).
    """
    target = target_path(out, relative)
    write_through_temporary(target, text.encode("utf-8"), target.parent)
