"""Copies of uploads (Jetpack CDN, resized, sized queries) shown as the original file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import SHARED
from wparchive import ConvertOptions, convert
from wparchive.migration import MediaManifest, MediaOriginals
from wparchive.migration.originals import copy_urls, is_copy_url
from wparchive.model import Meta, Post

SITE = "https://example.com"
UP = f"{SITE}/wp-content/uploads/2019/03"
CORPUS = SHARED / "corpus" / "wxr"
SQLROCKSTAR = CORPUS / "SQLRockstar__sqlrockstar.github.io__thomaslarock.WordPress.2020-2024.xml"
NITROOOS = CORPUS / "Nitrooos__Nitrooos.github.io__wordpress.xml"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://i0.wp.com/example.com/wp-content/uploads/x.jpg?resize=300%2C200", True),
        ("https://i1.wp.com/example.com/wp-content/uploads/x.jpg", True),
        ("//i2.wp.com/example.com/x.png?w=600&ssl=1", True),
        (f"{UP}/photo-300x200.jpg", True),
        (f"{UP}/photo.jpg?w=300", True),
        ("https://site.files.wordpress.com/2010/08/x.jpg?w=150", True),
        (f"{UP}/photo.jpg", False),
        (f"{SITE}/2019/03/a-post/?p=3", False),  # a page, not a file
        ("https://pixel.wp.com/g.gif?v=1", True),  # a file with a query: asked, never matches
        ("https://s0.wp.com/wp-content/x.png", False),
        (f"{SITE}/about/", False),
    ],
)
def test_is_copy_url(url: str, expected: bool) -> None:
    assert is_copy_url(url) is expected


def test_copy_urls_are_found_in_raw_html_in_order_once_each() -> None:
    html = (
        f'<a href="{UP}/photo.jpg"><img src="{UP}/photo-300x200.jpg" '
        f'srcset="{UP}/photo-300x200.jpg 300w, {UP}/photo-768x512.jpg 768w"></a>'
        '<img src="https://i0.wp.com/example.com/wp-content/uploads/2019/03/c.png'
        '?fit=600%2C68&#038;ssl=1">'
    )
    assert copy_urls([html, "no media here", ""]) == [
        f"{UP}/photo-300x200.jpg",
        f"{UP}/photo-768x512.jpg",
        "https://i0.wp.com/example.com/wp-content/uploads/2019/03/c.png?fit=600%2C68&ssl=1",
    ]


def attachment(id: int, url: str, relative: str = "") -> Post:
    meta = (Meta(key="_wp_attached_file", value=relative),) if relative else ()
    return Post(
        id=id, type="attachment", status="inherit", title="", slug="", slug_raw="",
        attachment_url=url, meta=meta,
    )  # fmt: skip


MARKDOWN = f"""\
---
featured_image: https://i0.wp.com/example.com/wp-content/uploads/2019/03/photo.jpg?w=1200
---

[![A photo]({UP}/photo-300x200.jpg)]({UP}/photo.jpg)

![Chart](https://i2.wp.com/example.com/wp-content/uploads/2019/03/chart.png?resize=640%2C480&ssl=1)

![Unknown]({UP}/other-300x200.jpg) and `{UP}/photo-300x200.jpg` in code
"""

MAPPED = f"""\
---
featured_image: {UP}/photo.jpg
---

[![A photo]({UP}/photo.jpg)]({UP}/photo.jpg)

![Chart]({UP}/chart.png)

![Unknown]({UP}/other-300x200.jpg) and `{UP}/photo-300x200.jpg` in code
"""

RAW = (
    f'<a href="{UP}/photo.jpg"><img src="{UP}/photo-300x200.jpg" alt="A photo"></a>'
    '<img src="https://i2.wp.com/example.com/wp-content/uploads/2019/03/chart.png'
    '?resize=640%2C480&amp;ssl=1" alt="Chart">'
    f'<img src="{UP}/other-300x200.jpg" alt="Unknown">'
)
FEATURED = "https://i0.wp.com/example.com/wp-content/uploads/2019/03/photo.jpg?w=1200"


def test_copies_of_attachments_known_before_the_post_are_mapped_by_the_worker() -> None:
    manifest = MediaManifest()
    manifest.add_attachment(attachment(1, f"{UP}/photo.jpg"))
    manifest.add_attachment(attachment(2, f"{SITE}/wp-content/uploads/2019/03/chart.png"))
    originals = MediaOriginals(manifest)
    rewrite = originals.for_file("posts/a.md", [RAW, FEATURED])
    assert rewrite is not None and rewrite(MARKDOWN) == MAPPED
    assert originals.mapped == 3
    # The unknown copy waits for the end of the export, and stays as it is.
    assert originals.late_mapping() == ([], {})


def test_copies_of_attachments_that_come_later_are_mapped_at_the_end() -> None:
    manifest = MediaManifest()
    originals = MediaOriginals(manifest)
    assert originals.for_file("posts/a.md", [RAW, FEATURED]) is None
    assert originals.for_file("posts/b.md", ["<p>no copies</p>"]) is None
    manifest.add_attachment(attachment(1, f"{UP}/photo.jpg"))
    manifest.add_attachment(attachment(2, f"{SITE}/wp-content/uploads/2019/03/chart.png"))
    files, mapping = originals.late_mapping()
    assert files == ["posts/a.md"]
    assert mapping == {
        f"{UP}/photo-300x200.jpg": f"{UP}/photo.jpg",
        "https://i2.wp.com/example.com/wp-content/uploads/2019/03/chart.png"
        "?resize=640%2C480&ssl=1": f"{SITE}/wp-content/uploads/2019/03/chart.png",
        FEATURED: f"{UP}/photo.jpg",
    }


def test_relative_copies_wait_for_the_base_url() -> None:
    manifest = MediaManifest()
    manifest.add_attachment(attachment(1, f"{UP}/photo.jpg"))
    originals = MediaOriginals(manifest)
    raw = '<img src="/wp-content/uploads/2019/03/photo-150x150.jpg">'
    assert originals.for_file("posts/a.md", [raw]) is None
    manifest.base_url = SITE
    assert originals.late_mapping() == (
        ["posts/a.md"],
        {f"{UP}/photo-150x150.jpg": f"{UP}/photo.jpg"},
    )


def test_an_original_a_markdown_destination_cannot_hold_is_not_used() -> None:
    manifest = MediaManifest()
    manifest.add_attachment(attachment(1, f"{UP}/my photo (1).jpg"))
    originals = MediaOriginals(manifest)
    assert originals.for_file("posts/a.md", [f'<img src="{UP}/my photo (1)-300x200.jpg">']) is None
    assert originals.late_mapping() == ([], {})


def test_the_original_itself_is_left_as_written() -> None:
    manifest = MediaManifest()
    manifest.add_attachment(attachment(1, f"{UP}/shot-1024x768.png"))  # uploaded with that name
    originals = MediaOriginals(manifest)
    raw = '<img src="http://www.example.com/wp-content/uploads/2019/03/shot-1024x768.png">'
    assert originals.for_file("posts/a.md", [raw]) is None
    assert originals.late_mapping() == ([], {})


def _markdown(out: Path) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): path.read_text(encoding="utf-8")
        for path in out.rglob("*.md")
    }


def test_photon_urls_of_a_real_export_show_the_original(tmp_path: Path) -> None:
    options = ConvertOptions(include_protected=True)
    convert([SQLROCKSTAR], tmp_path / "one", options=options, jobs=1)
    convert([SQLROCKSTAR], tmp_path / "two", options=options, jobs=2)
    files = _markdown(tmp_path / "one")
    assert files == _markdown(tmp_path / "two")
    text = "".join(files.values())
    assert "wp.com/" not in text
    post = files["posts/modify-sql-audit-for-azure-sql-database.md"]
    assert "![](https://thomaslarock.com/wp-content/uploads/2020/02/image.png)" in post
    assert "![](https://thomaslarock.com/wp-content/uploads/2020/02/image-1.png)" in post
    assert "azure-ml-studio-workspace.png)" in text and "-600x377.png" not in text
    # The archive keeps the URL the post displayed.
    archive = json.loads((tmp_path / "one" / "archive.json").read_text(encoding="utf-8"))
    raw = "".join(item["content"] for item in archive["items"] if item["type"] == "post")
    assert "https://i0.wp.com/thomaslarock.com/wp-content/uploads/2020/02/image.png" in raw


@pytest.mark.parametrize("layout", ["archive", "hugo"])
def test_a_copy_of_an_attachment_further_down_is_mapped_at_the_end(
    layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wparchive.migrate

    rewritten: list[list[str]] = []
    rewrite_files = wparchive.migrate.rewrite_markdown_files

    def recording(out: Path, paths: list[str], **kwargs: object) -> int:
        rewritten.append(list(paths))
        return rewrite_files(out, paths, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(wparchive.migrate, "rewrite_markdown_files", recording)
    convert([NITROOOS], tmp_path, options=ConvertOptions(layout=layout), jobs=2)
    [jsdoc] = [text for path, text in _markdown(tmp_path).items() if "jsdoc" in path]
    assert "uploads/2019/03/class.png)" in jsdoc and "class-515x1024.png" not in jsdoc
    if layout == "archive":  # no link rewriting: only the file with a late copy is touched
        assert rewritten == [["posts/jsdoc.md"]]
    else:
        media = json.loads((tmp_path / "media.json").read_text(encoding="utf-8"))
        [item] = [item for item in media["media"] if item["url"].endswith("/03/class.png")]
        assert item["variants"] == [
            "https://nitrooos.pl/wp-content/uploads/2019/03/class-515x1024.png"
        ]


@pytest.mark.parametrize("layout", ["archive", "hugo"])
def test_a_file_rewritten_for_a_late_copy_is_wparchive_s_own_on_a_rerun(
    layout: str, tmp_path: Path
) -> None:
    """The late rewrite goes through the manifest: a rerun keeps no file as 'the user's'."""
    options = ConvertOptions(layout=layout)
    first = convert([NITROOOS], tmp_path, options=options, jobs=1)
    before = _markdown(tmp_path)
    second = convert([NITROOOS], tmp_path, options=options, jobs=2)
    codes = {problem.code for problem in (*first.problems, *second.problems)}
    assert "kept-existing-file" not in codes and first.kept == second.kept == 0
    assert _markdown(tmp_path) == before
    [jsdoc] = [text for path, text in before.items() if "jsdoc" in path]
    assert "class-515x1024.png" not in jsdoc
