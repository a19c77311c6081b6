"""The presets: archive (wparchive's own), hugo, jekyll, eleventy, astro.

Every platform preset keeps WordPress's values under names the platform does not reserve:
`type`, `id`, `url` and `guid` become `wp_type`, `wp_id`, `wp_url` and `wp_guid`, because
Hugo reads `type` as the template type and `url` as the page's own URL, and Jekyll computes
`url` itself.
"""

from __future__ import annotations

import re
import unicodedata

from wparchive.errors import WparchiveError
from wparchive.layouts.base import (
    FrontMatter,
    Layout,
    date_prefix,
    directory_path,
    folder_url,
    old_path,
    rename,
    type_folder,
)
from wparchive.model import PUBLISHED_STATUSES, Post
from wparchive.writers import paths

_WP_NAMES = {"type": "wp_type", "id": "wp_id", "url": "wp_url", "guid": "wp_guid"}


class UnknownLayoutError(WparchiveError):
    """A layout name that is not one of LAYOUTS."""


# ---- archive: posts/<slug>.md, pages/<slug>.md, <type>/<slug>.md, front matter as it is


def _archive_path(post: Post, stem: str) -> str:
    return f"{paths._folder(post.type)}/{stem}{paths.EXTENSION}"


def _archive_front_matter(base: FrontMatter, post: Post, url: str | None) -> FrontMatter:
    return dict(base)


def _archive_url(post: Post, markdown_path: str) -> str:
    return folder_url(markdown_path)


# ---- hugo: page bundles. Posts in the `posts` section, pages at the top level (their URL
# is /<slug>/ as on WordPress), other types in a section of their own.

# A top-level page bundle named like a section would swallow that section's pages.
_HUGO_SECTIONS = frozenset({"posts", "tags", "categories"})


def _hugo_path(post: Post, stem: str) -> str:
    stem = _hugo_url_safe(stem) or str(post.id)
    if post.type == "post":
        return f"content/posts/{stem}/index.md"
    if post.type == "page":
        if stem.casefold() in _HUGO_SECTIONS:
            stem += "-page"
        return f"content/{stem}/index.md"
    return f"content/{type_folder(post.type)}/{stem}/index.md"


# Besides letters, decimal digits and marks, the characters Hugo 0.168 keeps in the URLs it
# makes from file paths; "%" only before two hex digits (tests/migration builds them all).
_HUGO_URL_PUNCTUATION = frozenset("._-~#+@")
_HEX = frozenset("0123456789abcdefABCDEF")


def _hugo_url_safe(stem: str) -> str:
    """`stem` without the characters Hugo drops from URLs: "»", "【", "!", emoji, curly quotes.

    Hugo serves content/posts/a»b/ at /posts/ab/: with the characters gone from the folder
    name too, the URL the redirects and rewritten links point to is the one Hugo serves.
    """
    kept = []
    for index, char in enumerate(stem):
        pair = stem[index + 1 : index + 3]
        escape = char == "%" and len(pair) == 2 and set(pair) <= _HEX
        category = unicodedata.category(char)
        if char in _HUGO_URL_PUNCTUATION or category[0] in "LM" or category == "Nd" or escape:
            kept.append(char)
    return paths.safe_name("".join(kept))


def _hugo_url(post: Post, markdown_path: str) -> str:
    # Hugo lower-cases URLs unless told otherwise (disablePathToLower).
    return folder_url(markdown_path, strip="content/", lower=True)


def _hugo_front_matter(base: FrontMatter, post: Post, url: str | None) -> FrontMatter:
    # `slug` would rename the bundle's URL; the folder already carries it.
    fields = rename(base, {**_WP_NAMES, "excerpt": "summary"}, frozenset({"slug"}))
    image = fields.pop("featured_image", None)
    if image:
        fields["images"] = [image]  # what Hugo's opengraph and twitter templates read
    alias = old_path(post)
    if alias and alias != url:
        fields["aliases"] = [alias]
    return fields


# Hugo reads `{{< name >}}` and `{{% name %}}` as shortcodes anywhere in a file's text, code
# included, and fails the build on one it does not know; a post about templates shows them as
# text. Hugo's own escape, `{{</* name */>}}`, shows the shortcode as written; a lone opening
# delimiter cannot be written that way, so its brace is backslash-escaped (CommonMark shows
# `\{` as `{`; only inside code does the backslash show).
_HUGO_SHORTCODE = re.compile(
    r"\{\{(?:<((?:(?!\{\{[<%]).)*?)>\}\}|%((?:(?!\{\{[<%]).)*?)%\}\})", re.S
)
_HUGO_LONE_OPENING = re.compile(r"\{\{(?=[<%])(?!</\*|%/\*)")


def _hugo_body(text: str) -> str:
    """The Markdown after the front matter, with every shortcode delimiter shown as text."""
    if "{{" not in text:
        return text
    escaped = _HUGO_SHORTCODE.sub(_hugo_escaped_shortcode, text)
    return _HUGO_LONE_OPENING.sub(r"{\\{", escaped)


def _hugo_escaped_shortcode(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return "{{</*" + match.group(1) + "*/>}}"
    return "{{%/*" + match.group(2) + "*/%}}"


# ---- jekyll: _posts/YYYY-MM-DD-<slug>.md, _drafts/<slug>.md, pages at the root, other types
# as collections (_<type>/, declared in _config.yml). `permalink` keeps the old URLs.


def _jekyll_path(post: Post, stem: str) -> str:
    day = date_prefix(post)
    if post.type == "post" and post.status in PUBLISHED_STATUSES and day:
        return f"_posts/{day}-{stem}.md"
    # Jekyll skips, without a word, files whose names start with "_", "#" or "~" or end
    # with "~" (backups): a draft or page "_notes" would vanish from the site.
    stem = stem.lstrip("_#~").rstrip("~") or str(post.id)
    if post.type == "post":
        return f"_drafts/{stem}.md"
    if post.type == "page":
        return f"{stem}.md"
    return f"_{type_folder(post.type)}/{stem}.md"


def _jekyll_url(post: Post, markdown_path: str) -> str:
    """Jekyll's "date" permalink style for posts, the file's path for the rest."""
    folder, _, name = markdown_path.rpartition("/")
    name = name.removesuffix(paths.EXTENSION)
    if folder == "_posts":
        day, name = name[: len("YYYY-MM-DD")], name[len("YYYY-MM-DD-") :]
        return f"/{day.replace('-', '/')}/{name}/"
    if folder in ("", "_drafts"):
        return f"/{name}/"
    return f"/{folder.removeprefix('_')}/{name}/"


def _jekyll_front_matter(base: FrontMatter, post: Post, url: str | None) -> FrontMatter:
    # Jekyll's `slug` would replace :title in permalinks; drafts live in _drafts already.
    fields: FrontMatter = {"layout": "post" if post.type == "post" else "page"}
    fields.update(rename(base, {**_WP_NAMES, "featured_image": "image"}, frozenset({"slug"})))
    fields.pop("draft", None)
    if url:
        fields["permalink"] = url
    # Jekyll runs Liquid over every page: "{{" or "{%" in a post about templates would break
    # the build or vanish. Jekyll 4 reads this key.
    fields["render_with_liquid"] = False
    return fields


# ---- eleventy: the eleventy-base-blog folders (content/blog/, pages in content/); `tags`
# are Eleventy's collections, so posts also get "posts" (the base blog's post collection).


def _eleventy_path(post: Post, stem: str) -> str:
    if post.type == "post":
        return f"content/blog/{stem}.md"
    if post.type == "page":
        return f"content/{stem}.md"
    return f"content/{type_folder(post.type)}/{stem}.md"


def _eleventy_url(post: Post, markdown_path: str) -> str:
    return folder_url(markdown_path, strip="content/")


def _eleventy_old_url(post: Post) -> str | None:
    return directory_path(old_path(post))


def _eleventy_front_matter(base: FrontMatter, post: Post, url: str | None) -> FrontMatter:
    fields = rename(base, {**_WP_NAMES, "excerpt": "description"}, frozenset())
    if post.type == "post":
        fields["tags"] = ["posts", *(tag for tag in fields.get("tags", []) if tag != "posts")]
    if url:
        fields["permalink"] = url
    # Eleventy runs Markdown through Liquid first: "{{" in a post would be a template.
    fields["templateEngineOverride"] = "md"
    return fields


# ---- astro: the blog starter's content collection (src/content/blog/, schema title,
# description, pubDate, updatedDate, heroImage); pages and other types in collections of
# their own.


def _astro_path(post: Post, stem: str) -> str:
    folder = "blog" if post.type == "post" else type_folder(post.type)
    if post.type == "page":
        folder = "pages"
    return f"src/content/{folder}/{stem}.md"


def _astro_url(post: Post, markdown_path: str) -> str:
    if post.type == "page":
        return folder_url(markdown_path, strip="src/content/pages/")
    return folder_url(markdown_path, strip="src/content/")


_ASTRO_NAMES = {
    **_WP_NAMES,
    "date": "pubDate",
    "lastmod": "updatedDate",
    "excerpt": "description",
    "featured_image": "heroImage",
}


def _astro_front_matter(base: FrontMatter, post: Post, url: str | None) -> FrontMatter:
    fields = rename(base, _ASTRO_NAMES, frozenset({"slug"}))
    fields.setdefault("description", "")  # the starter's schema requires it
    if "pubDate" not in fields and "updatedDate" in fields:
        fields["pubDate"] = fields["updatedDate"]  # required too; the best date there is
    if url:
        # Astro takes `slug` as the entry's id, and the starter serves /blog/<id>/. Without
        # it the id is the file name through github-slugger, which drops ".", "»", "【",
        # curly quotes and emoji: the page would not be at the URL the redirects point to,
        # and two names could become one id. The unique URL's last part is the file's stem.
        fields["slug"] = url.rstrip("/").rpartition("/")[2]
    return fields


_PRESETS = (
    Layout(
        name="archive",
        description="wparchive's own: posts/<slug>.md, pages/<slug>.md, <type>/<slug>.md",
        path_rule=_archive_path,
        front_matter_rule=_archive_front_matter,
        url_rule=_archive_url,
    ),
    Layout(
        name="hugo",
        description="Hugo page bundles: content/posts/<slug>/index.md, aliases for old URLs",
        path_rule=_hugo_path,
        front_matter_rule=_hugo_front_matter,
        url_rule=_hugo_url,
        static_root="static",
        name_overhead=len("-page"),
        body_rule=_hugo_body,
        alias_rule=old_path,
    ),
    Layout(
        name="jekyll",
        description="Jekyll: _posts/YYYY-MM-DD-<slug>.md, _drafts/, permalink keeps old URLs",
        path_rule=_jekyll_path,
        front_matter_rule=_jekyll_front_matter,
        url_rule=_jekyll_url,
        old_url_rule=old_path,
        name_overhead=len("YYYY-MM-DD-") + len(paths.EXTENSION),
    ),
    Layout(
        name="eleventy",
        description="Eleventy base blog: content/blog/<slug>.md, permalink keeps old URLs",
        path_rule=_eleventy_path,
        front_matter_rule=_eleventy_front_matter,
        url_rule=_eleventy_url,
        static_root="public",
        old_url_rule=_eleventy_old_url,
    ),
    Layout(
        name="astro",
        description="Astro blog starter: src/content/blog/<slug>.md with pubDate, heroImage",
        path_rule=_astro_path,
        front_matter_rule=_astro_front_matter,
        url_rule=_astro_url,
        static_root="public",
    ),
)

_BY_NAME = {layout.name: layout for layout in _PRESETS}
LAYOUTS: tuple[str, ...] = tuple(_BY_NAME)


def get_layout(name: str) -> Layout:
    """The preset called `name`; UnknownLayoutError names the known ones otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(LAYOUTS)
        raise UnknownLayoutError(f"unknown layout {name!r}; choose one of: {known}") from None
