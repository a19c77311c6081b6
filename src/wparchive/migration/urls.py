"""URL forms shared by the redirect map, the media manifest and the rewriters."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

# A URL as it appears in Markdown or HTML: absolute, protocol-relative, or a root-relative
# path after a delimiter ("](/wp-content/…", src="/…"). Stops at whitespace, quotes, angle
# brackets and parentheses, which Markdown and HTML use around destinations.
URL_TOKEN = re.compile(r"""(?:https?:)?//[^\s<>"'()\[\]`]+|(?<=[("'=<])/[^\s<>"'()\[\]`]*""")
# Punctuation that ends a sentence or separates srcset candidates, not part of the URL.
TRAILING = ".,;:!?"
# Jetpack's image CDN: https://i0.wp.com/example.com/wp-content/uploads/x.jpg?resize=…
PHOTON_HOST = re.compile(r"i[0-3]\.wp\.com")


def split_trailing(token: str) -> tuple[str, str]:
    """("http://x/a", ".") for "http://x/a.": the URL and the punctuation after it."""
    url = token.rstrip(TRAILING)
    return url, token[len(url) :]


# RFC 3986's splitting regex (appendix B), with the host taken out of the authority
# (no user info, no port): urllib.parse.urlsplit costs five times as much, and keys are made
# for every URL of every post.
_URL_PARTS = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?://(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(?::\d*)?)?"
    r"([^?#]*)(?:\?([^#]*))?"
)


def host_key(host: str) -> str:
    """Host in lower case without the www. prefix, which sites serve both with and without."""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def url_key(url: str, *, base_host: str = "", keep_query: bool = True) -> str:
    """ "host/path?query": the same for http and https, with and without www.

    A root-relative URL takes `base_host`. The fragment never counts.
    """
    host, path, query = split_url(url, base_host)
    return f"{host}{path}?{query}" if keep_query and query else f"{host}{path}"


def page_key(url: str, *, base_host: str = "") -> str:
    """url_key for a page: "/about" and "/about/" are one page."""
    host, path, query = split_url(url, base_host)
    path = path.rstrip("/")
    return f"{host}{path}?{query}" if query else f"{host}{path}"


def split_url(url: str, base_host: str = "") -> tuple[str, str, str]:
    """(host key, path, query) of `url`; a URL without host takes `base_host`."""
    match = _URL_PARTS.match(url.strip())
    assert match is not None  # every part is optional: the pattern matches any text
    host, path, query = match.groups()
    return host_key(base_host if host is None else host), path, query or ""


@functools.lru_cache(maxsize=64)
def base_parts(base_url: str) -> tuple[str, str]:
    """The site's host and its path prefix ("" or "/blog") from its base URL."""
    parts = urlsplit(base_url.strip())
    return parts.hostname or "", parts.path.rstrip("/")
