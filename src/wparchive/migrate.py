"""The migration aids of a layout preset, run beside the conversion.

For `--layout hugo|jekyll|eleventy|astro` (and whenever `--download-media` is given) the run
also writes a redirect map from every old URL to the new path (`_redirects`,
`redirects.nginx.conf`, `redirects.json`), a media manifest (`media.json`), optionally
downloads the media, and, once every file is written, rewrites links between posts and
media references to their new places (links can point at posts written later, so this is
a pass over the written files at the end, not part of rendering).
"""

from __future__ import annotations

from pathlib import Path

from wparchive.layouts import Layout
from wparchive.migration import (
    MediaManifest,
    RedirectWriter,
    download_media,
    rewrite_markdown_files,
)
from wparchive.model import Post, Site
from wparchive.policy import ConvertOptions
from wparchive.problems import ProblemLog

MEDIA_MANIFEST_NAME = "media.json"


class Migration:
    def __init__(self, out: Path, options: ConvertOptions, layout: Layout) -> None:
        self.out = out
        self.options = options
        self.layout = layout
        self.enabled = layout.name != "archive" or options.download_media
        self.media = MediaManifest()
        # (id, type, old link, new URL) per written post and attachment page: redirects
        # need the site's base URL, which the readers give last, with the Site. An
        # attachment page's new URL is its file: the local copy once downloaded.
        self._moves: list[tuple[int, str, str, str]] = []
        self._written: list[str] = []

    def attachment(self, attachment: Post) -> None:
        if self.enabled:
            self.media.add_attachment(attachment)
            if attachment.link and attachment.attachment_url:
                move = (attachment.id, attachment.type, attachment.link, attachment.attachment_url)
                self._moves.append(move)

    def post(self, post: Post, *, markdown_path: str, url: str, featured_image: str | None) -> None:
        if not self.enabled:
            return
        self.media.add_references(post, post.content, featured_image=featured_image)
        self._moves.append((post.id, post.type, post.link, url))
        self._written.append(markdown_path)

    def finish(self, site: Site, log: ProblemLog, *, staging: Path) -> list[str]:
        """Write the redirects and media.json into `staging`, where the posts' Markdown was
        written, and rewrite that Markdown; the files written, relative to `staging`.

        The caller moves them into the output folder: a killed run leaves no post there
        whose links are not rewritten yet."""
        if not self.enabled:
            return []
        base_url = site.base_blog_url or site.link
        self.media.base_url = base_url
        redirects = RedirectWriter(staging, base_url=base_url)
        self.media.write(staging / MEDIA_MANIFEST_NAME)
        media_map = self._download(log) if self.options.download_media else {}
        # Links are rewritten by this map, which unlike the redirects keeps the URLs whose
        # path does not change: a link written as the old absolute URL becomes a path too.
        url_map: dict[str, str] = {}
        for post_id, post_type, link, url in self._moves:
            moved = _stub(post_id, post_type, link)
            target = media_map.get(url, url)
            redirects.add(moved, target)
            for old in redirects.old_urls(moved):
                url_map.setdefault(old, target)
        summary = redirects.finish()
        for old, kept, dropped in summary.conflicts:
            log.add(
                source="",
                where="redirects",
                code="redirect-conflict",
                message=f"{old} is the old URL of {kept} and of {dropped}; it redirects to "
                f"{kept}: edit the redirect map if {dropped} should have it",
            )
        rewrite_links = self.options.rewrite_links
        if rewrite_links is None:
            rewrite_links = self.layout.name != "archive"
        rewrite_markdown_files(
            staging,
            self._written,
            url_map=url_map if rewrite_links else None,
            media_map=media_map or None,
            base_url=base_url,
        )
        written = [path.relative_to(staging).as_posix() for path in summary.paths]
        return [*self._written, MEDIA_MANIFEST_NAME, *written]

    def _download(self, log: ProblemLog) -> dict[str, str]:
        result = download_media(self.media, self.out / self.layout.static_root)
        for failure in result.failed:
            log.add(
                source="",
                where=failure.url,
                code="media-download-failed",
                message=f"not downloaded after {failure.attempts} attempts: {failure.reason}; "
                "run the conversion again later, or copy the file into the output by hand",
            )
        failed = {failure.url for failure in result.failed}
        return {
            url: local for url, local in self.media.local_urls("/").items() if url not in failed
        }


def _stub(post_id: int, post_type: str, link: str) -> Post:
    """What the redirect writer reads of a post: its id, type and permalink."""
    return Post(id=post_id, type=post_type, status="", title="", slug="", slug_raw="", link=link)
