"""archive.json: every item, comment, author and term of the input, losslessly, in one file.

Items stream to a temporary file beside the archive as they come, so the whole site is never
in memory; finish() then writes the document under a temporary name and renames it into
place. Same input, same bytes, no timestamps. Layout: one record per line, so that two
archives diff item by item and the fast C JSON encoder does the work (json.dumps with
indent falls back to pure Python, several times slower):

    {
     "format": "wparchive-archive/1",
     "site": {...},
     "authors": [
      {...},
      {...}
     ],
     "terms": [...as authors...],
     "items": [...as authors...],
     "problems": [...as authors...],
     "summary": {...}
    }

Each record is json.dumps(record, ensure_ascii=False) with its keys in a fixed order (items
written member by member by archive_items.ItemLines, which gives the same bytes).

Personal data (commenters' e-mail and IP addresses, authors' e-mail addresses, Akismet's
copy of each submission) is written only with keep_personal_data=True, and post passwords,
which are secrets that go with the bodies they protect, only with keep_passwords=True;
otherwise their keys are absent, not empty. Spam and trash
comments are never written; the summary counts them. The JSON Schema of the document is
wparchive/schema/archive.schema.json (load_schema()).
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from wparchive.errors import OutputError, output_error
from wparchive.model import Author, Element, Meta, Post, Problem, Site, Term
from wparchive.writers.archive_items import ItemCounts, ItemLines, jsonable

FORMAT = "wparchive-archive/1"
ITEMS_BUFFER = 1 << 20


def load_schema() -> dict[str, Any]:
    """The archive's JSON Schema (draft 2020-12), shipped as package data."""
    text = (resources.files("wparchive") / "schema" / "archive.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


class ArchiveWriter:
    """Writes archive.json; use as a context manager, add_item() each item, then finish()."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        keep_personal_data: bool = False,
        keep_passwords: bool = False,
    ):
        self.path = Path(path)
        self.keep_personal_data = keep_personal_data
        self.keep_passwords = keep_passwords
        self._items_path = self.path.with_name(f".{self.path.name}.items.{os.getpid()}.tmp")
        # Binary: each record is encoded to UTF-8 once, not again by a text wrapper. A
        # buffer of many items: a 9 KB item line would pass straight through the default
        # 8 KiB buffer, one write() call each.
        self._items: IO[bytes] | None = _open(self._items_path, buffering=ITEMS_BUFFER)
        self._lines = ItemLines(
            keep_personal_data=keep_personal_data, keep_passwords=keep_passwords
        )
        self._count = 0
        self._counts: dict[str, Counter[str]] = {
            name: Counter() for name in ("type", "status", "markdown")
        }
        self._item_counts = ItemCounts()

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._discard_items()

    def add_item(self, post: Post, *, markdown_path: str | None = None) -> None:
        """Append `post` (any type, any status: the caller decides what is archived)."""
        if self._items is None:
            raise OutputError(f"{self.path}: the archive is already finished or closed")
        line = self._item_line(post, markdown_path)
        self._items.write(b"\n  " if self._count == 0 else b",\n  ")
        self._items.write(line)
        self._count += 1
        self._counts["type"][post.type] += 1
        self._counts["status"][post.status] += 1
        self._counts["markdown"]["files"] += markdown_path is not None

    def finish(
        self,
        *,
        site: Site | None,
        authors: Iterable[Author],
        terms: Iterable[Term],
        problems: Iterable[Problem],
    ) -> Path:
        """Write the archive under a temporary name, then move it into place; return its path."""
        if self._items is None:
            raise OutputError(f"{self.path}: the archive is already finished or closed")
        author_list = [self._author(author) for author in authors]
        term_list = [_term(term) for term in terms]
        problem_list = [_problem(problem) for problem in problems]
        head: dict[str, Any] = {
            "format": FORMAT,
            "site": _site(site or Site()),
            "authors": author_list,
            "terms": term_list,
        }
        tail = {
            "problems": problem_list,
            "summary": self._summary(len(author_list), len(term_list), problem_list),
        }
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self._items.flush()
            with _open(temporary) as raw:
                out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
                self._write_document(out, raw, head, tail)
                out.flush()
                os.fsync(raw.fileno())
            os.replace(temporary, self.path)
        except BaseException as error:
            temporary.unlink(missing_ok=True)  # never a half-written archive, even on Ctrl-C
            if isinstance(error, OSError):
                raise output_error(self.path, "write the archive", error) from error
            raise
        finally:
            self._discard_items()
        return self.path

    # --- document -----------------------------------------------------------------------

    def _write_document(
        self, out: IO[str], raw: IO[bytes], head: dict[str, Any], tail: dict[str, Any]
    ) -> None:
        """Write to `out`; the items, already UTF-8, are copied to `raw` beneath it."""
        out.write("{")
        for key, value in head.items():
            out.write(f"\n {_line(key)}: {_member(value)},")
        out.write('\n "items": [')
        if self._count:
            out.flush()
            with open(self._items_path, "rb") as items:
                shutil.copyfileobj(items, raw, 1 << 16)
            out.write("\n ")
        out.write("],")
        out.write(",".join(f"\n {_line(key)}: {_member(value)}" for key, value in tail.items()))
        out.write("\n}\n")

    def _summary(self, authors: int, terms: int, problems: list[dict[str, str]]) -> dict[str, Any]:
        counts, items = self._counts, self._item_counts
        return {
            "items": self._count,
            "items_by_type": _sorted(counts["type"]),
            "items_by_status": _sorted(counts["status"]),
            "markdown_files": counts["markdown"]["files"],
            "comments": sum(items.comments.values()),
            "comments_by_status": _sorted(items.comments),
            "comments_skipped": _sorted(items.skipped),
            "personal_data_kept": self.keep_personal_data,
            "passwords_kept": self.keep_passwords,
            "personal_meta_dropped": items.dropped_meta,
            "authors": authors,
            "terms": terms,
            "problems": len(problems),
            "problems_by_code": _sorted(Counter(problem["code"] for problem in problems)),
        }

    def _discard_items(self) -> None:
        if self._items is not None:
            self._items.close()
            self._items = None
        self._items_path.unlink(missing_ok=True)

    # --- records ------------------------------------------------------------------------

    def _item_line(self, post: Post, markdown_path: str | None) -> bytes:
        """The item's record as one line of JSON, in UTF-8."""
        line = self._lines.item(post, markdown_path, self._item_counts)
        try:
            return line.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate (undecodable input) cannot be UTF-8: write it as a \ud800
            # escape. Written again, its comments and meta already counted.
            again = ItemLines(
                keep_personal_data=self.keep_personal_data,
                keep_passwords=self.keep_passwords,
                escape_non_ascii=True,
            )
            return again.item(post, markdown_path, ItemCounts()).encode("utf-8")

    def _author(self, author: Author) -> dict[str, Any]:
        record: dict[str, Any] = {"id": author.id, "login": author.login}
        if self.keep_personal_data:
            record["email"] = author.email
        record["display_name"] = author.display_name
        record["first_name"] = author.first_name
        record["last_name"] = author.last_name
        return record


def _meta(entry: Meta) -> dict[str, Any]:
    record: dict[str, Any] = {
        "key": entry.key,
        "value": entry.value,
        "serialized": entry.serialized,
    }
    if entry.serialized:
        record["decoded"] = jsonable(entry.decoded)
    return record


def _term(term: Term) -> dict[str, Any]:
    return {
        "taxonomy": term.taxonomy,
        "id": term.id,
        "slug": term.slug,
        "slug_raw": term.slug_raw,
        "name": term.name,
        "parent": term.parent,
        "description": term.description,
        "meta": [_meta(entry) for entry in term.meta],
    }


def _element(element: Element) -> dict[str, Any]:
    return {
        "tag": element.tag,
        "text": element.text,
        "attributes": dict(element.attributes),
    }


def _site(site: Site) -> dict[str, Any]:
    return {
        "title": site.title,
        "link": site.link,
        "description": site.description,
        "language": site.language,
        "pub_date_raw": site.pub_date_raw,
        "wxr_version": site.wxr_version,
        "base_site_url": site.base_site_url,
        "base_blog_url": site.base_blog_url,
        "generator": site.generator,
        "utc_offset": format_offset(site.utc_offset),
        "sources": list(site.sources),
        "extra": [_element(element) for element in site.extra],
    }


def _problem(problem: Problem) -> dict[str, str]:
    return {
        "source": problem.source,
        "where": problem.where,
        "code": problem.code,
        "message": problem.message,
    }


def format_offset(offset: timedelta | None) -> str | None:
    """A UTC offset as ISO 8601 writes it: "+05:30", "-07:00" (with ":SS" when it has seconds)."""
    if offset is None:
        return None
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{seconds:02d}" if seconds else text


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return {key: counter[key] for key in sorted(counter) if counter[key]}


# json.dumps(value, ensure_ascii=False) without building an encoder on every call, nor
# checking each record for cycles: records are trees built here, never cyclic.
_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _line(value: Any) -> str:
    """`value` as one line of JSON."""
    return _line_bytes(value).decode("utf-8")


def _line_bytes(value: Any) -> bytes:
    """`value` as one line of JSON, in UTF-8."""
    try:
        return _ENCODE(value).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (undecodable input) cannot be UTF-8: write it as a \ud800 escape.
        return json.dumps(value, ensure_ascii=True).encode("utf-8")


def _member(value: Any) -> str:
    """A top-level value: a list one element per line, anything else on one line."""
    if isinstance(value, list) and value:
        return "[\n  " + ",\n  ".join(_line(element) for element in value) + "\n ]"
    return _line(value)


def _open(path: Path, buffering: int = -1) -> IO[bytes]:
    try:
        return open(path, "wb", buffering=buffering)
    except OSError as error:
        # The path is a temporary name the user never chose: name the folder instead.
        raise output_error(path.parent, "write the archive in this folder", error) from error
