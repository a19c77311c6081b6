"""Pick a reader for each input by sniffing its first bytes, and merge all inputs into one site.

WordPress.com splits a big site into several files and users pass several exports at once:
authors are merged by login, terms by (taxonomy, slug), items by post id: a repeated item
is skipped, a different item with a known id is kept (both are problems), and one Site
comes last.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Protocol, cast

from wparchive.diskset import IntPairs
from wparchive.errors import InputError
from wparchive.model import Author, Element, Post, Site, Term
from wparchive.problems import ProblemLog
from wparchive.readers import Record
from wparchive.readers.inputs import InputFile, expand_inputs

# Tried in this order; the first whose detect() accepts the head reads the file.
READER_MODULES = (
    "wparchive.readers.wxr",
    "wparchive.readers.html_page",
    "wparchive.readers.text_capture",
)
HEAD_BYTES = 64 * 1024


class Reader(Protocol):
    def detect(self, head: bytes) -> bool: ...

    def read(self, source: InputFile, log: ProblemLog) -> Iterator[Record]: ...


# What to do when a file is not an export at all, or an empty one.
EXPORT_ADVICE = (
    "for a WordPress site, export it in WordPress (Tools > Export > All content) and give "
    "that .xml file"
)


@cache
def readers() -> tuple[Reader, ...]:
    return tuple(cast(Reader, importlib.import_module(name)) for name in READER_MODULES)


def reader_for(source: InputFile) -> Reader:
    """The first reader that accepts the file's first bytes; InputError when none does."""
    try:
        head = source.head(HEAD_BYTES)
    except OSError as error:
        raise InputError(
            source.name, f"cannot be read ({error}); check that you may read it"
        ) from error
    for reader in readers():
        if reader.detect(head):
            return reader
    if not head.strip():
        raise InputError(source.name, f"the file is empty; {EXPORT_ADVICE}")
    raise InputError(
        source.name,
        f"not a WordPress export (WXR), a saved WordPress page or a text capture; {EXPORT_ADVICE}",
    )


def read_all(
    paths: Sequence[Path],
    log: ProblemLog,
    *,
    wrap: Callable[[InputFile], InputFile] | None = None,
) -> Iterator[Record]:
    """Authors, Terms and Posts of every input as they stream, then one merged Site.

    `wrap`, when given, replaces each input before it is read (the CLI's progress bar
    counts the bytes read through it).
    """
    sources = expand_inputs(paths)
    if wrap is not None:
        sources = [wrap(source) for source in sources]
    if not sources:
        raise InputError(
            ", ".join(str(path) for path in paths),
            "no readable files found; a folder must hold .xml, .html, .htm, .txt, .zip "
            "or .gz files (hidden files are left out)",
        )
    chosen = [(source, reader_for(source)) for source in sources]  # fail before reading
    merger = Merger(log)
    for source, reader in chosen:
        for record in reader.read(source, log):
            kept = merger.add(record, source.name)
            if kept is not None:
                yield kept
    yield merger.site(tuple(source.name for source in sources))


class Merger:
    """Deduplicates records across inputs and collects the inputs' Sites."""

    def __init__(self, log: ProblemLog) -> None:
        self.log = log
        self.logins: set[object] = set()
        self.terms: set[object] = set()
        # (post id, fingerprint of an item read with it): on disk, one per item.
        self.post_ids = IntPairs()
        self.sites: list[Site] = []
        self._next_synthetic = -1

    def add(self, record: Record, source: str) -> Record | None:
        if isinstance(record, Site):
            self.sites.append(record)
            return None
        if isinstance(record, Author):
            return self._once(record, record.login, self.logins)
        if isinstance(record, Term):
            return self._once(record, (record.taxonomy, record.slug), self.terms)
        return self._post(record, source)

    @staticmethod
    def _once(record: Record, key: object, seen: set[object]) -> Record | None:
        if key in seen:
            return None
        seen.add(key)
        return record

    def _post(self, post: Post, source: str) -> Post | None:
        if post.id < 0:
            # A number the reader made up for an item without one: renumber, never merge.
            post = dataclasses.replace(post, id=self._synthetic())
        fingerprint = _fingerprint(post)
        prints = self.post_ids.values(post.id)
        self.post_ids.add(post.id, fingerprint)
        if not prints:
            return post
        if fingerprint in prints:
            self._duplicate(post, source, "the same item was already read; this copy is skipped")
            return None
        # Same id, different item (theme unit test data puts one menu item in two
        # menus; hand-made fixtures reuse ids): both are kept, so nothing is lost.
        self._duplicate(post, source, f"another item has id {post.id}; both are kept")
        return post

    def _duplicate(self, post: Post, source: str, message: str) -> None:
        where = f"item {post.id}"
        self.log.add(source=source, where=where, code="duplicate-post", message=message)

    def _synthetic(self) -> int:
        while self._next_synthetic in self.post_ids:
            self._next_synthetic -= 1
        value = self._next_synthetic
        self._next_synthetic -= 1
        return value

    def site(self, sources: tuple[str, ...]) -> Site:
        if not self.sites:
            return Site(sources=sources)
        first = self.sites[0]
        # Each text field from the first input that has it (a split export's later parts
        # may lack the channel header).
        values = {
            name: next((getattr(s, name) for s in self.sites if getattr(s, name)), "")
            for name in _SITE_TEXT_FIELDS
        }
        blogs = {s.base_blog_url or s.link for s in self.sites} - {""}
        if len(blogs) > 1:
            self.log.add(
                source="",
                where="channel",
                code="sites-differ",
                message=f"inputs from different sites ({', '.join(sorted(blogs))}) merged",
            )
        return dataclasses.replace(
            first,
            **values,
            utc_offset=_common_offset(self.sites),
            sources=sources,
            extra=_extras(self.sites),
        )


_SITE_TEXT_FIELDS = (
    "title", "link", "description", "language", "pub_date_raw", "wxr_version",
    "base_site_url", "base_blog_url", "generator",
)  # fmt: skip


def _fingerprint(post: Post) -> int:
    """Tells a repeated item (overlapping split files) from a different one with its id."""
    meta = tuple((item.key, item.value) for item in post.meta)
    comments = tuple((c.id, c.content) for c in post.comments)
    fields = (post.type, post.status, post.title, post.slug_raw, post.content, post.excerpt)
    return hash((fields, post.date.local_raw, post.parent, post.terms, meta, comments))


def _common_offset(sites: list[Site]) -> timedelta | None:
    offsets = Counter(site.utc_offset for site in sites if site.utc_offset is not None)
    return offsets.most_common(1)[0][0] if offsets else None


def _extras(sites: list[Site]) -> tuple[Element, ...]:
    seen: dict[Element, None] = {}
    for site in sites:
        for element in site.extra:
            seen.setdefault(element, None)
    return tuple(seen)
