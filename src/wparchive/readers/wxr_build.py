"""Turn parsed WXR elements (one item, author, term or the channel) into model records.

Elements are matched by namespace *kind*, not by URI: WXR 1.0, 1.1 and 1.2, over http or
https, all map to "wp:" and "excerpt:". Unknown elements are kept as model.Element.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar
from urllib.parse import unquote

from lxml import etree

from wparchive.model import (
    Author,
    Comment,
    CommentStatus,
    CommentType,
    Element,
    Meta,
    Post,
    Site,
    Term,
    TermRef,
)
from wparchive.readers.dates import OffsetTracker, make_timestamp
from wparchive.readers.phpserial import decode_meta
from wparchive.readers.xmlsafe import KNOWN_NAMESPACES

_WP_URI = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
_EXCERPT_URI = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
_OTHER_KINDS = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "https://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "https://purl.org/dc/elements/1.1/": "dc",
}
_KEYS: dict[str, str] = {}
_MAX_CACHED_KEYS = 4096

# Fields whose surrounding whitespace is never meaningful (authors-multiline.xml has
# "<wp:author_login>alice\n</wp:author_login>").
_STRIPPED_POST_FIELDS = (
    "link", "guid", "pubDate", "dc:creator", "wp:post_id", "wp:post_date", "wp:post_date_gmt",
    "wp:post_modified", "wp:post_modified_gmt", "wp:comment_status", "wp:ping_status",
    "wp:post_name", "wp:status", "wp:post_parent", "wp:menu_order", "wp:post_type",
    "wp:is_sticky", "wp:attachment_url",
)  # fmt: skip
POST_FIELDS = frozenset(
    (*_STRIPPED_POST_FIELDS, "title", "description", "content:encoded", "excerpt:encoded",
     "wp:post_password")
)  # fmt: skip
_STRIPPED = frozenset(_STRIPPED_POST_FIELDS)
COMMENT_FIELDS = frozenset(
    f"wp:comment_{name}"
    for name in ("id", "author", "author_email", "author_url", "author_IP", "date", "date_gmt",
                 "content", "approved", "type", "parent", "user_id")
)  # fmt: skip
AUTHOR_FIELDS = frozenset(
    f"wp:author_{name}"
    for name in ("id", "login", "email", "display_name", "first_name", "last_name")
)
SITE_FIELDS = frozenset(
    ("title", "link", "description", "language", "pubDate", "generator", "wp:wxr_version",
     "wp:base_site_url", "wp:base_blog_url")
)  # fmt: skip
# wp:category / wp:tag / wp:term: (taxonomy, slug field, name field, parent field, description)
TERM_SHAPES = {
    "wp:category": ("category", "wp:category_nicename", "wp:cat_name", "wp:category_parent",
                    "wp:category_description"),
    "wp:tag": ("post_tag", "wp:tag_slug", "wp:tag_name", "", "wp:tag_description"),
    "wp:term": ("", "wp:term_slug", "wp:term_name", "wp:term_parent", "wp:term_description"),
}  # fmt: skip

Note = Callable[[str, str, str], None]  # (where, code, message)


def key_of(tag: str) -> str:
    """'wp:post_id' for any WXR version's namespace; the Clark tag for unknown ones."""
    key = _KEYS.get(tag)
    if key is not None:
        return key
    if tag[:1] != "{":
        key = tag
    else:
        uri, local = tag[1:].split("}", 1)
        kind = _OTHER_KINDS.get(uri)
        if kind is None and _WP_URI.match(uri):
            kind = "wp"
        elif kind is None and _EXCERPT_URI.match(uri):
            kind = "excerpt"
        key = f"{kind}:{local}" if kind else tag
    if len(_KEYS) < _MAX_CACHED_KEYS:
        _KEYS[tag] = key
    return key


def text_of(element: Any) -> str:
    """The element's text; inner markup kept as text when it has children (qTranslate
    writes `<title><!--:en-->Hello<!--:--></title>`)."""
    if len(element) == 0:
        return element.text or ""
    parts = [element.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return "".join(parts)


def unknown(element: Any) -> Element:
    return Element(tag=clark(element.tag), text=text_of(element), attributes=tuple(element.items()))


def clark(tag: str) -> str:
    """The tag in Clark notation; an undeclared but well-known prefix ("atom:link", as
    WordPress.com writes it) gets its namespace."""
    if tag[:1] != "{" and ":" in tag:
        prefix, local = tag.split(":", 1)
        uri = KNOWN_NAMESPACES.get(prefix)
        if uri is not None:
            return f"{{{uri}}}{local}"
    return tag


def decode_slug(raw: str) -> str:
    """Percent-decoded slug ("%e4%b8%ad" -> "中"); the raw text is kept beside it."""
    if "%" not in raw:
        return raw
    try:
        return unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return unquote(raw, errors="replace")


def to_int(raw: str) -> int | None:
    raw = raw.strip()
    try:
        return int(raw)
    except ValueError:
        return None


class Builder:
    """Builds records for one input; `note` records problems, `tracker` learns the offset."""

    def __init__(self, source: str, note: Note) -> None:
        self.source = source
        self.note = note
        self.tracker = OffsetTracker()
        self._synthetic = 0

    def synthetic_id(self) -> int:
        """Negative ids for items or comments without one: never a real WordPress id."""
        self._synthetic -= 1
        return self._synthetic

    def fields(
        self, element: Any, known: frozenset[str], where: str
    ) -> tuple[dict[str, str], list[tuple[str, Any]]]:
        """Known children's text by key (first wins), and the other children with their
        keys, so that no caller has to work a child's key out again."""
        found: dict[str, str] = {}
        rest: list[tuple[str, Any]] = []
        keys = _KEYS  # hot loop: one dict lookup per child in the common case
        for child in element:
            tag = child.tag
            key = keys.get(tag)
            if key is None:
                if not isinstance(tag, str):
                    continue  # an XML comment or processing instruction
                key = key_of(tag)
            if key not in known:
                rest.append((key, child))
            elif key not in found:
                found[key] = (child.text or "") if not len(child) else text_of(child)
            else:
                self.note(where, "duplicate-element", f"second {key} kept as an extra element")
                rest.append((key, child))
        if rest and len(found) < len(known):
            self._foreign_fields(found, rest, known, where)
        return found, rest

    def _foreign_fields(
        self,
        found: dict[str, str],
        rest: list[tuple[str, Any]],
        known: frozenset[str],
        where: str,
    ) -> None:
        """Fill missing fields from same-named children in a foreign namespace (a mistyped
        or redefined wp: URI, as in namespace-edge-cases.xml), saying so."""
        by_local = _by_local_name(known)
        for pair in list(rest):
            key = pair[0]
            # A known namespace's key is "wp:name", whose last part keeps its colon and so
            # is never a local name here: that child's name already had its chance. Only a
            # child whose key is its own tag (a foreign or no namespace) can match.
            field = by_local.get(key.rpartition("}")[2])
            if field is None or field in found:
                continue
            found[field] = text_of(pair[1])
            rest.remove(pair)
            self.note(where, "foreign-namespace", f"{key} read as {field}")

    def meta(self, element: Any, where: str) -> Meta:
        pair = _plain_meta_pair(element)
        if pair is None:
            found, _ = self.fields(element, _META_FIELDS, where)
            pair = (found.get("wp:meta_key", ""), found.get("wp:meta_value", ""))
        item, problem = decode_meta(pair[0].strip(), pair[1])
        if problem:
            self.note(
                where, "bad-serialized-meta" if not item.serialized else "meta-repaired", problem
            )
        return item

    def author(self, element: Any) -> Author:
        found, _ = self.fields(element, AUTHOR_FIELDS, "author")
        login = found.get("wp:author_login", "").strip()
        if not login:
            self.note("author", "missing-field", "an author without a login")
        return Author(
            id=to_int(found.get("wp:author_id", "")),
            login=login,
            email=found.get("wp:author_email", "").strip(),
            display_name=found.get("wp:author_display_name", "").strip(),
            first_name=found.get("wp:author_first_name", "").strip(),
            last_name=found.get("wp:author_last_name", "").strip(),
        )

    def term(self, element: Any, key: str) -> Term:
        taxonomy, slug_key, name_key, parent_key, description_key = TERM_SHAPES[key]
        known = frozenset(
            k for k in ("wp:term_id", "wp:term_taxonomy", slug_key, name_key, parent_key,
                        description_key) if k
        )  # fmt: skip
        found, rest = self.fields(element, known, key)
        slug_raw = found.get(slug_key, "").strip()
        where = f"term {slug_raw or '?'}"
        metas = tuple(self.meta(c, where) for k, c in rest if k == "wp:termmeta")
        return Term(
            taxonomy=taxonomy or found.get("wp:term_taxonomy", "").strip(),
            id=to_int(found.get("wp:term_id", "")),
            slug=decode_slug(slug_raw),
            slug_raw=slug_raw,
            name=found.get(name_key, ""),
            parent=decode_slug(found.get(parent_key, "").strip()) if parent_key else "",
            description=found.get(description_key, ""),
            meta=metas,
        )

    def site(self, channel: Any, sources: tuple[str, ...]) -> tuple[Site, dict[str, str]]:
        found: dict[str, str] = {}
        extra: list[Element] = []
        for child in channel:
            if not isinstance(child.tag, str):
                continue
            key = key_of(child.tag)
            if key in SITE_FIELDS and key not in found:
                found[key] = text_of(child).strip() if key != "description" else text_of(child)
            else:
                extra.append(unknown(child))
        site = Site(
            title=found.get("title", ""),
            link=found.get("link", ""),
            description=found.get("description", ""),
            language=found.get("language", ""),
            pub_date_raw=found.get("pubDate", ""),
            wxr_version=found.get("wp:wxr_version", ""),
            base_site_url=found.get("wp:base_site_url", ""),
            base_blog_url=found.get("wp:base_blog_url", ""),
            generator=found.get("generator", ""),
            utc_offset=self.tracker.utc_offset,
            sources=sources,
            extra=tuple(extra),
        )
        return site, found

    def post(self, item: Any, ordinal: int) -> Post:
        found, rest = self.fields(item, POST_FIELDS, f"item #{ordinal}")
        for key in _STRIPPED.intersection(found):
            found[key] = found[key].strip()
        post_id = to_int(found.get("wp:post_id", ""))
        where = f"item {post_id}" if post_id is not None else f"item #{ordinal}"
        if post_id is None:
            post_id = self.synthetic_id()
            self.note(where, "missing-field", f"item without a post id; numbered {post_id}")
        terms, metas, comments, extra = self._item_children(rest, where)
        return Post(
            id=post_id,
            type=self._required(found, "wp:post_type", "post", where),
            status=self._required(found, "wp:status", "draft", where),
            title=found.get("title", ""),
            slug=decode_slug(found.get("wp:post_name", "")),
            slug_raw=found.get("wp:post_name", ""),
            link=found.get("link", ""),
            guid=found.get("guid", ""),
            guid_is_permalink=_permalink_flag(item),
            description=found.get("description", ""),
            content=found.get("content:encoded", ""),
            excerpt=found.get("excerpt:encoded", ""),
            date=self._timestamp(found, "wp:post_date", "wp:post_date_gmt", where),
            modified=self._timestamp(found, "wp:post_modified", "wp:post_modified_gmt", where),
            pub_date_raw=found.get("pubDate", ""),
            creator=found.get("dc:creator", ""),
            comment_status=found.get("wp:comment_status", ""),
            ping_status=found.get("wp:ping_status", ""),
            parent=to_int(found.get("wp:post_parent", "")) or None,
            menu_order=to_int(found.get("wp:menu_order", "")) or 0,
            password=found.get("wp:post_password", ""),
            sticky=found.get("wp:is_sticky", "") == "1",
            attachment_url=found.get("wp:attachment_url", ""),
            terms=terms,
            meta=metas,
            comments=comments,
            extra=extra,
            source=self.source,
        )

    def _item_children(
        self, children: list[tuple[str, Any]], where: str
    ) -> tuple[tuple[TermRef, ...], tuple[Meta, ...], tuple[Comment, ...], tuple[Element, ...]]:
        terms: list[TermRef] = []
        bare: list[TermRef] = []
        metas: list[Meta] = []
        comments: list[Comment] = []
        extra: list[Element] = []
        for key, child in children:
            if key == "category":
                domain = child.get("domain")
                (terms if domain else bare).append(_term_ref(child, domain))
            elif key == "wp:postmeta":
                metas.append(self.meta(child, where))
            elif key == "wp:comment":
                comments.append(self.comment(child, where))
            else:
                extra.append(unknown(child))
        # WXR 1.0 writes each category twice: bare and with domain/nicename. Keep bare
        # ones only when no domain'd twin carries the same name.
        named = {term.name for term in terms}
        terms.extend(term for term in bare if term.name not in named)
        return tuple(terms), tuple(metas), tuple(comments), tuple(extra)

    def comment(self, element: Any, post_where: str) -> Comment:
        found, rest = self.fields(element, COMMENT_FIELDS, post_where)
        get = found.get
        comment_id = to_int(get("wp:comment_id", ""))
        where = f"{post_where}, comment {comment_id if comment_id is not None else '?'}"
        if comment_id is None:
            comment_id = self.synthetic_id()
            self.note(where, "missing-field", f"comment without an id; numbered {comment_id}")
        metas = tuple([self.meta(c, where) for k, c in rest if k == "wp:commentmeta"])
        type_raw = get("wp:comment_type", "").strip()
        status_raw = get("wp:comment_approved", "").strip()
        return Comment(
            id=comment_id,
            parent=to_int(get("wp:comment_parent", "")) or None,
            type=_comment_type(type_raw),
            type_raw=type_raw,
            status=_comment_status(status_raw),
            status_raw=status_raw,
            author=get("wp:comment_author", ""),
            author_email=get("wp:comment_author_email", "").strip(),
            author_url=get("wp:comment_author_url", "").strip(),
            author_ip=get("wp:comment_author_IP", "").strip(),
            user_id=to_int(get("wp:comment_user_id", "")) or None,
            date=self._timestamp(found, "wp:comment_date", "wp:comment_date_gmt", where),
            content=get("wp:comment_content", ""),
            meta=metas,
        )

    def _timestamp(self, found: dict[str, str], key: str, gmt_key: str, where: str) -> Any:
        stamp, error = make_timestamp(found.get(key, ""), found.get(gmt_key, ""), self.tracker)
        if error:
            self.note(where, "bad-date", error)
        return stamp

    def _required(self, found: dict[str, str], key: str, default: str, where: str) -> str:
        """The raw value, even when empty: the archive keeps what the file says."""
        value = found.get(key, "")
        if not value:
            self.note(where, "missing-field", f"no {key} (WordPress would use {default!r})")
        return value


_META_FIELDS = frozenset(("wp:meta_key", "wp:meta_value"))
# from_raw() per raw text, remembered: an export spells a comment's type and status a
# handful of ways, and calling a classmethod of an enum costs five times the lookup.
# Bounded all the same, for hand-made files.
_COMMENT_TYPES: dict[str, CommentType] = {}
_COMMENT_STATUSES: dict[str, CommentStatus] = {}
_MAX_CACHED_KINDS = 256


K = TypeVar("K")


def _comment_type(raw: str) -> CommentType:
    return _remembered(_COMMENT_TYPES, raw, CommentType.from_raw)


def _comment_status(raw: str) -> CommentStatus:
    return _remembered(_COMMENT_STATUSES, raw, CommentStatus.from_raw)


def _remembered(known: dict[str, K], raw: str, from_raw: Callable[[str], K]) -> K:
    found = known.get(raw)
    if found is None:
        found = from_raw(raw)
        if len(known) < _MAX_CACHED_KINDS:
            known[raw] = found
    return found


def _plain_meta_pair(element: Any) -> tuple[str, str] | None:
    """The texts of a meta written as WordPress writes every one, a wp:meta_key then a
    wp:meta_value with nothing else, as fields() would read them; None for any other
    shape (fields() then reads it and notes what is odd). Metas are half of the
    records fields() reads in the bench export."""
    if len(element) != 2:
        return None
    key, value = element
    if (
        _KEYS.get(key.tag) != "wp:meta_key"
        or _KEYS.get(value.tag) != "wp:meta_value"
        or len(key)
        or len(value)
    ):
        return None
    return key.text or "", value.text or ""


@cache
def _by_local_name(known: frozenset[str]) -> dict[str, str]:
    return {key.rpartition(":")[2]: key for key in known if ":" in key}


def _term_ref(element: Any, domain_raw: str | None) -> TermRef:
    """`domain_raw`: the element's domain attribute, which the caller has read already."""
    domain = (domain_raw or "category").strip()
    # WXR 1.0 says domain="tag" where later versions say "post_tag" (importer does the same).
    taxonomy = "post_tag" if domain == "tag" else domain
    nicename = (element.get("nicename") or "").strip()
    return TermRef(taxonomy=taxonomy, slug=decode_slug(nicename), name=text_of(element))


def _permalink_flag(item: Any) -> bool | None:
    # The first <guid> (no namespace), found by lxml without a Python object per child.
    for guid in item.iterchildren("guid"):
        flag = guid.get("isPermaLink")
        return None if flag is None else flag.strip().lower() == "true"
    return None
