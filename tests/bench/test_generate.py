"""The benchmark's synthetic export: deterministic, strictly well-formed, shaped like WordPress."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

BENCH = Path(__file__).resolve().parents[2] / "bench"
WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
POSTS = 20


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = load_generator()


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("wxr") / "export.xml"
    stats = generate.write_export(path, posts=POSTS, seed=7)
    return path, stats


@pytest.fixture(scope="module")
def items(export: tuple[Path, object]) -> list[etree._Element]:
    # The default lxml parser is strict: any well-formedness error raises.
    tree = etree.parse(str(export[0]), etree.XMLParser(resolve_entities=False))
    return tree.getroot().findall("channel/item")


def field(item: etree._Element, name: str) -> str:
    return item.findtext(WP + name) or ""


def test_same_seed_gives_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate.write_export(tmp_path / name, posts=POSTS, seed=seed)
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()
    assert (tmp_path / "a").read_bytes() != (tmp_path / "c").read_bytes()


def test_command_line_writes_the_same_file(tmp_path: Path, export: tuple[Path, object]) -> None:
    out = tmp_path / "cli.xml"
    command = [sys.executable, str(BENCH / "generate.py"), "--posts", str(POSTS), "--seed", "7"]
    subprocess.run([*command, "--out", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == export[0].read_bytes()


def test_header_is_wordpress_core_wxr_1_2(export: tuple[Path, object]) -> None:
    head = export[0].read_text(encoding="utf-8")[:3000]
    assert head.startswith('<?xml version="1.0" encoding="UTF-8" ?>\n<!-- This is a WordPress')
    assert 'xmlns:wp="http://wordpress.org/export/1.2/"' in head
    assert 'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"' in head
    assert "<wp:wxr_version>1.2</wp:wxr_version>" in head


def test_items_by_type_and_status(items: list[etree._Element]) -> None:
    kinds = Counter(f"{field(i, 'post_type')}/{field(i, 'status')}" for i in items)
    assert kinds == {
        "post/publish": 16,
        "post/draft": 1,
        "page/publish": 1,
        "attachment/inherit": 2,
    }


def test_comments_match_what_the_generator_reports(
    items: list[etree._Element], export: tuple[Path, object]
) -> None:
    stats = export[1]
    comments = [c for i in items for c in i.iter(WP + "comment")]
    assert Counter(field(c, "comment_approved") for c in comments) == stats.comments
    assert Counter(field(c, "comment_type") for c in comments) == stats.comment_types
    assert {"1", "0", "spam"} <= set(stats.comments)
    assert stats.comment_types["pingback"] > 0
    assert stats.replies > 0


def test_comment_parents_are_earlier_approved_comments_of_the_same_post(
    items: list[etree._Element],
) -> None:
    for item in items:
        shown = {"0"}
        for comment in item.iter(WP + "comment"):
            assert field(comment, "comment_parent") in shown
            approved = field(comment, "comment_approved") == "1"
            if approved and field(comment, "comment_type") == "comment":
                shown.add(field(comment, "comment_id"))


def test_thumbnails_and_captions_point_at_attachments(items: list[etree._Element]) -> None:
    attachments = {field(i, "post_id") for i in items if field(i, "post_type") == "attachment"}
    shown = set()
    for item in items:
        for meta in item.iter(WP + "postmeta"):
            if field(meta, "meta_key") == "_thumbnail_id":
                assert field(meta, "meta_value") in attachments
        shown |= set(re.findall(r"wp-image-(\d+)", item.findtext(CONTENT) or ""))
    assert shown == attachments


def test_attachment_metadata_is_php_serialised_with_byte_lengths(
    items: list[etree._Element],
) -> None:
    values = [
        field(meta, "meta_value")
        for item in items
        for meta in item.iter(WP + "postmeta")
        if field(meta, "meta_key") == "_wp_attachment_metadata"
    ]
    assert len(values) == 2
    for value in values:
        assert value.startswith('a:6:{s:5:"width";i:')
        for length, text in re.findall(r's:(\d+):"(.*?)";', value):
            assert int(length) == len(text.encode())


def test_bodies_are_raw_post_content(items: list[etree._Element]) -> None:
    bodies = [i.findtext(CONTENT) or "" for i in items if field(i, "post_type") == "post"]
    classic = [b for b in bodies if "<!-- wp:" not in b]
    blocks = [b for b in bodies if "<!-- wp:paragraph -->\n<p>" in b]
    assert classic and blocks
    assert all("<p>" not in b and "\n\n" in b for b in classic)
    assert all(len(b.encode()) > 2000 for b in bodies)
    text = "".join(bodies)
    for marker in ("&nbsp;", "&amp;", "<strong>", "<a href=", "<pre", "<li>"):
        assert marker in text


def test_floor_reads_every_item_and_comment(export: tuple[Path, object]) -> None:
    stats = export[1]
    floor = subprocess.run(
        [sys.executable, str(BENCH / "floor.py"), str(export[0])],
        check=True,
        capture_output=True,
        text=True,
    )
    total = sum(stats.comments.values())
    assert floor.stdout.startswith(f"items={POSTS} comments={total} chars=")
