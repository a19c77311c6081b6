"""content_to_markdown: the whole content stage for one post or comment body.

For raw WXR content the steps are WordPress's own order for `the_content`: block
delimiters out (do_blocks), wpautop and shortcode_unautop unless the block editor
wrote the content (WordPress skips wpautop for it too), then the shortcodes wparchive
knows, then HTML to Markdown.
"""

from __future__ import annotations

import re

from wparchive.content.autop import shortcode_unautop, shortcode_unautop_pattern, wpautop
from wparchive.content.blocks import has_blocks, render_blocks
from wparchive.content.code_shortcodes import mark_display_latex, protect_code
from wparchive.content.context import ContentContext
from wparchive.content.handlers import HANDLERS, count_unknown_shortcodes
from wparchive.content.markdown import html_to_markdown
from wparchive.content.media_shortcodes import autoembed
from wparchive.content.plain import paragraphs_to_markdown
from wparchive.content.shortcodes import do_shortcodes

# `<!--more-->` and `<!--nextpage-->` become their own paragraphs, so each turns into
# a marker on its own line: "text<!--more-->text" is two paragraphs around it.
_PAGE_MARKER = re.compile(r"(<!--(?:more|nextpage)(?:(?!-->).)*-->)[ \t]*", re.DOTALL)
_UNAUTOP = shortcode_unautop_pattern(HANDLERS)


def content_to_markdown(
    text: str, *, rendered: bool = False, context: ContentContext | None = None
) -> str:
    """Markdown for a body: raw WXR content, or (`rendered`) HTML as the site showed it.

    `context` resolves gallery ids and footnotes and collects the problems met (unknown
    shortcodes, attachments the export lacks). Returns Markdown ending with exactly one
    newline, or "" for empty content.
    """
    if not rendered:
        text = prepare_raw_content(text, context)
    plain = paragraphs_to_markdown(text)  # most comments: no tree to build
    return plain if plain is not None else html_to_markdown(text)


def prepare_raw_content(text: str, context: ContentContext | None = None) -> str:
    """Raw post_content to the HTML WordPress would display (before any theme)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<!--more" in text or "<!--nextpage" in text:
        text = _isolate_page_markers(text)
    blocks = has_blocks(text)
    if blocks:
        text = render_blocks(text, context)
    if "[" in text:
        text = protect_code(mark_display_latex(text))
    text = autoembed(text)
    if not blocks:
        text = shortcode_unautop(wpautop(text), _UNAUTOP)
    text = do_shortcodes(text, HANDLERS, context)
    count_unknown_shortcodes(text, context)
    return text


def _isolate_page_markers(text: str) -> str:
    """`[ \\t]*(marker)[ \\t]*` -> `\\n\\n\\1\\n\\n`, found from the marker's own "<!--".

    A pattern starting with `[ \\t]*` is tried at every character; finding the marker
    and then dropping the spaces and tabs before it (back to the previous match) is the
    same replacement at a fraction of the cost.
    """
    out: list[str] = []
    position = 0
    for match in _PAGE_MARKER.finditer(text):
        out += (text[position : match.start()].rstrip(" \t"), "\n\n", match.group(1), "\n\n")
        position = match.end()
    out.append(text[position:])
    return "".join(out)
