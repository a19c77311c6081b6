"""Loops of parents: found once each, reported with the file and items, and never followed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import wparchive
from support import SHARED
from wparchive.hierarchy import ancestors, find_cycles

EXPORT = SHARED / "corpus/wxr/WordPress__theme-test-data__themeunittestdata.wordpress.xml"


@pytest.mark.parametrize(
    ("parents", "cycles"),
    [
        ({}, []),
        ({"b": "a", "c": "b"}, []),  # a chain that ends at a top-level term
        ({"a": "a"}, [["a"]]),  # its own parent
        ({"a": "b", "b": "a", "c": "a"}, [["a", "b"]]),  # c leads into the loop, not in it
        ({"c": "b", "b": "a", "a": "c", "x": "y", "y": "x"}, [["a", "c", "b"], ["x", "y"]]),
        ({"a": "missing"}, []),  # a parent the export does not hold
    ],
)
def test_find_cycles(parents: dict[str, str], cycles: list[list[str]]) -> None:
    assert find_cycles(parents) == cycles


@pytest.mark.parametrize(
    ("start", "parents", "expected"),
    [
        (3, {3: 2, 2: 1}, [2, 1]),
        (1, {1: 1}, []),
        (1, {1: 2, 2: 3, 3: 1}, [2, 3]),
        (4, {4: 1, 1: 2, 2: 1}, [1, 2]),
        (5, {}, []),
    ],
)
def test_ancestors_stop_at_a_loop(start: int, parents: dict[int, int], expected: list[int]) -> None:
    assert ancestors(start, parents) == expected


def test_a_long_chain_is_walked_in_linear_time() -> None:
    parents = {n: n - 1 for n in range(1, 200_000)}
    parents[0] = 199_999  # one loop through all of them
    (cycle,) = find_cycles(parents)
    assert len(cycle) == 200_000 and cycle[0] == 0
    assert len(ancestors(5, parents)) == 199_999


def set_parent(text: str, anchor: str, old: str, new: str) -> str:
    """Change the first `old` after `anchor` (a term's slug or an item's post id) to `new`."""
    start = text.index(anchor)
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def test_cycles_injected_in_a_real_export_are_reported(tmp_path: Path) -> None:
    text = EXPORT.read_text(encoding="utf-8")
    nicename = "<wp:category_nicename>{}</wp:category_nicename>"
    text = set_parent(
        text,
        nicename.format("parent"),
        "<wp:category_parent/>",
        "<wp:category_parent>child-2</wp:category_parent>",
    )
    text = set_parent(
        text,
        nicename.format("years"),
        "<wp:category_parent/>",
        "<wp:category_parent>years</wp:category_parent>",
    )
    zero = "<wp:post_parent>0</wp:post_parent>"
    text = set_parent(text, "<wp:post_id>174</wp:post_id>", zero, zero.replace("0", "173"))
    text = set_parent(text, "<wp:post_id>146</wp:post_id>", zero, zero.replace("0", "146"))
    path = tmp_path / "loops.xml"
    path.write_text(text, encoding="utf-8")

    report = wparchive.convert([path], tmp_path / "out")

    found = [(p.where, p.message) for p in report.problems if p.code.endswith("parent-cycle")]
    assert all(p.source == str(path) for p in report.problems if p.code.endswith("cycle"))
    wheres = [where for where, _ in found]
    assert wheres == ["term child-1", "term years", "item 146", "item 173"]
    messages = "\n".join(message for _, message in found)
    assert "'child-1' -> 'parent' -> 'child-2' -> 'child-1' form a loop" in messages
    assert "'years' names itself as its parent" in messages
    assert "items 173 -> 174 -> 173 form a loop" in messages
    assert "item 146 names itself as its parent" in messages
    assert messages.count("convert again") == 4
    # The archive keeps the parents as read.
    archive = json.loads((tmp_path / "out" / "archive.json").read_text(encoding="utf-8"))
    parents = {item["id"]: item["parent"] for item in archive["items"]}
    assert (parents[146], parents[173], parents[174]) == (146, 174, 173)
    terms = {term["slug"]: term["parent"] for term in archive["terms"]}
    assert (terms["parent"], terms["years"]) == ("child-2", "years")


def test_the_unchanged_export_has_no_loops(tmp_path: Path) -> None:
    report = wparchive.convert([EXPORT], tmp_path / "out")
    assert not [p for p in report.problems if p.code.endswith("parent-cycle")]
