"""convert(): inputs in, Markdown files and one JSON archive out.

Data flows one way: readers (a stream of records) -> policy (what is published where) ->
content (raw post_content to Markdown) -> writers (Markdown files, archive.json). Nothing
holds the whole site in memory: items are written as they stream past.

This process reads, decides, allocates file names and writes the archive, in input order;
rendering and creating each Markdown file (render.py) runs in `jobs` worker processes
(parallel.py), which only ever see one post and what was resolved for it, so the output
is byte for byte the same for any number of workers.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain, islice
from pathlib import Path

from wparchive.diskset import IntMap, Spool, StringSet
from wparchive.errors import OutputError, output_error
from wparchive.gallery_attachments import GalleryAttachments, names_attachments
from wparchive.hierarchy import check_parents
from wparchive.layouts import LayoutPathAllocator, get_layout
from wparchive.manifest import MANIFEST_NAME, STATE_DIR, ItemRecord, item_key
from wparchive.migrate import Migration
from wparchive.model import Author, Post, Problem, Site, Term
from wparchive.output_state import OutputState
from wparchive.parallel import ordered_map
from wparchive.policy import ConvertOptions, markdown_decision
from wparchive.problems import ProblemLog
from wparchive.progress import ByteMeter
from wparchive.readers.registry import read_all
from wparchive.render import MarkdownJob, WrittenFile, seal_jobs, write_batch
from wparchive.writers.archive import ArchiveWriter

ARCHIVE_NAME = "archive.json"
CHANGE_KINDS = ("added", "changed", "unchanged", "removed")
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
    incremental: bool = False
    # Markdown items added, changed, unchanged, removed since the folder's last complete run.
    changes: Counter[str] = field(default_factory=Counter)
    kept: int = 0  # existing files left as the user had them (no --force)
    files_removed: int = 0  # files an earlier run wrote that this one no longer does

    def summary(self) -> str:
        written = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in sorted(self.written.items()))
        parts = [
            f"wrote {written or 'no Markdown files'}",
            f"{self.comments_written} {_plural('comment', self.comments_written)}",
        ]
        if self.skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
            parts.append(f"skipped {reasons}")
        if self.incremental:
            parts.append(", ".join(f"{self.changes[k]} {k}" for k in CHANGE_KINDS))
        if self.files_removed and not self.incremental:
            parts.append(
                f"removed {self.files_removed} {_plural('file', self.files_removed)} "
                "of items no longer written"
            )
        if self.kept:
            parts.append(f"kept {self.kept} existing {_plural('file', self.kept)} (--force)")
        parts.append(f"{len(self.problems)} {_plural('problem', len(self.problems))}")
        return f"{'; '.join(parts)} -> {self.out_dir}"


def _plural(word: str, count: int) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


ProgressCallback = Callable[["Progress"], None]


@dataclass(frozen=True, slots=True)
class Progress:
    """How far reading has got: items so far, and input bytes out of the total when known."""

    items: int
    bytes_read: int
    total_bytes: int | None


def convert(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] = "output",
    *,
    options: ConvertOptions | None = None,
    progress: ProgressCallback | None = None,
    jobs: int = 1,
    force: bool = False,
    incremental: bool = False,
) -> Report:
    """Convert WordPress exports, saved pages or text captures into `out_dir`.

    `jobs` worker processes render the Markdown (1: all in this process); the output is
    the same whatever their number. Raises WparchiveError when an input cannot be read at
    all; everything the run could repair or had to skip is in the report's problems and counts.

    Files the user changed since wparchive wrote them are kept unless `force`; with
    `incremental`, items unchanged since the last run are not rendered again (manifest.py).
    """
    options = options or ConvertOptions()
    out = Path(out_dir)
    _prepare_output_folder(out)
    report = Report(out_dir=out, archive_path=out / ARCHIVE_NAME, incremental=incremental)
    with OutputState(out, options, force=force, incremental=incremental) as state:
        _convert(inputs, state, options, report, jobs=jobs, progress=progress)
    return report


def _convert(
    inputs: Sequence[str | os.PathLike[str]],
    state: OutputState,
    options: ConvertOptions,
    report: Report,
    *,
    jobs: int,
    progress: ProgressCallback | None,
) -> None:
    archive_writer = ArchiveWriter(
        state.temp_dir / ARCHIVE_NAME,
        keep_personal_data=options.keep_personal_data,
        keep_passwords=options.include_protected,
    )
    meter = ByteMeter()
    with archive_writer as archive:
        run = _Run(state=state, options=options, report=report)
        if state.manifest_problem:
            run.reader_log.add(
                source="",
                where=f"{STATE_DIR}/{MANIFEST_NAME}",
                code="unreadable-manifest",
                message=f"{state.manifest_problem}; treating every existing file as the user's",
            )
        records = check_parents(
            read_all([Path(p) for p in inputs], run.reader_log, wrap=meter.wrap), run.reader_log
        )
        feed = _ProgressFeed(meter, progress)
        jobs_in_order = chain(run.markdown_jobs(records, archive, feed), run.deferred_jobs())
        write = partial(write_batch, run.rules, options)
        seal = partial(seal_jobs, options)  # a worker gets each job as its fingerprint's bytes
        with closing(ordered_map(write, jobs_in_order, jobs=jobs, seal=seal)) as written:
            for job, result in written:
                run.account(job, result)
        run.take_reader_problems(len(run.reader_log))
        run.finish_migration()
        removed = state.remove_stale(run.log, still_to_come=frozenset({ARCHIVE_NAME}))
        finished = archive.finish(
            site=run.site,
            authors=list(run.authors.values()),
            terms=run.terms,
            problems=list(run.log),
        )
        state.place(ARCHIVE_NAME, finished, run.log)
    state.finish()
    report.problems = list(run.log)
    report.changes = state.changes()
    report.kept = len(state.kept)
    report.files_removed = removed


def _prepare_output_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(
            f"{out}: the output path exists and is not a folder; name a folder with -o"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise output_error(out, "create the output folder", error) from error


class _ProgressFeed:
    """Calls the caller's progress callback once per item read."""

    def __init__(self, meter: ByteMeter, callback: ProgressCallback | None) -> None:
        self.meter = meter
        self.callback = callback
        self.items = 0

    def item_read(self) -> None:
        self.items += 1
        if self.callback is not None:
            meter = self.meter
            self.callback(Progress(self.items, meter.bytes_read, meter.total_bytes))


class _Run:
    """The state of one conversion: lookups built while streaming, deferred posts.

    Problems: the readers record into reader_log as they go; each rendered post's problems
    are merged into `log` after the reader problems recorded before that post was read, so
    `log` has the order a one-post-at-a-time run would give, whatever the number of workers.
    """

    def __init__(self, *, state: OutputState, options: ConvertOptions, report: Report):
        self.state = state
        self.options = options
        self.report = report
        self.reader_log = ProblemLog()
        self.log = ProblemLog()
        # A list iterator sees problems appended later, as long as it is never asked for
        # more than there are (islice below stops at the count it is given).
        self._reader_problems = iter(self.reader_log)
        self._reader_taken = 0
        self.layout = get_layout(options.layout)
        self.paths = LayoutPathAllocator(self.layout)
        self.migration = Migration(state.root, options, self.layout)
        # Files the migration rewrites (links, media) are staged, rewritten, then placed.
        self.rules = state.staging_rules() if self.migration.stages else state.rules()
        self.site = Site()
        self.authors: dict[str, Author] = {}
        self.terms: list[Term] = []
        # On disk (diskset), as they grow with the export: memory stays flat.
        self.attachment_urls: IntMap[str] = IntMap()
        self.gallery_attachments = GalleryAttachments()
        # Posts whose featured image or gallery shows attachments further down the export:
        # their Markdown waits, pickled to disk so memory stays flat, until the whole input
        # has been read.
        self._deferred: Spool[tuple[Post, str, tuple[str, tuple[str, ...] | None]]] = Spool(
            "wparchive-deferred-"
        )
        self._item_keys: dict[str, str] = {}  # Markdown path -> the item's manifest key
        self._keys_taken = StringSet()  # on disk: it grows with the export

    def markdown_jobs(
        self,
        records: Iterator[Site | Author | Term | Post],
        archive: ArchiveWriter,
        feed: _ProgressFeed,
    ) -> Iterator[MarkdownJob]:
        """Archive every record as it streams; yield the posts whose Markdown can be written."""
        for record in records:
            if isinstance(record, Post):
                self.report.items_read += 1
                job = self.handle_post(record, archive)
                feed.item_read()
                if job is not None:
                    yield job
            elif isinstance(record, Author):
                self.authors.setdefault(record.login, record)
            elif isinstance(record, Term):
                self.terms.append(record)
            else:
                self.site = record

    def handle_post(self, post: Post, archive: ArchiveWriter) -> MarkdownJob | None:
        if post.type == "attachment" and post.attachment_url:
            self.remember_attachment(post)
            self.migration.attachment(post)
        decision = markdown_decision(post, self.options)
        if decision.skip_reason is not None:
            self.report.skipped[decision.skip_reason] += 1
            if decision.archived:
                archive.add_item(self._archived_form(post), markdown_path=None)
            return None
        markdown_path = self.paths.allocate(post)
        # Collected now, so that a deferred post's URL waits on disk with it, not in memory.
        served = (self.paths.url_for(markdown_path), self.paths.aliases_for(markdown_path))
        archive.add_item(self._archived_form(post), markdown_path=markdown_path)
        thumbnail_id = _int_or_none(post.meta_value(THUMBNAIL_META_KEY))
        waits_for_thumbnail = thumbnail_id is not None and thumbnail_id not in self.attachment_urls
        if waits_for_thumbnail or names_attachments(post):
            deferred = (post, markdown_path, served)
            self._deferred.append(deferred)
            return None
        return self.job(post, markdown_path, served)

    def remember_attachment(self, attachment: Post) -> None:
        self.attachment_urls[attachment.id] = attachment.attachment_url
        self.gallery_attachments.add(attachment)

    def _archived_form(self, post: Post) -> Post:
        """The post as the archive keeps it: protected bodies only when asked for."""
        if post.password and not self.options.include_protected:
            return replace(post, content="", excerpt="")
        return post

    def deferred_jobs(self) -> Iterator[MarkdownJob]:
        """The posts held back for their featured image, once the whole input has been read."""
        for post, markdown_path, served in self._deferred:
            yield self.job(post, markdown_path, served)

    def job(
        self, post: Post, markdown_path: str, served: tuple[str, tuple[str, ...] | None]
    ) -> MarkdownJob:
        """The post's job; `served`: its URL and aliases, from the path allocator."""
        url_path, aliases = served
        author = self.authors.get(post.creator)
        thumbnail_id = _int_or_none(post.meta_value(THUMBNAIL_META_KEY))
        featured_image = (
            post.meta_value(THUMBNAIL_URL_META_KEY)
            if thumbnail_id is None
            else self.attachment_urls.get(thumbnail_id)
        )
        missing = thumbnail_id is not None and featured_image is None
        media_originals = self.migration.post(
            post, markdown_path=markdown_path, url=url_path, featured_image=featured_image
        )
        return MarkdownJob(
            post=post,
            markdown_path=markdown_path,
            author_name=author.name if author else post.creator,
            featured_image=featured_image,
            missing_thumbnail=thumbnail_id if missing else None,
            reader_mark=len(self.reader_log),
            attachments=self.gallery_attachments.for_post(post),
            url_path=url_path,
            media_originals=media_originals,
            aliases=aliases,
            previous=self.state.previous_for(self.item_key(post, markdown_path), markdown_path),
        )

    def item_key(self, post: Post, markdown_path: str) -> str:
        """The item's key in the manifest: type and id, and its path too for a second item
        with both (several exports merged), in the order met, which a rerun repeats."""
        key = item_key(post.type, post.id)
        if not self._keys_taken.claim(key):
            key = f"{key}:{markdown_path}"
            self._keys_taken.claim(key)
        self._item_keys[markdown_path] = key
        return key

    def account(self, job: MarkdownJob, written: WrittenFile) -> None:
        """Count a written file, in input order, and log its problems in their place."""
        self.take_reader_problems(job.reader_mark)
        for problem in written.problems:
            self._keep(problem)
        self.report.written[job.post.type] += 1
        self.report.comments_written += written.comments
        self.state.item(
            self._item_keys.pop(job.markdown_path),  # each file is accounted for once
            ItemRecord(
                markdown_path=job.markdown_path,
                fingerprint=written.fingerprint,
                comments=written.comments,
                problems=tuple((p.where, p.code, p.message) for p in written.problems),
            ),
        )
        if written.landed is not None and not self.migration.stages:
            self.state.land(written.landed, self.log)

    def finish_migration(self) -> None:
        """Redirects, media.json and the rewritten Markdown, from the staging folder to theirs."""
        staged = self.migration.finish(self.site, self.log, staging=self.state.staging_dir)
        for relative in staged:
            self.state.place(relative, self.state.staging_dir / relative, self.log)

    def take_reader_problems(self, mark: int) -> None:
        """Move the reader problems up to `mark` into the run's log."""
        for problem in islice(self._reader_problems, mark - self._reader_taken):
            self._keep(problem)
        self._reader_taken = max(self._reader_taken, mark)

    def _keep(self, problem: Problem) -> None:
        self.log.add(
            source=problem.source, where=problem.where, code=problem.code, message=problem.message
        )


def _int_or_none(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if number > 0 else None
