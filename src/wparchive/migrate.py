"""The migration aids of a layout preset, run beside the conversion.

For `--layout hugo|jekyll|eleventy|astro` (and whenever `--download-media` is given) the run
also writes a redirect map from every old URL to the new path (`_redirects`,
`redirects.nginx.conf`, `redirects.json`), a media manifest (`media.json`), optionally
downloads the media, and, once every file is written, rewrites links between posts and
media references to their new places (links can point at posts written later, so this is
a pass over the written files at the end, not part of rendering).

In every layout, copies of uploads (Jetpack CDN, resized) are mapped back to the original
file when the export holds it (migration/originals.py): by the worker when the attachment
came first, else by rewriting just the files that show such late copies.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from wparchive.diskset import Spool
from wparchive.layouts import Layout
from wparchive.migration import (
    LinkRewriter,
    LinkTable,
    MediaManifest,
    MediaOriginals,
    MediaRewriter,
    MediaTable,
    RedirectWriter,
    rewrite_markdown_files,
)
from wparchive.migration.originals import is_copy_url
from wparchive.model import Post, Site
from wparchive.policy import ConvertOptions
from wparchive.problems import ProblemLog

MEDIA_MANIFEST_NAME = "media.json"


@dataclass(frozen=True, slots=True)
class _Move:
    """What the redirects need of a written post or attachment page (not its content)."""

    id: int
    type: str
    link: str  # the old permalink
    to: str  # the new URL: the post's path, an attachment's file


class Migration:
    def __init__(self, out: Path, options: ConvertOptions, layout: Layout) -> None:
        self.out = out
        self.options = options
        self.layout = layout
        # Redirects, media.json and downloads.
        self.enabled = layout.name != "archive" or options.download_media
        self.media = MediaManifest()
        self.originals = MediaOriginals(self.media)
        # One per written post and attachment page: redirects need the site's base URL,
        # which the readers give last, with the Site. An attachment page's new URL is its
        # file: the local copy once downloaded.
        self._moves: Spool[_Move] = Spool("wparchive-moves-")
        self._written: Spool[str] = Spool("wparchive-written-")
        self._not_downloaded: set[str] | None = None  # the files that failed, once downloaded

    def attachment(self, attachment: Post) -> None:
        # Always known to the manifest: copies of it map back to it in every layout.
        self.media.add_attachment(attachment)
        if self.stages and attachment.link and attachment.attachment_url:
            move = _Move(attachment.id, attachment.type, attachment.link, attachment.attachment_url)
            self._moves.append(move)

    def post(
        self, post: Post, *, markdown_path: str, url: str, featured_image: str | None
    ) -> MediaRewriter | None:
        """Note a post about to be written; what maps its media copies to originals, if any."""
        shown = (post.content, post.excerpt) if self._shows_body(post) else ()
        rewrite = self.originals.for_file(markdown_path, (*shown, featured_image or ""))
        if self.enabled:
            self.media.add_references(post, post.content, featured_image=featured_image)
        if self.stages:
            self._moves.append(_Move(post.id, post.type, post.link, url))
            self._written.append(markdown_path)
        return rewrite

    def _shows_body(self, post: Post) -> bool:
        return not post.password or self.options.include_protected

    @property
    def stages(self) -> bool:
        """Whether the posts' Markdown goes to the staging folder first, to be rewritten at
        the end (links to new paths, downloaded media) before it takes its place; such a run
        notes every move (old URL -> new path) for the redirects and link rewriting."""
        return self.enabled or self.rewrites_links

    def finish(self, site: Site, log: ProblemLog, *, staging: Path) -> Iterable[str]:
        """Write the redirects and media.json into `staging`, rewrite the Markdown there; the
        files to move into the output folder, relative to `staging`.

        The posts' Markdown is in `staging` when `stages`; otherwise (the archive layout)
        only the files showing copies of uploads resolved late are copied there to be
        rewritten. Either way a killed run leaves no file in the output folder that a rerun
        would not write again the same.
        """
        base_url = self._base_url(site)
        late_files, late_originals = self.originals.late_mapping()
        if not self.enabled:  # the archive layout: no redirects, perhaps --rewrite-links
            files: Iterable[str]
            url_map: LinkTable | None
            if self.rewrites_links:
                links = RedirectWriter(staging, base_url=base_url)  # never finished: not written
                files, url_map = self._written, self._link_map(links, None)
            else:
                files, url_map = self._copy_into(staging, late_files), None
            rewrite_markdown_files(
                staging, files, url_map=url_map, media_map=late_originals or None, base_url=base_url
            )
            return files
        redirects = RedirectWriter(staging, base_url=base_url)
        self.media.write(staging / MEDIA_MANIFEST_NAME)
        downloaded = self._download(log) if self.options.download_media else None
        url_map = self._link_map(redirects, downloaded)
        summary = redirects.finish()
        for old, kept, dropped in summary.conflicts:
            log.add(
                source="",
                where="redirects",
                code="redirect-conflict",
                message=f"{old} is the old URL of {kept} and of {dropped}; it redirects to "
                f"{kept}: edit the redirect map if {dropped} should have it",
            )
        media_map: Mapping[str, str] | MediaTable = late_originals
        if downloaded is not None:  # a downloaded copy wins over the original's URL
            media_map = MediaTable.of(chain(late_originals.items(), self._downloaded_urls()))
        rewrite_markdown_files(
            staging,
            self._written if self.rewrites_links or downloaded else late_files,
            url_map=url_map if self.rewrites_links else None,
            media_map=media_map or None,
            base_url=base_url,
        )
        written = [path.relative_to(staging).as_posix() for path in summary.paths]
        return chain(self._written, [MEDIA_MANIFEST_NAME], written)

    def _copy_into(self, staging: Path, files: list[str]) -> list[str]:
        """Copies of these written files in `staging`, to be rewritten there and placed."""
        copied = []
        for relative in files:
            source = self.out / relative
            if source.is_file():
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                copied.append(relative)
        return copied

    @property
    def rewrites_links(self) -> bool:
        if self.options.rewrite_links is None:
            return self.layout.name != "archive"
        return self.options.rewrite_links

    def _base_url(self, site: Site) -> str:
        base_url = site.base_blog_url or site.link
        self.media.base_url = base_url
        return base_url

    def _link_map(self, redirects: RedirectWriter, downloaded: MediaTable | None) -> LinkTable:
        """Old URL -> new path of every post and attachment page, also added to `redirects`.

        Unlike the redirects, it keeps the URLs whose path does not change: a link written
        as the old absolute URL becomes a path too.
        """
        links = LinkTable(base_url=redirects.base_url)
        for move in self._moves:
            moved = _stub(move)
            local = downloaded.get(move.to) if downloaded is not None else None
            target = local or move.to
            redirects.add(moved, target)
            for old in redirects.old_urls(moved):
                links.add(old, target)
        return links

    def shown_urls(self, site: Site) -> Callable[[str], set[str]]:
        """What a URL of a post's source may have become in its Markdown, for verify.

        Call instead of finish(), once every record has been noted: it writes nothing, so
        downloads are taken as done (a failed one keeps its URL, which is also accepted).
        """
        base_url = self._base_url(site)
        steps = [self._original_of]
        if self.rewrites_links:
            redirects = RedirectWriter(self.out, base_url=base_url)
            steps.append(LinkRewriter(self._link_map(redirects, None), base_url=base_url).lookup)
        if self.options.download_media:
            local_urls = MediaTable.of(self.media.local_url_pairs("/"))
            steps.append(MediaRewriter(local_urls, base_url=base_url).lookup)

        def forms(url: str) -> set[str]:
            found = {url}
            for step in steps:
                found |= {new for new in map(step, found) if new is not None}
            return found

        return forms

    def _original_of(self, url: str) -> str | None:
        return self.originals.original(url) if is_copy_url(url) else None

    def _download(self, log: ProblemLog) -> MediaTable:
        """Fetch the manifest's files; URL -> local URL of those now in the output."""
        from wparchive.migration.download import download_media  # urllib, ssl: see migration

        result = download_media(self.media, self.out / self.layout.static_root)
        for failure in result.failed:
            log.add(
                source="",
                where=failure.url,
                code="media-download-failed",
                message=f"not downloaded after {failure.attempts} attempts: {failure.reason}; "
                "run the conversion again later, or copy the file into the output by hand",
            )
        self._not_downloaded = {failure.url for failure in result.failed}
        return MediaTable.of(self._downloaded_urls())

    def _downloaded_urls(self) -> Iterable[tuple[str, str]]:
        """(URL, local URL) of every file this run downloaded, variants included."""
        if self._not_downloaded is None:  # no --download-media
            return ()
        return self.media.local_url_pairs("/", leaving_out=self._not_downloaded)


def _stub(move: _Move) -> Post:
    """What the redirect writer reads of a post: its id, type and permalink."""
    return Post(
        id=move.id, type=move.type, status="", title="", slug="", slug_raw="", link=move.link
    )
