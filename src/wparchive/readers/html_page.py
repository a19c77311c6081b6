"""Read a saved WordPress single-post page (HTML) into an Author, a Post and the Site.

The post body and each comment body are taken as the site rendered them, cleaned of the
chrome around them (`wparchive.cleaners`), and marked `content_rendered=True`.
"""

from __future__ import annotations

import copy
import html
import re
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs

from lxml import etree
from lxml.html import HtmlElement

from wparchive.cleaners import clean_tree, inner_html
from wparchive.cleaners.html import remove, select
from wparchive.cleaners.selectors import compile_selectors
from wparchive.errors import InputError
from wparchive.model import Author, Meta, Post, Site, Timestamp
from wparchive.problems import ProblemLog
from wparchive.readers import Record
from wparchive.readers.page_comments import (
    CommentContext,
    CommentScan,
    find_containers,
    scan_comments,
    timestamp,
)
from wparchive.readers.page_dates import parse_display_date, parse_iso, round_offset
from wparchive.readers.page_discussion import declared_comment_count, more_comment_pages
from wparchive.readers.page_meta import (
    author_login,
    ld_text,
    ld_url,
    read_head,
    slug_from_url,
    split_url,
    terms_from_classes,
    terms_from_links,
    terms_from_meta,
    text_of,
    unwrap_wayback,
    visible_text,
)
from wparchive.readers.page_site import read_site
from wparchive.readers.page_source import Source, load, parse_html

# Markers of WordPress in the first bytes: core paths, the generator, comment markup,
# WordPress.com and Jetpack assets.
_WORDPRESS_MARKERS = re.compile(
    rb"wp-content/|wp-includes/|wp-comments-post\.php|<meta[^>]+generator[^>]+wordpress"
    rb"|\.wp\.com/|wordpress\.com|jetpack|id=[\"']comment-\d|wp-json|wp-embed",
    re.IGNORECASE,
)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S)
_BODY_ID = re.compile(r"\b(?:postid|page-id)-(\d+)\b")
_POST_ID = re.compile(r"^post-(\d+)$")
_WPME = re.compile(r"^https?://wp\.me/p[\w]+-([0-9A-Za-z]+)$")
_BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Kubrick: "This entry was posted on Tuesday, June 22nd, 2010 at 9:12 pm and is filed
# under … RSS 2.0 feed.": the date is one clause; the others confuse a fuzzy parser.
_CLAUSE_BREAK = re.compile(r"\s(?:and|und|y|et)\s|[.;|]\s")
_CLOCK = re.compile(r"\d:\d\d")
_LISTING_CLASSES = frozenset({"home", "blog", "archive", "search", "error404", "category", "tag"})

# The post's own container, then its body, in the order themes are checked: core
# post_class() ids, hAtom/h-entry, Twenty* and block themes, Kubrick `.entry`, Thesis
# `.format_text`, BUZZBLOG `.post_content`.
_POST_CONTAINERS = tuple(
    compile_selectors([s])
    for s in (
        "[id^=post-].hentry",
        "[id^=post-].type-post",
        "[id^=post-].type-page",
        ".hentry",
        ".h-entry",
        ".type-post",
        ".type-page",
        "article",
        "[id^=post-]",
    )
)
_BODIES = tuple(
    compile_selectors([s])
    for s in (
        "[itemprop=articleBody]",
        ".entry-content",
        ".wp-block-post-content",
        ".post-content",
        ".post_content",
        ".entrytext",
        ".entry",
        ".post-entry",
        ".postcontent",
        ".storycontent",
        ".format_text",
        ".article-content",
        ".entry-body",
        ".post-body",
        ".single-content",
        ".e-content",
    )
)
_TITLES = compile_selectors(
    [".entry-title", ".wp-block-post-title", ".post-title", ".p-name", "h1", "h2"]
)
# Bylines in priority order (a union would give document order, and Twenty Fifteen's
# "View all posts by …" author box comes before its byline).
_BYLINE = tuple(
    compile_selectors([s])
    for s in (
        ".byline .fn",
        ".wp-block-post-author-name",
        ".wp-block-post-author__name",
        ".entry-author .fn",
        ".author.vcard .fn",
        ".author .fn",
        ".author.fn",
        ".vcard.fn",
        ".p-author",
        ".post-author-name",
        ".author_link a",
        ".post_author a",
        "a[rel~=author]",
        ".byline a",
        ".author a",
    )
)
_NOT_A_NAME = re.compile(r"(?i)^(?:view all|all posts|archiv|more posts|posts by|alle beitr)")
_PUBLISHED = compile_selectors(
    [
        "time.entry-date",
        "time.published",
        ".published",
        "time[itemprop=datePublished]",
        ".dt-published",
        "time",
    ]
)
_UPDATED = compile_selectors(["time.updated", ".updated", ".dt-updated"])
_SHOWN_DATES = compile_selectors(
    [
        ".single-post-head",
        ".postmetadata",
        ".entry-date",
        ".posted-on",
        ".post-date",
        ".entry-meta",
        ".date",
    ]
)
_FEATURED = compile_selectors(["img.wp-post-image"])
THUMBNAIL_URL_KEY = "_thumbnail_url"
_SITE_ICON = re.compile(r"/blavatar/|gravatar\.com/avatar/|wp\.com/i/blank\.jpg|/site-?icon", re.I)


def detect(head: bytes) -> bool:
    """An HTML document with WordPress markers in its first bytes."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return bool(_HTML_START.match(head)) and _WORDPRESS_MARKERS.search(head) is not None


def read(source: Source, log: ProblemLog) -> Iterator[Record]:
    """Yield the post's Author (when known), the Post, then the Site."""
    data, name = load(source)

    def problem(code: str, message: str) -> None:
        log.add(source=name, where="page", code=code, message=message)

    root = parse_html(data, name, problem)
    page = _Page(root, name, log)
    post, author = page.post()
    if author is not None:
        yield author
    yield post
    yield page.site()


class _Page:
    """One parsed page: finds the post, its body and comments, and the site around it."""

    def __init__(self, root: HtmlElement, name: str, log: ProblemLog) -> None:
        self.root = root
        self.name = name
        self.log = log
        self.head = read_head(root)
        body = root.find("body")
        self.body_classes = set((body.get("class") or "").split()) if body is not None else set()
        self._require_wordpress_post()
        self.container = self._post_container()
        self.offset: timezone | None = None

    def problem(self, code: str, message: str, where: str = "page") -> None:
        self.log.add(source=self.name, where=where, code=code, message=message)

    def _require_wordpress_post(self) -> None:
        html = etree.tostring(self.root, encoding="unicode")[:200_000].encode("utf-8", "replace")
        if _WORDPRESS_MARKERS.search(html) is None:
            raise InputError(
                self.name,
                "not a WordPress page: no generator, wp-content or WordPress comment markup "
                "found; give pages saved from a WordPress site, or its export (.xml)",
            )
        listing = self.body_classes & _LISTING_CLASSES
        single = self.body_classes & {"single", "page", "single-post"}
        if listing and not single:
            raise InputError(
                self.name,
                f"a WordPress {sorted(listing)[0]} page lists posts; "
                "save the single post's page instead",
            )

    def _post_container(self) -> HtmlElement:
        match = _BODY_ID.search(" ".join(sorted(self.body_classes)))
        if match:
            found = self.root.get_element_by_id(f"post-{match.group(1)}", None)
            if found is not None:
                return found
        comments = _comment_nodes(self.root)
        for xpath in _POST_CONTAINERS:
            for node in select(xpath, self.root):
                # blog.wordpress.com wraps post-41513 in `#post-focus`: only post-N counts
                wrong_id = (node.get("id") or "").startswith("post-") and not _POST_ID.match(
                    node.get("id") or ""
                )
                if not wrong_id and not _within(node, comments):
                    self._note_other_posts(node)
                    return node
        if self.head.article or self.head.first("og:type") == "article":
            body = self.root.find("body")
            return self.root if body is None else body
        raise InputError(
            self.name,
            "a WordPress page, but not a single post or page: no "
            "post container (post-N, .hentry, article) and no article metadata; save the "
            "page of one post or page instead",
        )

    def _note_other_posts(self, chosen: HtmlElement) -> None:
        """A page showing several posts (a home page saved without its body classes): the
        first is read, and the problem says which and how many others were left."""
        others = {
            node.get("id")
            for node in select(_POST_CONTAINERS[0], self.root)
            if _POST_ID.match(node.get("id") or "") and not _within(node, [chosen])
        }
        if others and _POST_ID.match(chosen.get("id") or ""):
            self.problem(
                "several-posts",
                f"the page shows {len(others) + 1} posts; only the first ({chosen.get('id')}) "
                "was read: save each post's own page to read the others",
            )

    # --- the post --------------------------------------------------------------------

    def post(self) -> tuple[Post, Author | None]:
        link = self._link()
        published = self._published()
        author_name, author_url = self._author()
        body_node = self._body_node()
        comment_context = CommentContext(
            source=self.name,
            post_date=published.value,
            offset=self.offset,
            unwrap_url=unwrap_wayback,
        )
        scan = scan_comments(self.root, comment_context)
        self._report_comments(scan)
        if not author_name:
            author_name = _post_author_from_comments(scan.comments)
        login = author_login(author_url or self.head.first("article:author"), author_name)
        title = self._title()
        post = Post(
            id=self._post_id(link),
            type="page" if self._is_page() else "post",
            status="publish",
            title=title,
            slug=slug_from_url(link) if "?" not in link else "",
            slug_raw=slug_from_url(link) if "?" not in link else "",
            link=link,
            guid=link,
            content=self._content(body_node, title),
            date=published,
            modified=self._modified(),
            creator=login,
            terms=tuple(self._terms()),
            meta=tuple(self._meta(scan_count=len(scan.comments))),
            comments=tuple(scan.comments),
            source=self.name,
            content_rendered=True,
        )
        author = Author(id=None, login=login, display_name=author_name) if login else None
        return post, author

    def _is_page(self) -> bool:
        return "page" in self.body_classes and "single" not in self.body_classes

    def _title(self) -> str:
        """JSON-LD headline, the theme's `.entry-title`, then og:title (often an SEO title:
        journelles.de's is "Christmas Gift Guide | Journelles | Jetzt entdecken!")."""
        title = ld_text(self.head.article.get("headline"))
        if not title:
            for node in select(_TITLES, self.container):
                title = text_of(node)
                if title:
                    break
        title = title or self.head.first("og:title")
        if not title:
            title_node = self.root.find(".//title")
            title = text_of(title_node).split(" | ")[0] if title_node is not None else ""
        # profootballtalk's meta holds "&#8220;" escaped twice
        return " ".join(html.unescape(title).replace("\xa0", " ").split())

    def _link(self) -> str:
        return unwrap_wayback(
            self.head.link("canonical")
            or self.head.first("og:url")
            or ld_url(self.head.article.get("mainEntityOfPage") or self.head.article.get("url"))
        )

    def _post_id(self, link: str) -> int:
        for text in (" ".join(sorted(self.body_classes)), self.container.get("id") or ""):
            match = _BODY_ID.search(text) or _POST_ID.match(text)
            if match:
                return int(match.group(1))
        shortlink = self.head.link("shortlink")
        number = _id_from_shortlink(shortlink)
        if number is not None:
            return number
        derived = zlib.crc32((link or self.name).encode("utf-8")) & 0x7FFFFFFF
        self.problem(
            "post-id-derived",
            f"the page shows no post id; using {derived}, derived "
            "from its URL, so the same page always gets the same id",
        )
        return derived

    def _author(self) -> tuple[str, str]:
        author = self.head.resolve(self.head.article.get("author"))
        name, url = ld_text(author), ld_url(author)
        if not name:
            name = self.head.first("author")
        if not name:
            name, url = self._byline(url)
        return name, unwrap_wayback(url)

    def _byline(self, url: str) -> tuple[str, str]:
        comments = _comment_nodes(self.root)
        for xpath in _BYLINE:
            for node in select(xpath, self.container):
                if _within(node, comments):
                    continue  # profootballtalk keeps its comments inside the article
                name = visible_text(node)
                if 0 < len(name) <= 60 and not _NOT_A_NAME.match(name):
                    link = node if node.tag == "a" else node.find(".//a")
                    return name, url or (link.get("href") or "" if link is not None else "")
        return "", url

    def _published(self) -> Timestamp:
        text = ld_text(self.head.article.get("datePublished")) or self.head.first(
            "article:published_time", "datepublished"
        )
        classed = self._class_date(_PUBLISHED)
        value = parse_iso(text) or classed
        if value is not None and value.tzinfo is not None:
            value = self._in_site_offset(value, classed)
            self.offset = timezone(value.utcoffset() or timedelta(0))
            return timestamp(value)
        value = value or self._shown_local_date(clock=False)
        if value is None:
            self.problem("no-post-date", "the page shows no publication date")
            return Timestamp()
        self.problem(
            "no-offset", "the page gives the publication date without a UTC offset; UTC is assumed"
        )
        return timestamp(value.replace(tzinfo=UTC))

    def _modified(self) -> Timestamp:
        text = ld_text(self.head.article.get("dateModified")) or self.head.first(
            "article:modified_time", "og:updated_time", "datemodified"
        )
        value = parse_iso(text) or self._class_date(_UPDATED)
        if value is None:
            return Timestamp()
        if value.tzinfo is not None and self.offset is not None:
            value = value.astimezone(self.offset)
        return timestamp(value)

    def _class_date(self, xpath: etree.XPath) -> datetime | None:
        for node in select(xpath, self.container):
            value = parse_iso(node.get("datetime") or node.get("title") or node.get("content"))
            if value is not None:
                return value
        return None

    def _shown_local_date(self, *, clock: bool = True) -> datetime | None:
        """The date and time as the theme prints it (site-local): "June 22nd, 2010 at 9:12 pm"."""
        for node in select(_SHOWN_DATES, self.container):
            for clause in _CLAUSE_BREAK.split(text_of(node)):
                if _CLOCK.search(clause) or not clock:
                    value = parse_display_date(clause)
                    if value is not None:
                        return value
        return None

    def _in_site_offset(self, value: datetime, classed: datetime | None) -> datetime:
        """WordPress.com's meta tags give UTC; the theme's `time[datetime]` has the site's
        offset (gormulus: +01:00), or it prints local time, and the difference is the
        offset (the seed: 04:12 UTC shown as 9:12 pm -> UTC-7)."""
        if value.utcoffset():
            return value
        if classed is not None and classed.utcoffset() and classed == value:
            return value.astimezone(classed.tzinfo)
        shown = self._shown_local_date()
        if shown is None or shown.tzinfo is not None:
            return value
        offset = round_offset(shown - value.replace(tzinfo=None))
        if offset is None:
            return value
        local = value.astimezone(offset).replace(tzinfo=None)
        if abs((shown - local).total_seconds()) >= 60:
            return value
        return value.astimezone(offset)

    def _body_node(self) -> HtmlElement:
        comments = _comment_nodes(self.root)
        for scope in (self.container, self.root):
            for xpath in _BODIES:
                for node in select(xpath, scope):
                    if node is not scope and not _within(node, comments):
                        return node
        self.problem(
            "no-body-container",
            "no post body container (.entry-content, .entry, "
            "articleBody) found; the whole post container is used",
        )
        return self.container

    def _content(self, body_node: HtmlElement, title: str) -> str:
        body = copy.deepcopy(body_node)
        for nested in list(_comment_nodes(body)):
            if nested.getparent() is not None:
                nested.getparent().remove(nested)
        clean_tree(body)
        _drop_leading_title(body, title)
        _unwrap_wayback_links(body)
        return inner_html(body)

    def _terms(self) -> list:  # type: ignore[type-arg]
        comments = set(_comment_nodes(self.root))
        return (
            terms_from_links(self.container, comments)
            or terms_from_meta(self.head)
            or terms_from_classes(self.container)
        )

    def _meta(self, *, scan_count: int) -> Iterator[Meta]:
        image = self.head.first("og:image") or ld_url(self.head.article.get("image"))
        if _SITE_ICON.search(image):
            image = ""  # Jetpack falls back to the blog's icon: not the post's image
        if not image:
            found = select(_FEATURED, self.container)
            image = found[0].get("src") or "" if found else ""
        if image:
            yield Meta(key=THUMBNAIL_URL_KEY, value=unwrap_wayback(image))
        declared = declared_comment_count(self.root)
        if declared is not None:
            yield Meta(key="comment_count_declared", value=str(declared))
            if declared > scan_count:
                self.problem(
                    "comments-missing",
                    f"the page declares {declared} comments but "
                    f"shows {scan_count}: themes often leave pingbacks and trackbacks "
                    "out of the list, and long threads are split over pages",
                )
        more = more_comment_pages(self.root, self._link())
        if more:
            yield Meta(key="comment_pages_more", value=" ".join(more))
            self.problem(
                "comment-pages",
                "the page links to further comment pages, which "
                f"this file does not hold: {more[0]}",
            )

    def _report_comments(self, scan: CommentScan) -> None:
        if scan.assumed_offset:
            self.problem(
                "comment-offset-assumed",
                f"{scan.assumed_offset} comment dates show no "
                f"UTC offset; {_offset_text(self.offset)} is assumed",
            )
        if scan.undated:
            self.problem("comment-no-date", f"{scan.undated} comments show no date")
        if scan.depth_mismatches:
            self.problem(
                "comment-depth",
                "the nesting of comments "
                f"{', '.join(map(str, scan.depth_mismatches))} disagrees with their "
                "depth-N class; the nesting is kept",
            )

    def site(self) -> Site:
        return read_site(self.root, self.head, self._link(), self.offset, self.name)


def _unwrap_wayback_links(body: HtmlElement) -> None:
    """A Wayback Machine capture rewrites every link to web.archive.org/web/<time>/<url>:
    links get the author's URL back; images keep the archived copy, the one that loads."""
    for link in body.iter("a"):
        href = link.get("href")
        if href and "/web/" in href:
            link.set("href", unwrap_wayback(href))


def _drop_leading_title(body: HtmlElement, title: str) -> None:
    """Themes that put the title inside the body container (the-pain.net's `.entry > h1`)."""
    first = next((child for child in body if isinstance(child.tag, str)), None)
    if first is None or first.tag not in ("h1", "h2", "h3") or (body.text or "").strip():
        return
    if " ".join(html.unescape(text_of(first)).split()) == title:
        remove(first)


def _comment_nodes(root: HtmlElement) -> list[HtmlElement]:
    return list(find_containers(root).values())


def _within(node: etree._Element, containers: list[HtmlElement]) -> bool:
    # Sets of live elements, never id(): lxml proxies die and their ids are reused.
    alive = set(containers)
    current: etree._Element | None = node
    while current is not None:
        if current in alive:
            return True
        current = current.getparent()
    return False


def _id_from_shortlink(url: str) -> int | None:
    """`?p=112`, or WordPress.com's `wp.me/pKvZe-1O` (base 62 post id: 1O -> 112)."""
    query = parse_qs(split_url(url).query).get("p")
    if query and query[0].isdigit():
        return int(query[0])
    match = _WPME.match(url)
    if match:
        number = 0
        for char in match.group(1):
            number = number * 62 + _BASE62.index(char)
        return number
    return None


def _post_author_from_comments(comments: list) -> str:  # type: ignore[type-arg]
    """Kubrick shows no byline; a comment marked `bypostauthor` names the author."""
    for comment in comments:
        if any(m.key == "by_post_author" for m in comment.meta) and comment.author:
            return str(comment.author)
    return ""


def _offset_text(offset: timezone | None) -> str:
    if offset is None:
        return "UTC (the page shows no offset at all)"
    return f"the post's offset ({offset})"
