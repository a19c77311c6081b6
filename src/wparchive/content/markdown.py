"""HTML to Markdown (placeholder while the converter is written)."""

from __future__ import annotations


class MarkdownConverter:
    def convert(self, html: str) -> str:
        return html


def html_to_markdown(html: str) -> str:
    return MarkdownConverter().convert(html)
