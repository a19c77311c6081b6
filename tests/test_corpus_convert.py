"""Every WXR file of ../shared/corpus/wxr converts end to end, or fails with a clean error.

The expected counts come from an independent, forgiving lxml parse of the same file, so the
test checks the whole pipeline (reader, policy, writers) against what the file holds.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from support import SHARED
from wparchive.cli import main

CORPUS = SHARED / "corpus" / "wxr"
UNREADABLE = {
    "WordPress__wordpress-importer__malformed.xml",
    "WordPress__wordpress-importer__malformed-simple.xml",
}
FILES = sorted(path.name for path in CORPUS.glob("*.xml")) if CORPUS.is_dir() else []
_WP_CHILD = re.compile(r"\}?(?:[\w-]+:)?([\w-]+)$")


def _local(tag: object) -> str:
    match = _WP_CHILD.search(str(tag))
    return match.group(1) if match else ""


def _child_text(element: etree._Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _expected(path: Path) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """(items by (type, status), comments by status) as a forgiving parse sees them."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    items: Counter[tuple[str, str]] = Counter()
    comments: Counter[str] = Counter()
    for item in root.iter():
        if _local(item.tag) != "item":
            continue
        items[(_child_text(item, "post_type"), _child_text(item, "status"))] += 1
        for child in item:
            if _local(child.tag) == "comment":
                comments[_child_text(child, "comment_approved")] += 1
    return items, comments


@pytest.mark.parametrize("name", FILES)
def test_corpus_file_converts(name: str, shared: Path, tmp_path: Path) -> None:
    path = CORPUS / name
    result = CliRunner().invoke(main, ["convert", str(path), "-o", str(tmp_path), "-q"])
    assert "Traceback" not in result.output
    if name in UNREADABLE:
        assert result.exit_code == 1
        assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
        assert name in result.output
        return
    assert result.exit_code == 0, result.output
    archive = json.loads((tmp_path / "archive.json").read_text(encoding="utf-8"))
    items, comments = _expected(path)
    hidden = {"trash", "spam"}
    expected_items = Counter({key: n for key, n in items.items() if key[1] not in hidden})
    got_items = Counter((item["type"], item["status"]) for item in archive["items"])
    assert got_items == expected_items
    kept_comments = sum(
        n for status, n in comments.items() if status not in hidden | {"post-trashed"}
    )
    written_comments = sum(len(item["comments"]) for item in archive["items"])
    # Comments of trashed items go with their item.
    trashed_item_comments = _comments_of_hidden_items(path)
    assert written_comments == kept_comments - trashed_item_comments
    markdown_files = list(tmp_path.rglob("*.md"))
    assert len(markdown_files) == sum(1 for item in archive["items"] if item["markdown_path"])


def _comments_of_hidden_items(path: Path) -> int:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    count = 0
    for item in root.iter():
        if _local(item.tag) == "item" and _child_text(item, "status") in {"trash", "spam"}:
            count += sum(
                1
                for child in item
                if _local(child.tag) == "comment"
                and _child_text(child, "comment_approved") not in {"trash", "spam", "post-trashed"}
            )
    return count
