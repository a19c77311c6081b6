"""content_to_markdown: the whole content stage for one post or comment body."""

from __future__ import annotations

from wparchive.content.autop import wpautop
from wparchive.content.markdown import html_to_markdown


def content_to_markdown(text: str, *, rendered: bool = False) -> str:
    """Markdown for a body: raw WXR content unless `rendered` says it is site HTML."""
    if not rendered:
        text = wpautop(text)
    return html_to_markdown(text)
