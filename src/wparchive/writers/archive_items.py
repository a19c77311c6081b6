"""One archive item as its line of JSON, written member by member.

The line is exactly what json.dumps(record, ensure_ascii=False) gives for the item's record
(its keys in the archive's order), but without building that record: CPython 3.11's C
encoder spends more on each member of a dict (the key escaped again, every piece gathered
as its own string) than on most values, and an item has a hundred or more members with its
comments and meta. Here the keys are written once, in the f-strings below, and each value
is escaped by json's own C string escaper. The 1,000 items of the bench export, made into
UTF-8 lines: 806 million instructions as records, 598 million so (callgrind).
tests/writers/test_archive_items.py checks these lines against json.dumps of the records.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any

from wparchive.model import (
    Comment,
    CommentStatus,
    CommentType,
    Element,
    Meta,
    Post,
    TermRef,
    Timestamp,
)

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

# json.dumps(value, ensure_ascii=...) without building an encoder on every call, nor
# checking each value for cycles: values written here are trees, never cyclic.
_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_ENCODE_ASCII = json.JSONEncoder(ensure_ascii=True, check_circular=False).encode
_INT = int.__repr__  # what json writes for an int (an IntEnum too)
_BOOLS = {True: "true", False: "false"}


class ItemCounts:
    """What writing items counted: comments written and skipped by status, meta dropped."""

    def __init__(self) -> None:
        self.comments: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.dropped_meta = 0


class ItemLines:
    """Items as lines of JSON; `escape_non_ascii` escapes every non-ASCII character, as json.dumps'
    default does (for text that UTF-8 cannot hold: a lone surrogate)."""

    def __init__(
        self, *, keep_personal_data: bool, keep_passwords: bool, escape_non_ascii: bool = False
    ):
        self.keep_personal_data = keep_personal_data
        self.keep_passwords = keep_passwords
        self.string: Callable[[str], str] = (
            encode_basestring_ascii if escape_non_ascii else encode_basestring
        )
        self.encode: Callable[[Any], str] = _ENCODE_ASCII if escape_non_ascii else _ENCODE

    def item(self, post: Post, markdown_path: str | None, counts: ItemCounts) -> str:
        s = self.string
        terms = post.terms
        password = (
            f', "password": {s(post.password)}' if self.keep_passwords and post.password else ""
        )
        return (
            f'{{"id": {_INT(post.id)}, "type": {s(post.type)}, "status": {s(post.status)}, '
            f'"title": {s(post.title)}, "slug": {s(post.slug)}, "slug_raw": {s(post.slug_raw)}, '
            f"{self._dates('date', post.date)}, {self._dates('modified', post.modified)}, "
            f'"pub_date_raw": {s(post.pub_date_raw)}, "author": {s(post.creator)}, '
            f'"categories": {self._strings(_names(terms, "category"))}, '
            f'"tags": {self._strings(_names(terms, "post_tag"))}, '
            f'"terms": {self._list(map(self._term_ref, terms))}, '
            f'"content": {s(post.content)}, '
            f'"content_rendered": {_BOOLS[post.content_rendered]}, '
            f'"excerpt": {s(post.excerpt)}, "description": {s(post.description)}, '
            f'"link": {s(post.link)}, "guid": {s(post.guid)}, '
            f'"guid_is_permalink": {self.value(post.guid_is_permalink)}, '
            f'"parent": {self.value(post.parent)}, "menu_order": {_INT(post.menu_order)}, '
            f'"comment_status": {s(post.comment_status)}, '
            f'"ping_status": {s(post.ping_status)}, "sticky": {_BOOLS[post.sticky]}, '
            f'"password_protected": {_BOOLS[bool(post.password)]}{password}, '
            f'"attachment_url": {s(post.attachment_url)}, '
            f'"meta": {self._meta_list(post.meta, (), counts)}, '
            f'"extra": {self._list(map(self._element, post.extra))}, '
            f'"comments": {self._comments(post.comments, counts)}, '
            f'"markdown_path": {self.value(markdown_path)}, "source": {s(post.source)}}}'
        )

    def value(self, value: Any) -> str:
        """Any JSON value; the common scalars without the encoder's overhead."""
        kind = type(value)
        if kind is str:
            return self.string(value)
        if value is None:
            return "null"
        if kind is int:
            return _INT(value)
        if kind is bool:
            return _BOOLS[value]
        return self.encode(value)

    def _dates(self, name: str, stamp: Timestamp) -> str:
        """The "<name>", "<name>_local_raw" and "<name>_gmt_raw" members."""
        s = self.string
        iso = "null" if stamp.value is None else s(stamp.value.isoformat())
        return (
            f'"{name}": {iso}, "{name}_local_raw": {s(stamp.local_raw)}, '
            f'"{name}_gmt_raw": {s(stamp.gmt_raw)}'
        )

    def _comments(self, comments: Iterable[Comment], counts: ItemCounts) -> str:
        kept = []
        for comment in comments:
            status = _STATUS_VALUES[comment.status]
            if comment.status in SKIPPED_COMMENT_STATUSES:
                counts.skipped[status] += 1
                continue
            counts.comments[status] += 1
            kept.append(self._comment(comment, status, counts))
        return self._list(kept)

    def _comment(self, comment: Comment, status: str, counts: ItemCounts) -> str:
        s = self.string
        personal = self.keep_personal_data
        email = f', "author_email": {s(comment.author_email)}' if personal else ""
        address = f', "author_ip": {s(comment.author_ip)}' if personal else ""
        traces = tuple(filter(None, (comment.author_email, comment.author_ip)))
        meta = self._meta_list(comment.meta, traces, counts) if comment.meta else "[]"
        return (
            f'{{"id": {_INT(comment.id)}, "parent": {self.value(comment.parent)}, '
            f'"type": {s(_TYPE_VALUES[comment.type])}, "type_raw": {s(comment.type_raw)}, '
            f'"status": {s(status)}, "status_raw": {s(comment.status_raw)}, '
            f'"author": {s(comment.author)}{email}, '
            f'"author_url": {s(comment.author_url)}{address}, '
            f'"user_id": {self.value(comment.user_id)}, {self._dates("date", comment.date)}, '
            f'"content": {s(comment.content)}, "meta": {meta}}}'
        )

    def _meta_list(self, meta: Iterable[Meta], traces: tuple[str, ...], counts: ItemCounts) -> str:
        kept = []
        for entry in meta:
            if not self.keep_personal_data and is_personal(entry, traces):
                counts.dropped_meta += 1
                continue
            kept.append(self._meta(entry))
        return self._list(kept)

    def _meta(self, entry: Meta) -> str:
        s = self.string
        head = f'{{"key": {s(entry.key)}, "value": {s(entry.value)}'
        if not entry.serialized:
            return f'{head}, "serialized": false}}'
        return f'{head}, "serialized": true, "decoded": {self.encode(jsonable(entry.decoded))}}}'

    def _term_ref(self, term: TermRef) -> str:
        s = self.string
        return f'{{"taxonomy": {s(term.taxonomy)}, "slug": {s(term.slug)}, "name": {s(term.name)}}}'

    def _element(self, element: Element) -> str:
        s = self.string
        # dict(): a repeated attribute keeps its first place and its last value, as the
        # record's dict did.
        attributes = ", ".join(f"{s(k)}: {s(v)}" for k, v in dict(element.attributes).items())
        return (
            f'{{"tag": {s(element.tag)}, "text": {s(element.text)}, '
            f'"attributes": {{{attributes}}}}}'
        )

    def _strings(self, strings: Iterable[str]) -> str:
        return self._list(map(self.string, strings))

    @staticmethod
    def _list(encoded: Iterable[str]) -> str:
        return f"[{', '.join(encoded)}]"


def is_personal(entry: Meta, traces: tuple[str, ...]) -> bool:
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


def jsonable(value: Any) -> Any:
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
        return {str(key): jsonable(item) for key, item in value.items()}
    if kind is list:
        return [jsonable(item) for item in value]
    return _jsonable_other(value)


def _jsonable_other(value: Any) -> Any:
    """jsonable for any other type: mappings and sequences of other classes, floats."""
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # PHP's INF and NAN: JSON has no such numbers
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
