"""Every corpus WXR file: read without a traceback, and the counts match the file's own.

The expected counts come from an independent lxml parse in recover mode, matching
elements by namespace pattern; the four files that are not readable WXR must raise
InputError (the importer rejects malformed*.xml; the qTranslate files are bare <item>
fragments without <rss><channel>).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from wparchive.errors import InputError
from wparchive.model import Post
from wparchive.problems import ProblemLog
from wparchive.readers import wxr
from wparchive.readers.inputs import expand_inputs

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wxr"
FILES = sorted(CORPUS.glob("*.xml")) if CORPUS.is_dir() else []
REJECTED = {
    "WordPress__wordpress-importer__malformed-simple.xml",
    "WordPress__wordpress-importer__malformed.xml",
    "getnikola__nikola__wordpress_qtranslate_item_modernized.xml",
    "getnikola__nikola__wordpress_qtranslate_item_raw_export.xml",
}
_WP = re.compile(r"^\{https?://wordpress\.org/export/1\.\d+/\}(.+)$")


def wp_text(element: etree._Element, name: str) -> str | None:
    """The WordPress child's text; failing that, a same-named child in a foreign namespace
    (the reader falls back to those, as for namespace-edge-cases.xml's hijacked item)."""
    foreign = None
    for child in element:
        if not isinstance(child.tag, str):
            continue
        match = _WP.match(child.tag)
        if match and match.group(1) == name:
            return (child.text or "").strip()
        if foreign is None and child.tag.endswith("}" + name) and "purl.org" not in child.tag:
            foreign = (child.text or "").strip()
    return foreign


def expected_counts(path: Path) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    items: Counter[tuple[str, str]] = Counter()
    comments: Counter[tuple[str, str]] = Counter()
    for item in root.iterfind("channel/item"):
        # A missing type or status stays empty, as the file has it.
        items[wp_text(item, "post_type") or "", wp_text(item, "status") or ""] += 1
        for child in item:
            match = _WP.match(child.tag) if isinstance(child.tag, str) else None
            if match and match.group(1) == "comment":
                kind = wp_text(child, "comment_type") or ""
                comments[kind, wp_text(child, "comment_approved") or ""] += 1
    return items, comments


@pytest.mark.skipif(not FILES, reason="../shared/corpus/wxr is not beside the repository")
@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_corpus_file(path: Path) -> None:
    (source,) = expand_inputs([path])
    log = ProblemLog()
    if path.name in REJECTED:
        with pytest.raises(InputError) as raised:
            list(wxr.read(source, log))
        assert "\n" not in str(raised.value)
        return
    records = list(wxr.read(source, log))
    posts = [record for record in records if isinstance(record, Post)]
    items, comments = expected_counts(path)
    assert Counter((post.type, post.status) for post in posts) == items
    assert Counter((c.type_raw, c.status_raw) for post in posts for c in post.comments) == comments


@pytest.mark.skipif(not FILES, reason="../shared/corpus/wxr is not beside the repository")
@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("TimothyFitz__timothyfitz.github.com__wordpress.xml", {"undeclared-prefix"}),
        ("TryGhost__migrate__sample.xml", {"bare-ampersand"}),
        ("WordPress__wordpress-importer__crazy-cdata.xml", {"cdata-nested"}),
        ("WordPress__wordpress-importer__namespace-edge-cases.xml", {"bad-namespace-uri"}),
        ("WordPress__wordpress-importer__invalid-version-tag.xml", {"wxr-version"}),
        ("WordPress__wordpress-importer__missing-version-tag.xml", {"wxr-version"}),
    ],
)
def test_repairs_are_recorded(name: str, codes: set[str]) -> None:
    (source,) = expand_inputs([CORPUS / name])
    log = ProblemLog()
    list(wxr.read(source, log))
    assert codes <= {problem.code for problem in log}


def read_one(name: str) -> Post:
    (source,) = expand_inputs([CORPUS / name])
    posts = [r for r in wxr.read(source, ProblemLog()) if isinstance(r, Post)]
    return posts[0]


@pytest.mark.skipif(not FILES, reason="../shared/corpus/wxr is not beside the repository")
@pytest.mark.parametrize(
    "name", ["crazy-cdata.xml", "crazy-cdata-escaped.xml"], ids=["unescaped", "escaped"]
)
def test_crazy_cdata_values_match_the_importer(name: str) -> None:
    post = read_one(f"WordPress__wordpress-importer__{name}")
    assert post.content == "Content with nested <![CDATA[ tags ]]> :)"
    assert {m.key: m.value for m in post.meta} == {
        "Plain string": "Foo",
        "Closing CDATA": "]]>",
        "Alot of CDATA": "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>",
    }


@pytest.mark.skipif(not FILES, reason="../shared/corpus/wxr is not beside the repository")
@pytest.mark.parametrize(
    "name",
    [
        "test-serialized-postmeta-no-cdata.xml",
        "test-serialized-postmeta-with-cdata.xml",
        "test-serialized-comment-meta.xml",
        "test-serialized-term-meta.xml",
    ],
)
def test_serialized_meta_files_decode(name: str) -> None:
    (source,) = expand_inputs([CORPUS / f"WordPress__wordpress-importer__{name}"])
    log = ProblemLog()
    records = list(wxr.read(source, log))
    metas = [
        meta
        for record in records
        for meta in (
            getattr(record, "meta", ())
            + tuple(m for c in getattr(record, "comments", ()) for m in c.meta)
        )
    ]
    serialized = [meta for meta in metas if meta.serialized]
    assert serialized, "each file holds at least one serialised value"
    assert all(meta.decoded is not None for meta in serialized)
    assert not [p for p in log if p.code == "bad-serialized-meta"]
