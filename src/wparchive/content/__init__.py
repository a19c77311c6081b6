"""The content stage: WordPress post and comment bodies to normalised Markdown.

content_to_markdown(raw)                 raw post_content / comment_content
content_to_markdown(html, rendered=True) HTML as the site displayed it
wpautop(text, br=True)                   WordPress's paragraph filter, ported
html_to_markdown(html)                   the converter on its own
"""

from __future__ import annotations

from wparchive.content.autop import wpautop
from wparchive.content.convert import content_to_markdown
from wparchive.content.markdown import MarkdownConverter, html_to_markdown

__all__ = ["MarkdownConverter", "content_to_markdown", "html_to_markdown", "wpautop"]
