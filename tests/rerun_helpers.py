"""Helpers for the rerun tests: output trees, and a newer export made from a corpus one."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from support import SHARED

CORPUS = SHARED / "corpus" / "wxr"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, wparchive's manifest included, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def published_posts(document: etree._ElementTree, wp: str) -> list[etree._Element]:
    return [
        item
        for item in document.iter("item")
        if item.findtext(f"{wp}post_type") == "post" and item.findtext(f"{wp}status") == "publish"
    ]


def newer_export(old: Path, new: Path) -> dict[str, str]:
    """Write `new`: `old` with one post edited, one removed and one added, as a site would
    export a while later. Returns the slug of each ("changed", "removed", "added")."""
    document = etree.parse(str(old))
    wp = "{" + document.getroot().nsmap["wp"] + "}"  # 1.0 to 1.2, http or https
    posts = published_posts(document, wp)
    changed, removed, template = posts[0], posts[1], posts[2]
    content = changed.find(CONTENT)
    assert content is not None
    content.text = (content.text or "") + "\n\nAn update, written a year later."
    removed.getparent().remove(removed)
    added = copy.deepcopy(template)
    ids = [int(item.findtext(f"{wp}post_id") or 0) for item in document.iter("item")]
    _set(added, f"{wp}post_id", str(max(ids) + 1))
    _set(added, f"{wp}post_name", "a-post-added-later")
    _set(added, "title", "A post added later")
    template.addnext(added)
    document.write(str(new), xml_declaration=True, encoding="UTF-8")
    return {
        "changed": changed.findtext(f"{wp}post_name") or "",
        "removed": removed.findtext(f"{wp}post_name") or "",
        "added": "a-post-added-later",
    }


def _set(item: etree._Element, tag: str, text: str) -> None:
    element = item.find(tag)
    assert element is not None, tag
    element.text = text
