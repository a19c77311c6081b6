"""Is a post's Markdown faithful to what WordPress showed? The checks verify runs per post.

A post is faithful when its rendered Markdown
- has the paragraphs WordPress renders: the text paragraphs of the wpautop'd source
  (block editor content is not wpautop'd, as in WordPress) against those of the rendered
  Markdown, within PARAGRAPH_TOLERANCE. A text paragraph is a <p> (or a <div> or
  <figcaption>, which Markdown can only write as a paragraph) holding words of its own,
  outside lists and tables: an image alone is not one, nor is a URL alone (an embed:
  WordPress shows a player, Markdown a link), and a list item is not one whether the
  Markdown list is tight or loose;
- keeps every link href and image src of the source, or what the conversion made of it
  (`shown_urls`: a link to another post at its new path, a copy of an upload as the
  original file or its downloaded copy);
- shows no shortcode wparchive converts, no block delimiter and no entity that the
  source did not show (`&amp;` where the source showed `&`).

The source is read independently of the converter: only WordPress's own filters
(wpautop, shortcode_unautop) and the block delimiter pattern are shared.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

import lxml.html
from lxml import etree

from wparchive.content.autop import shortcode_unautop, shortcode_unautop_pattern, wpautop
from wparchive.content.blocks import BLOCK_DELIMITER, has_blocks
from wparchive.content.code_shortcodes import CODE_SHORTCODES
from wparchive.content.context import ContentContext
from wparchive.content.handlers import CONVERTED_SHORTCODES, HANDLERS
from wparchive.content.shortcodes import Handler, do_shortcodes

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

PARAGRAPH_TOLERANCE = 0.10

_CODE_SHORTCODE = re.compile(
    r"\[(" + "|".join(CODE_SHORTCODES) + r")\b[^\]]*\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE
)
# Jetpack's [gist] is converted when it names a gist, but is not one of the shortcodes a
# faithful post must not show: "[gist]" is also plain link text (ServiceStackV3's posts).
_CHECKED_SHORTCODES = [name for name in CONVERTED_SHORTCODES if name != "gist"]
_LEFTOVER_SHORTCODE = re.compile(
    r"\[/?(?:" + "|".join(_CHECKED_SHORTCODES) + r")(?=[\s\]/])[^\]\n]*\]", re.IGNORECASE
)
_LEFTOVER_DELIMITER = re.compile(r"<!--\s*/?wp:[a-z]")
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_TEXT_BLOCKS = frozenset(
    ["p", "div", "figcaption", "center", "address", "section", "article", "blockquote", "figure"]
)
# Tags whose text blocks are not counted: Markdown writes list items and cells its own way.
_NOT_PARAGRAPHS = frozenset(["li", "td", "th", "pre", "table", "dl", "details"])
_BLOCKS = (
    _TEXT_BLOCKS
    | _NOT_PARAGRAPHS
    | frozenset(
        [
            "ul",
            "ol",
            "blockquote",
            "figure",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "iframe",
            "object",
            "embed",
            "video",
            "audio",
            "canvas",
        ]
    )
)
_HAS_WORD = re.compile(r"\w")
_PAGE_MARKER = re.compile(r"[ \t]*(<!--(?:more|nextpage)\b.*?-->)[ \t]*", re.DOTALL)
_URL_ONLY = re.compile(r"^\s*https?://\S+\s*$")
_UNAUTOP = shortcode_unautop_pattern(CONVERTED_SHORTCODES)
# What WordPress shows for these: a caption under its image, a gallery's images and
# captions (from the export's attachments), and a player where Markdown has a link.
_SHOWN_SHORTCODES: dict[str, Handler] = {
    **{name: HANDLERS[name] for name in ("caption", "wp_caption", "gallery", "playlist")},
    **{name: HANDLERS[name] for name in ("embed", "youtube", "vimeo", "dailymotion", "gist")},
    **{name: HANDLERS[name] for name in ("audio", "video")},
}
# Links a converter drops on purpose (they run code or point nowhere).
_IGNORED_HREF = re.compile(r"^(?:javascript:|vbscript:|data:|#?$)", re.IGNORECASE)


# A source URL -> every form the Markdown may show it in (itself included).
ShownUrls = Callable[[str], Iterable[str]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Faithfulness:
    paragraphs_source: int
    paragraphs_written: int
    links_missing: tuple[str, ...] = ()
    images_missing: tuple[str, ...] = ()
    leftovers: tuple[str, ...] = ()  # shortcodes, block delimiters, entities in the text

    @property
    def paragraphs_ok(self) -> bool:
        allowed = PARAGRAPH_TOLERANCE * self.paragraphs_source
        return abs(self.paragraphs_written - self.paragraphs_source) <= allowed

    @property
    def ok(self) -> bool:
        return (
            self.paragraphs_ok
            and not self.links_missing
            and not self.images_missing
            and not self.leftovers
        )

    def __str__(self) -> str:
        parts = [f"paragraphs {self.paragraphs_written}/{self.paragraphs_source}"]
        if self.links_missing:
            parts.append(f"links missing {_sample(self.links_missing)}")
        if self.images_missing:
            parts.append(f"images missing {_sample(self.images_missing)}")
        if self.leftovers:
            parts.append(f"leftovers {_sample(self.leftovers)}")
        return ", ".join(parts)


def check_faithful(
    source: str,
    markdown_body: str,
    *,
    rendered: bool,
    context: ContentContext | None = None,
    shown_urls: ShownUrls | None = None,
) -> Faithfulness:
    """Compare a post's source (raw content, or displayed HTML) with its Markdown body.

    `context` holds the export's attachments, so that a `[gallery]` of the source shows
    its images and captions, as it did on the site. `shown_urls` gives the forms a source
    URL may take in the Markdown; without it, only the URL itself counts.
    """
    draft = faithfulness_draft(source, markdown_body, rendered=rendered, context=context)
    return draft.resolved(shown_urls or _itself)


@dataclass(frozen=True, slots=True, kw_only=True)
class FaithfulnessDraft:
    """check_faithful's findings but for the source URLs the Markdown does not show as
    they are: whether it shows them in another form needs `shown_urls`, which only the
    reading process has (verify's workers do the rest)."""

    paragraphs_source: int
    paragraphs_written: int
    leftovers: tuple[str, ...]
    links_unseen: tuple[str, ...]  # source hrefs, as written there
    images_unseen: tuple[str, ...]  # source srcs, as written there
    # What the Markdown links to and shows (normalised), kept only when something is unseen.
    written_links: frozenset[str] = frozenset()
    written_images: frozenset[str] = frozenset()

    def resolved(self, shown_urls: ShownUrls) -> Faithfulness:
        return Faithfulness(
            paragraphs_source=self.paragraphs_source,
            paragraphs_written=self.paragraphs_written,
            links_missing=_missing(self.links_unseen, self.written_links, shown_urls),
            images_missing=_missing(self.images_unseen, self.written_images, shown_urls),
            leftovers=self.leftovers,
        )


def faithfulness_draft(
    source: str, markdown_body: str, *, rendered: bool, context: ContentContext | None = None
) -> FaithfulnessDraft:
    """check_faithful without `shown_urls`: see FaithfulnessDraft."""
    source_html = source if rendered else wordpress_html(source, context)
    written_html = markdown_renderer().render(markdown_body)
    source_tree = _parse(source_html)
    written_tree = _parse(written_html)
    written_links = {_normal_url(url) for url in _urls(written_tree, "a", "href")}
    written_images = {_normal_url(url) for url in _urls(written_tree, "img", "src")}
    # A URL shown as it is counts whatever else it may have become (shown_urls gives
    # the URL itself among its forms): only the others wait for shown_urls.
    links_unseen = _unseen(_urls(source_tree, "a", "href"), written_links)
    images_unseen = _unseen(_urls(source_tree, "img", "src"), written_images)
    return FaithfulnessDraft(
        paragraphs_source=text_paragraphs(source_tree),
        paragraphs_written=text_paragraphs(written_tree),
        # A delimiter left as an HTML comment is not text, but it is in the Markdown.
        leftovers=_leftovers(source_tree, written_tree)
        + tuple(m.group(0) for m in _LEFTOVER_DELIMITER.finditer(written_html)),
        links_unseen=links_unseen,
        images_unseen=images_unseen,
        written_links=frozenset(written_links) if links_unseen else frozenset(),
        written_images=frozenset(written_images) if images_unseen else frozenset(),
    )


@functools.cache
def markdown_renderer() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough, as verify reads the written files.

    Built on first use: markdown-it takes 50 ms to import, which every `convert` would
    pay for the `verify` command it imports this for.
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def wordpress_html(raw: str, context: ContentContext | None = None) -> str:
    """Raw post_content as WordPress renders its paragraphs, code shortcodes as <pre>."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    # The excerpt and page markers split paragraphs: Hugo and Jekyll need them alone.
    text = _PAGE_MARKER.sub("\n\n\\1\n\n", text)
    # SyntaxHighlighter keeps wpautop out of its shortcodes: their text is one <pre>.
    text = _CODE_SHORTCODE.sub(_code_as_pre, text)
    if has_blocks(text):
        text = BLOCK_DELIMITER.sub("", text)
    else:
        text = shortcode_unautop(wpautop(text), _UNAUTOP)
    # img_caption_shortcode(): the caption is a text block of its own under the image;
    # gallery_shortcode(): the images of the export's attachments, with their captions.
    if "[" not in text:
        return text
    shown = ContentContext(
        attachments=context.attachments if context is not None else {},
        post_id=context.post_id if context is not None else None,
    )
    return do_shortcodes(text, _SHOWN_SHORTCODES, shown)


def _code_as_pre(match: re.Match[str]) -> str:
    code = match.group(2)
    if "<" not in code and ">" not in code:  # saved by the visual editor, encoded once
        code = html.unescape(code)
    return f"\n\n<pre>{html.escape(code)}</pre>\n\n"


def _parse(markup: str) -> etree._Element | None:
    if not markup.strip():
        return None
    try:
        root: etree._Element = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    return root


def _urls(tree: etree._Element | None, tag: str, attribute: str) -> list[str]:
    if tree is None:
        return []
    found = []
    for element in tree.iter(tag):
        value = element.get(attribute)
        if value is not None and not _IGNORED_HREF.match(value.strip()):
            found.append(value.strip())
    return found


def _normal_url(url: str) -> str:
    # markdown-it percent-encodes what needs it; compare the decoded forms.
    return unquote(html.unescape(url.strip())).replace(" ", "")


def _unseen(source: list[str], written: set[str]) -> tuple[str, ...]:
    return tuple(url for url in source if _normal_url(url) not in written)


def _missing(source: Iterable[str], written: frozenset[str], shown: ShownUrls) -> tuple[str, ...]:
    missing = (
        url for url in source if not any(_normal_url(form) in written for form in shown(url))
    )
    return tuple(dict.fromkeys(_normal_url(url) for url in missing))


def _itself(url: str) -> tuple[str]:
    return (url,)


def text_paragraphs(tree: etree._Element | None) -> int:
    """How many text paragraphs a reader sees (see the module's docstring).

    Each run of text between the blocks of a container is one: "a<iframe>b" in one <p>
    reads as two, and text at the top level (a custom HTML block's `<b>Hi</b>`) as one.
    """
    if tree is None:
        return 0
    count = 0
    for element in tree.iter(*_TEXT_BLOCKS, "pre", "caption"):
        if element.tag == "pre" and "wp-block-verse" not in (element.get("class") or ""):
            continue  # code; a verse block is poetry, shown as text
        if element.tag == "caption":  # a table's caption: Markdown writes it as a paragraph
            text = etree.tostring(element, method="text", encoding="unicode", with_tail=False)
            count += _is_paragraph(text)
            continue
        if any(a.tag in _NOT_PARAGRAPHS for a in element.iterancestors()):
            continue
        count += sum(1 for run in _text_runs(element) if _is_paragraph(run))
    return count


def _is_paragraph(text: str) -> bool:
    return bool(_HAS_WORD.search(text)) and not _URL_ONLY.match(text)


def _text_runs(element: etree._Element) -> list[str]:
    """The element's own text, split where a block child stands."""
    runs = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in _BLOCKS:
            runs.append("")
        elif isinstance(child.tag, str) and child.tag not in ("script", "style"):
            runs[-1] += etree.tostring(child, method="text", encoding="unicode", with_tail=False)
        runs[-1] += child.tail or ""
    return runs


def _visible_text(tree: etree._Element | None, *, in_code: bool = True) -> str:
    if tree is None:
        return ""
    parts: list[str] = []
    skip = ("script", "style") if in_code else ("script", "style", "pre", "code")
    _collect_text(tree, skip, parts)
    return " ".join(parts)


def _collect_text(element: etree._Element, skip: tuple[str, ...], parts: list[str]) -> None:
    if isinstance(element.tag, str) and element.tag not in skip:
        parts.append(element.text or "")
        for child in element:
            _collect_text(child, skip, parts)
    parts.append(element.tail or "")


def _leftovers(source: etree._Element | None, written: etree._Element | None) -> tuple[str, ...]:
    """Shortcodes and block delimiters outside code, entities the source did not show."""
    prose = _visible_text(written, in_code=False)
    found = [m.group(0) for m in _LEFTOVER_SHORTCODE.finditer(prose)]
    found += [m.group(0) for m in _LEFTOVER_DELIMITER.finditer(prose)]
    written_text = _visible_text(written)
    source_entities = _ENTITY.findall(_visible_text(source))
    for entity in dict.fromkeys(_ENTITY.findall(written_text)):
        extra = _ENTITY.findall(written_text).count(entity) - source_entities.count(entity)
        if extra > 0:
            found.append(entity)
    return tuple(found)


def _sample(items: tuple[str, ...], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return f"[{shown}{', …' if len(items) > limit else ''}] ({len(items)})"
