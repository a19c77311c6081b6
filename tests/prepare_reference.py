"""prepare_raw_content's steps as they were before the shortcuts of session 6: the
reference that tests/content/test_prepare_shortcuts.py compares the modules with.

Test-only. Only the functions the shortcuts changed are kept here as they were; what
they call, unchanged, comes from the modules themselves.
"""

from __future__ import annotations

from typing import Any

from wparchive.content.blocks import (
    _TRANSFORMS,
    BLOCK_DELIMITER,
    _attributes,
    _void_block,
)
from wparchive.content.context import ContentContext

_TRANSFORMED_NAMES = tuple(
    {f"wp:{form}": 0 for name in _TRANSFORMS for form in (name, name.removeprefix("core/"))}
)


def render_blocks(text: str, context: ContentContext | None = None) -> str:
    if "/-->" not in text and not any(name in text for name in _TRANSFORMED_NAMES):
        return BLOCK_DELIMITER.sub("", text)  # no void block, none to transform
    out: list[str] = []
    pending: tuple[str, dict[str, Any]] | None = None  # the opener whose HTML follows
    position = 0
    for match in BLOCK_DELIMITER.finditer(text):
        start, end = match.span()
        out.append(_transform(text[position:start], pending) if pending else text[position:start])
        position = end
        pending = None
        closer, namespace, name, attrs, void = match.groups()
        if void:
            out.append(_void_block((namespace or "core/") + name, _attributes(attrs), context))
        elif not closer and (namespace or "core/") + name in _TRANSFORMS:
            pending = ((namespace or "core/") + name, _attributes(attrs))
    out.append(text[position:])
    return "".join(out)


def _transform(chunk: str, opener: tuple[str, dict[str, Any]]) -> str:
    name, attrs = opener
    return _TRANSFORMS[name](chunk, attrs)
