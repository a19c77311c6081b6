"""The media manifest: originals behind CDN and resized URLs, local paths, posts using them."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from layout_site import posts_of
from lxml import etree

from support import FIXTURES
from wparchive.migration import MediaManifest
from wparchive.migration.media import ATTRIBUTE, attribute_values
from wparchive.model import Meta, Post

SITE = "https://example.com"
UP = f"{SITE}/wp-content/uploads/2019/03"


def attachment(id: int, url: str, relative: str = "", sizes: tuple[str, ...] = ()) -> Post:
    meta = [Meta(key="_wp_attached_file", value=relative)] if relative else []
    if sizes:
        decoded = {"file": relative, "sizes": {f"s{i}": {"file": f} for i, f in enumerate(sizes)}}
        meta.append(Meta(key="_wp_attachment_metadata", value="a:…", decoded=decoded))
    return Post(
        id=id, type="attachment", status="inherit", title="", slug="", slug_raw="",
        attachment_url=url, parent=None, meta=tuple(meta),
    )  # fmt: skip


def post(id: int) -> Post:
    return Post(id=id, type="post", status="publish", title="t", slug="t", slug_raw="t")


HTML = f"""
<p><a href="{UP}/photo.jpg"><img src="{UP}/photo-300x200.jpg"
   srcset="{UP}/photo-300x200.jpg 300w, {UP}/photo-768x512.jpg 768w" /></a></p>
<img src="https://i2.wp.com/example.com/wp-content/uploads/2019/03/chart.png?resize=640%2C480&amp;ssl=1">
<a href="/wp-content/uploads/2019/03/paper.pdf">the paper</a>
<a href="https://example.com/about/">not media</a>
<a href="https://other.org/file.pdf">another site's file: a link, not ours to keep</a>
<img src='https://cdn.other.org/pics/cat.gif?v=2'>
[audio mp3="{UP}/talk.mp3"][/audio]
<img src="data:image/gif;base64,R0lGOD" srcset="data:image/png;base64,iVBOR 2x">
<img src="file:///etc/passwd">
<img src=""> <a href="#top">top</a> <img src="  ">
"""


def manifest_for_sample() -> MediaManifest:
    manifest = MediaManifest(SITE)
    # The post comes first: attachments often follow the posts that use them.
    manifest.add_references(post(10), HTML, featured_image=f"{UP}/chart.png")
    manifest.add_references(post(11), f'<img src="{UP}/photo-150x150.jpg">')
    manifest.add_attachment(attachment(20, f"{UP}/photo.jpg", "2019/03/photo.jpg"))
    manifest.add_attachment(
        attachment(21, f"{SITE}/wp-content/uploads/2019/03/chart.png", "2019/03/chart.png")
    )
    manifest.add_attachment(attachment(22, f"{UP}/pic.jpeg", "2019/03/pic.jpeg", ("pic-1x1.jpeg",)))
    return manifest


def test_entries() -> None:
    rows = {
        item.url: (item.local_path, item.attachment_id, item.posts, len(item.variants))
        for item in manifest_for_sample().entries()
    }
    assert rows == {
        f"{UP}/photo.jpg": ("media/2019/03/photo.jpg", 20, (10, 11), 3),
        f"{UP}/chart.png": ("media/2019/03/chart.png", 21, (10,), 1),
        f"{UP}/pic.jpeg": ("media/2019/03/pic.jpeg", 22, (), 0),
        f"{UP}/paper.pdf": ("media/2019/03/paper.pdf", None, (10,), 0),
        f"{UP}/talk.mp3": ("media/2019/03/talk.mp3", None, (10,), 0),
        "https://cdn.other.org/pics/cat.gif?v=2": (
            "media/external/cdn.other.org/pics/cat.gif", None, (10,), 0,
        ),
    }  # fmt: skip


def test_resized_copies_named_in_the_metadata_map_to_the_original() -> None:
    manifest = MediaManifest(SITE)
    manifest.add_attachment(attachment(22, f"{UP}/pic.jpeg", "2019/03/pic.jpeg", ("pic-sm.jpeg",)))
    manifest.add_references(post(1), f'<img src="{UP}/pic-sm.jpeg">')
    [item] = manifest.entries()
    assert (item.url, item.variants, item.posts) == (f"{UP}/pic.jpeg", (f"{UP}/pic-sm.jpeg",), (1,))


def test_unknown_resized_files_and_cdn_urls_stay_what_they_are() -> None:
    manifest = MediaManifest(SITE)
    photon = "https://i0.wp.com/example.com/wp-content/uploads/2019/03/x.png?w=10"
    manifest.add_references(post(1), f'<img src="{UP}/y-300x200.jpg"><img src="{photon}">')
    assert [item.url for item in manifest.entries()] == [f"{UP}/y-300x200.jpg", photon]


def test_items_come_again_from_disk_until_the_next_add() -> None:
    manifest = manifest_for_sample()
    first = list(manifest.items())
    assert list(manifest.items()) == first == manifest.entries()
    manifest.add_references(post(12), f'<img src="{UP}/new.jpg">')
    assert [item.url for item in manifest.items()] == sorted(
        [*(i.url for i in first), f"{UP}/new.jpg"]
    )


def test_local_url_pairs_leave_out_a_file_with_its_variants() -> None:
    manifest = manifest_for_sample()
    [photo] = [item for item in manifest.items() if item.url == f"{UP}/photo.jpg"]
    assert photo.variants
    left_out = {photo.url, *photo.variants}
    every = manifest.local_urls("/")
    kept = dict(manifest.local_url_pairs("/", leaving_out={photo.url}))
    assert kept == {url: local for url, local in every.items() if url not in left_out}


def test_local_urls_cover_every_variant() -> None:
    mapping = manifest_for_sample().local_urls("/")
    assert mapping[f"{UP}/photo-768x512.jpg"] == "/media/2019/03/photo.jpg"
    photon = (
        "https://i2.wp.com/example.com/wp-content/uploads/2019/03/chart.png?resize=640%2C480&ssl=1"
    )
    assert mapping[photon] == "/media/2019/03/chart.png"


def test_two_urls_never_share_a_local_path() -> None:
    manifest = MediaManifest(SITE)
    manifest.add_references(
        post(1), '<img src="https://a.org/x/Cat.gif"><img src="https://a.org/x/cat.gif">'
    )
    paths = [item.local_path for item in manifest.entries()]
    assert paths == ["media/external/a.org/x/Cat.gif", "media/external/a.org/x/cat-2.gif"]


def test_hostile_paths_stay_inside_the_media_folder() -> None:
    manifest = MediaManifest(SITE)
    manifest.add_references(post(1), '<img src="https://evil.org/../../etc/pa%2F%2E%2Esswd">')
    [item] = manifest.entries()
    assert item.local_path.startswith("media/external/evil.org/")
    assert ".." not in item.local_path.split("/")


def test_write_is_deterministic_json(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    manifest_for_sample().write(first)
    manifest_for_sample().write(second)
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text())
    assert data["media"][0] == {
        "attachment_id": None,
        "local_path": "media/external/cdn.other.org/pics/cat.gif",
        "posts": [10],
        "url": "https://cdn.other.org/pics/cat.gif?v=2",
        "variants": [],
    }


def _manifest_of(posts: list[Post], base_url: str) -> MediaManifest:
    """The manifest of an export's items, as the pipeline fills it."""
    manifest = MediaManifest(base_url)
    for item in posts:
        if item.type == "attachment":
            manifest.add_attachment(item)
        else:
            manifest.add_references(item, item.content)
    return manifest


def test_media_json_is_what_dumping_the_entries_gives(shared: Path, tmp_path: Path) -> None:
    """Written one file at a time, byte for byte as json.dumps of the whole list would be."""
    export = shared / "corpus" / "wxr" / "WPTT__theme-unit-test__themeunittestdata.wordpress.xml"
    manifest = _manifest_of(posts_of(export)[0], "https://wpthemetestdata.wordpress.com")
    assert manifest.write(tmp_path / "streamed.json") > 20
    media = [
        {
            "url": item.url,
            "local_path": item.local_path,
            "attachment_id": item.attachment_id,
            "posts": list(item.posts),
            "variants": list(item.variants),
        }
        for item in manifest.entries()
    ]
    dumped = json.dumps({"media": media}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert (tmp_path / "streamed.json").read_text(encoding="utf-8") == dumped


def test_an_empty_manifest_writes_an_empty_list(tmp_path: Path) -> None:
    assert MediaManifest(SITE).write(tmp_path / "media.json") == 0
    assert (tmp_path / "media.json").read_text() == '{\n  "media": []\n}\n'


def test_seed_export() -> None:
    posts, _ = posts_of(FIXTURES / "seed-export" / "input.xml")
    manifest = _manifest_of(posts, "http://painmanagementweblog.wordpress.com")
    items = manifest.entries()
    cover = next(item for item in items if item.attachment_id == 131)
    assert cover.local_path == "media/2010/06/promise-of-ldn-cover.jpg"
    assert cover.posts == (112,)  # its parent
    pdfs = [item for item in items if item.url.endswith(".pdf")]
    assert len(pdfs) == 8
    assert all(item.local_path.startswith("media/2010/06/") for item in items)


def test_theme_unit_test_data(shared: Path) -> None:
    export = shared / "corpus" / "wxr" / "WPTT__theme-unit-test__themeunittestdata.wordpress.xml"
    posts, _ = posts_of(export)
    manifest = _manifest_of(posts, "https://wpthemetestdata.wordpress.com")
    attachments = [item for item in posts if item.type == "attachment"]
    items = manifest.entries()
    assert {item.attachment_id for item in items} >= {item.id for item in attachments}
    paths = [item.local_path.casefold() for item in items]
    assert len(paths) == len(set(paths))


# ---- finding the attributes: from "=" to "=", the same as the pattern tried everywhere


def _by_pattern(text: str) -> list[tuple[str, str]]:
    return [
        (match.group(1), match.group(2) if match.group(2) is not None else match.group(3))
        for match in ATTRIBUTE.finditer(text)
    ]


def _raw_contents(export: Path) -> list[str]:
    """Every post_content of an export as it stands, read straight from the XML."""
    tag = "{http://purl.org/rss/1.0/modules/content/}encoded"
    found = []
    for _, element in etree.iterparse(export, tag=tag, recover=True, huge_tree=True):
        found.append(element.text or "")
        element.clear()
    return found


def test_attribute_values_match_the_pattern_on_every_corpus_post(shared: Path) -> None:
    exports = [shared / "seed" / "ldn-export.xml", *sorted((shared / "corpus/wxr").glob("*.xml"))]
    contents = [content for export in exports for content in _raw_contents(export)]
    assert len(contents) > 1000
    for content in contents:
        assert list(attribute_values(content)) == _by_pattern(content)


_PIECES = st.sampled_from(
    ["src", "SRC", "srcset", "href", "data-orig-file", "poster", "mp3", "alt", "x", "-", "_",
     "=", '"', "'", " ", "\n", "\u00a0", "<img ", ">", "a", "\u017frc", "/p.jpg"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_attribute_values_match_the_pattern_on_any_text(text: str) -> None:
    assert list(attribute_values(text)) == _by_pattern(text)
