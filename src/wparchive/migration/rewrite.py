"""Rewriting URLs in written Markdown: media to local copies, links between posts to new paths.

Both work on URL tokens wherever they stand (Markdown links and images, autolinks, raw HTML
`src`/`href`/`srcset`), leave code alone (fenced blocks and inline code spans), and change
only URLs the mapping knows. A link keeps its fragment ("#comments").
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from wparchive.migration.urls import URL_TOKEN, base_parts, page_key, split_trailing, url_key
from wparchive.writers.inline import escape_inline

# An inline code span (CommonMark: a run of backticks closed by the same run), an autolink,
# or a URL anywhere else.
_CODE_OR_URL = re.compile(
    r"(`+)(?:.|\n)*?(?<!`)\1(?!`)|<((?:https?:)?//[^\s<>]+)>|" + URL_TOKEN.pattern
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")

Lookup = Callable[[str], str | None]


def rewrite_media_references(
    markdown_text: str, mapping: Mapping[str, str], *, base_url: str = ""
) -> str:
    """Media URLs (`mapping`: original or variant URL -> local URL) replaced everywhere.

    Matching ignores http/https, www. and, when the exact URL is not known, its query
    (`?w=300`, `?resize=…`).
    """
    host = base_parts(base_url)[0]
    exact = {url_key(url): new for url, new in mapping.items()}
    no_query = {url_key(url, keep_query=False): new for url, new in mapping.items()}

    def lookup(url: str) -> str | None:
        url = html.unescape(url)
        return exact.get(url_key(url, base_host=host)) or no_query.get(
            url_key(url, base_host=host, keep_query=False)
        )

    return _rewrite(markdown_text, lookup)


def rewrite_internal_links(
    markdown_text: str, url_map: Mapping[str, str], *, base_url: str = ""
) -> str:
    """Links to posts of the export (`url_map`: old permalink or `?p=ID` URL -> new path).

    Matching ignores http/https, www. and a trailing slash; the fragment is kept.
    """
    host = base_parts(base_url)[0]
    keys = {page_key(url, base_host=host): new for url, new in url_map.items()}

    def lookup(url: str) -> str | None:
        address, hash_mark, fragment = html.unescape(url).partition("#")
        new = keys.get(page_key(address, base_host=host))
        return f"{new}{hash_mark}{fragment}" if new is not None else None

    return _rewrite(markdown_text, lookup)


def rewrite_markdown_files(
    out_dir: str | os.PathLike[str],
    relative_paths: Iterable[str],
    *,
    url_map: Mapping[str, str] | None = None,
    media_map: Mapping[str, str] | None = None,
    base_url: str = "",
) -> int:
    """Rewrite written files in place (internal links, then media); how many changed.

    For a pipeline that streams: links can point at posts written later, so this runs once
    every file is written. A file is replaced atomically and only when its text changes.
    """
    out = Path(out_dir)
    changed = 0
    for relative in relative_paths:
        path = out / relative
        text = path.read_text(encoding="utf-8")
        new = text
        if url_map:
            new = rewrite_internal_links(new, url_map, base_url=base_url)
        if media_map:
            new = rewrite_media_references(new, media_map, base_url=base_url)
        if new != text:
            _replace(path, new)
            changed += 1
    return changed


def _replace(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".wparchive-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _rewrite(text: str, lookup: Lookup) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if match.group(1):  # inline code
            return token
        if match.group(2):
            return _autolink(match.group(2), lookup)
        url, trailing = split_trailing(token)
        new = lookup(url)
        return token if new is None else new + trailing

    return "".join(
        chunk if is_code else _CODE_OR_URL.sub(replace, chunk)
        for chunk, is_code in _split_fences(text)
    )


def _autolink(url: str, lookup: Lookup) -> str:
    """`<http://…>` to a new absolute URL stays an autolink; to a path, a link showing the
    old address, since CommonMark autolinks need a scheme ("</about/>" would be an HTML tag).
    """
    new = lookup(url)
    if new is None:
        return f"<{url}>"
    if _SCHEME.match(new):
        return f"<{new}>"
    return f"[{escape_inline(url)}]({new})"


def _split_fences(text: str) -> list[tuple[str, bool]]:
    """The text cut into (chunk, is a fenced code block) runs, in order."""
    chunks: list[tuple[str, bool]] = []
    current: list[str] = []
    fence = ""
    for line in text.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if not fence and opening:
            chunks.append(("".join(current), False))
            current, fence = [line], opening.group(1)
        elif fence and _closes(line, fence):
            current.append(line)
            chunks.append(("".join(current), True))
            current, fence = [], ""
        else:
            current.append(line)
    chunks.append(("".join(current), bool(fence)))
    return chunks


def _closes(line: str, fence: str) -> bool:
    """A closing fence: at least as many of the same character, nothing else on the line."""
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])
