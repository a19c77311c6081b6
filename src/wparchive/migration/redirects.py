"""The redirect map: every URL a WordPress post answered at, to its new path.

For each post added: its permalink's path, `?p=ID` (WordPress answers it for every type),
`?page_id=ID` for pages and `?attachment_id=ID` for attachments (their attachment pages).
Written by finish() as a Netlify `_redirects` file, an nginx `map` and JSON, sorted by old
URL so the files are the same on every run. An old URL claimed twice keeps its first target;
the later one is reported in the summary.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

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
    """Collects old -> new as posts stream past; finish() writes the three files."""

    def __init__(self, out_dir: str | Path, base_url: str = "") -> None:
        self.out_dir = Path(out_dir)
        # Settable until the first add(): the pipeline learns it from the channel.
        self.base_url = base_url
        self._targets: dict[str, str] = {}
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
        kept = self._targets.setdefault(old, new)
        if kept != new:
            self._summary.conflicts.append((old, kept, new))

    def redirects(self) -> list[Redirect]:
        return [Redirect(old=old, new=new) for old, new in sorted(self._targets.items())]

    def url_map(self) -> dict[str, str]:
        """Old path -> new path, for rewrite_internal_links(…, base_url=the site's URL)."""
        return dict(self._targets)

    def finish(self) -> RedirectSummary:
        redirects = self.redirects()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        files = {
            NETLIFY_NAME: netlify_text(redirects),
            NGINX_NAME: nginx_text(redirects),
            JSON_NAME: json_text(redirects),
        }
        for name, text in files.items():
            (self.out_dir / name).write_text(text, encoding="utf-8", newline="\n")
        self._summary.written = len(redirects)
        self._summary.paths = tuple(self.out_dir / name for name in files)
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


def netlify_text(redirects: list[Redirect]) -> str:
    """Netlify `_redirects`: "from to 301"; a query is matched as "path key=value"."""
    lines = ["# Old WordPress URLs to their new paths; written by wparchive."]
    for redirect in redirects:
        path, _, query = redirect.old.partition("?")
        source = f"{path} {query.replace('&', ' ')}" if query else path
        lines.append(f"{source} {redirect.new} 301")
    return "\n".join(lines) + "\n"


def nginx_text(redirects: list[Redirect]) -> str:
    """An nginx `map` on $request_uri; permalinks match with and without their final slash."""
    lines = [
        "# Old WordPress URLs to their new paths; written by wparchive.",
        "# Include in the http block; then, in the server block:",
        f"#   if ({NGINX_VARIABLE}) {{ return 301 {NGINX_VARIABLE}; }}",
        f"map $request_uri {NGINX_VARIABLE} {{",
    ]
    entries: dict[str, str] = {}
    for redirect in redirects:
        entries.setdefault(redirect.old, redirect.new)
        if "?" not in redirect.old:
            other = redirect.old[:-1] if redirect.old.endswith("/") else redirect.old + "/"
            entries.setdefault(other, redirect.new)
    lines += [
        f"    {_nginx_quote(old)} {_nginx_quote(new)};" for old, new in sorted(entries.items())
    ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _nginx_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def json_text(redirects: list[Redirect]) -> str:
    data = {"redirects": [{"from": r.old, "to": r.new} for r in redirects]}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
