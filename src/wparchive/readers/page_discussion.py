"""What a page says about its discussion as a whole: the declared count, further pages.

Themes print the count in a heading, in the site's language: "7 Responses to “…”",
"12 thoughts on “…”", "5 Gedanken zu „…“", "Kommentare (34)", "Se han publicado 11
comentarios", "Satu Tanggapan", "{ 38 comments… }", "91 Ergänzungen".
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from wparchive.cleaners.html import select, short_text
from wparchive.cleaners.selectors import compile_selectors
from wparchive.readers.page_meta import split_url, unwrap_wayback

_NOUNS = (
    r"responses?|comments?|thoughts?|repl(?:y|ies)|reactions?|kommentare?|gedanken?|"
    r"antworten|antwort|ergänzungen|reaktionen|comentarios?|respuestas?|tanggapan|komentar|"
    r"commentaires?|réponses?|commenti|risposte|reacties|opmerkingen"
)
_NUMBER_FIRST = re.compile(rf"(\d[\d.,]*)\s*(?:{_NOUNS})\b", re.IGNORECASE)
_NOUN_FIRST = re.compile(rf"(?:{_NOUNS})\s*[(\[{{]\s*(\d[\d.,]*)\s*[)\]}}]", re.IGNORECASE)
_ONE = re.compile(
    rf"^\s*(?:one|ein|eine|einen|un|una|uno|une|satu|een)\s+(?:{_NOUNS})\b", re.IGNORECASE
)
_HEADINGS = compile_selectors(
    [
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        ".comments-title",
        ".wp-block-comments-title",
        "#comments-title",
        ".comments_intro",
        ".comments__headline",
        ".comment-count-area",
        ".comments-header",
    ]
)
_OUTSIDE = compile_selectors(
    [
        ".widget",
        "#sidebar",
        ".sidebar",
        "aside",
        "#secondary",
        "#footer",
        "#colophon",
        "footer.site-footer",
        "nav",
        ".related-posts",
        ".jp-relatedposts",
    ]
)
_PAGE_LINK = re.compile(r"/comment-page-(\d+)/?|[?&]cpage=(\d+)")
_LINKS = etree.XPath("//a[@href]")


def declared_comment_count(root: HtmlElement) -> int | None:
    """The count the comments heading declares, or None when the page shows none."""
    outside = set(select(_OUTSIDE, root))
    for node in select(_HEADINGS, root):
        if _has_ancestor(node, outside):
            continue
        text = short_text(node, limit=300)
        if not text:
            continue
        count = parse_count(text)
        if count is not None:
            return count
    return None


def parse_count(text: str) -> int | None:
    """`7 Responses to “…”` -> 7, `Kommentare (34)` -> 34, `Satu Tanggapan` -> 1."""
    text = text.replace("\xa0", " ")
    match = _NUMBER_FIRST.search(text) or _NOUN_FIRST.search(text)
    if match:
        return int(re.sub(r"[.,]", "", match.group(1)))
    return 1 if _ONE.search(text) else None


def more_comment_pages(root: HtmlElement, link: str) -> list[str]:
    """Links to other comment pages of this post (not permalinks of comments shown here)."""
    base = _strip_page(link)
    found: list[str] = []
    for node in select(_LINKS, root):
        href = unwrap_wayback(node.get("href") or "")
        if not _PAGE_LINK.search(href):
            continue
        if base and _strip_page(href) != base:
            continue  # another post's comment (a "Recent comments" widget)
        if split_url(href).fragment.startswith("comment-"):
            continue  # the permalink of a comment on this page
        if href not in found:
            found.append(href)
    return found


def _strip_page(url: str) -> str:
    parts = split_url(url)
    path = _PAGE_LINK.sub("", parts.path).rstrip("/")
    return f"{parts.netloc}{path}"


def _has_ancestor(node: etree._Element, ids: set[etree._Element]) -> bool:
    current: etree._Element | None = node
    while current is not None:
        if current in ids:
            return True
        current = current.getparent()
    return False
