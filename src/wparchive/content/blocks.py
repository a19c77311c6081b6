"""Gutenberg blocks: their delimiters out, their attributes used.

The delimiters are HTML comments (`<!-- wp:name {json} -->`, `<!-- /wp:name -->`, void
`<!-- wp:name /-->`) around the HTML the site shows. render_blocks() removes every
delimiter, and first uses what only the attributes or the post's meta know:

- core/code `language` (set by syntax highlighting plugins): the fence's language;
- core/verse: poetry, not code: a paragraph with its line breaks;
- core/embed `url`: a visible link, as for any embed (media_shortcodes);
- core/footnotes (void): the `footnotes` post meta as WordPress's own list, each note
  anchored where the `<sup class="fn">` references point;
- core/social-link and core/navigation-link (void, rendered by PHP): their links.

Every other block's saved HTML is already what the site shows (columns and groups are
plain <div>s, read in order). The pattern follows WP_Block_Parser's tokenizer
(wp-includes/class-wp-block-parser.php).
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

from wparchive.content.context import ContentContext

BLOCK_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>\{(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*+\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
_FIRST_PRE = re.compile(r"<pre\b")
_VERSE = re.compile(r"<pre\b([^>]*)>(.*?)</pre>", re.DOTALL)
_EMBED_WRAPPER = re.compile(r"(<div[^>]*wp-block-embed__wrapper[^>]*>).*?(</div>)", re.DOTALL)
_ANCHOR_ID = re.compile(r"^[A-Za-z0-9_:.-]{1,200}$")


def has_blocks(text: str) -> bool:
    """WordPress's has_blocks(): the content was saved by the block editor."""
    return "<!-- wp:" in text


def strip_block_delimiters(text: str) -> str:
    """The content without any block delimiter comment."""
    if "wp:" not in text:
        return text
    return BLOCK_DELIMITER.sub("", text)


def render_blocks(text: str, context: ContentContext | None = None) -> str:
    """Block content as the HTML WordPress shows, without delimiters (see the docstring)."""
    # pieces: the HTML before the first delimiter, then per delimiter its five groups
    # (closer, namespace, name, attrs, void) and the HTML after it. Only void blocks and
    # openers of transformed blocks are looked at one by one; the rest is joined in C.
    pieces = BLOCK_DELIMITER.split(text)
    html = pieces[::6]  # delimiter k stands between html[k] and html[k + 1]
    names, voids = pieces[3::6], pieces[5::6]
    if _TRANSFORMED_NAMES.isdisjoint(names) and not any(voids):
        return "".join(html)
    for k, (name, void) in enumerate(zip(names, voids, strict=True)):
        if not void and name not in _TRANSFORMED_NAMES:
            continue
        closer, namespace, _, attrs = pieces[6 * k + 1 : 6 * k + 5]
        name = (namespace or "core/") + name
        # the attributes (JSON) are read only for the few blocks that use them
        if void:
            html[k + 1] = _void_block(name, _attributes(attrs), context) + html[k + 1]
        elif not closer and name in _TRANSFORMS and k + 1 < len(names):
            # the block's HTML runs to the next delimiter: an unclosed last opener has none
            html[k + 1] = _TRANSFORMS[name](html[k + 1], _attributes(attrs))
    return "".join(html)


def _attributes(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _code(chunk: str, attrs: dict[str, Any]) -> str:
    language = attrs.get("language") or attrs.get("lang")
    if not isinstance(language, str) or not re.fullmatch(r"[\w+#.-]{1,40}", language):
        return chunk
    return _FIRST_PRE.sub(f'<pre lang="{language}"', chunk, count=1)


def _verse(chunk: str, attrs: dict[str, Any]) -> str:
    def as_paragraph(match: re.Match[str]) -> str:
        lines = match.group(2).strip("\n").split("\n")
        return f"<p{match.group(1)}>" + "<br>".join(lines) + "</p>"

    return _VERSE.sub(as_paragraph, chunk, count=1)


def _embed(chunk: str, attrs: dict[str, Any]) -> str:
    url = attrs.get("url")
    if not isinstance(url, str) or not url.strip():
        return chunk
    link = f'<a href="{escape(url.strip(), quote=True)}">{escape(url.strip())}</a>'
    replaced, count = _EMBED_WRAPPER.subn(lambda m: m.group(1) + link + m.group(2), chunk, 1)
    return replaced if count else f"<p>{link}</p>{chunk}"


def _file(chunk: str, attrs: dict[str, Any]) -> str:
    # The file's link and its download button are adjacent <a>s: keep them two words.
    return chunk.replace("</a><a", "</a> <a")


_TRANSFORMS = {
    "core/file": _file,
    "core/code": _code,
    "syntaxhighlighter/code": _code,
    "core/verse": _verse,
    "core/embed": _embed,
}
# The names of the transformed blocks without their namespace (as the pattern's group has them).
_TRANSFORMED_NAMES = frozenset(name.partition("/")[2] for name in _TRANSFORMS)


def _void_block(name: str, attrs: dict[str, Any], context: ContentContext | None) -> str:
    if name == "core/footnotes":
        return footnotes_list(context)
    if name in ("core/social-link", "core/navigation-link"):
        url = attrs.get("url")
        if isinstance(url, str) and url.strip():
            label = attrs.get("label") or str(attrs.get("service") or "").title() or url
            link = f'<a href="{escape(url.strip(), quote=True)}">{escape(str(label))}</a>'
            # social links sit in the block's <ul>; navigation links in a plain container
            return f"<li>{link}</li>" if name == "core/social-link" else f"<p>{link}</p>"
    return ""


def footnotes_list(context: ContentContext | None) -> str:
    """The footnotes meta as WordPress's list: each note after its anchor, with a way back."""
    if context is None or not context.footnotes.strip():
        if context is not None:
            context.report("footnotes-missing", "a footnotes block has no footnotes meta")
        return ""
    try:
        notes = json.loads(context.footnotes)
    except ValueError:
        context.report("footnotes-unreadable", "the footnotes meta is not JSON")
        return ""
    items = []
    for note in notes if isinstance(notes, list) else []:
        if not isinstance(note, dict):
            continue
        note_id = str(note.get("id", ""))
        content = str(note.get("content", ""))
        if not _ANCHOR_ID.match(note_id):
            items.append(f"<li>{content}</li>")
            continue
        items.append(
            f'<li><a class="fn-anchor" id="{note_id}"></a>{content} '
            f'<a href="#{note_id}-link">↩︎</a></li>'
        )
    return f'<ol class="wp-block-footnotes">{"".join(items)}</ol>' if items else ""
