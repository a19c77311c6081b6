"""Copies of uploaded images pointed back at the original file the export holds.

Posts often show a copy of an upload rather than the file itself: Jetpack's image CDN
(`https://i0.wp.com/example.com/wp-content/uploads/x.jpg?resize=300%2C200`), a resized copy
(`x-300x200.jpg`) or a sized query (`x.jpg?w=300`). When the export holds the attachment,
the Markdown shows its original URL instead, in every layout; archive.json keeps the raw
content with the URL as displayed, and media.json (site-generator layouts) lists it among
the file's variants.

Attachments may come after the posts that show them, and the reading process is the
pipeline's bottleneck. So a post's candidates are found in its raw HTML (one regex search
for most posts, which have none), those whose attachment is already known go to the worker
rendering the post, and the rest wait: once the whole export is read, only the files with
late candidates are rewritten, not every file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from wparchive.migration.media import FILE_EXTENSION, RESIZED_SUFFIX, MediaManifest
from wparchive.migration.rewrite import MediaRewriter
from wparchive.migration.urls import PHOTON_HOST, URL_TOKEN, split_trailing, split_url, url_key

# Something in the text that may be a copy: a CDN host, a "-300x200." size suffix, a file
# with a query. Most posts have none, and one search is all they cost.
_HINT = re.compile(r"i[0-3]\.wp\.com/|-\d+x\d+\.[A-Za-z0-9]|\.[A-Za-z0-9]{2,5}\?", re.IGNORECASE)
# Characters a Markdown link destination cannot hold bare: such an original is not used.
_UNSAFE_IN_DESTINATION = re.compile(r"""[\s()<>"'\[\]`\\]""")


def copy_urls(texts: Iterable[str]) -> list[str]:
    """The URLs in `texts` (raw HTML) that may show a copy of an upload, in order, once each."""
    found: dict[str, None] = {}
    for text in texts:
        if not text or not _HINT.search(text):
            continue
        for token in URL_TOKEN.findall(text):
            url = split_trailing(token)[0]
            if "&" in url:  # "&amp;" and "&#038;" in attributes
                url = html.unescape(url)
            if is_copy_url(url):
                found.setdefault(url, None)
    return list(found)


def is_copy_url(url: str) -> bool:
    """Whether `url` may be a copy: a Photon URL, a resized name, or a file with a query."""
    host, path, query = split_url(url)
    if PHOTON_HOST.fullmatch(host):
        return True
    return bool(RESIZED_SUFFIX.search(path) or (query and FILE_EXTENSION.search(path)))


class MediaOriginals:
    """Which copies each written file shows, mapped to originals as soon as they are known."""

    def __init__(self, manifest: MediaManifest) -> None:
        self.manifest = manifest
        self._late: list[tuple[str, tuple[str, ...]]] = []  # (Markdown path, copy URLs)
        self.mapped = 0  # copy URLs mapped so far, early and late

    def for_file(self, markdown_path: str, texts: Iterable[str]) -> MediaRewriter | None:
        """What maps the copies in a file about to be rendered from `texts`; None: nothing yet.

        The copies whose attachment is not known yet are kept for late_mapping().
        """
        mapping: dict[str, str] = {}
        waiting = []
        for url in copy_urls(texts):
            original = self._original(url)
            if original is None:
                waiting.append(url)
            elif url_key(original) != url_key(url):
                mapping[url] = original
        if waiting:
            self._late.append((markdown_path, tuple(waiting)))
        self.mapped += len(mapping)
        return MediaRewriter(mapping) if mapping else None

    def late_mapping(self) -> tuple[list[str], dict[str, str]]:
        """(files to rewrite, copy URL -> original) for the copies resolved only now."""
        paths: list[str] = []
        mapping: dict[str, str] = {}
        for markdown_path, urls in self._late:
            found = 0
            for url in urls:
                # Keyed by the absolute URL: a relative one could not be resolved before the
                # base URL was known, and the rewriter matches relative URLs on its host.
                absolute, original = self.manifest.web_url(url), self._original(url)
                if original is not None and url_key(original) != url_key(absolute):
                    mapping[absolute] = original
                    found += 1
            if found:
                paths.append(markdown_path)
                self.mapped += found
        return paths, mapping

    def _original(self, url: str) -> str | None:
        """The attachment's URL when `url` shows a copy of one the export holds."""
        original = self.manifest.attachment_file(url)
        if original is None or _UNSAFE_IN_DESTINATION.search(original):
            return None
        return original
