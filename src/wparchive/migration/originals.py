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
from wparchive.migration.urls import PHOTON_HOST, split_trailing, split_url, url_key

# Marks of a copy inside a URL: a CDN host, a "-300x200." size suffix, a file with a query.
# One search each, never an alternation of them: a pattern that starts with a literal or a
# digit is searched fast, and this runs in the reading process for every post (the three
# together cost 15 µs on a 5 kB post, an alternation 225 µs, all URL tokens 570 µs).
_MARKS = (
    re.compile(r"wp\.com/"),  # i0.wp.com: what else is not a copy is left out later
    re.compile(r"-\d+x\d+\."),
    re.compile(r"\.[A-Za-z0-9]{2,5}\?"),
)
# What ends a URL in HTML or Markdown (URL_TOKEN's stops).
_URL_STOP = re.compile(r"""[\s<>"'()\[\]`]""")
_URL_STOPS = " \t\n\r\f\v<>\"'()[]`"
_URL_START = re.compile(r"(?:https?:)?//|/")
# The longest stretch looked at left of a mark for the start of its URL.
_REACH = 2000
# Characters a Markdown link destination cannot hold bare: such an original is not used.
_UNSAFE_IN_DESTINATION = re.compile(r"""[\s()<>"'\[\]`\\]""")


def copy_urls(texts: Iterable[str]) -> list[str]:
    """The URLs in `texts` (raw HTML) that may show a copy of an upload, in order, once each."""
    found: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        by_start: dict[int, str] = {}  # a URL with two marks is found twice
        for mark in _MARKS:
            for match in mark.finditer(text):
                start, url = _url_around(text, match.start(), match.end())
                by_start.setdefault(start, url)
        for start in sorted(by_start):
            url = by_start[start]
            if url and is_copy_url(url):
                found.setdefault(url, None)
    return list(found)


def _url_around(text: str, start: int, end: int) -> tuple[int, str]:
    """(where it starts, the URL) around the mark at text[start:end]; "" when not a URL."""
    reach = max(0, start - _REACH)
    left = max(reach - 1, *(text.rfind(stop, reach, start) for stop in _URL_STOPS)) + 1
    stop = _URL_STOP.search(text, end)
    token = text[left : stop.start() if stop else len(text)]
    begin = _URL_START.search(token)
    if begin is None:
        return left, ""
    if begin.group(0) == "/" and begin.start() > 0 and token[begin.start() - 1] not in "=":
        return left, ""  # "a/b" in prose, not a root-relative URL
    url = split_trailing(token[begin.start() :])[0]
    if "&" in url:  # "&amp;" and "&#038;" in attributes
        url = html.unescape(url)
    return left, url


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
            original = self.original(url)
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
                absolute, original = self.manifest.web_url(url), self.original(url)
                if original is not None and url_key(original) != url_key(absolute):
                    mapping[absolute] = original
                    found += 1
            if found:
                paths.append(markdown_path)
                self.mapped += found
        return paths, mapping

    def original(self, url: str) -> str | None:
        """The attachment's URL when `url` shows a copy of one the export holds (so far)."""
        original = self.manifest.attachment_file(url)
        if original is None or _UNSAFE_IN_DESTINATION.search(original):
            return None
        return original
