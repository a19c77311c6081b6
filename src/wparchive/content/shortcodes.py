"""Shortcodes: WordPress's parser, with a table of the ones wparchive expands.

`do_shortcodes(text, handlers, context)` replaces each shortcode whose name has a handler
with the HTML the handler returns and leaves every other shortcode exactly as written (it
stays visible as text in the Markdown). To support one more shortcode, write a function
`(Shortcode, ContentContext | None) -> str` returning HTML and add it to the table in
handlers.py (HANDLERS).

The patterns follow get_shortcode_regex() and shortcode_parse_atts() in
wp-includes/shortcodes.php.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape

from wparchive.content.context import ContentContext


@dataclass(frozen=True, slots=True)
class Shortcode:
    name: str
    attrs: dict[str, str] = field(default_factory=dict)
    positional: tuple[str, ...] = ()
    content: str | None = None  # None for a self-closing or unclosed shortcode
    source: str = ""  # the shortcode as written, to give back when a handler cannot convert it


Handler = Callable[[Shortcode, ContentContext | None], str]


def shortcode_pattern(names: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    tag = "|".join(re.escape(name) for name in names)
    return re.compile(
        r"\[(\[?)"  # 1: [[ escapes the shortcode
        rf"({tag})(?![A-Za-z0-9_-])"  # 2: name
        r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"  # 3: attributes
        r"(?:(/)\]"  # 4: self-closing
        r"|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"  # 5: content
        r"(\]?)",  # 6: ]] escapes the shortcode
        re.DOTALL,
    )


_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)""",
    re.ASCII,
)
_ODD_SPACES = re.compile("[\u00a0\u200b]+")


def parse_attributes(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """Named attributes (names lower-cased) and positional values, as WordPress reads them."""
    named: dict[str, str] = {}
    positional: list[str] = []
    for match in _ATTRIBUTE.finditer(_ODD_SPACES.sub(" ", text)):
        groups = match.groups()
        for name_at in (0, 2, 4):
            if groups[name_at] is not None:
                named[groups[name_at].lower()] = groups[name_at + 1]
                break
        else:
            positional.append(next(g for g in groups[6:] if g is not None))
    return named, tuple(positional)


def do_shortcodes(
    text: str, handlers: Mapping[str, Handler], context: ContentContext | None = None
) -> str:
    if "[" not in text or not handlers:
        return text
    pattern = _pattern_for(tuple(sorted(handlers)))

    def replace(match: re.Match[str]) -> str:
        if match.group(1) == "[" and match.group(6) == "]":
            return match.group(0)[1:-1]  # [[caption]] is the literal text [caption]
        named, positional = parse_attributes(match.group(3))
        code = Shortcode(match.group(2), named, positional, match.group(5), match.group(0))
        return match.group(1) + handlers[code.name](code, context) + match.group(6)

    return pattern.sub(replace, text)


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern_for(names: tuple[str, ...]) -> re.Pattern[str]:
    pattern = _PATTERNS.get(names)
    if pattern is None:
        pattern = _PATTERNS[names] = shortcode_pattern(names)
    return pattern


# img_caption_shortcode(): without a caption attribute, the caption is the text after
# the (linked) image inside the shortcode.
_IMAGE_THEN_TEXT = re.compile(r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", re.I | re.S)


def caption(code: Shortcode, context: ContentContext | None = None) -> str:
    """`[caption]` as a figure: the image, then its caption.

    WordPress drops the caption when `width` is missing or below 1; an archive keeps it.
    """
    content = (code.content or "").strip()
    text = code.attrs.get("caption", "")
    if not text:
        match = _IMAGE_THEN_TEXT.match(content)
        if match:
            content, text = match.group(1), match.group(2).strip()
    if not text.strip():
        return content
    align = escape(code.attrs.get("align", ""), quote=True)
    return (
        f'<figure class="wp-caption {align}">{content}'
        f'<figcaption class="wp-caption-text">{text}</figcaption></figure>'
    )
