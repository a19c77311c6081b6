"""Layout presets: where each post's Markdown goes and which front matter keys it carries.

`archive` is wparchive's own layout (the default). `hugo`, `jekyll`, `eleventy` and `astro`
follow the content folders and front matter names of those site generators, so that the
output builds there as it is. Use `get_layout(name)` and `LayoutPathAllocator(layout)`.
"""

from __future__ import annotations

from wparchive.layouts.base import Layout, LayoutPathAllocator, old_path
from wparchive.layouts.presets import LAYOUTS, UnknownLayoutError, get_layout

__all__ = [
    "LAYOUTS",
    "Layout",
    "LayoutPathAllocator",
    "UnknownLayoutError",
    "get_layout",
    "old_path",
]
