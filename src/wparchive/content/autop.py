"""A Python port of WordPress's `wpautop()` and `shortcode_unautop()`.

Written from wp-includes/formatting.php (WordPress 6.x): the same steps in the same
order, so raw `post_content` gets exactly the paragraphs and `<br />` tags the site
rendered. PHP's PCRE patterns run without the `u` flag there, so `\\s` means ASCII
whitespace only: every pattern here is compiled with re.ASCII to match (a U+00A0 on
an otherwise empty line must not end a paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The block-level tags wpautop never wraps in <p>. WordPress 6.x dropped "math"
# from this list (inline MathML gets a <p>) and protects its newlines instead.
ALLBLOCKS_LIST = [
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "blockquote",
    "address",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
    "menu",
    "summary",
]
# The same alternation as WordPress's $allblocks, factored by first letter so Python's
# regex engine does not try forty branches at every "<" (matches are unchanged: each
# use is followed by [\s/>] or [^>]*>, which decides where the match ends).
ALLBLOCKS = (
    "(?:a(?:ddress|rea|rticle|side)|blockquote|c(?:aption|ol(?:group)?)|d(?:[dlt]|iv|etails)"
    "|f(?:orm|ooter|ieldset|igcaption|igure)|h(?:[1-6r]|group|eader)|l(?:i|egend)|m(?:ap|enu)"
    "|nav|ol|p(?:re)?|s(?:tyle|ection|ummary)|t(?:able|head|foot|body|[rdh])|ul)"
)

_A = re.ASCII
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>", _A)
# WordPress adds "\n\n" before each block opening tag, then after each closing tag, then
# after each <hr>. One pass does the three: the matches cannot overlap (a closer's "<" is
# followed by "/", an opener's by a letter) nor be made or unmade by the newlines (only
# put before a "<" or after a ">"). The group holds what follows the "<" (kept outside it,
# so the regex engine can skip to each "<"): an <hr> (tried first, as its "<" opens a
# block too), a closer from its "/", or nothing for any other opener.
_BLOCK_TAG_SPACING = re.compile(
    r"<(hr\s*?/?>|/" + ALLBLOCKS + r">|(?=" + ALLBLOCKS + r"[\s/>]))", _A
)
# Where _collapse_around_embedded_elements has work: one scan instead of one per element.
_EMBEDDED_ELEMENT = re.compile(r"<(?:option|/object>|source|track|figcaption)", _A)
_OPTION_OPEN = re.compile(r"\s*<option", _A)
_OPTION_CLOSE = re.compile(r"</option>\s*", _A)
_OBJECT_OPEN = re.compile(r"(<object[^>]*>)\s*", _A)
_OBJECT_CLOSE = re.compile(r"\s*</object>", _A)
_PARAM_EMBED = re.compile(r"\s*(</?(?:param|embed)[^>]*>)\s*", _A)
_MEDIA_OPEN = re.compile(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", _A)
_MEDIA_CLOSE = re.compile(r"\s*([<\[]/(?:audio|video)[>\]])", _A)
_SOURCE_TRACK = re.compile(r"\s*(<(?:source|track)[^>]*>)\s*", _A)
_FIGCAPTION_OPEN = re.compile(r"\s*(<figcaption[^>]*>)", _A)
_FIGCAPTION_CLOSE = re.compile(r"</figcaption>\s*", _A)
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n", _A)
_EMPTY_P = re.compile(r"<p>\s*</p>", _A)
# WordPress's `<p>([^<]+)</(div|address|form)>` closes a paragraph left open at the end
# of one of these blocks; _close_open_paragraphs finds it from the closing tag.
_CLOSING_DIV_ADDRESS_FORM = re.compile(r"</(?:div|address|form)>", _A)
_P_AROUND_BLOCK_TAG = re.compile(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", _A)
_P_AROUND_LI = re.compile(r"<p>(<li.+?)</p>", _A)
_P_BLOCKQUOTE = re.compile(r"<p><blockquote([^>]*)>", _A | re.IGNORECASE)
# In every "<p><blockquote", whatever the case: one scan instead of "><b" and "><B".
_MAYBE_P_BLOCKQUOTE = re.compile(r"><[bB]", _A)
_P_BEFORE_BLOCK_TAG = re.compile(r"<p>\s*(</?" + ALLBLOCKS + r"[^>]*>)", _A)
_P_AFTER_BLOCK_TAG = re.compile(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*</p>", _A)
_PRESERVE_NEWLINES_IN = re.compile(r"<(script|style|svg|math).*?</\1>", _A | re.DOTALL)
# Where _line_breaks has more to do than add <br />s: one of those elements, or the
# marker for their newlines (which the text may hold itself). One scan instead of five.
_NEWLINES_KEPT_OR_MARKER = re.compile(r"<(?:script|style|svg|math|WPPreserveNewline />)", _A)
_BR_AFTER_BLOCK_TAG = re.compile(r"(</?" + ALLBLOCKS + r"[^>]*>)\s*<br />", _A)
# Where the block-tag patterns can match at all (each starts so).
_BLOCK_TAG_START = re.compile(r"</?" + ALLBLOCKS, _A)
# _BR_AFTER_BLOCK_TAG for text whose only block tags are wpautop's own <p> and </p>.
_BR_AFTER_OWN_P = re.compile(r"(</?p>)\s*<br />", _A)
_BR_BEFORE_BLOCK_TAG = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", _A)

# wp_html_split(): an element, a comment or a CDATA section, each possibly unclosed.
# PHP uses a conditional group; Python needs the three cases as guarded alternatives.
_HTML_SPLIT = re.compile(
    r"(<(?:"
    r"(?=!--)!(?:-(?!->)[^\-]*+)*+(?:-->)?"
    r"|(?=!\[CDATA\[)!\[CDATA\[[^\]]*+(?:](?!]>)[^\]]*+)*+(?:]]>)?"
    r"|[^>]*>?"
    r"))",
    _A,
)

NEWLINE_PLACEHOLDER = " <!-- wpnl --> "
_PRESERVED_NEWLINE = "<WPPreserveNewline />"
# Where a tag or comment may hold a newline (replace_in_html_tags has work to do): a "<"
# with a newline before the next ">", a comment with one before its "-->", any CDATA.
# It may find more than html_split's tokens would, never less.
_MAYBE_NEWLINE_IN_TAG = re.compile(r"<[^>]*\n|<!--(?:[^\n-]|-(?!->))*\n|<!\[CDATA\[", _A)
_PHP_TRIM = " \t\n\r\0\x0b"


def html_split(text: str) -> list[str]:
    """Text and markup alternately: even indexes are text, odd ones elements/comments."""
    return _HTML_SPLIT.split(text)


def replace_in_html_tags(text: str, pairs: dict[str, str]) -> str:
    """Replace substrings inside tags and comments only, never in the text between."""
    parts = html_split(text)
    changed = False
    for index in range(1, len(parts), 2):
        part = parts[index]
        for needle, replacement in pairs.items():
            if needle in part:
                part = part.replace(needle, replacement)
                changed = True
        parts[index] = part
    return "".join(parts) if changed else text


def wpautop(text: str, br: bool = True) -> str:
    """Turn double line breaks into paragraphs and single ones into `<br />`."""
    if text.strip(_PHP_TRIM) == "":
        return ""
    text, pre_blocks = _hide_pre_blocks(text + "\n")
    has_markup = "<" in text
    # Text without block tags (most comments) gets none but the <p></p> wpautop wraps
    # around its paragraphs (no step writes another, except a <p> moved into an upper-case
    # <BLOCKQUOTE>): the steps about other block tags have nothing to do.
    other_blocks = has_markup and _BLOCK_TAG_START.search(text) is not None
    # No step before the line breaks writes a "<br" (they add newlines, <p>s and comment
    # placeholders, and take out whitespace next to a ">" or before a "<"): one scan is
    # enough for the steps about <br> tags, even if the first of them removes some.
    has_br = has_markup and "<br" in text
    if has_br:
        text = _DOUBLE_BR.sub("\n\n", text)
    if other_blocks:
        text = _separate_block_tags(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_markup and _MAYBE_NEWLINE_IN_TAG.search(text):
        text = replace_in_html_tags(text, {"\n": NEWLINE_PLACEHOLDER})
    if has_markup:
        text = _collapse_around_embedded_elements(text)
    # WordPress turns each run of newlines into two here; the split into paragraphs takes
    # a whole run (from its first newline to its last) either way.
    text = _wrap_paragraphs(text)
    text, other_blocks = _unwrap_block_tags(text, has_markup, other_blocks)
    if br:
        text = _line_breaks(text, has_markup, has_br)
    if "<br />" in text:
        text = keep_group(_BR_AFTER_BLOCK_TAG if other_blocks else _BR_AFTER_OWN_P, text)
        text = keep_group(_BR_BEFORE_BLOCK_TAG, text)
    text = _drop_final_newline_in_p(text)
    for placeholder, original in pre_blocks.items():
        text = text.replace(placeholder, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(NEWLINE_PLACEHOLDER, "\n").replace("<!-- wpnl -->", "\n")
    return text


def keep_group(pattern: re.Pattern[str], text: str) -> str:
    """`pattern.sub("\\1", text)` for a pattern whose one group is in every match.

    re.split keeps the group's text in place of each match, without the Python call per
    match a template replacement costs.
    """
    return "".join(pattern.split(text))


def _separate_block_tags(text: str) -> str:
    """Blank lines around block tags, so each becomes its own chunk."""
    parts = _BLOCK_TAG_SPACING.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = [_spaced(tag) for tag in parts[1::2]]
    return "".join(parts)


def _spaced(rest: str) -> str:
    """A match of _BLOCK_TAG_SPACING with its blank lines, from what follows its "<"."""
    if not rest:
        return "\n\n<"  # an opener
    return "<" + rest + "\n\n" if rest[0] == "/" else "\n\n<" + rest + "\n\n"


def _hide_pre_blocks(text: str) -> tuple[str, dict[str, str]]:
    """Swap each `<pre>…</pre>` for a placeholder so autop leaves it untouched."""
    if "<pre" not in text:
        return text, {}
    *parts, last = text.split("</pre>")
    blocks: dict[str, str] = {}
    out: list[str] = []
    for part in parts:
        start = part.find("<pre")
        if start == -1:  # a stray </pre>: WordPress drops it, and so do we
            out.append(part)
            continue
        name = f"<pre wp-pre-tag-{len(blocks)}></pre>"
        blocks[name] = part[start:] + "</pre>"
        out.append(part[:start] + name)
    out.append(last)
    return "".join(out), blocks


def _collapse_around_embedded_elements(text: str) -> str:
    """Keep <option>, <object> parameters, media sources and captions out of autop."""
    if _EMBEDDED_ELEMENT.search(text) is None:
        return text
    if "<option" in text:
        text = _OPTION_OPEN.sub("<option", text)
        text = _OPTION_CLOSE.sub("</option>", text)
    if "</object>" in text:
        text = _OBJECT_OPEN.sub("\\1", text)
        text = _OBJECT_CLOSE.sub("</object>", text)
        text = _PARAM_EMBED.sub("\\1", text)
    if "<source" in text or "<track" in text:
        text = _MEDIA_OPEN.sub("\\1", text)
        text = _MEDIA_CLOSE.sub("\\1", text)
        text = _SOURCE_TRACK.sub("\\1", text)
    if "<figcaption" in text:
        text = _FIGCAPTION_OPEN.sub("\\1", text)
        text = _FIGCAPTION_CLOSE.sub("</figcaption>", text)
    return text


def _wrap_paragraphs(text: str) -> str:
    """Each chunk between blank lines in <p></p>, without its own leading/trailing newlines.

    Only the first and the last chunk can be empty or have such newlines: `\\n\\s*\\n`
    takes every newline of a blank stretch, and two blank stretches never touch.
    """
    chunks = _PARAGRAPH_SPLIT.split(text)
    if not chunks[-1]:
        chunks.pop()
    if chunks and not chunks[0]:
        del chunks[0]
    if not chunks:
        return ""
    chunks[0] = chunks[0].strip("\n")
    chunks[-1] = chunks[-1].strip("\n")
    return "<p>" + "</p>\n<p>".join(chunks) + "</p>\n"


def _unwrap_block_tags(text: str, has_markup: bool, other_blocks: bool) -> tuple[str, bool]:
    """Undo the <p> wrapping wherever a chunk starts or ends with a block tag.

    Without block tags of its own (`other_blocks`) the text holds only the <p> tags
    wpautop wrote, around chunks that are not blank once the empty <p>s are gone: a
    step can change something only once a <p> moved into an upper-case <BLOCKQUOTE>,
    which leaves a <blockquote>. Returns the text and whether it has block tags now.
    """
    text = _EMPTY_P.sub("", text)
    if not has_markup:
        return text, False
    if other_blocks:
        text = _close_open_paragraphs(text)
        text = keep_group(_P_AROUND_BLOCK_TAG, text)
        text = keep_group(_P_AROUND_LI, text)
    if _MAYBE_P_BLOCKQUOTE.search(text):
        text, moved = _P_BLOCKQUOTE.subn("<blockquote\\1><p>", text)
        other_blocks = other_blocks or moved > 0
    if not other_blocks:
        return text, False
    if "</blockquote></p>" in text:
        text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = keep_group(_P_BEFORE_BLOCK_TAG, text)
    return keep_group(_P_AFTER_BLOCK_TAG, text), True


def _close_open_paragraphs(text: str) -> str:
    """`<p>([^<]+)</(div|address|form)>` -> `<p>\\1</p></\\2>`, from each closing tag.

    The regex reads every paragraph's text up to its first "<" to find the rare one that
    matches. A match's "<p>" is the last "<" before its closing tag, with text between:
    so each closing tag answers for itself, and two matches can never overlap.
    """
    out: list[str] = []
    position = 0
    for match in _CLOSING_DIV_ADDRESS_FORM.finditer(text):
        closing = match.start()
        opening = text.rfind("<", position, closing)
        if closing - opening > 3 and text.startswith("<p>", opening):
            out += (text[position:closing], "</p>")
            position = closing
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def _line_breaks(text: str, has_markup: bool, has_br: bool) -> str:
    """Single newlines to `<br />`, except inside <script>, <style>, <svg> and <math>.

    `has_br`: whether the text may hold a "<br" (else there is none to normalise).
    """
    preserve = has_markup and _NEWLINES_KEPT_OR_MARKER.search(text) is not None
    if preserve:
        text = _PRESERVE_NEWLINES_IN.sub(_preserve_newlines, text)
    if has_br:
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _add_line_breaks(text)
    if preserve:  # WordPress replaces a marker the text had itself, too
        text = text.replace(_PRESERVED_NEWLINE, "\n")
    return text


def _drop_final_newline_in_p(text: str) -> str:
    """`\\n</p>$` -> `</p>`: "$" also matches before a final newline."""
    if text.endswith("\n</p>"):
        return text[:-5] + "</p>"
    if text.endswith("\n</p>\n"):
        return text[:-6] + "</p>\n"
    return text


def _add_line_breaks(text: str) -> str:
    """`(?<!<br />)\\s*\\n` -> `<br />\\n`, done line by line because the regex is slow.

    By now no run of whitespace holds two newlines (paragraphs were split at them), so
    each match is the spaces before one newline; like PHP, "<br /> \\n" still gets a
    second <br /> after the space, because the lookbehind is tested where a match starts.
    """
    if not _needs_care_at_line_ends(text):
        return text.replace("\n", "<br />\n")
    lines = text.split("\n")
    for index in range(len(lines) - 1):
        line = lines[index]
        content = line.rstrip(_HORIZONTAL_SPACE)
        if not content.endswith("<br />"):
            lines[index] = content + "<br />"
        elif len(content) < len(line):
            lines[index] = content + line[len(content)] + "<br />"
    return "\n".join(lines)


_HORIZONTAL_SPACE = " \t\x0b\x0c\r"
# A newline after _HORIZONTAL_SPACE or after "<br />". Found from the newline (a literal
# the regex engine skips to quickly), then looked behind: one scan for six substrings.
_LINE_END_NEEDING_CARE = re.compile(r"\n(?:(?<=[ \t\x0b\x0c\r]\n)|(?<=<br />\n))", _A)


def _needs_care_at_line_ends(text: str) -> bool:
    """Whether a line ends with space or a <br /> already (else each just gets "<br />")."""
    return _LINE_END_NEEDING_CARE.search(text) is not None


def _preserve_newlines(match: re.Match[str]) -> str:
    return match.group(0).replace("\n", _PRESERVED_NEWLINE)


# wp_spaces_regexp() for a UTF-8 site: ASCII spaces, U+00A0 and its entity.
_SPACES = r"(?:[\r\n\t \u00a0]|&nbsp;)"


def shortcode_unautop_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """The pattern shortcode_unautop() builds for the registered shortcode names."""
    names = sorted(names)
    if not names:
        return None
    tag = "|".join(re.escape(name) for name in names)
    return re.compile(
        rf"<p>{_SPACES}*+"
        rf"(\[({tag})(?![A-Za-z0-9_-])"  # 1: the shortcode, 2: its name
        r"[^\]/]*(?:/(?!\])[^\]/]*)*?"  # inside the opening tag
        r"(?:/\]"  # self-closing
        r"|\](?:[^\[]*+(?:\[(?!/\2\])[^\[]*+)*+\[/\2\])?"  # or content and closing tag
        r"))"
        rf"{_SPACES}*+</p>"
    )


def shortcode_unautop(text: str, pattern: re.Pattern[str] | None) -> str:
    """Unwrap shortcodes that stand alone in a paragraph, as WordPress does."""
    if pattern is None or "[" not in text:
        return text
    return pattern.sub("\\1", text)
