"""Layout presets: file paths and front matter per platform, as tables."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from layout_site import posts_of

from support import FIXTURES
from wparchive.errors import WparchiveError
from wparchive.layouts import LAYOUTS, LayoutPathAllocator, get_layout, old_path
from wparchive.model import Post, Timestamp
from wparchive.writers.frontmatter import front_matter
from wparchive.writers.paths import PathAllocator

PST = timezone(timedelta(hours=-7))
SITE = "http://example.com"


def make_post(**fields: Any) -> Post:
    values: dict[str, Any] = {
        "id": 112,
        "type": "post",
        "status": "publish",
        "title": "Hello World",
        "slug": "hello-world",
        "slug_raw": "hello-world",
        "link": f"{SITE}/2010/06/22/hello-world/",
        "date": Timestamp(value=datetime(2010, 6, 22, 21, 12, 40, tzinfo=PST)),
    }
    values.update(fields)
    return Post(**values)


POST = make_post()
DRAFT = make_post(id=140, status="draft", link=f"{SITE}/?p=140")
PAGE = make_post(id=2, type="page", slug="about", slug_raw="about", link=f"{SITE}/about/")
PAGE_POSTS = make_post(id=3, type="page", slug="posts", slug_raw="posts", link=f"{SITE}/posts/")
BOOK = make_post(id=7, type="book", slug="dune", slug_raw="dune", link=f"{SITE}/book/dune/")

PATHS = [
    # layout, post, path, URL the platform serves it at
    ("archive", POST, "posts/hello-world.md", "/posts/hello-world/"),
    ("archive", PAGE, "pages/about.md", "/pages/about/"),
    ("archive", BOOK, "book/dune.md", "/book/dune/"),
    ("hugo", POST, "content/posts/hello-world/index.md", "/posts/hello-world/"),
    ("hugo", PAGE, "content/about/index.md", "/about/"),
    ("hugo", PAGE_POSTS, "content/posts-page/index.md", "/posts-page/"),
    ("hugo", BOOK, "content/book/dune/index.md", "/book/dune/"),
    ("jekyll", POST, "_posts/2010-06-22-hello-world.md", "/2010/06/22/hello-world/"),
    ("jekyll", DRAFT, "_drafts/hello-world.md", "/hello-world/"),
    ("jekyll", PAGE, "about.md", "/about/"),
    ("jekyll", BOOK, "_book/dune.md", "/book/dune/"),
    ("eleventy", POST, "content/blog/hello-world.md", "/2010/06/22/hello-world/"),
    ("eleventy", DRAFT, "content/blog/hello-world.md", "/blog/hello-world/"),
    ("eleventy", PAGE, "content/about.md", "/about/"),
    ("astro", POST, "src/content/blog/hello-world.md", "/blog/hello-world/"),
    ("astro", PAGE, "src/content/pages/about.md", "/about/"),
    ("astro", BOOK, "src/content/book/dune.md", "/book/dune/"),
]


@pytest.mark.parametrize(("name", "post", "path", "url"), PATHS)
def test_paths_and_urls(name: str, post: Post, path: str, url: str) -> None:
    layout = get_layout(name)
    allocator = LayoutPathAllocator(layout)
    allocated = allocator.allocate(post)
    assert allocated == path
    assert layout.url_path(post, allocated) == url
    assert allocator.url_for(allocated) == url


def base_of(post: Post, **extra: Any) -> dict[str, Any]:
    return front_matter(post, author_name="Nancy", featured_image=None, excerpt="", **extra)


def test_archive_front_matter_is_unchanged() -> None:
    base = base_of(POST)
    assert get_layout("archive").front_matter(base, POST, markdown_path="posts/x.md") == base


def fm(name: str, post: Post, **extra: Any) -> dict[str, Any]:
    layout = get_layout(name)
    path = LayoutPathAllocator(layout).allocate(post)
    base = front_matter(post, author_name="Nancy", **extra)
    return layout.front_matter(base, post, markdown_path=path)


FEATURED = {"featured_image": "http://example.com/a.jpg", "excerpt": "Short."}


def test_hugo_front_matter() -> None:
    fields = fm("hugo", POST, **FEATURED)
    assert fields["date"] == "2010-06-22T21:12:40-07:00"
    assert fields["aliases"] == ["/2010/06/22/hello-world/"]
    assert fields["images"] == ["http://example.com/a.jpg"]
    assert fields["summary"] == "Short."
    assert fields["wp_url"] == POST.link
    # Hugo reads these as the template type, the page's URL and a URL segment.
    assert not {"type", "url", "slug", "featured_image", "excerpt"} & fields.keys()


def test_hugo_alias_only_when_the_url_changes_and_never_a_query() -> None:
    assert "aliases" not in fm("hugo", PAGE, featured_image=None, excerpt="")
    assert "aliases" not in fm("hugo", DRAFT, featured_image=None, excerpt="")
    assert fm("hugo", DRAFT, featured_image=None, excerpt="")["draft"] is True


def test_jekyll_front_matter() -> None:
    fields = fm("jekyll", POST, **FEATURED)
    assert list(fields)[:2] == ["layout", "title"]
    assert fields["layout"] == "post"
    assert fields["permalink"] == "/2010/06/22/hello-world/"
    assert fields["image"] == "http://example.com/a.jpg"
    assert fields["excerpt"] == "Short."
    assert not {"slug", "draft", "url", "type"} & fields.keys()
    assert fm("jekyll", PAGE, featured_image=None, excerpt="")["layout"] == "page"


def test_eleventy_front_matter() -> None:
    tagged = make_post(terms=POST.terms)
    fields = fm("eleventy", tagged, **FEATURED)
    assert fields["permalink"] == "/2010/06/22/hello-world/"
    assert fields["tags"][0] == "posts"
    assert fields["description"] == "Short."
    assert "posts" not in fm("eleventy", PAGE, featured_image=None, excerpt="")["tags"]


def test_astro_front_matter_fits_the_blog_starter_schema() -> None:
    fields = fm("astro", make_post(modified=POST.date), **FEATURED)
    assert fields["pubDate"] == "2010-06-22T21:12:40-07:00"
    assert fields["updatedDate"] == "2010-06-22T21:12:40-07:00"
    assert fields["heroImage"] == "http://example.com/a.jpg"
    assert fields["description"] == "Short."
    assert not {"date", "lastmod", "excerpt", "featured_image"} & fields.keys()
    assert fm("astro", PAGE, featured_image=None, excerpt="")["description"] == ""


@pytest.mark.parametrize(
    ("slug", "entry_id"),
    [
        ("hello-world", "hello-world"),
        # github-slugger, Astro's default id, would make these "the-fanboys-guide" and
        # "sample-posthtml": not the URL the redirects point to.
        ("the-fanboy\u2019s-guide", "the-fanboy\u2019s-guide"),
        ("sample-post.html", "sample-post.html"),
    ],
)
def test_astro_slug_is_the_urls_last_part(slug: str, entry_id: str) -> None:
    post = make_post(slug=slug, slug_raw=slug)
    fields = fm("astro", post, featured_image=None, excerpt="")
    assert fields["slug"] == entry_id
    assert get_layout("astro").url_path(post, f"src/content/blog/{slug}.md") == f"/blog/{entry_id}/"


def test_collisions_get_the_id_as_in_the_archive_layout() -> None:
    allocator = LayoutPathAllocator(get_layout("hugo"))
    first = allocator.allocate(POST)
    second = allocator.allocate(make_post(id=113, slug="Hello-World"))
    assert (first, second) == (
        "content/posts/hello-world/index.md",
        "content/posts/Hello-World-113/index.md",
    )


@pytest.mark.parametrize(
    ("name", "urls"),
    [
        # The first keeps the old URL; a duplicate gets its path's, then one with its id.
        ("jekyll", ["/2010/06/22/hello-world/", "/2010/06/22/hello-world-113/", "/hello-world/"]),
        ("eleventy", ["/2010/06/22/hello-world/", "/blog/hello-world-113/", "/hello-world/"]),
        ("hugo", ["/posts/hello-world/", "/posts/hello-world-113/", "/hello-world/"]),
    ],
)
def test_items_sharing_a_permalink_get_distinct_urls(name: str, urls: list[str]) -> None:
    allocator = LayoutPathAllocator(get_layout(name))
    duplicate = make_post(id=113)
    page = make_post(id=114, type="page", link=POST.link)
    paths = [allocator.allocate(item) for item in (POST, duplicate, page)]
    assert [allocator.url_for(path) for path in paths] == urls


def test_eleventy_permalinks_are_folders_unless_they_name_a_file() -> None:
    layout = get_layout("eleventy")
    no_slash = make_post(link=f"{SITE}/2010/06/hello")
    feed = make_post(link=f"{SITE}/notes/feed.xml")
    assert layout.url_path(no_slash, "content/blog/hello.md") == "/2010/06/hello/"
    assert layout.url_path(feed, "content/blog/feed.md") == "/notes/feed.xml"


def test_jekyll_file_names_stay_within_255_bytes() -> None:
    long = make_post(slug="é" * 200)
    name = LayoutPathAllocator(get_layout("jekyll")).allocate(long).split("/")[-1]
    assert len(name.encode()) <= 255
    assert name.startswith("2010-06-22-é") and name.endswith(".md")


def test_archive_layout_allocates_exactly_as_the_pipeline_does() -> None:
    posts, _ = posts_of(FIXTURES / "seed-export" / "input.xml")
    posts += [POST, make_post(id=5, slug="HELLO-world"), PAGE, BOOK, make_post(id=9, slug="aux")]
    ours, theirs = LayoutPathAllocator(get_layout("archive")), PathAllocator()
    assert [ours.allocate(p) for p in posts] == [theirs.allocate(p) for p in posts]


@pytest.mark.parametrize(
    ("link", "path"),
    [
        ("http://example.com/2010/06/hello/", "/2010/06/hello/"),
        ("https://example.com/caf%C3%A9/", "/café/"),
        ("http://example.com/?p=12", None),
        ("http://example.com/", None),
        ("", None),
    ],
)
def test_old_path(link: str, path: str | None) -> None:
    assert old_path(make_post(link=link)) == path


def test_layout_names_and_unknown_layout() -> None:
    assert LAYOUTS == ("archive", "hugo", "jekyll", "eleventy", "astro")
    with pytest.raises(WparchiveError, match=r"unknown layout 'gatsby'; choose one of: archive"):
        get_layout("gatsby")


def test_every_layout_writes_the_seed(tmp_path: Path) -> None:
    from layout_site import write_with_layout

    for name in LAYOUTS:
        written = write_with_layout(
            FIXTURES / "seed-export" / "input.xml", tmp_path / name, get_layout(name)
        )
        assert sorted(written) == [2, 112], name


@pytest.mark.parametrize(
    ("name", "root"),
    # Hugo copies static/, the Astro starter public/; the Eleventy base blog passes public/
    # through; Jekyll and the archive serve media/ where it is.
    [
        ("archive", ""),
        ("hugo", "static"),
        ("jekyll", ""),
        ("eleventy", "public"),
        ("astro", "public"),
    ],
)
def test_static_roots(name: str, root: str) -> None:
    assert get_layout(name).static_root == root


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("a {{< youtube x >}} b\n", "a {{</* youtube x */>}} b\n"),
        ("{{% note %}}\n", "{{%/* note */%}}\n"),
        ("`{{< a >}}` then {{< b\n", "`{{</* a */>}}` then {\\{< b\n"),
        ("{{ site.title }} and {% include x %}\n", "{{ site.title }} and {% include x %}\n"),
        ("no braces\n", "no braces\n"),
    ],
)
def test_hugo_body_shows_shortcode_delimiters_as_text(body: str, expected: str) -> None:
    rule = get_layout("hugo").body_rule
    assert rule is not None and rule(body) == expected
    assert all(get_layout(name).body_rule is None for name in ("archive", "jekyll", "astro"))
