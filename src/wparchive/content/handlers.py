"""The shortcodes wparchive converts, and the count of those it does not know.

HANDLERS maps each shortcode name to its handler (shortcodes.py describes the contract).
Code shortcodes are not in it: they are converted earlier, before wpautop
(code_shortcodes.protect_code), and their text must not be read for shortcodes again.
"""

from __future__ import annotations

import re
from collections import Counter

from wparchive.content import media_shortcodes as media
from wparchive.content.code_shortcodes import CODE_SHORTCODES, latex
from wparchive.content.context import ContentContext
from wparchive.content.shortcodes import Handler, caption

HANDLERS: dict[str, Handler] = {
    "caption": caption,
    "wp_caption": caption,
    "gallery": media.gallery,
    "embed": media.embed,
    "youtube": media.youtube,
    "vimeo": media.vimeo,
    "dailymotion": media.dailymotion,
    "gist": media.gist,
    "audio": media.audio_video,
    "video": media.audio_video,
    "playlist": media.playlist,
    "latex": latex,
}

# Every name verify must never see in a post's text once converted.
CONVERTED_SHORTCODES: tuple[str, ...] = tuple(sorted({*HANDLERS, *CODE_SHORTCODES}))

# A shortcode-looking tag: `[name attr=...]`, `[name/]`, or `[name]` closed by `[/name]`.
# `[sic]` or `[1]` in prose are not counted: they have no attributes and no closing tag.
_TAG = re.compile(r"\[([a-zA-Z][\w-]*)(\s+[^\]\n]*=[^\]\n]*|\s*/)?\]")
_PRE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.S | re.I)
# A tag's "[" is followed by a letter, or by a <pre>/<code> whose removal brings one.
_MAYBE_TAG = re.compile(r"\[[a-zA-Z<]")


def count_unknown_shortcodes(html: str, context: ContentContext | None) -> None:
    """Report each shortcode left in the text (wparchive does not convert it), by name."""
    if context is None or _MAYBE_TAG.search(html) is None:
        return
    text = _PRE.sub("", html)
    counts: Counter[str] = Counter()
    for match in _TAG.finditer(text):
        name = match.group(1)
        if name in HANDLERS or name in CODE_SHORTCODES:
            continue  # a `[php]` without `[/php]` is text
        if match.group(2) or f"[/{name}]" in text:
            counts[name] += 1
    for name, count in sorted(counts.items()):
        times = "once" if count == 1 else f"{count} times"
        context.report(
            "unknown-shortcode", f"the shortcode [{name}] ({times}) is kept as written text"
        )
