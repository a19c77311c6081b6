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

Each record is json.dumps(record, ensure_ascii=False) with its keys in a fixed order.

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
import math
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import timedelta
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from wparchive.errors import OutputError, output_error
from wparchive.model import (
    Author,
    Comment,
    CommentStatus,
    CommentType,
    Element,
    Meta,
    Post,
    Problem,
    Site,
    Term,
    TermRef,
    Timestamp,
)

FORMAT = "wparchive-archive/1"
SKIPPED_COMMENT_STATUSES = frozenset({CommentStatus.SPAM, CommentStatus.TRASH})
# An enum member's .value is a Python-level property (0.4 µs); these are dict lookups, for
# the three a comment needs.
_STATUS_VALUES = {status: status.value for status in CommentStatus}
_TYPE_VALUES = {kind: kind.value for kind in CommentType}

# Meta that holds personal data whole, dropped unless it is to be kept. Akismet stores the
# submitted comment with the commenter's e-mail, IP, user agent and the server's request
# headers (seen in the corpus: mbmccormick's and pelican's exports); Jetpack's contact form
# keeps the same for each feedback item.
PERSONAL_META_KEYS = frozenset(
    {"akismet_as_submitted", "_feedback_akismet_values", "_feedback_email"}
)


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
        # Binary: each record is encoded to UTF-8 once, by _line_bytes, not again by a
        # text wrapper.
        self._items: IO[bytes] | None = _open(self._items_path)
        self._count = 0
        self._counts: dict[str, Counter[str]] = {
            name: Counter()
            for name in ("type", "status", "comments", "skipped", "markdown", "dropped")
        }

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
        item = self._item(post, markdown_path)
        self._items.write((b"\n  " if self._count == 0 else b",\n  ") + _line_bytes(item))
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
        counts = self._counts
        return {
            "items": self._count,
            "items_by_type": _sorted(counts["type"]),
            "items_by_status": _sorted(counts["status"]),
            "markdown_files": counts["markdown"]["files"],
            "comments": sum(counts["comments"].values()),
            "comments_by_status": _sorted(counts["comments"]),
            "comments_skipped": _sorted(counts["skipped"]),
            "personal_data_kept": self.keep_personal_data,
            "passwords_kept": self.keep_passwords,
            "personal_meta_dropped": counts["dropped"]["meta"],
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

    def _item(self, post: Post, markdown_path: str | None) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": post.id,
            "type": post.type,
            "status": post.status,
            "title": post.title,
            "slug": post.slug,
            "slug_raw": post.slug_raw,
            "date": _iso(post.date),
            "date_local_raw": post.date.local_raw,
            "date_gmt_raw": post.date.gmt_raw,
            "modified": _iso(post.modified),
            "modified_local_raw": post.modified.local_raw,
            "modified_gmt_raw": post.modified.gmt_raw,
            "pub_date_raw": post.pub_date_raw,
            "author": post.creator,
            "categories": _names(post.terms, "category"),
            "tags": _names(post.terms, "post_tag"),
            "terms": [_term_ref(term) for term in post.terms],
            "content": post.content,
            "content_rendered": post.content_rendered,
            "excerpt": post.excerpt,
            "description": post.description,
            "link": post.link,
            "guid": post.guid,
            "guid_is_permalink": post.guid_is_permalink,
            "parent": post.parent,
            "menu_order": post.menu_order,
            "comment_status": post.comment_status,
            "ping_status": post.ping_status,
            "sticky": post.sticky,
            "password_protected": bool(post.password),
        }
        if self.keep_passwords and post.password:
            item["password"] = post.password
        item["attachment_url"] = post.attachment_url
        item["meta"] = self._meta_list(post.meta, ())
        item["extra"] = [_element(element) for element in post.extra]
        item["comments"] = self._comments(post.comments)
        item["markdown_path"] = markdown_path
        item["source"] = post.source
        return item

    def _comments(self, comments: Iterable[Comment]) -> list[dict[str, Any]]:
        kept = []
        counted, skipped = self._counts["comments"], self._counts["skipped"]
        for comment in comments:
            status = _STATUS_VALUES[comment.status]
            if comment.status in SKIPPED_COMMENT_STATUSES:
                skipped[status] += 1
                continue
            counted[status] += 1
            kept.append(self._comment(comment, status))
        return kept

    def _comment(self, comment: Comment, status: str) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": comment.id,
            "parent": comment.parent,
            "type": _TYPE_VALUES[comment.type],
            "type_raw": comment.type_raw,
            "status": status,
            "status_raw": comment.status_raw,
            "author": comment.author,
        }
        if self.keep_personal_data:
            record["author_email"] = comment.author_email
        record["author_url"] = comment.author_url
        if self.keep_personal_data:
            record["author_ip"] = comment.author_ip
        record["user_id"] = comment.user_id
        date = comment.date
        record["date"] = _iso(date)
        record["date_local_raw"] = date.local_raw
        record["date_gmt_raw"] = date.gmt_raw
        record["content"] = comment.content
        traces = tuple(filter(None, (comment.author_email, comment.author_ip)))
        record["meta"] = self._meta_list(comment.meta, traces) if comment.meta else []
        return record

    def _meta_list(self, meta: Iterable[Meta], traces: tuple[str, ...]) -> list[dict[str, Any]]:
        kept = []
        for entry in meta:
            if not self.keep_personal_data and _is_personal(entry, traces):
                self._counts["dropped"]["meta"] += 1
                continue
            kept.append(_meta(entry))
        return kept

    def _author(self, author: Author) -> dict[str, Any]:
        record: dict[str, Any] = {"id": author.id, "login": author.login}
        if self.keep_personal_data:
            record["email"] = author.email
        record["display_name"] = author.display_name
        record["first_name"] = author.first_name
        record["last_name"] = author.last_name
        return record


def _is_personal(entry: Meta, traces: tuple[str, ...]) -> bool:
    """Known personal-data meta, or meta quoting the commenter's own e-mail or IP address."""
    if entry.key in PERSONAL_META_KEYS:
        return True
    value = entry.value
    # A loop, not any(): no generator made for each of a comment's metas.
    for trace in traces:  # noqa: SIM110
        if trace in value:
            return True
    return False


def _names(terms: tuple[TermRef, ...], taxonomy: str) -> list[str]:
    """The names of the terms of one taxonomy (Post.categories, Post.tags), without the
    tuple those properties build first."""
    return [term.name for term in terms if term.taxonomy == taxonomy]


def _iso(stamp: Timestamp) -> str | None:
    # Written beside "<name>_local_raw" and "<name>_gmt_raw", which keep the raw text.
    return stamp.value.isoformat() if stamp.value is not None else None


def _meta(entry: Meta) -> dict[str, Any]:
    record: dict[str, Any] = {
        "key": entry.key,
        "value": entry.value,
        "serialized": entry.serialized,
    }
    if entry.serialized:
        record["decoded"] = _jsonable(entry.decoded)
    return record


def _term_ref(term: TermRef) -> dict[str, str]:
    return {"taxonomy": term.taxonomy, "slug": term.slug, "name": term.name}


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


def _jsonable(value: Any) -> Any:
    """Decoded PHP meta as strict JSON: string keys, finite numbers, lists for tuples.

    The decoder keeps PHP's key order, which is part of the data (and deterministic), so
    keys are not sorted. The exact serialised text is in "value" beside it.
    """
    # What phpserial gives, tested by exact type first: isinstance(value, Mapping) is an
    # ABC check, several times slower, and an attachment's metadata holds dozens of values.
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {str(key): _jsonable(item) for key, item in value.items()}
    if kind is list:
        return [_jsonable(item) for item in value]
    return _jsonable_other(value)


def _jsonable_other(value: Any) -> Any:
    """_jsonable for any other type: mappings and sequences of other classes, floats."""
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # PHP's INF and NAN: JSON has no such numbers
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


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


def _open(path: Path) -> IO[bytes]:
    try:
        return open(path, "wb")
    except OSError as error:
        # The path is a temporary name the user never chose: name the folder instead.
        raise output_error(path.parent, "write the archive in this folder", error) from error
