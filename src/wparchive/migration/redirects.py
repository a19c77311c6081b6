"""The redirect map: every URL a WordPress post answered at, to its new path.

For each post added: its permalink's path, `?p=ID` (WordPress answers it for every type),
`?page_id=ID` for pages and `?attachment_id=ID` for attachments (their attachment pages).
Written by finish() as a Netlify `_redirects` file, an nginx `map` and JSON, sorted by old
URL so the files are the same on every run. An old URL claimed twice keeps its first target;
the later one is reported in the summary.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from wparchive.diskset import StringMap
from wparchive.migration.jsonlist import JsonListWriter
from wparchive.migration.urls import base_parts
from wparchive.model import Post

NETLIFY_NAME = "_redirects"
NGINX_NAME = "redirects.nginx.conf"
JSON_NAME = "redirects.json"
NGINX_VARIABLE = "$wparchive_redirect"

# What a path may hold unescaped in both files; everything else is percent-encoded, as
# browsers send it (a post slug "café" arrives as /caf%C3%A9/).
_PATH_SAFE = "/%:@&=+$,;~!*'()-._"


@dataclass(frozen=True, slots=True, kw_only=True)
class Redirect:
    old: str  # path and query as a browser requests it: "/2010/06/22/slug/", "/?p=112"
    new: str


@dataclass(kw_only=True)
class RedirectSummary:
    written: int = 0
    paths: tuple[Path, ...] = ()
    # (old URL, the target kept, the target dropped)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)


class RedirectWriter:
    """Collects old -> new as posts stream past; finish() writes the three files.

    The map grows with the export (two or three old URLs per post), so it is kept on disk
    (diskset) and the files are written line by line from it, in order.
    """

    def __init__(self, out_dir: str | Path, base_url: str = "") -> None:
        self.out_dir = Path(out_dir)
        # Settable until the first add(): the pipeline learns it from the channel.
        self.base_url = base_url
        self._targets: StringMap[str] = StringMap()  # old URL -> new: the first one added
        self._summary = RedirectSummary()

    def add(self, post: Post, new_url_path: str) -> None:
        """Redirect every old URL of `post` to `new_url_path` (a path like "/posts/x/")."""
        for old in self.old_urls(post):
            self._add(old, new_url_path)

    def old_urls(self, post: Post) -> list[str]:
        """The paths (with query) WordPress answered for `post`, under the site's base path."""
        prefix = base_parts(self.base_url)[1]
        urls = []
        permalink = _request_path(post.link)
        if permalink:
            urls.append(permalink)
        urls.append(f"{prefix}/?p={post.id}")
        if post.type == "page":
            urls.append(f"{prefix}/?page_id={post.id}")
        elif post.type == "attachment":
            urls.append(f"{prefix}/?attachment_id={post.id}")
        return urls

    def _add(self, old: str, new: str) -> None:
        if old == new:
            return
        kept = self._targets.get(old)
        if kept is None:
            self._targets[old] = new
        elif kept != new:
            self._summary.conflicts.append((old, kept, new))

    def redirects(self) -> Iterator[Redirect]:
        """Every redirect, sorted by old URL."""
        for old, new in self._targets.items():
            yield Redirect(old=old, new=new)

    def url_map(self) -> dict[str, str]:
        """Old path -> new path, for rewrite_internal_links(…, base_url=the site's URL)."""
        return dict(self._targets.items())

    def finish(self) -> RedirectSummary:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        paths = tuple(self.out_dir / name for name in (NETLIFY_NAME, NGINX_NAME, JSON_NAME))
        netlify_path, nginx_path, json_path = paths
        with (
            netlify_path.open("w", encoding="utf-8", newline="\n") as netlify,
            nginx_path.open("w", encoding="utf-8", newline="\n") as nginx,
            json_path.open("w", encoding="utf-8", newline="\n") as json_file,
        ):
            netlify.write(NETLIFY_HEADER)
            json_list = JsonListWriter(json_file, "redirects")
            nginx_map: StringMap[str] = StringMap()  # nginx's old URLs, the first target kept
            written = 0
            for redirect in self.redirects():
                netlify.write(netlify_line(redirect))
                json_list.add({"from": redirect.old, "to": redirect.new})
                for old in nginx_sources(redirect.old):
                    if old not in nginx_map:
                        nginx_map[old] = redirect.new
                written += 1
            json_list.close()
            nginx.write(NGINX_HEADER)
            for old, new in nginx_map.items():
                nginx.write(f"    {_nginx_quote(old)} {_nginx_quote(new)};\n")
            nginx.write("}\n")
        self._summary.written = written
        self._summary.paths = paths
        return self._summary


def _request_path(link: str) -> str:
    """The path (and query) a browser requested for `link`, percent-encoded; "" for none."""
    if not link.strip():
        return ""
    parts = urlsplit(link.strip())
    path = quote(parts.path, safe=_PATH_SAFE)
    if parts.query:
        path = f"{path or '/'}?{parts.query}"
    return "" if path in ("", "/") else path


# Netlify `_redirects`: "from to 301"; a query is matched as "path key=value".
NETLIFY_HEADER = "# Old WordPress URLs to their new paths; written by wparchive.\n"


def netlify_line(redirect: Redirect) -> str:
    path, _, query = redirect.old.partition("?")
    source = f"{path} {query.replace('&', ' ')}" if query else path
    return f"{source} {redirect.new} 301\n"


# An nginx `map` on $request_uri.
NGINX_HEADER = (
    "# Old WordPress URLs to their new paths; written by wparchive.\n"
    "# Include in the http block; then, in the server block:\n"
    f"#   if ({NGINX_VARIABLE}) {{ return 301 {NGINX_VARIABLE}; }}\n"
    f"map $request_uri {NGINX_VARIABLE} {{\n"
)


def nginx_sources(old: str) -> tuple[str, ...]:
    """What nginx matches for `old`: a permalink with and without its final slash."""
    if "?" in old:
        return (old,)
    return old, old[:-1] if old.endswith("/") else old + "/"


def _nginx_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
