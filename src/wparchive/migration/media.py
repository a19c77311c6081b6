"""The media manifest: every file a post shows or links to, where it would live locally.

Collected while posts stream past: add_attachment() for each attachment item,
add_references() for each post's HTML (img src and srcset, video/audio sources and
posters, the media URLs of [audio]/[video] shortcodes, links to uploaded files) and its
featured image. References are resolved only in items()/write(), when every attachment
of the export is known, because attachments may come after the posts that use them. Like
what is collected, the resolved files wait on disk (diskset): both grow with the export.

A reference is mapped back to the attachment's original file when the export knows it:
through Jetpack's image CDN (`i0.wp.com/host/path?resize=…`), resized copies
(`name-300x200.jpg`, also those listed in `_wp_attachment_metadata`), and WordPress.com's
`?w=300` queries. Local paths mirror `wp-content/uploads`: `media/2010/06/name.jpg`; files
from other hosts go under `media/external/<host>/`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from wparchive.diskset import Groups, Spool, StringIntSets, StringMap, StringSet
from wparchive.migration.jsonlist import JsonListWriter
from wparchive.migration.urls import PHOTON_HOST, base_parts, host_key, split_url, url_key
from wparchive.model import Post
from wparchive.writers.paths import safe_name

MEDIA_FOLDER = "media"
UPLOADS_MARKER = "/wp-content/uploads/"
ATTACHED_FILE_KEY = "_wp_attached_file"
METADATA_KEY = "_wp_attachment_metadata"

# Attributes whose value is a media file wherever it points, and shortcode attributes of
# [audio]/[video] ([audio mp3="…"]). `href` only counts when it points at an upload.
_MEDIA_ATTRIBUTES = (
    "src|poster|data-orig-file|data-large-file|mp3|m4a|ogg|wav|mp4|m4v|webm|ogv|flv|wmv"
)
_ATTRIBUTE_NAMES = f"{_MEDIA_ATTRIBUTES}|srcset|href"
# What _attribute_values() finds: the leftmost matches of this pattern, in order.
# `\b(names)` tried at every character of a post is slow (0.5 ms for 5 kB), so the search
# goes from one "=" to the next instead and looks for the name just before it.
ATTRIBUTE = re.compile(rf"""\b({_ATTRIBUTE_NAMES})\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_NAME_BEFORE_EQUALS = re.compile(rf"\b(?:{_ATTRIBUTE_NAMES})\Z", re.IGNORECASE)
_LONGEST_NAME = max(len(name) for name in _ATTRIBUTE_NAMES.split("|"))
_QUOTED_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
_WEB_SCHEMES = ("http://", "https://")
_SRCSET_SPLIT = re.compile(r",\s+|,(?=\S*//)")
# A file WordPress's uploader accepts by default, by extension.
FILE_EXTENSION = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|heic|svg|bmp|ico|tiff?|pdf|zip|gz|mp3|m4a|ogg|oga|wav|"
    r"mp4|m4v|mov|webm|ogv|wmv|avi|flv|docx?|xlsx?|pptx?|odt|ods|odp|rtf|txt|csv|epub|key)$",
    re.IGNORECASE,
)
# WordPress's resized copies: "photo-300x200.jpg" of "photo.jpg".
RESIZED_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
_WPCOM_FILES = re.compile(r"(?:^|\.)files\.wordpress\.com$")


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaItem:
    url: str  # the original file's URL
    local_path: str  # relative POSIX path under the output folder
    attachment_id: int | None
    posts: tuple[int, ...]  # ids of the posts showing or linking it, ascending
    variants: tuple[str, ...]  # other URLs found that stand for this file (CDN, resized)


@dataclass(frozen=True, slots=True)
class _Attachment:
    id: int
    url: str
    relative_file: str  # "2010/06/name.jpg" from _wp_attached_file, or ""


class MediaManifest:
    def __init__(self, base_url: str = "") -> None:
        # Settable until the first add: the pipeline learns it from the channel.
        self.base_url = base_url
        # On disk (diskset), as they grow with the export: the reading process stays small.
        self._attachments: StringMap[_Attachment] = StringMap()  # file key -> attachment
        self._resized: StringMap[str] = StringMap()  # a resized copy's file key -> the original's
        self._uses = StringIntSets()  # URL found -> ids of the posts showing it
        self._resolved: Spool[MediaItem] | None = None  # items() until the next add

    # ---- collecting

    def add_attachment(self, post: Post) -> None:
        self._resolved = None
        url = post.attachment_url.strip()
        if not url:
            return
        relative = (post.meta_value(ATTACHED_FILE_KEY) or "").strip().lstrip("/")
        key = _file_key(url)
        if key not in self._attachments:  # the first attachment with the file wins
            self._attachments[key] = _Attachment(post.id, url, relative)
        self._uses.add_key(url)  # listed even when no post shows it
        if post.parent is not None:
            self._uses.add(url, post.parent)
        folder = key.rsplit("/", 1)[0]
        for name in _size_files(post):
            resized = f"{folder}/{name}"
            if resized not in self._resized:
                self._resized[resized] = key

    def add_references(
        self, post: Post, html_text: str, *, featured_image: str | None = None
    ) -> None:
        """Record the media `html_text` (a post's raw content) refers to, and its featured image."""
        self._resolved = None
        for url in self._referenced(html_text):
            self._uses.add(url, post.id)
        featured = self.web_url(featured_image or "")
        if featured:
            self._uses.add(featured, post.id)

    def _referenced(self, html_text: str) -> Iterator[str]:
        for name, quoted in attribute_values(html_text):
            name = name.lower()
            value = html.unescape(quoted)
            if name == "srcset":
                for candidate in _SRCSET_SPLIT.split(value.strip()):
                    url = self.web_url(candidate.strip().split(" ", 1)[0])
                    if url:
                        yield url
                continue
            url = self.web_url(value)
            if url and (name != "href" or self._is_upload(url)):
                yield url

    def web_url(self, value: str) -> str:
        """`value` as an absolute http(s) URL; "" for data:, mailto:, "#top", empty."""
        value = value.strip()
        if not value or value.startswith("#"):
            return ""
        if value.startswith("//"):
            value = "https:" + value
        elif not value.startswith(_WEB_SCHEMES) and self.base_url:
            value = urljoin(self.base_url, value)
        return value if value.startswith(_WEB_SCHEMES) else ""

    def _is_upload(self, url: str) -> bool:
        host, path, _ = split_url(url)
        if PHOTON_HOST.fullmatch(host) or _WPCOM_FILES.search(host) or UPLOADS_MARKER in path:
            return True
        site_host = host_key(base_parts(self.base_url)[0])
        return host == site_host and bool(FILE_EXTENSION.search(path))

    # ---- resolving

    def original(self, url: str) -> tuple[str, _Attachment | None]:
        """The URL of the file `url` stands for, and its attachment when the export has it."""
        key = _file_key(url)
        candidates = [key, RESIZED_SUFFIX.sub("", key)]
        photon = _photon_inner(url)
        if photon:
            candidates += [photon, RESIZED_SUFFIX.sub("", photon)]
        for candidate in candidates:
            attachment = self._attachments.get(candidate)
            if attachment is None:
                resized_of = self._resized.get(candidate)
                attachment = self._attachments.get(resized_of) if resized_of else None
            if attachment is not None:
                return attachment.url, attachment
        return _without_fragment(url, drop_query=_is_wpcom_file(url)), None

    def attachment_file(self, url: str) -> str | None:
        """The URL of the attachment `url` shows a copy of; None when the export lacks it.

        Relative URLs take the base URL, so ask again once it is known.
        """
        absolute = self.web_url(url)
        if not absolute:
            return None
        original, attachment = self.original(absolute)
        return original if attachment is not None else None

    def items(self) -> Iterator[MediaItem]:
        """Every file, sorted by URL, with a unique local path, one at a time. The first
        complete pass keeps them on disk for the next ones (write, download, rewriting)."""
        if self._resolved is not None:
            yield from self._resolved
            return
        resolved: Spool[MediaItem] = Spool(prefix="wparchive-media-")
        for item in self._resolve():
            resolved.append(item)
            yield item
        self._resolved = resolved

    def entries(self) -> list[MediaItem]:
        """items() as a list: for small exports and tests (items() holds none of them)."""
        return list(self.items())

    def _resolve(self) -> Iterator[MediaItem]:
        """The URLs found, grouped on disk (diskset) by the file they stand for."""
        uses: Groups[tuple[str, _Attachment | None, set[int]]] = Groups()
        for found, post_ids in self._uses.keys_with_values():
            url, attachment = self.original(found)
            uses.add(url, (found, attachment, post_ids))
        taken = StringSet()
        for url, found_here in uses.groups():
            attachment = found_here[0][1]  # as the first URL found for the file has it
            variants = {found for found, _, _ in found_here if found != url}
            posts = set().union(*(post_ids for _, _, post_ids in found_here))
            yield MediaItem(
                url=url,
                local_path=_unique(_local_path(url, attachment), taken),
                attachment_id=attachment.id if attachment else None,
                posts=tuple(sorted(posts)),
                variants=tuple(sorted(variants)),
            )

    def local_url_pairs(
        self, prefix: str = "/", *, leaving_out: Container[str] = ()
    ) -> Iterator[tuple[str, str]]:
        """(URL found, `prefix` + its local path) for every URL, originals and variants,
        but for the files whose URL is in `leaving_out` (not downloaded, say)."""
        for item in self.items():
            if item.url in leaving_out:
                continue
            local = prefix + item.local_path
            yield item.url, local
            for variant in item.variants:
                yield variant, local

    def local_urls(self, prefix: str = "/") -> dict[str, str]:
        """local_url_pairs() as a dict: for small exports and tests."""
        return dict(self.local_url_pairs(prefix))

    def write(self, path: str | Path) -> int:
        """media.json, written one file at a time (JsonListWriter); how many files it lists."""
        with Path(path).open("w", encoding="utf-8", newline="\n") as out:
            media = JsonListWriter(out, "media")
            for item in self.items():
                media.add(_item_json(item))
            media.close()
        return media.count


def _item_json(item: MediaItem) -> dict[str, object]:
    return {
        "url": item.url,
        "local_path": item.local_path,
        "attachment_id": item.attachment_id,
        "posts": list(item.posts),
        "variants": list(item.variants),
    }


def attribute_values(html_text: str) -> Iterator[tuple[str, str]]:
    """(name, quoted value) of each media attribute (ATTRIBUTE's matches), in order.

    Every match of ATTRIBUTE uses the first "=" after its name (neither the name nor the
    spaces hold one), so visiting each "=" and matching the name that ends just before it
    finds the same matches; a name may not start inside the previous match.
    """
    start = 0
    while (equals := html_text.find("=", start)) >= 0:
        name_end = equals
        while name_end > start and html_text[name_end - 1].isspace():
            name_end -= 1
        name = _NAME_BEFORE_EQUALS.search(html_text, max(start, name_end - _LONGEST_NAME), name_end)
        value = _QUOTED_VALUE.match(html_text, equals) if name else None
        if name is None or value is None:
            start = equals + 1
            continue
        yield name.group(0), value.group(1) if value.group(1) is not None else value.group(2)
        start = value.end()


def _file_key(url: str) -> str:
    """ "host/path" without scheme, www., query or fragment: how a file is recognised."""
    return url_key(url, keep_query=False)


def _photon_inner(url: str) -> str:
    """ "example.com/wp-content/…/x.jpg" for "https://i0.wp.com/example.com/…/x.jpg?resize=…"."""
    cdn_host, cdn_path, _ = split_url(url)
    if not PHOTON_HOST.fullmatch(cdn_host):
        return ""
    host, _, path = cdn_path.lstrip("/").partition("/")
    return f"{host_key(host)}/{path}" if host else ""


def _is_wpcom_file(url: str) -> bool:
    return bool(_WPCOM_FILES.search(split_url(url)[0]))


def _without_fragment(url: str, *, drop_query: bool) -> str:
    # files.wordpress.com serves resized copies for "?w=300": the file is the one without.
    url = url.split("#", 1)[0]
    return url.split("?", 1)[0] if drop_query else url


def _size_files(post: Post) -> list[str]:
    for meta in post.meta:
        if meta.key == METADATA_KEY and isinstance(meta.decoded, dict):
            sizes = meta.decoded.get("sizes")
            if isinstance(sizes, dict):
                return [
                    size["file"]
                    for size in sizes.values()
                    if isinstance(size, dict) and isinstance(size.get("file"), str)
                ]
    return []


def _local_path(url: str, attachment: _Attachment | None) -> str:
    if attachment is not None and attachment.relative_file:
        return _safe_path(MEDIA_FOLDER, attachment.relative_file)
    parts = urlsplit(url)
    path = unquote(parts.path)
    if UPLOADS_MARKER in path:
        return _safe_path(MEDIA_FOLDER, path.split(UPLOADS_MARKER, 1)[1])
    if _is_wpcom_file(url):
        return _safe_path(MEDIA_FOLDER, path)
    host = safe_name((parts.hostname or "").lower()) or "unknown-host"
    return _safe_path(f"{MEDIA_FOLDER}/external/{host}", path)


def _safe_path(folder: str, relative: str) -> str:
    names = [safe_name(part) or "_" for part in relative.split("/") if part not in ("", ".", "..")]
    return "/".join([folder, *(names or ["file"])])


def _unique(path: str, taken: StringSet) -> str:
    stem, dot, extension = path.rpartition(".")
    if not dot or "/" in extension:
        stem, dot, extension = path, "", ""
    candidate, counter = path, 2
    while not taken.claim(_collision(candidate)):
        candidate = f"{stem}-{counter}{dot}{extension}"
        counter += 1
    return candidate


def _collision(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()
