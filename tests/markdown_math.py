"""Dollar math for mdformat, so that the fixed-point tests read `[latex]` as wparchive writes it.

wparchive writes WordPress.com's `[latex]` as `$…$` (`$$…$$` displayed) with the TeX
verbatim, as math-aware Markdown reads it (Hugo's passthrough, kramdown, remark-math,
markdown-it's texmath, pandoc). Plain CommonMark has no math: mdformat would escape the
TeX's backslashes (`\\pi`). This extension parses the math with mdit-py-plugins' dollarmath
(pandoc's rules: no space inside the dollars, no digit after the closing one, so "$5 and
$6" stays text) and writes it back as it was. mdformat-dollarmath does the same, but it
requires mdformat < 1, which mdformat-frontmatter 2 does not allow.

It also escapes every `$` of text, as wparchive does (content/escape.py): in prose a
dollar is `\\$`, so that no dollar-math reader, however loose its rules, pairs two of them.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

import mdformat.plugins
from markdown_it import MarkdownIt
from mdformat.renderer import RenderContext, RenderTreeNode
from mdformat.renderer.typing import Postprocess, Render
from mdit_py_plugins.dollarmath import dollarmath_plugin

NAME = "dollarmath"
EXTENSIONS = {"gfm", "frontmatter", NAME}  # a whole file
CONTENT_EXTENSIONS = {"gfm", NAME}  # a body alone: a leading "---" is a rule, not front matter


def update_mdit(mdit: MarkdownIt) -> None:
    mdit.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)


def _inline(node: RenderTreeNode, context: RenderContext) -> str:
    return f"${node.content}$"


def _displayed(node: RenderTreeNode, context: RenderContext) -> str:
    return f"$${node.content.strip()}$$"


def _escape_dollars(text: str, node: RenderTreeNode, context: RenderContext) -> str:
    return text.replace("$", "\\$")


POSTPROCESSORS: Mapping[str, Postprocess] = {"text": _escape_dollars}

RENDERERS: Mapping[str, Render] = {
    "math_inline": _inline,
    "math_inline_double": _displayed,
    "math_block": _displayed,
}


def register() -> None:
    """Make `extensions={..., "dollarmath"}` mean this module."""
    mdformat.plugins.PARSER_EXTENSIONS.setdefault(NAME, sys.modules[__name__])  # type: ignore[arg-type]
