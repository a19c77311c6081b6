"""What a saved page says about the site: title, home link, language, generator, offset."""

from __future__ import annotations

import re
from datetime import timezone

from lxml import etree
from lxml.html import HtmlElement

from wparchive.cleaners.html import select
from wparchive.cleaners.selectors import compile_selectors
from wparchive.model import Site
from wparchive.readers.page_meta import HeadData, ld_text, split_url, text_of, unwrap_wayback

_HOME_LINK = compile_selectors(["a[rel~=home]", ".site-title a", "#site-title a", "#header h1 a"])
_SITE_TITLE = compile_selectors(
    [".site-title", "#site-title", "#header h1", ".blog-title", "#logo"]
)
_GENERATOR = etree.XPath("//meta[translate(@name,'GENERATOR','generator')='generator']/@content")
_FEED_LINKS = etree.XPath(
    "//link[@rel='alternate'][contains(@type,'rss') or contains(@type,'atom')]"
)
_FEED_SUFFIX = re.compile(r"\s*(?:»|&raquo;|-|\|)?\s*(?:RSS\s*2?\.?0?\s*|Atom\s*)?Feed\s*$", re.I)


def read_site(
    root: HtmlElement, head: HeadData, post_link: str, offset: timezone | None, name: str
) -> Site:
    generators = [str(g) for g in _GENERATOR(root)]  # type: ignore[union-attr]
    generator = next((g for g in generators if "wordpress" in g.lower()), "")
    return Site(
        title=_site_title(root, head),
        link=_site_link(root, post_link),
        language=_language(root, head),
        generator=generator or (generators[0] if generators else ""),
        utc_offset=offset.utcoffset(None) if offset is not None else None,
        sources=(name,),
    )


def _site_title(root: HtmlElement, head: HeadData) -> str:
    name = head.first("og:site_name") or ld_text(head.website.get("name"))
    if not name:
        name = _feed_title(root)
    if not name:
        found = select(_SITE_TITLE, root)
        name = text_of(found[0]) if found else ""
    if not name:
        title_node = root.find(".//title")
        parts = text_of(title_node).rsplit(" | ", 1) if title_node is not None else []
        name = parts[-1] if len(parts) == 2 else ""
    return name


def _feed_title(root: HtmlElement) -> str:
    """WordPress's feed links are titled "Site » Feed" (feed_links()); the first one
    names the site: the-pain.net's "PaiNs Blog RSS Feed"."""
    for node in select(_FEED_LINKS, root):
        name = _FEED_SUFFIX.sub("", node.get("title") or "").strip()
        if name:
            return name
    return ""


def _site_link(root: HtmlElement, post_link: str) -> str:
    for node in select(_HOME_LINK, root):
        href = unwrap_wayback(node.get("href") or "")
        if href.startswith("http"):
            return href
    parts = split_url(post_link)
    return f"{parts.scheme}://{parts.netloc}/" if parts.netloc else ""


def _language(root: HtmlElement, head: HeadData) -> str:
    lang = root.get("lang") or root.get("xml:lang") or ""
    if not lang:
        lang = head.first("og:locale").replace("_", "-")
    return lang
