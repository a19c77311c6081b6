"""The repairing stream: a no-op on well-formed files, and the same output at any chunk size."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree

from wparchive.readers import xmlsafe

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wxr"
FILES = sorted(CORPUS.glob("*.xml")) if CORPUS.is_dir() else []
ATOM = {"atom": "http://www.w3.org/2005/Atom"}

# Every repair the stream makes, in one document.
BROKEN = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<rss><channel>\n'
    b"<title>Fish & Chips&nbsp;caf\xe9\x0b</title>\n"
    b"<atom:link href='x?a=1&b=2'/>\n"
    b'<item xmlns:u="http://\xc3\xabx.com/">a < b ]]> c</item>\n'
    b"<item><![CDATA[nested <![CDATA[ x ]]> y]]></item>\n"
    b"</channel></rss>\n"
)


def repaired(
    data: bytes, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[bytes, set[tuple[int, str]]]:
    monkeypatch.setattr(xmlsafe, "CHUNK", chunk)
    problems: set[tuple[int, str]] = set()
    stream = xmlsafe.RepairingStream(
        io.BytesIO(data), encoding="utf-8", prefixes=ATOM,
        report=lambda line, code, _: problems.add((line, code)),
    )  # fmt: skip
    parts = []
    while part := stream.read():
        parts.append(part)
    return b"".join(parts), problems


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_chunk_size_never_changes_the_output(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    whole, whole_problems = repaired(BROKEN, 1 << 20, monkeypatch)
    assert repaired(BROKEN, chunk, monkeypatch) == (whole, whole_problems)


def test_every_repair_parses_and_is_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    output, problems = repaired(BROKEN, 1 << 20, monkeypatch)
    root = etree.fromstring(output)
    assert root.findtext("channel/title") == "Fish & Chips\xa0café"
    first, second = root.iterfind("channel/item")
    assert first.text == "a < b ]]> c"
    assert second.text == "nested <![CDATA[ x ]]> y"
    assert {code for _, code in problems} == {
        "bare-ampersand", "html-entity", "bad-encoding", "control-chars", "undeclared-prefix",
        "bad-namespace-uri", "stray-lt", "stray-cdata-end", "cdata-nested",
    }  # fmt: skip
    assert (3, "control-chars") in problems


@pytest.mark.skipif(not FILES, reason="../shared/corpus/wxr is not beside the repository")
@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_corpus_files_at_small_chunks(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    whole = repaired(data, 1 << 20, monkeypatch)
    assert repaired(data, 97, monkeypatch) == whole
    if not whole[1] and b'encoding="UTF-8"' in data[:100]:
        assert whole[0] == data  # nothing to repair: not a byte changed
