"""wpautop as it was at 6e7ffeb, before the shortcuts of session 5: the reference that
tests/content/test_autop_shortcuts.py compares src/wparchive/content/autop.py with.

Test-only. Only the functions the shortcuts changed are kept here as they were; the
steps they call, unchanged, come from the module itself (see it for the why of each).
Where a shortcut only moved a scan (the "<br" test of the block separation and of the
line breaks), the step is called as it was. A deliberate change to what wpautop gives
must be made here too.
"""

from __future__ import annotations

import re

from wparchive.content.autop import (
    _BR_AFTER_BLOCK_TAG,
    _BR_BEFORE_BLOCK_TAG,
    _DOUBLE_BR,
    _EMPTY_P,
    _MAYBE_NEWLINE_IN_TAG,
    _P_AFTER_BLOCK_TAG,
    _P_AROUND_BLOCK_TAG,
    _P_AROUND_LI,
    _P_BEFORE_BLOCK_TAG,
    _P_BLOCKQUOTE,
    _PHP_TRIM,
    NEWLINE_PLACEHOLDER,
    _collapse_around_embedded_elements,
    _drop_final_newline_in_p,
    _hide_pre_blocks,
    _wrap_paragraphs,
    keep_group,
    replace_in_html_tags,
)
from wparchive.content.autop import _line_breaks as _line_breaks_given_br
from wparchive.content.autop import _separate_block_tags as _separate_block_tags_without_br

_A = re.ASCII
_MANY_NEWLINES = re.compile(r"\n\n+", _A)
_UNCLOSED_P_IN_BLOCK = re.compile(r"<p>([^<]+)</(div|address|form)>", _A)


def wpautop(text: str, br: bool = True) -> str:
    """Turn double line breaks into paragraphs and single ones into `<br />`."""
    if text.strip(_PHP_TRIM) == "":
        return ""
    text, pre_blocks = _hide_pre_blocks(text + "\n")
    has_markup = "<" in text
    if has_markup:
        text = _separate_block_tags(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_markup and _MAYBE_NEWLINE_IN_TAG.search(text):
        text = replace_in_html_tags(text, {"\n": NEWLINE_PLACEHOLDER})
    text = _collapse_around_embedded_elements(text)
    if "\n\n\n" in text:  # else every match is "\n\n" already
        text = _MANY_NEWLINES.sub("\n\n", text)
    text = _wrap_paragraphs(text)
    text = _unwrap_block_tags(text, has_markup)
    if br:
        text = _line_breaks(text, has_markup)
    if "<br />" in text:
        text = keep_group(_BR_AFTER_BLOCK_TAG, text)
        text = keep_group(_BR_BEFORE_BLOCK_TAG, text)
    text = _drop_final_newline_in_p(text)
    for placeholder, original in pre_blocks.items():
        text = text.replace(placeholder, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(NEWLINE_PLACEHOLDER, "\n").replace("<!-- wpnl -->", "\n")
    return text


def _unwrap_block_tags(text: str, has_markup: bool) -> str:
    """Undo the <p> wrapping wherever a chunk starts or ends with a block tag."""
    text = _EMPTY_P.sub("", text)
    if not has_markup:
        return text
    if "</div>" in text or "</address>" in text or "</form>" in text:
        text = _UNCLOSED_P_IN_BLOCK.sub("<p>\\1</p></\\2>", text)
    text = keep_group(_P_AROUND_BLOCK_TAG, text)
    if "<p><li" in text:
        text = keep_group(_P_AROUND_LI, text)
    if "<p><" in text or "<P><" in text:
        text = _P_BLOCKQUOTE.sub("<blockquote\\1><p>", text)
    if "</blockquote></p>" in text:
        text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = keep_group(_P_BEFORE_BLOCK_TAG, text)
    return keep_group(_P_AFTER_BLOCK_TAG, text)


def _separate_block_tags(text: str) -> str:
    if "<br" in text:
        text = _DOUBLE_BR.sub("\n\n", text)
    return _separate_block_tags_without_br(text)


def _line_breaks(text: str, has_markup: bool) -> str:
    return _line_breaks_given_br(text, has_markup, "<br" in text)
