"""Cleaners for HTML a site rendered around a post: each takes an element and returns it.

Each cleaner works on a tree its caller owns (a copy made for cleaning), changes nothing
else, and is idempotent: running the tuple twice gives what running it once gave. They
run in the order of `CLEANERS`: structural removals first, then exact-text markers, then
the empty wrappers the first two leave behind.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from itertools import islice

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from wparchive.cleaners import boilerplate
from wparchive.cleaners.selectors import compile_selectors

Cleaner = Callable[[HtmlElement], HtmlElement]

_BOILERPLATE = compile_selectors(boilerplate.SELECTORS)
_NON_CONTENT = etree.XPath(
    " | ".join(f"descendant::{tag}" for tag in boilerplate.NON_CONTENT_TAGS)
    + " | descendant::comment() | descendant::processing-instruction()"
)
_MARKER_PATTERN = re.compile(
    "|".join(f"(?:{p})" for p in boilerplate.TEXT_MARKER_PATTERNS), re.IGNORECASE
)
_SPACES = re.compile(r"\s+")
# Elements that hold text or media even when they have no text of their own.
_MEDIA = frozenset(
    {
        "img",
        "iframe",
        "video",
        "audio",
        "object",
        "embed",
        "svg",
        "picture",
        "source",
        "hr",
        "br",
        "canvas",
        "math",
        "td",
        "th",
        "tr",
        "table",
        "input",
    }
)
_DROPPABLE_WHEN_EMPTY = frozenset(
    {
        "div",
        "span",
        "section",
        "aside",
        "header",
        "footer",
        "p",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "small",
        "strong",
        "em",
        "b",
        "i",
        "a",
        "figure",
    }
)
_RELATED_LIST_MARKERS = frozenset(
    {"possibly related posts: (automatically generated)", "possibly related posts:"}
)


def remove(node: etree._Element) -> None:
    """Remove `node` from its tree, keeping the text that follows it (its tail)."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    previous = node.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def select(xpath: etree.XPath, root: etree._Element) -> list[etree._Element]:
    """The nodes (elements, comments, processing instructions) an XPath finds."""
    result = xpath(root)
    if not isinstance(result, list):
        return []
    return [node for node in result if isinstance(node, etree._Element)]


def drop_non_content(root: HtmlElement) -> HtmlElement:
    """Scripts, styles, forms and HTML comments (WordPress's trackback RDF is one)."""
    for node in select(_NON_CONTENT, root):
        remove(node)
    return root


def drop_boilerplate_elements(root: HtmlElement) -> HtmlElement:
    """Everything `boilerplate.SELECTORS` names: comment forms, flair, follow bar, chrome."""
    for node in select(_BOILERPLATE, root):
        if node is not root:
            remove(node)
    return root


_MARKER_MAX_ELEMENTS = 40


def short_text(node: etree._Element, limit: int = boilerplate.MAX_MARKER_CHARS) -> str | None:
    """The element's normalised text, or None as soon as it is longer than `limit`."""
    # A marker ("Share this:", Jetpack's "Like this: Like Loading...") is a handful of
    # elements. Counted first, in a bounded walk: 2048 nested empty <div>s made every node
    # walk its whole subtree (seconds per page).
    if sum(1 for _ in islice(node.iter(), _MARKER_MAX_ELEMENTS + 1)) > _MARKER_MAX_ELEMENTS:
        return None
    parts: list[str] = []
    size = 0
    for piece in node.itertext():
        piece = str(piece)
        parts.append(piece)
        size += len(piece)
        if size > limit * 4:
            return None
    text = _SPACES.sub(" ", "".join(parts)).strip()
    return text if len(text) <= limit else None


def is_marker_text(text: str) -> bool:
    folded = text.replace("\xa0", " ").casefold()
    return folded in boilerplate.TEXT_MARKERS or _MARKER_PATTERN.fullmatch(folded) is not None


def _marker_elements(root: HtmlElement) -> Iterator[HtmlElement]:
    for node in root.iterdescendants():
        if not isinstance(node.tag, str) or node.tag in _MEDIA:
            continue
        text = short_text(node)
        if not (text and is_marker_text(text)):
            continue
        if not node.xpath("boolean(descendant::img|descendant::iframe|descendant::video)"):
            yield node


def drop_marker_text(root: HtmlElement) -> HtmlElement:
    """Short elements whose whole text is a boilerplate marker ("Share this:", "Follow").

    Only the whole text counts: a paragraph that merely mentions "Follow" stays.
    """
    found = list(_marker_elements(root))
    for node in found:
        if node.getparent() is None:
            continue
        text = short_text(node) or ""
        following = node.getnext()
        related = text.casefold() in _RELATED_LIST_MARKERS
        if related and following is not None and following.tag in ("ul", "ol"):
            remove(following)
        remove(node)
    return root


def _is_empty(node: HtmlElement) -> bool:
    if node.tag not in _DROPPABLE_WHEN_EMPTY or len(node):
        return False
    return not (node.text or "").replace("\xa0", " ").strip()


def drop_empty_wrappers(root: HtmlElement) -> HtmlElement:
    """Wrappers left empty by the cleaners above (and wpautop's empty `<p></p>`)."""
    for node in reversed(list(root.iterdescendants())):
        if isinstance(node.tag, str) and node.getparent() is not None and _is_empty(node):
            if node.get("id") or node.get("name"):
                continue  # an anchor target (`<a id="note1"></a>`) is the author's markup
            remove(node)
    return root


CLEANERS: tuple[Cleaner, ...] = (
    drop_non_content,
    drop_boilerplate_elements,
    drop_marker_text,
    drop_empty_wrappers,
)


def clean_tree(root: HtmlElement) -> HtmlElement:
    """Run every cleaner, in order, on a tree the caller owns."""
    for cleaner in CLEANERS:
        root = cleaner(root)
    return root


def inner_html(node: HtmlElement) -> str:
    """The element's content as HTML, without its own tag."""
    parts = [html.escape(node.text or "", quote=False)]
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in node)
    return "".join(parts).strip()


def clean_html(fragment: str) -> str:
    """Clean an HTML fragment and give it back as HTML (the pure form of `clean_tree`)."""
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return inner_html(clean_tree(root))
