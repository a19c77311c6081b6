"""What a saved WordPress page says about its post: structured data first, then classes.

Order of trust, per field: JSON-LD (BlogPosting/Article), Open Graph and `article:*`
meta, hAtom/h-entry and WordPress core/theme classes (`.entry-title`, `time.entry-date`,
`rel="category tag"`), and the visible text last.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from wparchive.cleaners.html import remove, select
from wparchive.cleaners.selectors import compile_selectors
from wparchive.model import TermRef

_JSON_LD = etree.XPath("//script[@type='application/ld+json']")
_META = etree.XPath("//meta[@content]")
_LINK = etree.XPath("//link[@href]")
_ARTICLE_TYPES = frozenset(
    {"blogposting", "article", "newsarticle", "techarticle", "reportage", "socialmediaposting"}
)
_WAYBACK = re.compile(r"^(?:https?://web\.archive\.org)?/web/\d+[a-z_]*/(?=https?:)")
_AUTHOR_SLUG = re.compile(r"/author/([^/?#]+)")
_SLUG = re.compile(r"[^\w-]+")
_QUOTES = re.compile("['\"`\u00b4\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb]")
_PAGE_SUFFIX = re.compile(r"\.(?:html?|php)$")


def unwrap_wayback(url: str) -> str:
    """`https://web.archive.org/web/2013…/http://the-pain.net/x` -> `http://the-pain.net/x`."""
    return _WAYBACK.sub("", url.strip()) if url else ""


def text_of(node: etree._Element) -> str:
    return " ".join("".join(str(piece) for piece in node.itertext()).split())


_HIDDEN = etree.XPath(
    "descendant::*[contains(concat(' ',normalize-space(@class),' '),' screen-reader-text ')]"
)


def visible_text(node: etree._Element) -> str:
    """The text without `.screen-reader-text` ("Autor john" -> "john" on Twenty Sixteen)."""
    return text_without(node, _HIDDEN)


def text_without(node: etree._Element, unwanted: etree.XPath) -> str:
    """`node`'s text leaving out the elements `unwanted` finds (on a copy: `node` stays)."""
    if not select(unwanted, node):
        return text_of(node)
    clone = copy.deepcopy(node)
    for element in select(unwanted, clone):
        remove(element)
    return text_of(clone)


def slugify(name: str) -> str:
    """As sanitize_title_with_dashes does: quotes go, other runs of non-word characters
    become one dash ("Crohn\u2019s Disease" -> "crohns-disease")."""
    return _SLUG.sub("-", _QUOTES.sub("", name.strip().lower())).strip("-")


def split_url(url: str) -> SplitResult:
    """urlsplit that never raises: a page's `http://[bad` link is just no URL."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def slug_from_url(url: str) -> str:
    """The last path segment, percent-decoded, without a `.html` permalink suffix:
    `/tag/rsd-crps/` -> `rsd-crps`, `/2008/05/npcs.html` -> `npcs`."""
    path = split_url(url).path.rstrip("/")
    return _PAGE_SUFFIX.sub("", unquote(path.rsplit("/", 1)[-1])) if path else ""


@dataclass(slots=True)
class HeadData:
    """`<meta>`, `<link>` and JSON-LD, gathered once per page."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    article: dict[str, Any] = field(default_factory=dict)  # the JSON-LD BlogPosting/Article
    website: dict[str, Any] = field(default_factory=dict)  # the JSON-LD WebSite
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)  # JSON-LD nodes by @id

    def resolve(self, value: Any) -> Any:
        """Yoast's graphs refer to the author as {"@id": …}: the node it names."""
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.by_id.get(str(value["@id"]), value)
        return value

    def first(self, *keys: str) -> str:
        for key in keys:
            for value in self.meta.get(key, ()):
                if value.strip():
                    return value.strip()
        return ""

    def link(self, rel: str) -> str:
        values = self.links.get(rel, [])
        return unwrap_wayback(values[0]) if values else ""


def read_head(root: HtmlElement) -> HeadData:
    data = HeadData()
    for node in select(_META, root):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key:
            data.meta.setdefault(key, []).append(node.get("content") or "")
    for node in select(_LINK, root):
        for rel in (node.get("rel") or "").lower().split():
            data.links.setdefault(rel, []).append(node.get("href") or "")
    for item in _json_ld_items(root):
        if "@id" in item and len(item) > 1:
            data.by_id.setdefault(str(item["@id"]), item)
        kinds = item.get("@type", [])
        kinds = {str(k).lower() for k in (kinds if isinstance(kinds, list) else [kinds])}
        if kinds & _ARTICLE_TYPES and not data.article:
            data.article = item
        elif "website" in kinds and not data.website:
            data.website = item
    return data


def _json_ld_items(root: HtmlElement) -> Iterator[dict[str, Any]]:
    for node in select(_JSON_LD, root):
        try:
            parsed = json.loads(node.text or "")
        except ValueError:
            continue  # themes emit broken JSON-LD; the other sources remain
        stack = parsed if isinstance(parsed, list) else [parsed]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)


def ld_text(value: Any) -> str:
    """A JSON-LD value as text: a string, the name of an object, or the first of a list."""
    if isinstance(value, list):
        return ld_text(value[0]) if value else ""
    if isinstance(value, dict):
        return ld_text(value.get("name") or "")
    return str(value).strip() if value is not None else ""


def ld_url(value: Any) -> str:
    if isinstance(value, list):
        return ld_url(value[0]) if value else ""
    if isinstance(value, dict):
        return str(value.get("url") or value.get("@id") or "")
    return str(value or "")


# --- terms ---------------------------------------------------------------------------

_CATEGORY_LINKS = etree.XPath(
    "descendant::a[contains(concat(' ',normalize-space(@rel),' '),' category ')]"
)
_TAG_LINKS = etree.XPath(
    "descendant::a[contains(concat(' ',normalize-space(@rel),' '),' tag ')"
    " and not(contains(concat(' ',normalize-space(@rel),' '),' category '))]"
)
# Category and tag links by URL, for themes without rel (BUZZBLOG's `.post_category`).
_TERM_BY_URL = etree.XPath("descendant::a[contains(@href,'/category/') or contains(@href,'/tag/')]")
_TERM_AREAS = compile_selectors(
    [
        ".entry-meta",
        ".entry-footer",
        ".postmeta",
        ".postmetadata",
        ".meta-space",
        ".post-meta",
        ".cat-links",
        ".tags-links",
        ".entry-utility",
        ".post_category",
        ".meta",
        "footer",
    ]
)


def terms_from_links(scope: HtmlElement, skip: set[etree._Element]) -> list[TermRef]:
    """Categories from `rel="category tag"`, tags from `rel="tag"`, in page order."""
    found: list[TermRef] = []
    for xpath, taxonomy in ((_CATEGORY_LINKS, "category"), (_TAG_LINKS, "post_tag")):
        for link in select(xpath, scope):
            if _inside(link, skip):
                continue
            found.append(_term(taxonomy, link))
    if not found:
        for area in select(_TERM_AREAS, scope):
            for link in select(_TERM_BY_URL, area):
                if not _inside(link, skip):
                    href = link.get("href") or ""
                    taxonomy = "category" if "/category/" in href else "post_tag"
                    found.append(_term(taxonomy, link))
    return _unique(found)


def _term(taxonomy: str, link: etree._Element) -> TermRef:
    name = text_of(link)
    slug = slug_from_url(unwrap_wayback(link.get("href") or "")) or slugify(name)
    return TermRef(taxonomy=taxonomy, slug=slug, name=name)


def terms_from_meta(head: HeadData) -> list[TermRef]:
    """`article:section` / `article:tag` meta and JSON-LD articleSection / keywords."""
    found = [
        TermRef(taxonomy="category", slug=slugify(name), name=name)
        for name in head.meta.get("article:section", []) + _ld_list(head.article, "articleSection")
    ]
    found += [
        TermRef(taxonomy="post_tag", slug=slugify(name), name=name)
        for name in head.meta.get("article:tag", []) + _ld_list(head.article, "keywords")
    ]
    return _unique(term for term in found if term.name)


_CLASS_TERM = re.compile(r"^(category|tag)-(.+)$")


def terms_from_classes(container: HtmlElement) -> list[TermRef]:
    """post_class() adds `category-<slug>` and `tag-<slug>`: slugs only, names unknown."""
    found = []
    for token in (container.get("class") or "").split():
        match = _CLASS_TERM.match(token)
        if match:
            taxonomy = "category" if match.group(1) == "category" else "post_tag"
            slug = unquote(match.group(2))
            found.append(TermRef(taxonomy=taxonomy, slug=slug, name=slug))
    return _unique(found)


def _ld_list(item: dict[str, Any], key: str) -> list[str]:
    value = item.get(key)
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(part).strip() for part in value if str(part).strip()]
    return []


def _unique(terms: Iterator[TermRef] | list[TermRef]) -> list[TermRef]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for term in terms:
        key = (term.taxonomy, term.slug)
        if key not in seen and term.name:
            seen.add(key)
            unique.append(term)
    return unique


def _inside(node: etree._Element, skip: set[etree._Element]) -> bool:
    while node is not None:
        if node in skip:
            return True
        node = node.getparent()  # type: ignore[assignment]
    return False


def author_login(url: str, name: str) -> str:
    """`…/author/nsajbenmd/` -> `nsajbenmd`; otherwise the name as a slug."""
    match = _AUTHOR_SLUG.search(url or "")
    return unquote(match.group(1)) if match else slugify(name)
