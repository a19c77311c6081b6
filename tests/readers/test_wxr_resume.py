"""A real export broken in the middle: the items after the break are read, the item the
break was in is named as lost, and the reader still streams (xmlsafe.item_starts)."""

from __future__ import annotations

import io
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from wxr_helpers import document, item, read_bytes

import wparchive
from support import SHARED
from wparchive.model import Post, Site
from wparchive.problems import ProblemLog
from wparchive.readers import wxr
from wparchive.readers.inputs import InputFile
from wparchive.readers.xmlsafe import item_starts

EXPORT = SHARED / "corpus/wxr/WordPress__theme-test-data__themeunittestdata.wordpress.xml"
_ITEM = re.compile(rb"<item>.*?</item>", re.DOTALL)


def items_of(data: bytes) -> list[re.Match[bytes]]:
    return list(_ITEM.finditer(data))


def middle_item(found: list[re.Match[bytes]]) -> int:
    """The index of the first item past the middle with a title to break."""
    return next(n for n in range(len(found) // 2, len(found)) if b"<title>" in found[n].group())


def post_id(match: re.Match[bytes]) -> int:
    found = re.search(rb"<wp:post_id>(\d+)</wp:post_id>", match.group())
    assert found is not None
    return int(found.group(1))


def read_export(data: bytes, name: str = "broken.xml") -> tuple[list[Post], ProblemLog]:
    log = ProblemLog()
    records = list(wxr.read(InputFile(name, lambda: io.BytesIO(data)), log))
    (site,) = [r for r in records if isinstance(r, Site)]
    # The channel's own fields, and nothing of the item the break cut short.
    assert site.title == "Theme Unit Test Data"
    assert not [e for e in site.extra if e.tag.endswith("item")]
    return [r for r in records if isinstance(r, Post)], log


def wrong_closing_tag(data: bytes, target: re.Match[bytes]) -> bytes:
    fixed = target.group().replace(b"</title>", b"</titel>", 1)
    return data[: target.start()] + fixed + data[target.end() :]


def stray_lt_in_title(data: bytes, target: re.Match[bytes]) -> bytes:
    # "<b c" cannot be repaired: it reads as a start tag whose attribute has no value.
    fixed = target.group().replace(b"<title>", b"<title>a <b c ", 1)
    return data[: target.start()] + fixed + data[target.end() :]


def truncated_item(data: bytes, target: re.Match[bytes]) -> bytes:
    # The item stops after its guid, as when an export is spliced from two downloads.
    cut = target.group().index(b"</guid>") + len(b"</guid>")
    return data[: target.start() + cut] + b"\n" + data[target.end() :]


BREAKS = {
    "wrong closing tag": wrong_closing_tag,
    "stray < in a field": stray_lt_in_title,
    "truncated item": truncated_item,
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_items_after_a_break_in_a_real_export_are_read(case: str) -> None:
    data = EXPORT.read_bytes()
    whole, _ = read_export(data)
    found = items_of(data)
    index = middle_item(found)
    target = found[index]
    broken_id = post_id(target)
    title = re.search(rb"<title>([^<]+)</title>", target.group())
    # The truncated item lost its post id with its tail: it is named by its title.
    name = f"item {broken_id}" if case != "truncated item" else "an item ("
    if case == "truncated item" and title:
        name += f'"{title.group(1).decode()}"'

    posts, log = read_export(BREAKS[case](data, target))

    # Every item but the broken one, in order; over 60 items follow the break.
    assert [p.id for p in posts] == [p.id for p in whole if p.id != broken_id]
    assert len(found) - index > 60
    errors = [p for p in log if p.code == "xml-error"]
    assert len(errors) == 1 and errors[0].source == "broken.xml"
    assert errors[0].where.startswith("line ")
    assert name in errors[0].message and "which is lost" in errors[0].message
    assert "Mend line" in errors[0].message
    (lost,) = [p for p in log if p.code == "xml-items-lost"]
    assert lost.message.startswith("1 of the file's items") and name in lost.message


def test_a_break_in_every_tenth_item_loses_only_those(tmp_path: Path) -> None:
    data = EXPORT.read_bytes()
    whole, _ = read_export(data)
    targets = [m for m in items_of(data)[5::10] if b"<title>" in m.group()]
    for target in reversed(targets):  # from the end, so earlier offsets stay valid
        data = wrong_closing_tag(data, target)
    lost = {post_id(target) for target in targets}

    posts, log = read_export(data)

    assert [p.id for p in posts] == [p.id for p in whole if p.id not in lost]
    assert sum(p.code == "xml-error" for p in log) == len(targets)
    (summary,) = [p for p in log if p.code == "xml-items-lost"]
    assert summary.message.startswith(f"{len(targets)} of the file's items")


def test_convert_archives_the_items_after_the_break(tmp_path: Path) -> None:
    data = EXPORT.read_bytes()
    found = items_of(data)
    index = middle_item(found)
    target = found[index]
    path = tmp_path / "broken.xml"
    path.write_bytes(truncated_item(data, target))

    report = wparchive.convert([path], tmp_path / "out")

    archive = json.loads((tmp_path / "out" / "archive.json").read_text(encoding="utf-8"))
    ids = {entry["id"] for entry in archive["items"]}
    assert post_id(found[-1]) in ids and post_id(found[index + 1]) in ids
    assert post_id(target) not in ids
    assert {"xml-error", "xml-items-lost"} <= {p.code for p in report.problems}


def test_a_break_between_items_loses_nothing() -> None:
    data = document(item(1), item(2).replace("</item>", "</item></item>"), item(3), item(4))
    records, log = read_bytes(data)
    assert [r.id for r in records if isinstance(r, Post)] == [1, 2, 3, 4]
    assert [p.code for p in log] == ["xml-error"]
    assert "lost" not in next(iter(log)).message


def test_item_starts_skip_cdata_and_comments_and_chunk_edges() -> None:
    body = "<![CDATA[ <item> in a post ]]><!-- <item> -->"
    pad = "x" * 70_000  # past one 64 KB chunk, so tokens fall across chunk edges
    data = ("<rss><channel>\n" + f"<item>{body}</item>\n<item>{pad}</item>\n<item >\n").encode()
    for shift in range(12):
        shifted = b" " * shift + data
        starts = list(item_starts(io.BytesIO(shifted), offset=0, line=1))
        expected = [m.start() for m in re.finditer(rb"<item[ >]", shifted)]
        assert [offset for offset, _ in starts] == [expected[0], expected[-2], expected[-1]]
        assert [line for _, line in starts] == [2, 3, 4]


def test_a_break_in_every_item_is_read_in_linear_time_and_listed_briefly() -> None:
    broken = [item(n, "<title>x</titel>") for n in range(1, 2001)]
    data = document(*broken, item(2001))
    started = time.process_time()

    records, log = read_bytes(data)

    assert time.process_time() - started < 30
    # The break came before any record was complete: the header is read on its own.
    (site,) = [r for r in records if isinstance(r, Site)]
    assert (site.title, site.wxr_version) == ("Site", "1.2")
    assert [r.id for r in records if isinstance(r, Post)] == [2001]
    codes = Counter(p.code for p in log)
    assert codes == {"xml-error": 101, "xml-items-lost": 1}
    assert "1900 more repairs of this kind" in [p for p in log if p.code == "xml-error"][-1].message
    (lost,) = [p for p in log if p.code == "xml-items-lost"]
    assert lost.message.startswith("2000 of the file's items") and "and 1990 more" in lost.message
