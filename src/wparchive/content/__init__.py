"""The content stage: WordPress post and comment bodies to normalised Markdown.

content_to_markdown(raw)                 raw post_content / comment_content
content_to_markdown(html, rendered=True) HTML as the site displayed it
wpautop(text, br=True)                   WordPress's paragraph filter, ported
html_to_markdown(html)                   the converter on its own
split_more(markdown)                     the Markdown above `<!--more-->`, or None
ContentContext, AttachmentInfo           what the export knows beyond one post (galleries,
                                         footnotes), and the problems met
"""

from __future__ import annotations

from wparchive.content.autop import wpautop
from wparchive.content.context import AttachmentInfo, ContentContext, ContentProblem, context_for
from wparchive.content.convert import content_to_markdown
from wparchive.content.markdown import MarkdownConverter, html_to_markdown
from wparchive.content.more import split_more

__all__ = [
    "AttachmentInfo",
    "ContentContext",
    "ContentProblem",
    "MarkdownConverter",
    "content_to_markdown",
    "context_for",
    "html_to_markdown",
    "split_more",
    "wpautop",
]
