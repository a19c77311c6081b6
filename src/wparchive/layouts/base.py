"""The Layout type, the path allocator that applies it, and the old-URL helpers presets share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from wparchive.diskset import StringSet
from wparchive.model import Post
from wparchive.writers import paths

FrontMatter = dict[str, Any]
PathRule = Callable[[Post, str], str]
FrontMatterRule = Callable[[FrontMatter, Post, str | None], FrontMatter]
UrlRule = Callable[[Post, str], str]
OldUrlRule = Callable[[Post], str | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    """A target platform's conventions.

    `markdown_path(post, stem)` gives the relative POSIX path of the file for a safe, unique
    stem. `url_path(post, markdown_path)` is the URL path the platform serves the post at:
    the old WordPress path where the layout keeps old URLs (`old_url_rule`, written as a
    permalink), else one derived from the file's path (`url_rule`). `front_matter(base, post,
    markdown_path=..., url=...)` turns wparchive's front matter (writers/frontmatter.py) into
    the platform's. `name_overhead` is how many bytes the path adds around the stem in the
    stem's own path component ("YYYY-MM-DD-" and ".md" for Jekyll), so that the component
    stays within 255 bytes.
    """

    name: str
    description: str
    path_rule: PathRule
    front_matter_rule: FrontMatterRule
    url_rule: UrlRule
    old_url_rule: OldUrlRule | None = None
    name_overhead: int = len(paths.EXTENSION)
    # The folder whose files the platform serves as they are, at the site's root: media
    # downloaded to <static_root>/media/… is served at /media/….
    static_root: str = ""
    # The old URL the platform itself redirects from (Hugo's `aliases`), if it does: the
    # allocator counts it as taken, so that no redirect ever replaces another page.
    alias_rule: OldUrlRule | None = None
    # What the platform needs done to the text below the front matter (Hugo: shortcode
    # delimiters shown as text); None: nothing.
    body_rule: Callable[[str], str] | None = None

    def markdown_path(self, post: Post, stem: str) -> str:
        return self.path_rule(post, stem)

    def front_matter(
        self,
        base: FrontMatter,
        post: Post,
        *,
        markdown_path: str = "",
        url: str | None = None,
        aliases: tuple[str, ...] | None = None,
    ) -> FrontMatter:
        """The platform's front matter; URL keys (permalink, aliases) need the URL or path.

        Pass `url` from LayoutPathAllocator.url_for(), which keeps URLs unique, and
        `aliases` from its aliases_for(); without them the URL is derived from
        `markdown_path` and the aliases from the post.
        """
        if url is None and markdown_path:
            url = self.url_path(post, markdown_path)
        fields = self.front_matter_rule(base, post, url)
        if aliases is not None and self.alias_rule is not None:
            fields.pop("aliases", None)
            if aliases:
                fields["aliases"] = list(aliases)
        return fields

    def url_path(self, post: Post, markdown_path: str) -> str:
        old = self.old_url_rule(post) if self.old_url_rule is not None else None
        return old or self.url_rule(post, markdown_path)


class LayoutPathAllocator:
    """PathAllocator's rules (safe names, `-<id>` on a collision) for any layout's paths.

    With the archive layout it hands out exactly what writers/paths.PathAllocator does.
    It also keeps each post's URL unique: two items of an export can share a permalink
    (duplicated items do), and a static site cannot serve both at one URL, so the later one
    gets the URL its file path gives, then `-<id>` on top if that is taken too.
    """

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        # Collision keys of the paths and URLs handed out: on disk, as they grow with the
        # export. A URL waits in _url_by_path only until url_for() collects it.
        self._taken = StringSet()
        self._urls_taken = StringSet()
        self._url_by_path: dict[str, str] = {}
        self._aliases_by_path: dict[str, tuple[str, ...]] = {}  # likewise, until collected

    def allocate(self, post: Post) -> str:
        stem = paths._stem_for(post)
        path = self._path(post, stem, "")
        if not self._taken.claim(paths._collision_key(path)):
            path = self._path(post, stem, f"-{post.id}")
            counter = 2
            while not self._taken.claim(paths._collision_key(path)):
                path = self._path(post, stem, f"-{post.id}-{counter}")
                counter += 1
        url = self._unique_url(post, path)
        self._url_by_path[path] = url
        if self.layout.alias_rule is not None:
            self._claim_alias(post, path, url)
        return path

    def url_for(self, markdown_path: str) -> str:
        """The URL path of the post allocated `markdown_path`, unique in this run.

        Ask once per allocated path: the answer is handed over, not kept.
        """
        return self._url_by_path.pop(markdown_path)

    def aliases_for(self, markdown_path: str) -> tuple[str, ...] | None:
        """The old URLs the post's page redirects from, when the layout has aliases; an
        old URL another page was given (or redirects from) first is left out. Ask once."""
        return self._aliases_by_path.pop(markdown_path, None)

    def _claim_alias(self, post: Post, path: str, url: str) -> None:
        alias = self.layout.alias_rule(post) if self.layout.alias_rule is not None else None
        if not alias or _url_key(alias) == _url_key(url):
            return
        free = self._urls_taken.claim(_url_key(alias))
        self._aliases_by_path[path] = (alias,) if free else ()

    def _unique_url(self, post: Post, path: str) -> str:
        from_path = self.layout.url_rule(post, path)
        stem = from_path.rstrip("/")
        candidates = (self.layout.url_path(post, path), from_path, f"{stem}-{post.id}/")
        # claim() takes the first free candidate and leaves the others untouched.
        url = next((c for c in candidates if self._urls_taken.claim(_url_key(c))), "")
        counter = 2
        while not url:
            candidate = f"{stem}-{post.id}-{counter}/"
            url = candidate if self._urls_taken.claim(_url_key(candidate)) else ""
            counter += 1
        return url

    def _path(self, post: Post, stem: str, suffix: str) -> str:
        room = paths.MAX_NAME_BYTES - len(suffix.encode()) - self.layout.name_overhead
        return self.layout.markdown_path(post, paths._truncate(stem, room) + suffix)


def _url_key(url: str) -> str:
    # "/about" and "/about/" are one page on every static host.
    return paths._collision_key(url.rstrip("/"))


def type_folder(post_type: str) -> str:
    """The folder for a post type's own section: the type's name made safe."""
    return paths.safe_name(post_type) or "items"


def old_path(post: Post) -> str | None:
    """The path of the post's permalink ("/2010/06/22/slug/"), decoded; None when it has none.

    Query permalinks ("/?p=12", what drafts and plain-permalink sites have) are no path a
    static site can serve, so they give None; the redirect map covers them.
    """
    if not post.link:
        return None
    parts = urlsplit(post.link.strip())
    path = unquote(parts.path)
    if parts.query or path in ("", "/"):
        return None
    return path


def date_prefix(post: Post) -> str:
    """ "YYYY-MM-DD" of the post's local date (what WordPress shows), or "" without one."""
    value = post.date.value
    return value.strftime("%Y-%m-%d") if value is not None else ""


def rename(base: FrontMatter, renames: dict[str, str], drop: frozenset[str]) -> FrontMatter:
    """`base` in order, keys renamed by `renames`, keys in `drop` left out."""
    return {renames.get(key, key): value for key, value in base.items() if key not in drop}


def folder_url(markdown_path: str, *, strip: str = "", lower: bool = False) -> str:
    """ "/a/b/" for "a/b/index.md" or "a/b.md", after removing the prefix `strip`."""
    path = markdown_path.removeprefix(strip)
    path = path.removesuffix("/index.md").removesuffix(paths.EXTENSION)
    url = f"/{path}/"
    return url.lower() if lower else url


def directory_path(path: str | None) -> str | None:
    """`path` as a folder URL ("/about" -> "/about/") unless its last part has an extension.

    Eleventy refuses a permalink that is neither (it could not be served without server
    configuration).
    """
    if not path or path.endswith("/") or "." in path.rsplit("/", 1)[-1]:
        return path
    return path + "/"
