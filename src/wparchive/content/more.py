"""`<!--more-->`: the excerpt split, kept as the marker Hugo and Jekyll read.

The converter writes `<!--more-->` (or `<!--more custom text-->`) on a line of its own,
between blocks: Hugo's summary divider and Jekyll's `excerpt_separator` both use it.
split_more() gives the Markdown above it, for the pipeline to use as the excerpt when
the post has none.
"""

from __future__ import annotations

import re

_MORE_LINE = re.compile(r"^<!--more(?:\s[^\n]*)?-->$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def split_more(markdown: str) -> str | None:
    """The Markdown before the first `<!--more-->` line outside code, or None without one.

    Returns None too when nothing but blank lines precedes the marker.
    """
    if "<!--more" not in markdown:
        return None
    fence = ""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        elif _MORE_LINE.match(line):
            excerpt = "\n".join(lines[:index]).strip("\n")
            return excerpt + "\n" if excerpt else None
    return None
