"""URL forms shared by the redirect map, the media manifest and the rewriters."""

from __future__ import annotations

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


def host_key(host: str) -> str:
    """Host without port case and the www. prefix, which sites serve both with and without."""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def url_key(url: str, *, base_host: str = "", keep_query: bool = True) -> str:
    """ "host/path?query": the same for http and https, with and without www.

    A root-relative URL takes `base_host`. The fragment never counts.
    """
    parts = urlsplit(url.strip())
    host = host_key(parts.hostname or "") if parts.netloc else host_key(base_host)
    query = f"?{parts.query}" if keep_query and parts.query else ""
    return f"{host}{parts.path}{query}"


def page_key(url: str, *, base_host: str = "") -> str:
    """url_key for a page: "/about" and "/about/" are one page."""
    parts = urlsplit(url.strip())
    host = host_key(parts.hostname or "") if parts.netloc else host_key(base_host)
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def base_parts(base_url: str) -> tuple[str, str]:
    """The site's host and its path prefix ("" or "/blog") from its base URL."""
    parts = urlsplit(base_url.strip())
    return parts.hostname or "", parts.path.rstrip("/")
