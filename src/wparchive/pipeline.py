"""convert(): inputs in, Markdown files and one JSON archive out.

Data flows one way: readers (a stream of records) -> policy (what is published where) ->
content (raw post_content to Markdown) -> writers (Markdown files, archive.json). Nothing
holds the whole site in memory: items are written as they stream past.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from wparchive.content import content_to_markdown
from wparchive.errors import OutputError
from wparchive.model import Author, Post, Problem, Site, Term
from wparchive.policy import ConvertOptions, comments_for_markdown, markdown_decision
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all
from wparchive.threads import thread_comments
from wparchive.writers.archive import ArchiveWriter
from wparchive.writers.markdown import RenderedComment, render_markdown_file
from wparchive.writers.paths import PathAllocator, is_inside

ARCHIVE_NAME = "archive.json"
THUMBNAIL_META_KEY = "_thumbnail_id"
# Readers of saved pages know the featured image's URL but not its attachment id.
THUMBNAIL_URL_META_KEY = "_thumbnail_url"


@dataclass(kw_only=True)
class Report:
    """What a run did: counts for the summary line, and every problem recorded."""

    out_dir: Path
    archive_path: Path
    items_read: int = 0
    written: Counter[str] = field(default_factory=Counter)  # Markdown files by post type
    comments_written: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        written = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in sorted(self.written.items()))
        parts = [
            f"wrote {written or 'no Markdown files'}",
            f"{self.comments_written} {_plural('comment', self.comments_written)}",
        ]
        if self.skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
            parts.append(f"skipped {reasons}")
        parts.append(f"{len(self.problems)} {_plural('problem', len(self.problems))}")
        return f"{'; '.join(parts)} -> {self.out_dir}"


def _plural(word: str, count: int) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


ProgressCallback = Callable[[Post], None]


def convert(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] = "output",
    *,
    options: ConvertOptions | None = None,
    progress: ProgressCallback | None = None,
) -> Report:
    """Convert WordPress exports, saved pages or text captures into `out_dir`.

    Raises WparchiveError when an input cannot be read at all; everything the run could
    repair or had to skip is in the report's problems and counts.
    """
    options = options or ConvertOptions()
    out = Path(out_dir)
    _prepare_output_folder(out)
    log = ProblemLog()
    report = Report(out_dir=out, archive_path=out / ARCHIVE_NAME)
    archive_writer = ArchiveWriter(
        report.archive_path,
        keep_personal_data=options.keep_personal_data,
        keep_passwords=options.include_protected,
    )
    with tempfile.TemporaryFile(prefix="wparchive-deferred-") as spill, archive_writer as archive:
        run = _Run(out=out, options=options, log=log, report=report, spill=spill)
        site = run.consume(read_all([Path(p) for p in inputs], log), archive, progress)
        run.finish_deferred()
        archive.finish(
            site=site,
            authors=list(run.authors.values()),
            terms=run.terms,
            problems=list(log),
        )
    report.problems = list(log)
    return report


def _prepare_output_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(
            f"{out}: the output path exists and is not a folder; name a folder with -o"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{out}: cannot create the output folder ({error.strerror})") from error


class _Run:
    """The state of one conversion: lookups built while streaming, deferred posts."""

    def __init__(
        self,
        *,
        out: Path,
        options: ConvertOptions,
        log: ProblemLog,
        report: Report,
        spill: IO[bytes],
    ):
        self.out = out
        self.options = options
        self.log = log
        self.report = report
        self.paths = PathAllocator()
        self.authors: dict[str, Author] = {}
        self.terms: list[Term] = []
        self.attachment_urls: dict[int, str] = {}
        # Posts whose featured image is an attachment further down the export: their Markdown
        # waits, pickled to disk so memory stays flat, until the attachment has been seen.
        self._deferred = spill
        self._deferred_count = 0

    def consume(
        self,
        records: Iterator[Site | Author | Term | Post],
        archive: ArchiveWriter,
        progress: ProgressCallback | None,
    ) -> Site:
        site = Site()
        for record in records:
            if isinstance(record, Post):
                self.report.items_read += 1
                self.handle_post(record, archive)
                if progress is not None:
                    progress(record)
            elif isinstance(record, Author):
                self.authors.setdefault(record.login, record)
            elif isinstance(record, Term):
                self.terms.append(record)
            else:
                site = record
        return site

    def handle_post(self, post: Post, archive: ArchiveWriter) -> None:
        if post.type == "attachment" and post.attachment_url:
            self.attachment_urls[post.id] = post.attachment_url
        decision = markdown_decision(post, self.options)
        if decision.skip_reason is not None:
            self.report.skipped[decision.skip_reason] += 1
            if decision.archived:
                archive.add_item(self._archived_form(post), markdown_path=None)
            return
        markdown_path = self.paths.allocate(post)
        archive.add_item(self._archived_form(post), markdown_path=markdown_path)
        thumbnail_id = _int_or_none(post.meta_value(THUMBNAIL_META_KEY))
        if thumbnail_id is not None and thumbnail_id not in self.attachment_urls:
            pickle.dump((post, markdown_path), self._deferred, protocol=pickle.HIGHEST_PROTOCOL)
            self._deferred_count += 1
            return
        self.write_markdown(post, markdown_path)

    def _archived_form(self, post: Post) -> Post:
        """The post as the archive keeps it: protected bodies only when asked for."""
        if post.password and not self.options.include_protected:
            return replace(post, content="", excerpt="")
        return post

    def finish_deferred(self) -> None:
        self._deferred.seek(0)
        for _ in range(self._deferred_count):
            post, markdown_path = pickle.load(self._deferred)
            self.write_markdown(post, markdown_path)

    def write_markdown(self, post: Post, markdown_path: str) -> None:
        include_body = not post.password or self.options.include_protected
        body = (
            content_to_markdown(post.content, rendered=post.content_rendered)
            if include_body
            else ""
        )
        comments = self.rendered_comments(post)
        author = self.authors.get(post.creator)
        text = render_markdown_file(
            post,
            body=body,
            comments=comments,
            author_name=author.name if author else post.creator,
            featured_image=self.featured_image(post),
            include_body=include_body,
        )
        _write_atomically(self.out, markdown_path, text)
        self.report.written[post.type] += 1
        self.report.comments_written += len(comments)

    def rendered_comments(self, post: Post) -> list[RenderedComment]:
        shown = comments_for_markdown(post, self.options)
        where = f"item {post.id}"
        threaded = thread_comments(
            shown,
            on_problem=lambda code, message: self.log.add(
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

    def featured_image(self, post: Post) -> str | None:
        thumbnail_id = _int_or_none(post.meta_value(THUMBNAIL_META_KEY))
        if thumbnail_id is None:
            return post.meta_value(THUMBNAIL_URL_META_KEY)
        url = self.attachment_urls.get(thumbnail_id)
        if url is None:
            self.log.add(
                source=post.source,
                where=f"item {post.id}",
                code="missing-featured-image",
                message=(
                    f"the featured image is attachment {thumbnail_id}, "
                    "which the export does not hold"
                ),
            )
        return url


def _int_or_none(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if number > 0 else None


def _write_atomically(out: Path, relative: str, text: str) -> None:
    """Write to a temporary name beside the target, then rename: never a half-written file."""
    target = out / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if not is_inside(out, target):
        raise OutputError(f"{target}: refusing to write outside the output folder {out}")
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".wparchive-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
