"""The comments of a saved WordPress page: who, when, what, and which one they answer.

WordPress gives every comment an id `comment-N` (Walker_Comment), and themes repeat N in
`li-comment-N` / `div-comment-N` wrappers: all of them are one comment, the outermost
element holds it. Threading is the nesting of `ul.children` (or a theme's own wrapper),
cross-checked with the `depth-N` class WordPress adds.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from lxml import etree
from lxml.html import HtmlElement

from wparchive.cleaners import boilerplate, clean_tree, inner_html
from wparchive.cleaners.html import is_marker_text, remove, select
from wparchive.cleaners.selectors import compile_selectors
from wparchive.model import Comment, CommentStatus, CommentType, Meta, Timestamp
from wparchive.readers.page_dates import parse_display_date, parse_iso
from wparchive.readers.page_meta import text_of, text_without

_COMMENT_ID = re.compile(r"^(?:li-|div-)?comment-(\d+)$")
_CONTAINER_TAGS = frozenset({"li", "div", "article", "dt", "section", "table", "tr", "td"})
_WITH_ID = etree.XPath("descendant::*[@id]")
_DEPTH = re.compile(r"depth-(\d+)")
_SAYS = re.compile(
    r"\s*(?:says|said|sagt|schrieb|schreibt|dijo|escribió|wrote|mengatakan)\s*:?\s*$",
    re.IGNORECASE,
)

# The element holding the commenter's name, in the order themes are checked.
_AUTHOR = tuple(
    compile_selectors([s])
    for s in (
        ".fn",
        ".wp-block-comment-author-name",
        ".epoch-author-link",
        ".epoch-comment-author",
        ".comment_author",
        "span.author",
        "cite",
        ".comment-author",
        "[itemprop=author]",
    )
)
# The element holding the comment text: Twenty* `.comment-content`, Kubrick-era
# `.commenttext`/`.contenttext`, Thesis `.format_text`, Epoch, a nightly-blog blockquote.
_BODY = tuple(
    compile_selectors([s])
    for s in (
        ".comment-content",
        ".wp-block-comment-content",
        ".comment-text",
        ".comment_text",
        ".contenttext",
        ".commenttext",
        ".epoch-comment-content",
        ".comment-entry",
        ".extra-wrap",
        ".format_text",
        "[itemprop=text]",
        "blockquote.entry-content",
        ".comment-body",
    )
)
_DATE_TEXT = compile_selectors(
    [
        ".comment-metadata",
        ".commentmetadata",
        ".comment-meta",
        ".comment_time",
        ".comment-date",
        ".comment-time",
        ".date",
    ]
)
_TIME = etree.XPath("descendant::time")
_PING_LABEL = re.compile(r"\W*(?:pingback|trackback)?\W*", re.IGNORECASE)
_NOT_NAME = compile_selectors(["time", ".epoch-divide", ".says", ".screen-reader-text"])
_YEAR_OR_CLOCK = re.compile(r"\b(?:19|20)\d\d\b|\d:\d\d")
_ISO_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_COMMENT_CHROME = compile_selectors(boilerplate.COMMENT_CHROME)
_URL_LINK = etree.XPath("descendant-or-self::a[@href]")
# A pingback shows only "Pingback: <a class="url">Title</a>": the link names the author.
_URL_CLASS_LINK = compile_selectors(["a.url"])
_CHILD_LISTS = compile_selectors([".children", ".epoch-child"])


@dataclass(frozen=True, slots=True)
class CommentContext:
    """What the page says around its comments, for filling what a comment leaves out."""

    source: str
    post_date: datetime | None  # aware when the page gives an offset
    offset: timezone | None  # the site's offset, when the page shows it
    unwrap_url: object = None  # callable(str) -> str; Wayback links are unwrapped


@dataclass(slots=True)
class CommentScan:
    """The comments found, and what the reader should report about them."""

    comments: list[Comment] = field(default_factory=list)
    assumed_offset: int = 0  # comments whose date had no offset and took the site's
    undated: int = 0  # comments that show no date at all
    depth_mismatches: list[int] = field(default_factory=list)


def find_containers(root: HtmlElement) -> dict[int, HtmlElement]:
    """Comment number -> the outermost element carrying `comment-N`, in document order."""
    found: dict[int, HtmlElement] = {}
    for node in select(_WITH_ID, root):
        match = _COMMENT_ID.match(node.get("id") or "")
        if not match or node.tag not in _CONTAINER_TAGS:
            continue
        number = int(match.group(1))
        if number not in found:
            found[number] = node
    return found


def _ancestor_container(node: HtmlElement, containers: set[HtmlElement]) -> HtmlElement | None:
    """The comment this one answers: an enclosing comment, or the comment just before the
    `ul.children` list holding it (blog.wordpress.com's h4 theme closes the `li` early)."""
    parent = node.getparent()
    while parent is not None:
        if parent in containers:
            return parent
        classes = f" {parent.get('class') or ''} "
        if " children " in classes or " epoch-child " in classes:
            previous = parent.getprevious()
            if previous is not None and previous in containers:
                return previous
        parent = parent.getparent()
    return None


def _own_copy(node: HtmlElement, nested: set[HtmlElement]) -> HtmlElement:
    """The comment without the comments nested in it; a Thesis `dt` takes its `dd`."""
    own = copy.deepcopy(node)
    # Walk original and copy side by side, never into a nested comment: visiting (and
    # removing) every comment below each one made a 600-deep reply chain take minutes.
    pairs = [(node, own)]
    replies: list[HtmlElement] = []
    while pairs:
        before, after = pairs.pop()
        for child_before, child_after in zip(before, after, strict=True):
            if child_before in nested:
                replies.append(child_after)
            else:
                pairs.append((child_before, child_after))
    for reply in replies:
        remove(reply)
    for wrapper in select(_CHILD_LISTS, own):
        if wrapper is not own and wrapper.getparent() is not None:
            remove(wrapper)
    following = node.getnext()
    if node.tag == "dt" and following is not None and following.tag == "dd":
        own.append(copy.deepcopy(following))
    return own


def _first(xpaths: tuple[etree.XPath, ...], node: HtmlElement) -> HtmlElement | None:
    for xpath in xpaths:
        for found in select(xpath, node):
            if found is not node:
                return found
    return None


def _name_text(node: HtmlElement) -> str:
    """The author element's text without the date or separators some themes put in it
    (Epoch: `Ammon · <time>March 11, 2017</time>`)."""
    return text_without(node, _NOT_NAME)


def _author(own: HtmlElement) -> tuple[str, str]:
    node = _first(_AUTHOR, own)
    if node is None:  # never `or`: an lxml element without children is falsy
        node = _first((_URL_CLASS_LINK,), own)
    if node is None:
        return "", ""
    name = _SAYS.sub("", _name_text(node)).strip(" \t\n·|\u2013,:-")
    links = [a for a in select(_URL_LINK, node) if not (a.get("href") or "").startswith("#")]
    url = links[0].get("href") or "" if links else ""
    if not url:
        parent = node.getparent()
        if parent is not None and parent.tag == "a" and (parent.get("href") or "#")[0] != "#":
            url = parent.get("href") or ""
    return name, url


def _date_candidates(own: HtmlElement) -> Iterator[str]:
    """ISO attributes first, then the texts themes print, then a short bare text with a
    year or a clock time (BUZZBLOG prints "März 7, 2018" after the name, untagged)."""
    for time in select(_TIME, own):
        yield time.get("datetime") or ""
        yield text_of(time)
    for node in select(_DATE_TEXT, own):
        yield text_of(node)
    for piece in own.itertext():
        piece = " ".join(str(piece).split())
        if 6 <= len(piece) <= 60 and _YEAR_OR_CLOCK.search(piece):
            yield piece


def _date(own: HtmlElement, context: CommentContext) -> tuple[Timestamp, bool, str]:
    """The timestamp, whether its offset was assumed, and the text it was read from.

    A date without a time (`<time datetime="2020-12-24">`) is kept only when nothing
    better follows ("December 24, 2020 at 3:53 am").
    """
    fallback: tuple[datetime, str] | None = None
    for text in _date_candidates(own):
        value = _read_date(text, context) if text else None
        if value is None:
            continue
        if _ISO_DATE_ONLY.match(text):
            fallback = fallback or (value, text)
            continue
        return _stamp(value, text, context)
    if fallback is not None:
        return _stamp(*fallback, context)
    return Timestamp(), False, ""


def _read_date(text: str, context: CommentContext) -> datetime | None:
    value = parse_iso(text)
    if value is None:
        value = parse_display_date(text, default=context.post_date)
        if value is not None and context.post_date is not None:
            value = _after_post(value, text, context.post_date)
    return value


def _stamp(value: datetime, text: str, context: CommentContext) -> tuple[Timestamp, bool, str]:
    assumed = value.tzinfo is None
    if assumed:
        value = value.replace(tzinfo=context.offset or UTC)
    return timestamp(value), assumed, text


def _after_post(value: datetime, text: str, post_date: datetime) -> datetime:
    """A yearless date ("Jun 20th at 2:41 am") before the post is in the next year."""
    if re.search(r"\b(?:19|20)\d\d\b", text) is None and value.date() < post_date.date():
        return value.replace(year=value.year + 1)
    return value


def timestamp(value: datetime) -> Timestamp:
    """A Timestamp as WordPress writes one: local text, GMT text when the offset is known."""
    local = value.strftime("%Y-%m-%d %H:%M:%S")
    if value.tzinfo is None:
        return Timestamp(local_raw=local, value=None)
    offset = value.utcoffset() or timedelta(0)
    gmt = (value.replace(tzinfo=None) - offset).strftime("%Y-%m-%d %H:%M:%S")
    return Timestamp(local_raw=local, gmt_raw=gmt, value=value)


def _is_chrome_text(text: str, author: str) -> bool:
    """Leading text that is the theme's, not the commenter's: " Says:", the name, a date."""
    text = text.strip()
    if not text or is_marker_text(text) or text == author:
        return True
    return (
        len(text) <= 40
        and bool(_YEAR_OR_CLOCK.search(text))
        and (parse_display_date(text) is not None)
    )


def _trim_leading_chrome(body: HtmlElement, author: str) -> None:
    """Kubrick leaves " Says:" and a `<br>` before the text once the `cite` is gone;
    BUZZBLOG leaves a `<br>` and the bare date."""
    while True:
        if body.text and _is_chrome_text(body.text, author):
            body.text = None
        if len(body) and body[0].tag == "br" and not (body.text or "").strip():
            body.text = body[0].tail
            body.remove(body[0])
            continue
        return


def _body_html(own: HtmlElement, kind: CommentType, author: str) -> str:
    body = _first(_BODY, own)
    body = own if body is None else body
    for chrome in select(_COMMENT_CHROME, body):
        if chrome is not body and chrome.getparent() is not None:
            remove(chrome)
    if kind is not CommentType.COMMENT:
        # Pingbacks show "Pingback: <a>Title</a>": the link is the author, not text.
        for link in select(etree.XPath("descendant::a[contains(@class,'url')]"), body):
            remove(link)
    clean_tree(body)
    _trim_leading_chrome(body, author)
    if kind is not CommentType.COMMENT and _PING_LABEL.fullmatch(text_of(body)):
        return ""  # only the "Pingback:" label was left: the theme shows no excerpt
    return inner_html(body)


def _declared_depth(classes: set[str]) -> int | None:
    for token in classes:
        match = _DEPTH.fullmatch(token)
        if match:
            return int(match.group(1))
    return None


def _kind(classes: set[str]) -> CommentType:
    if "pingback" in classes:
        return CommentType.PINGBACK
    if "trackback" in classes:
        return CommentType.TRACKBACK
    return CommentType.COMMENT


def _classes(node: HtmlElement, own: HtmlElement) -> set[str]:
    tokens = set((node.get("class") or "").split())
    first = own[0] if len(own) else None
    if first is not None and _COMMENT_ID.match(first.get("id") or ""):
        tokens |= set((first.get("class") or "").split())
    return tokens


def scan_comments(root: HtmlElement, context: CommentContext) -> CommentScan:
    """Every comment the page shows, in page order, with parents from the nesting."""
    containers = find_containers(root)
    # Live elements as keys, never id(): lxml proxies die and their ids are reused.
    numbers = {node: number for number, node in containers.items()}
    scan = CommentScan()
    depth_of: dict[int | None, int] = {None: 0}
    every = set(numbers)
    for number, node in containers.items():
        parent_node = _ancestor_container(node, every)
        parent = numbers[parent_node] if parent_node is not None else None
        depth_of[number] = depth_of.get(parent, 0) + 1
        own = _own_copy(node, every)
        classes = _classes(node, own)
        declared = _declared_depth(classes)
        if declared is not None and declared != depth_of[number]:
            scan.depth_mismatches.append(number)
        scan.comments.append(_comment(number, parent, own, classes, context, scan))
    return scan


def _comment(
    number: int,
    parent: int | None,
    own: HtmlElement,
    classes: set[str],
    context: CommentContext,
    scan: CommentScan,
) -> Comment:
    kind = _kind(classes)
    author, url = _author(own)
    date, assumed, date_text = _date(own, context)
    scan.assumed_offset += assumed
    scan.undated += not date_text
    unwrap = context.unwrap_url
    if callable(unwrap):
        url = unwrap(url)
    meta = [Meta(key="by_post_author", value="1")] if "bypostauthor" in classes else []
    if date_text:
        meta.append(Meta(key="date_shown", value=date_text))
    return Comment(
        id=number,
        parent=parent,
        type=kind,
        type_raw="" if kind is CommentType.COMMENT else kind.value,
        status=CommentStatus.APPROVED,
        status_raw="1",
        author=author,
        author_url=url,
        date=date,
        content=_body_html(own, kind, author),
        meta=tuple(meta),
    )
