"""Builder.meta's plain-pair fast path gives what reading the meta by fields() gives."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from wparchive.readers import wxr_build
from wparchive.readers.wxr_build import Builder

WP = "http://wordpress.org/export/1.2/"
PARTS = [
    "<wp:meta_key>k</wp:meta_key>",
    "<wp:meta_key> _thumbnail_id\n</wp:meta_key>",
    '<wp:meta_value><![CDATA[a:1:{i:0;s:1:"x";}]]></wp:meta_value>',
    '<wp:meta_value><![CDATA[a:1:{i:0;s:9:"x";}]]></wp:meta_value>',
    "<wp:meta_value>v</wp:meta_value>",
    "<wp:meta_value/>",
    "<wp:meta_value>a<b>bold</b>c</wp:meta_value>",
    "<wp:meta_key>a<!--c-->b</wp:meta_key>",
    "<!-- a comment -->",
    "<?pi x?>",
    '<meta_key xmlns="urn:other">foreign</meta_key>',
    "<wp:other>x</wp:other>",
]


def read(xml: str, *, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[Any]]:
    element = etree.fromstring(f'<wp:postmeta xmlns:wp="{WP}">{xml}</wp:postmeta>')
    notes: list[Any] = []
    if not fast:
        monkeypatch.setattr(wxr_build, "_plain_meta_pair", lambda element: None)
    builder = Builder("x.xml", lambda *note: notes.append(note))
    meta = builder.meta(element, "item 1")
    monkeypatch.undo()
    return meta, notes


@given(indexes=st.lists(st.integers(0, len(PARTS) - 1), max_size=4))
def test_any_meta_reads_the_same_both_ways(indexes: list[int]) -> None:
    xml = "".join(PARTS[i] for i in indexes)
    with pytest.MonkeyPatch.context() as monkeypatch:
        general = read(xml, fast=False, monkeypatch=monkeypatch)
        # Twice: the first read may be the one that teaches _KEYS the tags.
        assert read(xml, fast=True, monkeypatch=monkeypatch) == general
        assert read(xml, fast=True, monkeypatch=monkeypatch) == general
