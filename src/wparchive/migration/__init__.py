"""Migration aids: the redirect map, the media manifest and download, URL rewriting."""

from __future__ import annotations

from wparchive.migration.download import DownloadFailure, DownloadResult, download_media
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
    "DownloadFailure",
    "DownloadResult",
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
    "download_media",
    "rewrite_internal_links",
    "rewrite_markdown_files",
    "rewrite_media_references",
]
