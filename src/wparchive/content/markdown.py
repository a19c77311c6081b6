"""HTML to Markdown on lxml's tree, one `convert_<tag>` method per element.

Block converters return a list of Markdown blocks; inline converters return "marked"
inline text (see inline.py) that is escaped only when its paragraph is finished.
Subclass MarkdownConverter and define `convert_<tag>` to change how a tag is written,
as python-markdownify's get_conv_fn allows; `block_tags` says which kind a tag is.

Choices, each made so the output is a fixed point of mdformat (GFM):
- a non-breaking space becomes a plain space: in WordPress content it is an editor
  artefact ("grateful&nbsp;to", "&nbsp;&nbsp;" after a sentence), and a trailing one
  would be invisible trailing whitespace;
- `<br>` is a backslash hard break; `<hr>` is mdformat's rule, 70 underscores;
- bullets are `-` (`*` for a list right after another), ordered items `1.` then `1.`
  as mdformat writes them;
- element ids (heading anchors) are not kept: plain ATX headings.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable
from html import escape as html_escape
from typing import Any

import lxml.html
from lxml import etree

from wparchive.content import inline as inline_md
from wparchive.content.escape import (
    HTML_BLOCK_TAGS,
    code_span,
    escape_paragraph_lines,
    link_destination,
    link_title,
    longest_run,
)
from wparchive.content.inline import (
    HARD_BREAK,
    block_ref,
    collapse_html_space,
    delimited,
    has_sentinel,
    syntax,
)
from wparchive.content.tables import render_table

Element = Any  # lxml.html.HtmlElement; lxml-stubs types it loosely
Blocks = list[str]

RULE = "_" * 70
# Deeper than this, an element's text is kept as plain text: its structure is not
# worth a RecursionError (WordPress content is never that deep on purpose).
MAX_DEPTH = 120
MORE_MARKER = re.compile(r"^\s*(more|nextpage|noteaser)\b(.*)$", re.DOTALL)
_LANGUAGE = re.compile(r"(?:^|\s)(?:language-|lang-|brush:\s*)([\w+#.-]+)", re.IGNORECASE)
_LIST_START = re.compile(r"^(?:[-*]|\d+[.)])(?: |\n|$)")
_EMPTY_FIRST_ITEM = re.compile(r"^(?:[-*]|\d+[.)])(?:\n|$)")
_BULLET_MARKER = re.compile(r"^-( |$)", re.MULTILINE)
_ORDERED_MARKER = re.compile(r"^(\d+)\.( |$)", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n\s*\n")
_UNSAFE_ALT = re.compile(r"[\[\]`\\<&$]|\*|~~|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_SAFE_SCHEMES = re.compile(r"^\s*(?:javascript|vbscript|file):", re.IGNORECASE)
_DATA_IMAGE = re.compile(r"^\s*data:image/(?:gif|png|jpeg|webp);", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6} )(.+)$")
_BLOCK_REF_SPLIT = re.compile("(\ue005[^\ue001]*\ue001)")
_START_TAG = re.compile(r"^<[^\s>/]+(?:\s+[^\s=>/]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>")


class Paragraph(str):
    """A block that is a paragraph (list tightness depends on paragraphs)."""

    __slots__ = ()


class MarkdownConverter:
    """Converts an HTML fragment to normalised Markdown."""

    block_tags = frozenset(
        [
            "address",
            "article",
            "aside",
            "blockquote",
            "center",
            "dd",
            "details",
            "dialog",
            "dir",
            "div",
            "dl",
            "dt",
            "fieldset",
            "figcaption",
            "figure",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hgroup",
            "hr",
            "li",
            "main",
            "menu",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "summary",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "ul",
            "iframe",
            "video",
            "audio",
            "object",
            "embed",
            "canvas",
            "math-block",
        ]
    )
    dropped_tags = frozenset(
        [
            "script",
            "style",
            "noscript",
            "template",
            "head",
            "title",
            "meta",
            "link",
            "button",
            "input",
            "select",
            "textarea",
            "option",
            "svg",
            "canvas",
            "map",
            "area",
            "base",
        ]
    )
    raw_html_tags = frozenset(["dl", "details", "iframe", "video", "audio", "object", "embed"])
    transparent_tags = frozenset(
        ["span", "font", "small", "big", "abbr", "acronym", "mark", "ins", "u", "label", "time"]
    )

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[Element], Any] | None] = {}
        self._parser = etree.HTMLParser(remove_blank_text=False)  # lxml parsers: one per thread
        self._side_blocks: list[Blocks] = []
        self._em_depth = 0
        self._strong_depth = 0
        self._del_depth = 0
        self._depth = 0  # element nesting, against Python's recursion limit
        self._link_depth = 0

    # -- entry points ---------------------------------------------------------------

    def convert(self, html: str) -> str:
        """Markdown text ending with one newline, or "" when nothing is visible."""
        if not html or html.isspace():  # `not html.strip()` without copying the text
            return ""
        # Plain etree elements (not lxml.html's) are cheaper to walk; the explicit
        # <body> keeps libxml2 from wrapping leading text in an implied <p>.
        html = _clean_input(html)
        document = etree.fromstring(f"<html><body>{html}</body></html>", self._parser)
        if _may_hit_limits(html) and self._hit_limits():
            # libxml2 gives up at a resource limit (nesting depth, text length) and drops
            # its text; without tags (depth) and with huge_tree (text length) it has no limit.
            text_only = f"<html><body>{_TAG.sub(' ', html)}</body></html>"
            document = etree.fromstring(text_only, etree.HTMLParser(huge_tree=True))
        root = _body(document)
        return self.convert_tree(root) if root is not None else ""

    def _hit_limits(self) -> bool:
        # Reading the error log copies it, a cost worth paying only when it can matter.
        return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in self._parser.error_log)

    def convert_tree(self, root: Element) -> str:
        self._side_blocks = []
        self._em_depth = self._strong_depth = self._del_depth = self._link_depth = 0
        self._depth = 0
        text = join_blocks(self.blocks(root))
        return text + "\n" if text else ""

    # -- dispatch ---------------------------------------------------------------------

    def handler(self, tag: str) -> Callable[[Element], Any] | None:
        if tag in self._handlers:
            return self._handlers[tag]
        found = self._handlers[tag] = getattr(self, "convert_" + tag.replace("-", "_"), None)
        return found

    def blocks(self, el: Element) -> Blocks:
        """The children of a container as blocks; inline runs become paragraphs."""
        if not len(el):  # only text (most <li>, many <p>): one run, nothing to walk
            text = el.text
            return self.paragraphs(_text(text)) if text and not text.isspace() else []
        out: Blocks = []
        run: list[str] = []
        # Whitespace before a run's first inline content is stripped from its paragraph
        # (or makes a blank run): the newlines between block tags are left out at once.
        text = el.text
        if text and not text.isspace():
            run.append(_text(text))
        dropped, block_tags = self.dropped_tags, self.block_tags
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                marker = self._comment_marker(child)
                if marker:
                    self._flush(run, out)
                    out.append(marker)
            elif tag in dropped:
                pass
            elif tag in block_tags:
                if run:
                    self._flush(run, out)
                out.extend(self.block(child))
            else:
                run.append(self.inline(child))
            tail = child.tail
            if tail and (run or not tail.isspace()):
                run.append(_text(tail))
        if run:
            self._flush(run, out)
        return out

    def block(self, el: Element) -> Blocks:
        if self._depth > MAX_DEPTH:
            return self.paragraphs(_plain_text(el))
        self._depth += 1
        try:
            tag = el.tag  # lxml makes a new string on every read
            handlers = self._handlers  # handler(tag), without a call once a tag was seen
            handler = handlers[tag] if tag in handlers else self.handler(tag)
            if handler is not None:
                result: Blocks = handler(el)
                return result
            if tag in self.raw_html_tags:
                return raw_html_block(el)
            return self.blocks(el)
        finally:
            self._depth -= 1

    def inline(self, el: Element) -> str:
        """Marked inline Markdown for one element met in inline context."""
        if self._depth > MAX_DEPTH:
            return _plain_text(el)
        self._depth += 1
        try:
            tag = el.tag
            if not isinstance(tag, str):
                marker = self._comment_marker(el)
                return self._side_block([marker]) if marker else ""
            if tag in self.dropped_tags:
                return ""
            if tag in self.block_tags:
                return self._side_block(self.block(el))
            handlers = self._handlers  # handler(tag), without a call once a tag was seen
            handler = handlers[tag] if tag in handlers else self.handler(tag)
            if handler is not None:
                result: str = handler(el)
                return result
            return self.inline_children(el)
        finally:
            self._depth -= 1

    def inline_children(self, el: Element) -> str:
        text = el.text
        if not len(el):  # `<a>x</a>`, `<em>x</em>`: most inline elements hold only text
            return _text(text) if text else ""
        parts = [_text(text)] if text else []
        for child in el:
            parts.append(self.inline(child))
            tail = child.tail
            if tail:
                parts.append(_text(tail))
        return "".join(parts)

    def _side_block(self, blocks: Blocks) -> str:
        """A block inside inline content: its paragraph is split around it."""
        if not blocks:
            return ""
        self._side_blocks.append(blocks)
        return block_ref(len(self._side_blocks) - 1)

    def _comment_marker(self, node: Element) -> str:
        if not isinstance(node, etree._Comment):
            return ""
        match = MORE_MARKER.match(node.text or "")
        if match is None or match.group(1) == "noteaser":
            return ""
        extra = collapse_html_space(match.group(2)).replace("--", "").strip()
        return f"<!--{match.group(1)}{' ' + extra if extra else ''}-->"

    def _flush(self, run: list[str], out: Blocks) -> None:
        if run:
            text = "".join(run)
            run.clear()
            if not text.isspace():  # the newlines between block tags, most often
                out.extend(self.paragraphs(text))

    def paragraphs(self, marked: str) -> Blocks:
        """Finish marked inline text into paragraphs, split around side blocks."""
        if not has_sentinel(marked):
            text = inline_md.finish_plain(marked)
            return [Paragraph(escape_paragraph_lines(text))] if text else []
        if inline_md.BLOCK_REF not in marked:
            text = inline_md.finish_marked(marked)
            return [Paragraph(escape_paragraph_lines(text))] if text else []
        out: Blocks = []
        for part in _BLOCK_REF_SPLIT.split(marked):
            if part.startswith(inline_md.BLOCK_REF):
                out.extend(self._side_blocks[int(part[1:-1])])
            elif part:
                self._add_paragraph(part, out)
        return out

    def _add_paragraph(self, marked: str, out: Blocks) -> None:
        text = inline_md.finish_marked(marked)
        if text:
            out.append(Paragraph(escape_paragraph_lines(text)))

    def finish_inline(self, marked: str, hard_break: str = " ") -> str:
        """One line of inline Markdown (headings, table cells): no blocks, no breaks."""
        if hard_break == " ":  # a break that is a space is text, and escaped as text
            marked = marked.replace(inline_md.HARD_BREAK, " ")
        return inline_md.finish_marked(marked, hard_break=hard_break).strip()

    # -- blocks -----------------------------------------------------------------------

    def convert_h1(self, el: Element) -> Blocks:
        prefix = "#" * int(el.tag[1]) + " "
        out: Blocks = []
        # <h2>a<div>b</div>c</h2>: each inline part is a heading, blocks stay in order
        for part in _BLOCK_REF_SPLIT.split(self.inline_children(el)):
            if part.startswith(inline_md.BLOCK_REF):
                out.extend(self._side_blocks[int(part[1:-1])])
                continue
            text = self.finish_inline(part)
            if text:
                text = text[:-1] + "\\#" if text.endswith("#") else text
                out.append(prefix + _anchor(el.get("id")) + text)
        return out

    convert_h2 = convert_h3 = convert_h4 = convert_h5 = convert_h6 = convert_h1

    def convert_hr(self, el: Element) -> Blocks:
        return [RULE]

    def convert_blockquote(self, el: Element) -> Blocks:
        body = join_blocks(self.blocks(el))
        if not body:
            return []
        return ["\n".join(f"> {line}" if line else ">" for line in body.split("\n"))]

    def convert_pre(self, el: Element) -> Blocks:
        if _has_link_or_image(el):
            return raw_pre_block(el)  # a fence would lose the links and images
        code = _pre_text(el)
        if code and not code.endswith("\n"):
            code += "\n"
        fence = "`" * max(3, longest_run(code, "`") + 1)
        return [f"{fence}{_code_language(el)}\n{code}{fence}"]

    def convert_ul(self, el: Element) -> Blocks:
        return self._list(el, ordered=False)

    def convert_ol(self, el: Element) -> Blocks:
        return self._list(el, ordered=True)

    convert_menu = convert_dir = convert_ul

    def _list(self, el: Element, *, ordered: bool) -> Blocks:
        items = self._list_item_blocks(el)
        if not any(items):
            return []  # only empty items: nothing to see
        start = _list_start(el) if ordered else 1
        # mdformat writes a list without paragraphs in its items tight, always
        has_paragraphs = any(isinstance(b, Paragraph) for blocks in items for b in blocks)
        tight = not has_paragraphs or all(_fits_tight_list(blocks) for blocks in items)
        separator = "\n" if tight else "\n\n"
        rendered = []
        for index, blocks in enumerate(items):
            if ordered:
                number = str(start) if index == 0 else "0" * (len(str(start)) - 1) + "1"
                marker = number + "."
                indent = " " * (len(str(start)) + 2)
            else:
                marker, indent = "-", "  "
            body = blocks[0] if len(blocks) == 1 else join_blocks(blocks, separator)
            rendered.append(_list_item(marker, indent, body))
        return [separator.join(rendered)]

    def _list_item_blocks(self, el: Element) -> list[Blocks]:
        """Blocks per item; text or inline elements between items join the item before."""
        items: list[Blocks] = []
        stray: list[str] = [_text(el.text)] if el.text and not el.text.isspace() else []
        for child in el:
            if not isinstance(child.tag, str) or child.tag in self.dropped_tags:
                pass
            elif child.tag == "li":
                self._add_stray(stray, items)
                items.append(self.blocks(child))
            elif child.tag in self.block_tags:  # <ul><ul>…</ul></ul>: part of the item before
                self._add_stray(stray, items)
                if items:
                    items[-1].extend(self.block(child))
                else:
                    items.append(self.block(child))
            else:
                stray.append(self.inline(child))
            if child.tail and not child.tail.isspace():
                stray.append(_text(child.tail))
        self._add_stray(stray, items)
        return items

    def _add_stray(self, stray: list[str], items: list[Blocks]) -> None:
        if stray:
            paragraphs = self.paragraphs("".join(stray))
            stray.clear()
            if items:
                items[-1].extend(paragraphs)
            elif paragraphs:
                items.append(paragraphs)

    def convert_li(self, el: Element) -> Blocks:  # an <li> outside any list
        return self.blocks(el)

    def convert_table(self, el: Element) -> Blocks:
        table = render_table(el, self)
        if table is None:
            return raw_html_block(el) if el.xpath(".//td | .//th") else self.blocks(el)
        captions = [b for c in el.iterchildren("caption") for b in self.blocks(c)]
        return [*captions, table]

    def convert_figcaption(self, el: Element) -> Blocks:
        return self.blocks(el)

    # -- inline -----------------------------------------------------------------------

    def convert_br(self, el: Element) -> str:
        return HARD_BREAK

    def convert_wbr(self, el: Element) -> str:
        return ""

    def convert_em(self, el: Element) -> str:
        return self._emphasis(el, "*")

    convert_i = convert_cite = convert_dfn = convert_var = convert_em

    def convert_strong(self, el: Element) -> str:
        return self._emphasis(el, "**")

    convert_b = convert_strong

    def convert_del(self, el: Element) -> str:
        return self._emphasis(el, "~~")

    convert_s = convert_strike = convert_del

    def _emphasis(self, el: Element, marker: str) -> str:
        # Nested <em><em>x</em></em> must not become **x**: mark the outermost only.
        depth_name = _DEPTH_NAMES[marker]
        depth = getattr(self, depth_name)
        setattr(self, depth_name, depth + 1)
        try:
            inner = self.inline_children(el)
        finally:
            setattr(self, depth_name, depth)
        if depth:
            return inner
        return _chomp(inner, lambda core: delimited(marker, core))

    def convert_code(self, el: Element) -> str:
        if _has_link_or_image(el):  # a code span would lose them
            return _html_wrapped("code", self.inline_children(el))
        code = collapse_html_space(_text(_plain_text_of(el)))
        if not code.strip():
            return " " if code else ""
        return _chomp(code, lambda core: syntax(code_span(core)))

    convert_tt = convert_kbd = convert_samp = convert_code

    def convert_wp_math(self, el: Element) -> str:
        """`[latex]` math, already Markdown (code_shortcodes.latex): written as it is."""
        return syntax(_plain_text(el))

    def convert_a(self, el: Element) -> str:
        href = el.get("href")
        if href is None and "fn-anchor" in (el.get("class") or ""):
            anchor = _anchor(el.get("id"))  # a footnote's target (blocks.footnotes_list)
            return syntax(anchor) if anchor else ""
        if href is None or _SAFE_SCHEMES.match(href) or self._link_depth:
            return self.inline_children(el)
        self._link_depth += 1
        try:
            inner = self.inline_children(el)
        finally:
            self._link_depth -= 1
        title = el.get("title")
        tail = link_destination(href) + (link_title(_one_line(title)) if title else "")

        def wrap(core: str) -> str:
            return syntax("[") + core + syntax("](" + tail + ")")

        if inline_md.BLOCK_REF in inner:
            return self._link_around_blocks(inner, wrap, tail)
        if inner.strip() in ("x", "X"):
            # mdformat-gfm reads "[x](url)" at a line start as a task box and breaks it
            start = syntax(f'<a href="{html_escape(href)}">')
            return _chomp(inner, lambda core: start + core + syntax("</a>"))
        return _chomp(inner, wrap, True)

    def _link_around_blocks(self, inner: str, wrap: Callable[[str], str], tail: str) -> str:
        """`<a><img><h3>Go</h3></a>`: link each inline part, and headings inside."""
        linked = False
        parts = _BLOCK_REF_SPLIT.split(inner)
        for index, part in enumerate(parts):
            if part.startswith(inline_md.BLOCK_REF):
                blocks = self._side_blocks[int(part[1:-1])]
                for at, block in enumerate(blocks):
                    heading = _HEADING.match(block)
                    if heading and "](" not in block:
                        text = heading.group(2)
                        if text.endswith("\\#"):  # no longer the heading's last character
                            text = text[:-2] + "#"
                        blocks[at] = f"{heading.group(1)}[{text}]({tail})"
                        linked = True
            elif part.strip():
                parts[index] = _chomp(part, wrap)
                linked = True
        if not linked:
            parts.append(wrap(""))  # an empty link still keeps the address
        return "".join(parts)

    def convert_img(self, el: Element) -> str:
        src = _image_source(el)
        if not src:
            return ""
        alt = _one_line(el.get("alt") or "").strip()
        title = el.get("title")
        if _UNSAFE_ALT.search(alt) or (title and "\\" in title):
            return syntax(_inline_html(el))
        tail = link_destination(src) + (link_title(_one_line(title)) if title else "")
        return syntax(f"![{alt}]({tail})")

    def convert_sup(self, el: Element) -> str:
        # A block editor footnote reference keeps the id its note links back to.
        link_id = el.get("data-fn") and el.xpath("string(a/@id)")
        if link_id and _ANCHOR_ID.match(link_id):
            return syntax(f'<sup id="{link_id}">') + self.inline_children(el) + syntax("</sup>")
        return _html_wrapped(el.tag, self.inline_children(el))

    convert_sub = convert_sup

    def convert_q(self, el: Element) -> str:
        return '"' + self.inline_children(el) + '"'


_DEPTH_NAMES = {"*": "_em_depth", "**": "_strong_depth", "~~": "_del_depth"}
_ANCHOR_ID = re.compile(r"^[A-Za-z0-9_:.-]{1,200}$")


def _has_link_or_image(el: Element) -> bool:
    """`.//a[@href] | .//img[@src]`, without compiling an XPath on every call."""
    if not len(el):  # most <code> holds only text: lxml's tag matcher costs 20x more
        return False
    for node in el.iterdescendants("a", "img"):
        if node.get("href" if node.tag == "a" else "src") is not None:
            return True
    return False


def _anchor(anchor_id: str | None) -> str:
    """An empty `<a id>` keeping a link target (a heading's anchor, a footnote), or ""."""
    if not anchor_id or not _ANCHOR_ID.match(anchor_id):
        return ""
    return f'<a id="{anchor_id}"></a>'


def _html_wrapped(tag: str, inner: str) -> str:
    """Inline content between HTML tags; bare if empty or split by a block
    (a line holding only `<sup>` would be an HTML block, not text)."""
    if not inner.strip() or inline_md.BLOCK_REF in inner:
        return inner
    return syntax(f"<{tag}>") + inner + syntax(f"</{tag}>")


def _chomp(inner: str, wrap: Callable[[str], str], keep_empty: bool = False) -> str:
    """Move edge whitespace outside syntax: `<b> foo</b>` must not give `** foo**`."""
    core = inner.strip(" \t\n\r\x0c")
    if not core and not keep_empty:
        return inner
    lead = " " if inner[:1].isspace() and core else ""
    trail = " " if inner[-1:].isspace() and core else ""
    return lead + wrap(core) + trail


def join_blocks(blocks: Blocks, separator: str = "\n\n") -> str:
    """Join sibling blocks; a list right after another list switches its marker."""
    out: list[str] = []
    previous_kind = ""
    alternate = False
    for block in blocks:
        if not block:
            continue
        kind = _list_kind(block)
        if kind and kind == previous_kind:
            alternate = not alternate
            if alternate:
                block = _switch_marker(block, kind)
        else:
            alternate = False
        previous_kind = kind
        out.append(block)
    return separator.join(out)


def _list_kind(block: str) -> str:
    first = block[0]
    if first != "-" and first != "*" and not first.isdecimal():
        return ""  # most blocks: no need to run the pattern (\d is any decimal digit)
    if not _LIST_START.match(block):
        return ""
    return "bullet" if block[0] in "-*" else "ordered"


def _switch_marker(block: str, kind: str) -> str:
    if kind == "bullet":
        return _BULLET_MARKER.sub(r"*\1", block)
    return _ORDERED_MARKER.sub(r"\1)\2", block)


def _list_item(marker: str, indent: str, body: str) -> str:
    if not body:
        return marker
    if "\n" not in body:  # one line, as most items are
        return f"{marker} {body}"
    lines = body.split("\n")
    rest = (indent + line if line else "" for line in lines[1:])
    return "\n".join([f"{marker} {lines[0]}", *rest])


def _fits_tight_list(blocks: Blocks) -> bool:
    """One block, maybe followed by lists that can interrupt it."""
    if len(blocks) <= 1:
        return True
    for nested in blocks[1:]:
        if not _LIST_START.match(nested):
            return False
        if nested[0].isdigit() and not nested.startswith("1"):
            return False  # only a list starting at 1 may interrupt a paragraph
        if _EMPTY_FIRST_ITEM.match(nested):
            return False  # "a\n-" would make "a" a setext heading
    return True


def _list_items(el: Element) -> list[Element]:
    return [
        child
        for child in el
        if isinstance(child.tag, str) and child.tag not in MarkdownConverter.dropped_tags
    ]


def _list_start(el: Element) -> int:
    try:
        start = int(el.get("start", "1"))
    except ValueError:
        return 1
    return start if 0 <= start <= 999_999_999 else 1


def _pre_text(el: Element) -> str:
    parts: list[str] = []
    _collect_pre_text(el, parts)
    code = "".join(parts)
    if has_sentinel(code):
        code = inline_md.SENTINELS.sub("", code)
    return code[1:] if code.startswith("\n") else code  # HTML drops the first newline


def _collect_pre_text(el: Element, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if child.tag == "br":
            parts.append("\n")
        elif isinstance(child.tag, str) and child.tag not in ("script", "style"):
            _collect_pre_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def _code_language(el: Element) -> str:
    candidates = [el, *el.iterchildren("code")]
    for node in candidates:
        found = _LANGUAGE.search(node.get("class") or "")
        if found:
            return found.group(1)
        lang = (node.get("lang") or node.get("data-lang") or "").strip()
        if re.fullmatch(r"[\w+#.-]+", lang):
            return lang
    return ""


def _image_source(el: Element) -> str:
    src = (el.get("src") or "").strip()
    if not src or (src.startswith("data:") and not _DATA_IMAGE.match(src)) or "base64" in src:
        for name in ("data-src", "data-lazy-src", "data-orig-file"):
            lazy = (el.get(name) or "").strip()
            if lazy:
                return lazy
    return src


def _plain_text(el: Element) -> str:
    return _text(_plain_text_of(el))


def _plain_text_of(el: Element) -> str:
    if len(el) == 0 and isinstance(el.tag, str):  # `<code>x</code>`: no serialiser needed
        return el.text or ""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _one_line(text: str) -> str:
    return collapse_html_space(text.replace("\u00a0", " "))


def _text(text: str) -> str:
    if text.isascii():  # an O(1) flag: most text has neither character looked for below
        return text
    if "\u00a0" in text:
        text = text.replace("\u00a0", " ")
    if has_sentinel(text):  # private-use characters we rely on
        text = inline_md.SENTINELS.sub("", text)
    return text


def _inline_html(el: Element) -> str:
    html = lxml.html.tostring(el, encoding="unicode", with_tail=False)
    return collapse_html_space(html).replace("&nbsp;", " ")


def raw_html_block(el: Element) -> Blocks:
    """The element as an HTML block: no blank lines, nothing trailing, parseable start."""
    html = lxml.html.tostring(el, encoding="unicode", with_tail=False)
    html = html.replace("&nbsp;", " ").replace("\u00a0", " ")
    html = _BLANK_LINES.sub("\n", html)
    html = "\n".join(line.rstrip() for line in html.strip().split("\n"))
    if el.tag not in HTML_BLOCK_TAGS:
        # CommonMark HTML block kind 7 needs the start tag alone on its first line.
        start = _START_TAG.match(html)
        if start and html[start.end() : start.end() + 1] != "\n":
            html = html[: start.end()] + "\n" + html[start.end() :].lstrip()
    return [html] if html else []


def raw_pre_block(el: Element) -> Blocks:
    """A <pre> as HTML: such a block runs to </pre>, so blank lines may stay."""
    el = copy.deepcopy(el)
    for inner in el.iterdescendants("pre"):
        inner.tag = "span"  # a nested </pre> would end the HTML block early
    html = lxml.html.tostring(el, encoding="unicode", with_tail=False)
    html = html.replace("&nbsp;", " ").replace("\u00a0", " ")
    return ["\n".join(line.rstrip() for line in html.strip().split("\n"))]


def _body(document: Element | None) -> Element | None:
    """The <body> that convert wrapped the fragment in: as written, <html>'s first child."""
    if document is None:
        return None
    if len(document) and document[0].tag == "body":
        return document[0]  # a tenth of the time of the search below
    # find("body") would take lxml's ElementPath, several times slower than this
    return next(document.iterchildren("body"), None)


_TAG = re.compile(r"<[^>]*>")
# libxml2's HTML parser stops at a nesting depth of 256 (<html> and <body> included), or
# 2048 for huge trees: a fragment with fewer start tags than this cannot get that deep.
_FEWEST_TAGS_TOO_DEEP = 200
# It also stops a text run at 10,000,000 characters: far shorter fragments cannot reach it.
_SHORTEST_TOO_LONG = 1_000_000


def _may_hit_limits(html: str) -> bool:
    """Whether libxml2 may have stopped at one of its limits on `html` (see _hit_limits)."""
    return len(html) >= _SHORTEST_TOO_LONG or html.count("<") >= _FEWEST_TAGS_TOO_DEEP


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def _clean_input(html: str) -> str:
    if "\r" in html:  # one scan where the two replacements make two
        html = html.replace("\r\n", "\n").replace("\r", "\n")
    # Control characters are rare, and a regex scan of the whole input is slow (sre
    # checks its class character by character). In UTF-8 they are single bytes that no
    # other character's bytes contain, so a bytes.translate pass finds them 5x faster.
    data = html.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _CONTROL_BYTES)) == len(data):
        return html
    return _CONTROL.sub("", html)


_LOCAL = threading.local()


def html_to_markdown(html: str) -> str:
    """Convert an HTML fragment to normalised Markdown (one trailing newline)."""
    converter = getattr(_LOCAL, "converter", None)
    if converter is None:  # one per thread: it keeps per-call state while converting
        converter = _LOCAL.converter = MarkdownConverter()
    result: str = converter.convert(html)
    return result
