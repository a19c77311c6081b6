"""Gutenberg block delimiters: `<!-- wp:name {json} -->`, `<!-- /wp:name -->`, `/-->`.

The delimiters are HTML comments that carry the block editor's structure; the HTML
between them is what the site shows. They are removed here so none reaches the
Markdown. The pattern follows WP_Block_Parser's tokenizer (wp-includes/class-wp-block-parser.php).
"""

from __future__ import annotations

import re

BLOCK_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*)\s+"
    r"(?P<attrs>\{(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*+\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)


def has_blocks(text: str) -> bool:
    """WordPress's has_blocks(): the content was saved by the block editor."""
    return "<!-- wp:" in text


def strip_block_delimiters(text: str) -> str:
    """The content without any block delimiter comment."""
    if "wp:" not in text:
        return text
    return BLOCK_DELIMITER.sub("", text)
