"""Property tests over every reader: random bytes, and real files with bytes flipped, cut,
duplicated or inserted (plain, gzipped and zipped), end in records or a WparchiveError,
nothing else. Derandomized, so CI sees the same examples every run."""

from __future__ import annotations

import gzip
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import wparchive
from support import SHARED
from wparchive.errors import WparchiveError
from wparchive.model import Post
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
MAX_SOURCE_BYTES = 160_000  # the corpus's bigger files cost seconds per example


def _sources() -> list[Path]:
    if not SHARED.is_dir():
        return []
    found = [*(SHARED / "corpus" / "wxr").glob("*.xml"), *(SHARED / "corpus" / "html").glob("*")]
    found += [path for path in (SHARED / "seed").glob("ldn-*")]
    return sorted(path for path in found if path.stat().st_size <= MAX_SOURCE_BYTES)


SOURCES = _sources()
needs_shared = pytest.mark.skipif(not SOURCES, reason="../shared (the corpus) is absent")
# The first bytes each reader sniffs for, so random tails reach past detection.
HEADS = [
    b"",
    b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>',
    b'<!DOCTYPE html><html><head><meta name="generator" content="WordPress 6.0">'
    b'</head><body class="single postid-1"><article id="post-1" class="hentry">',
    b"A title line\n\nThen the text of a captured post.\n",
]
PACKINGS = ["plain", "gz", "zip"]


@contextmanager
def written(data: bytes, suffix: str, packing: str) -> Iterator[Path]:
    """The bytes as a file in a fresh folder: as they are, gzipped or as a zip member."""
    with tempfile.TemporaryDirectory(prefix="wparchive-hostile-") as folder:
        path = Path(folder) / f"input{suffix}"
        if packing == "gz":
            path = path.with_name(path.name + ".gz")
            data = gzip.compress(data, mtime=0)
        elif packing == "zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(f"export/input{suffix}", data)
            path, data = path.with_suffix(".zip"), buffer.getvalue()
        path.write_bytes(data)
        yield path


def read_or_fail_cleanly(path: Path) -> None:
    try:
        posts = sum(isinstance(record, Post) for record in read_all([path], ProblemLog()))
    except WparchiveError as error:
        assert str(error).strip() and "Traceback" not in str(error)
        event(f"error: {type(error).__name__}")
    else:
        event("read, with posts" if posts else "read, no posts")


MUTATION = st.tuples(
    st.sampled_from(["flip", "cut", "duplicate", "insert", "delete"]),
    st.floats(0, 1),
    st.integers(1, 4096),
    st.binary(min_size=1, max_size=16),
)


def mutate(data: bytes, mutation: tuple[str, float, int, bytes]) -> bytes:
    kind, where, length, junk = mutation
    at = int(where * len(data))
    if kind == "flip" and at < len(data):
        return data[:at] + bytes([data[at] ^ junk[0] or 0xFF]) + data[at + 1 :]
    if kind == "cut":
        return data[:at]
    if kind == "duplicate":
        return data[: at + length] + data[at : at + length] + data[at + length :]
    if kind == "insert":
        return data[:at] + junk + data[at:]
    return data[:at] + data[at + length :]


@PROPERTY
@given(
    head=st.sampled_from(HEADS),
    tail=st.binary(max_size=2048),
    suffix=st.sampled_from([".xml", ".html", ".txt"]),
    packing=st.sampled_from(PACKINGS),
)
def test_random_bytes_through_every_reader(
    head: bytes, tail: bytes, suffix: str, packing: str
) -> None:
    with written(head + tail, suffix, packing) as path:
        read_or_fail_cleanly(path)


@PROPERTY
@given(random=st.binary(max_size=512), packing=st.sampled_from(["gz", "zip"]))
def test_random_bytes_posing_as_a_compressed_file(random: bytes, packing: str) -> None:
    with tempfile.TemporaryDirectory(prefix="wparchive-hostile-") as folder:
        path = Path(folder) / f"input.xml.{packing}"
        path.write_bytes(random)
        read_or_fail_cleanly(path)


@needs_shared
@PROPERTY
@given(
    source=st.sampled_from(SOURCES or [Path("absent")]),
    mutations=st.lists(MUTATION, min_size=1, max_size=3),
    packing=st.sampled_from(PACKINGS),
)
def test_damaged_corpus_files_through_read_all(
    source: Path, mutations: list[tuple[str, float, int, bytes]], packing: str
) -> None:
    data = source.read_bytes()
    for mutation in mutations:
        data = mutate(data, mutation)
    with written(data, source.suffix, packing) as path:
        read_or_fail_cleanly(path)


@needs_shared
@PROPERTY
@given(
    source=st.sampled_from(SOURCES or [Path("absent")]),
    mutations=st.lists(MUTATION, min_size=1, max_size=3),
    packing=st.sampled_from(PACKINGS),
    where=st.floats(0, 1),
)
def test_damaged_compressed_files_through_read_all(
    source: Path, mutations: list[tuple[str, float, int, bytes]], packing: str, where: float
) -> None:
    """The damage is done to the compressed bytes: truncated gzip streams, bad CRCs."""
    with written(source.read_bytes(), source.suffix, packing) as path:
        data = path.read_bytes()
        for mutation in mutations:
            data = mutate(data, mutation)
        path.write_bytes(data)
        read_or_fail_cleanly(path)


@needs_shared
@settings(PROPERTY, max_examples=30)
@given(
    source=st.sampled_from([p for p in SOURCES if p.stat().st_size < 60_000] or [Path("x")]),
    mutations=st.lists(MUTATION, min_size=1, max_size=3),
)
def test_damaged_corpus_files_through_convert(
    source: Path, mutations: list[tuple[str, float, int, bytes]]
) -> None:
    data = source.read_bytes()
    for mutation in mutations:
        data = mutate(data, mutation)
    with written(data, source.suffix, "plain") as path:
        try:
            wparchive.convert([path], path.parent / "out")
        except WparchiveError as error:
            assert str(error).strip()


@settings(PROPERTY, max_examples=30)
@given(
    head=st.sampled_from(HEADS),
    tail=st.binary(max_size=2048),
    suffix=st.sampled_from([".xml", ".html", ".txt"]),
)
def test_random_bytes_through_convert(head: bytes, tail: bytes, suffix: str) -> None:
    with written(head + tail, suffix, "plain") as path:
        try:
            wparchive.convert([path], path.parent / "out")
        except WparchiveError as error:
            assert str(error).strip()
