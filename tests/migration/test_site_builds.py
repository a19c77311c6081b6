"""Each preset's output builds with the real tool, and every post page holds the post's text.

The tools come from the registries (site_tools.py says where they are looked for;
.ci/install-site-tools installs them for CI). Besides the seed, the sites are made of real
exports that have what trips site generators: Liquid and Angular `{{ }}` in code (Nitrooos),
64 kinds of blocks, drafts and scheduled posts, Greek and Chinese slugs, typographic quotes
and "»" in slugs, hierarchical pages, slugs ending in ".html".
"""

from __future__ import annotations

import html
import xml.sax.saxutils
from pathlib import Path

import lxml.html
import pytest
import yaml
from layout_site import posts_of, write_exports, write_with_layout
from site_tools import BUILDERS, build_astro, build_eleventy, build_hugo, build_jekyll

from support import FIXTURES, SHARED
from wparchive.layouts import get_layout
from wparchive.migration import MediaManifest, RedirectWriter, rewrite_markdown_files
from wparchive.verify import markdown_words, source_words, words_kept

SEED = FIXTURES / "seed-export" / "input.xml"
POST_SLUG = (
    "low-dose-naltrexone-ldn-and-dextromethorphan-off-label-for-pain-rsd-chronic-fatigue-"
    "fibromyalgia-ms-crohns-disease"
)
POST_TEXT = "Naltrexone and dextromethorphan are anti-inflammatory."
PAGE_TEXT = "is a board certified anesthesiologist"

WXR = SHARED / "corpus" / "wxr"
REAL_EXPORTS = [
    SEED,
    WXR / "WordPress__theme-test-data__64-block-test-data.xml",
    WXR / "WordPress__theme-test-data__themeunittestdata.wordpress.xml",
    WXR / "Nitrooos__Nitrooos.github.io__wordpress.xml",
    WXR / "fdietz__fdietz.github.com__wordpress.xml",
    WXR / "Changer119__changer119.github.io__wordpress.xml",
    WXR / "abhinemani__blog__wordpress.xml",
    WXR / "WordPress__wordpress-importer__wxr-utf-8-challenges.xml",
    WXR / "TryGhost__migrate__sample-with-alt.xml",
]
# Angular filters in a code block of a Nitrooos post: Liquid syntax that must stay text.
TEMPLATE_TEXT = "{{ 'Datenschutzerklärung' | hyphenate }}"


TEMPLATE_SENTENCE = (
    "Naltrexone {{< youtube abc >}}, {{% note %}}, {% include missing.html %} and"
    " {{ site.title }} are anti-inflammatory."
)


def seed_variant(tmp_path: Path, old: str, new: str) -> Path:
    """The seed export with its first `old` replaced by `new` (XML)."""
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    variant = tmp_path / "input.xml"
    variant.write_text(text.replace(old, new, 1), encoding="utf-8")
    return variant


def seed_with_templates(tmp_path: Path) -> Path:
    """The seed, its post's first sentence followed by template syntax of all four tools."""
    new = f"{POST_TEXT} {xml.sax.saxutils.escape(TEMPLATE_SENTENCE)}"
    return seed_variant(tmp_path, POST_TEXT, new)


def test_hugo_builds_the_hugo_layout(tmp_path: Path) -> None:
    site, public = tmp_path / "site", tmp_path / "public"
    write_with_layout(SEED, site, get_layout("hugo"))
    build_hugo(site, public)

    post_page = (public / "posts" / POST_SLUG / "index.html").read_text()
    assert POST_TEXT in post_page
    assert "How does it work?</h3>" in post_page  # Hugo gives headings an id
    assert PAGE_TEXT in (public / "about" / "index.html").read_text()
    # The old permalink is an alias page pointing at the new one.
    alias = (public / "2010" / "06" / "22" / POST_SLUG / "index.html").read_text()
    assert f"/posts/{POST_SLUG}/" in alias


def test_hugo_site_with_redirects_local_media_and_rewritten_links(tmp_path: Path) -> None:
    """The migration aids together, as the pipeline will run them (downloads aside)."""
    layout = get_layout("hugo")
    site, public = tmp_path / "site", tmp_path / "public"
    written = write_with_layout(SEED, site, layout)
    posts, _ = posts_of(SEED)
    base_url = "http://painmanagementweblog.wordpress.com"
    redirects = RedirectWriter(site / layout.static_root, base_url)
    manifest = MediaManifest(base_url)
    for post in posts:
        if post.id in written:
            redirects.add(post, layout.url_path(post, written[post.id]))
            manifest.add_references(post, post.content)
        elif post.type == "attachment":
            manifest.add_attachment(post)
    redirects.finish()
    changed = rewrite_markdown_files(
        site,
        written.values(),
        url_map=redirects.url_map(),
        media_map=manifest.local_urls("/"),
        base_url=base_url,
    )
    assert changed == 1  # the post links its papers; the page links nothing of the site
    build_hugo(site, public)

    post_page = (public / "posts" / POST_SLUG / "index.html").read_text()
    assert 'href="/media/2010/06/morphinan-neuroprotection-zhang-2004.pdf"' in post_page
    assert "files.wordpress.com" not in post_page
    assert f"/ p=112 /posts/{POST_SLUG}/ 301" in (public / "_redirects").read_text()


def test_jekyll_builds_the_jekyll_layout(tmp_path: Path) -> None:
    site, public = tmp_path / "site", tmp_path / "public"
    write_with_layout(seed_with_templates(tmp_path), site, get_layout("jekyll"))
    assert (site / "_posts" / f"2010-06-22-{POST_SLUG}.md").is_file()
    build_jekyll(site, public)

    # permalink keeps the WordPress URLs.
    post_page = (public / "2010" / "06" / "22" / POST_SLUG / "index.html").read_text()
    assert POST_TEXT in post_page
    assert 'id="how-does-it-work">How does it work?</h3>' in post_page  # kramdown's heading
    assert TEMPLATE_SENTENCE in html.unescape(post_page)  # render_with_liquid: false
    assert PAGE_TEXT in (public / "about" / "index.html").read_text()


def test_eleventy_builds_the_eleventy_layout(tmp_path: Path) -> None:
    site, public = tmp_path / "site", tmp_path / "public"
    write_with_layout(seed_with_templates(tmp_path), site, get_layout("eleventy"))
    build_eleventy(site, public)

    # permalink keeps the WordPress URLs.
    post_page = (public / "2010" / "06" / "22" / POST_SLUG / "index.html").read_text()
    assert POST_TEXT in post_page
    assert TEMPLATE_SENTENCE in html.unescape(post_page)  # templateEngineOverride: md
    assert PAGE_TEXT in (public / "about" / "index.html").read_text()


def test_astro_builds_the_astro_layout(tmp_path: Path) -> None:
    site, public = tmp_path / "site", tmp_path / "public"
    write_with_layout(seed_with_templates(tmp_path), site, get_layout("astro"))
    build_astro(site, public)

    post_page = (public / "blog" / POST_SLUG / "index.html").read_text()
    assert POST_TEXT in post_page
    assert TEMPLATE_SENTENCE in html.unescape(post_page)  # plain Markdown, not MDX
    assert PAGE_TEXT in (public / "about" / "index.html").read_text()


# ---- real exports, every page


def served_url(layout_name: str, markdown_path: str, front_matter: dict[str, object]) -> str:
    """The URL path the platform serves a file at, read as the platform reads it."""
    if layout_name in ("jekyll", "eleventy"):
        return str(front_matter["permalink"])
    if layout_name == "astro":  # the test site's routes: /blog/<id>/ and /<id>/ for pages
        folder = markdown_path.split("/")[2]
        prefix = "/blog" if folder == "blog" else ""
        return f"{prefix}/{front_matter['slug']}/"
    return get_layout("hugo").url_rule(None, markdown_path)  # type: ignore[arg-type]


def page_words(markup: str) -> list[str]:
    """The words of a built page; highlighted code as one text (Astro's Shiki puts "32px" in
    two spans, which would otherwise read as the words "32" and "px")."""
    body = lxml.html.document_fromstring(markup).find("body") if markup else None
    if body is None:  # no page, or a redirect page (Hugo's alias pages have no body)
        return []
    for pre in body.iter("pre"):
        text, tail = pre.text_content(), pre.tail
        pre.clear()
        pre.text, pre.tail = text, tail
    return source_words(lxml.html.tostring(body, encoding="unicode"), rendered=True)


def split_front_matter(markdown: str) -> dict[str, object]:
    _, front, _ = markdown.split("---\n", 2)
    loaded = yaml.safe_load(front)
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.slow
@pytest.mark.parametrize("layout_name", list(BUILDERS))
def test_real_exports_build_and_every_page_holds_its_text(layout_name: str, tmp_path: Path) -> None:
    site, public = tmp_path / "site", tmp_path / "public"
    written = write_exports(REAL_EXPORTS, site, get_layout(layout_name))
    assert len(written) > 300
    BUILDERS[layout_name](site, public)

    markdown = {path: (site / path).read_text(encoding="utf-8") for path in written}
    front = {path: split_front_matter(text) for path, text in markdown.items()}
    # Two of the sites have an /about/ page: the second gets another URL and no alias, as no
    # alias may replace a page (test_hugo_alias_never_replaces_a_page).
    aliases = {alias for fields in front.values() for alias in fields.get("aliases", [])}
    lost: dict[str, float] = {}
    for path in written:
        url = served_url(layout_name, path, front[path])
        assert url not in aliases
        # "/a/" is served from a/index.html, "/a.html" (an old URL kept) from a.html.
        page = public / url.strip("/") / "index.html" if url.endswith("/") else public / url[1:]
        markup = page.read_text(encoding="utf-8") if page.is_file() else ""
        kept = words_kept(markdown_words(markdown[path]), page_words(markup))
        if kept < 1.0:
            lost[f"{path} at {url}"] = kept
        if TEMPLATE_TEXT in markdown[path]:  # Liquid and Angular in a post reach it as text
            assert TEMPLATE_TEXT in lxml.html.document_fromstring(markup).text_content()
    assert not lost  # share of the post's words on its page, for the pages that lack some
    assert sum(TEMPLATE_TEXT in text for text in markdown.values()) == 1
    assert layout_name == "hugo" or not aliases

    if layout_name == "jekyll":  # unpublished posts are drafts, the rest dated posts
        posts = [path for path in written if path.startswith(("_posts/", "_drafts/"))]
        drafts = [path for path in posts if "status" in front[path]]
        assert drafts and all(path.startswith("_drafts/") for path in drafts)
        assert all(path.startswith("_posts/") for path in set(posts) - set(drafts))


def test_hugo_shows_template_syntax_in_a_post_as_text(tmp_path: Path) -> None:
    site, public = tmp_path / "site", tmp_path / "public"
    write_with_layout(seed_with_templates(tmp_path), site, get_layout("hugo"))
    build_hugo(site, public)
    post_page = (public / "posts" / POST_SLUG / "index.html").read_text(encoding="utf-8")
    assert TEMPLATE_SENTENCE in html.unescape(post_page)


def test_hugo_serves_a_post_at_the_url_its_folder_names(tmp_path: Path) -> None:
    """Hugo drops curly quotes, "»", "【", "²", emoji and "(" from URLs; so does the folder."""
    slug = "a\u2019b»c【d】💫e+f~g@h(i)²j-٣-Ünï"
    name = "<wp:post_name>{}</wp:post_name>"
    export = seed_variant(tmp_path, name.format(POST_SLUG), name.format(slug))
    site, public = tmp_path / "site", tmp_path / "public"
    written = write_with_layout(export, site, get_layout("hugo"))
    assert "content/posts/abcde+f~g@hij-٣-Ünï/index.md" in written.values()
    build_hugo(site, public)
    assert POST_TEXT in (public / "posts" / "abcde+f~g@hij-٣-ünï" / "index.html").read_text()


def test_hugo_alias_never_replaces_a_page(tmp_path: Path) -> None:
    # Both sites have an /about/ page: the second gets another URL, and no alias /about/,
    # which Hugo would write over the first page in some builds and not in others.
    unit = WXR / "WordPress__theme-test-data__themeunittestdata.wordpress.xml"
    site, public = tmp_path / "site", tmp_path / "public"
    written = write_exports([SEED, unit], site, get_layout("hugo"))
    fronts = [split_front_matter((site / path).read_text(encoding="utf-8")) for path in written]
    aliases = [alias for fields in fronts for alias in fields.get("aliases", [])]
    assert aliases and "/about/" not in aliases
    build_hugo(site, public)
    assert PAGE_TEXT in (public / "about" / "index.html").read_text(encoding="utf-8")


def test_jekyll_builds_drafts_and_pages_whose_names_it_would_skip(tmp_path: Path) -> None:
    # Jekyll ignores files named "_*", "#*", "~*" and "*~"; WordPress slugs may start with "_".
    name = "<wp:post_name>{}</wp:post_name>"
    export = seed_variant(tmp_path, name.format(""), name.format("_case-reports~"))
    export.write_text(
        export.read_text(encoding="utf-8").replace(name.format("about"), name.format("_about")),
        encoding="utf-8",
    )
    site, public = tmp_path / "site", tmp_path / "public"
    written = write_exports([export], site, get_layout("jekyll"))
    assert {"_drafts/case-reports.md", "about.md"} <= set(written)
    build_jekyll(site, public)
    assert "Patient case reports will be posted here." in (
        public / "case-reports" / "index.html"
    ).read_text(encoding="utf-8")
    assert PAGE_TEXT in (public / "about" / "index.html").read_text(encoding="utf-8")
