"""Migration aids: the redirect map, the media manifest and download, URL rewriting.

The download (wparchive.migration.download) is not imported here: urllib and ssl take
40 ms to import, and only `--download-media` needs them.
"""

from __future__ import annotations

from wparchive.migration.media import MediaItem, MediaManifest
from wparchive.migration.originals import MediaOriginals
from wparchive.migration.redirects import Redirect, RedirectSummary, RedirectWriter
from wparchive.migration.rewrite import (
    LinkRewriter,
    LinkTable,
    MediaRewriter,
    MediaTable,
    rewrite_internal_links,
    rewrite_markdown_files,
    rewrite_media_references,
)

__all__ = [
    "LinkRewriter",
    "LinkTable",
    "MediaItem",
    "MediaManifest",
    "MediaOriginals",
    "MediaRewriter",
    "MediaTable",
    "Redirect",
    "RedirectSummary",
    "RedirectWriter",
    "rewrite_internal_links",
    "rewrite_markdown_files",
    "rewrite_media_references",
]
