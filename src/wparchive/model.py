"""The model every reader produces and every writer consumes.

Frozen dataclasses, keyword-only, tuples for collections. Where WordPress gives a value
that has to be interpreted (dates, slugs, serialised meta, comment status), the raw text
is kept beside the normalised value, so the archive loses nothing even when the
interpretation is wrong.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

# A JSON-compatible value: what PHP-serialised meta decodes to.
JsonValue = Any


class CommentStatus(enum.StrEnum):
    """`wp:comment_approved`: "1", "0", "spam", "trash" (and "post-trashed")."""

    APPROVED = "approved"
    PENDING = "pending"
    SPAM = "spam"
    TRASH = "trash"
    OTHER = "other"

    @classmethod
    def from_raw(cls, raw: str) -> CommentStatus:
        return _COMMENT_STATUS_BY_RAW.get(raw.strip().lower(), cls.OTHER)


_COMMENT_STATUS_BY_RAW = {
    "1": CommentStatus.APPROVED,
    "approve": CommentStatus.APPROVED,
    "approved": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "hold": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.TRASH,
    "post-trashed": CommentStatus.TRASH,
}


class CommentType(enum.StrEnum):
    """`wp:comment_type`: empty means an ordinary comment; plugins add their own types."""

    COMMENT = "comment"
    PINGBACK = "pingback"
    TRACKBACK = "trackback"
    OTHER = "other"

    @classmethod
    def from_raw(cls, raw: str) -> CommentType:
        raw = raw.strip().lower()
        if raw in ("", "comment"):
            return cls.COMMENT
        try:
            return cls(raw)
        except ValueError:
            return cls.OTHER


# Post statuses WordPress core knows. Plugins register others, so Post.status stays a str.
PUBLISHED_STATUSES = frozenset({"publish"})
DRAFT_STATUSES = frozenset({"draft", "pending", "private", "future", "auto-draft"})
HIDDEN_STATUSES = frozenset({"trash", "spam"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """Something in the input that was repaired, skipped or could not be interpreted."""

    source: str  # the input file (as given on the command line), or "" for the run itself
    where: str  # "line 12", "item 42", "item 42, comment 7", "channel"
    code: str  # short, stable, machine-readable: "xml-recovered", "bad-date", ...
    message: str  # one sentence a user can act on

    def __str__(self) -> str:
        place = ", ".join(part for part in (self.source, self.where) if part)
        return f"{place}: {self.message}" if place else self.message


@dataclass(frozen=True, slots=True, kw_only=True)
class Timestamp:
    """A WordPress date as local time and GMT, both raw, plus the aware datetime they give.

    WordPress writes "0000-00-00 00:00:00" (and, through some PHP versions, dates in
    year -0001) for "no date": then `value` is None and the raw text stays.
    """

    local_raw: str = ""  # wp:post_date / wp:comment_date, site-local, no offset
    gmt_raw: str = ""  # wp:post_date_gmt / wp:comment_date_gmt
    value: datetime | None = None  # aware; in the site's offset where it is known

    @property
    def is_set(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta:
    """One `wp:postmeta`, `wp:commentmeta` or `wp:termmeta` pair.

    `value` is the text exactly as exported. When it is PHP-serialised and decodes
    safely, `decoded` holds the JSON-compatible result and `serialized` is True.
    """

    key: str
    value: str
    decoded: JsonValue = None
    serialized: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    id: int | None
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""

    @property
    def name(self) -> str:
        return self.display_name or self.login


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """A category, tag, custom taxonomy term or nav menu from the channel."""

    taxonomy: str  # "category", "post_tag", "nav_menu", "product_cat", ...
    id: int | None
    slug: str  # percent-decoded
    slug_raw: str
    name: str
    parent: str = ""  # the parent term's slug, as WordPress exports it
    description: str = ""
    meta: tuple[Meta, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TermRef:
    """An item's `<category domain="…" nicename="…">Name</category>`."""

    taxonomy: str  # the domain attribute: "category", "post_tag", ...
    slug: str  # percent-decoded nicename
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    id: int
    parent: int | None  # None for a top-level comment (WordPress writes 0)
    type: CommentType
    type_raw: str
    status: CommentStatus
    status_raw: str
    author: str
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    user_id: int | None = None  # set when a registered user wrote it
    date: Timestamp = field(default_factory=Timestamp)
    content: str = ""
    meta: tuple[Meta, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Element:
    """An element the reader does not know (a plugin's), kept so nothing is lost."""

    tag: str  # Clark notation: "{namespace}local"
    text: str
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """An item of any post type: post, page, attachment, nav_menu_item, custom types."""

    id: int
    type: str
    status: str
    title: str
    slug: str  # percent-decoded wp:post_name
    slug_raw: str
    link: str = ""
    guid: str = ""
    guid_is_permalink: bool | None = None
    description: str = ""
    content: str = ""  # raw post_content, exactly as exported
    excerpt: str = ""
    date: Timestamp = field(default_factory=Timestamp)
    modified: Timestamp = field(default_factory=Timestamp)
    pub_date_raw: str = ""  # RSS pubDate
    creator: str = ""  # dc:creator: the author's login
    comment_status: str = ""
    ping_status: str = ""
    parent: int | None = None  # None where WordPress writes 0
    menu_order: int = 0
    password: str = ""
    sticky: bool = False
    attachment_url: str = ""
    terms: tuple[TermRef, ...] = ()
    meta: tuple[Meta, ...] = ()
    comments: tuple[Comment, ...] = ()
    extra: tuple[Element, ...] = ()
    source: str = ""  # which input file held it
    # False for WXR: post_content is raw, so wpautop and shortcodes still have to run.
    # True when the reader took the HTML as the site displayed it (a saved page, or a
    # text capture the reader turned into paragraphs): it must not be processed again.
    content_rendered: bool = False

    @property
    def categories(self) -> tuple[TermRef, ...]:
        return tuple(term for term in self.terms if term.taxonomy == "category")

    @property
    def tags(self) -> tuple[TermRef, ...]:
        return tuple(term for term in self.terms if term.taxonomy == "post_tag")

    def meta_value(self, key: str) -> str | None:
        """The first meta value under `key`, or None."""
        for item in self.meta:
            if item.key == key:
                return item.value
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """The channel: what the export says about the site itself."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    pub_date_raw: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    generator: str = ""
    # Derived from items that carry both local and GMT dates; None when none do.
    utc_offset: timedelta | None = None
    sources: tuple[str, ...] = ()
    extra: tuple[Element, ...] = ()
