"""Expanding command-line paths: files, folders, zips read in place, gzip, natural order."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from wparchive.errors import InputError
from wparchive.readers.inputs import as_input_file, expand_inputs, natural_key


def test_folder_lists_readable_files_in_natural_order(tmp_path: Path) -> None:
    for name in ("site.wordpress.2024-01-02.010.xml", "site.wordpress.2024-01-02.2.xml",
                 "notes.pdf", ".hidden.xml", "page.html"):  # fmt: skip
        (tmp_path / name).write_bytes(b"x")
    names = [Path(f.name).name for f in expand_inputs([tmp_path])]
    assert names == [
        "page.html",
        "site.wordpress.2024-01-02.2.xml",
        "site.wordpress.2024-01-02.010.xml",
    ]


def test_natural_key_orders_numbers_by_value() -> None:
    assert sorted(["a.10.xml", "a.9.xml", "a.000.xml"], key=natural_key) == [
        "a.000.xml",
        "a.9.xml",
        "a.10.xml",
    ]


def test_zip_members_are_read_without_extracting(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("site.wordpress.001.xml", b"second")
        zf.writestr("site.wordpress.000.xml", b"first")
        zf.writestr("__MACOSX/._site.xml", b"junk")
        zf.writestr("readme.pdf", b"no")
    files = expand_inputs([archive])
    assert [f.name for f in files] == [
        f"{archive}:site.wordpress.000.xml",
        f"{archive}:site.wordpress.001.xml",
    ]
    with files[0].open() as stream:
        assert stream.read() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.zip"]


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.xml", b"\0" * (80 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        expand_inputs([archive])


def test_gzip_is_decompressed_as_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "export.xml.gz"
    path.write_bytes(gzip.compress(b"<rss/>"))
    (only,) = expand_inputs([path])
    assert only.head() == b"<rss/>"


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([tmp_path / "nope.xml"])


def test_as_input_file_accepts_paths_and_open_streams(tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_bytes(b"<rss/>")
    assert as_input_file(path).head() == b"<rss/>"
    assert as_input_file(str(path)).name == str(path)
    stream = io.BytesIO(b"<rss>x</rss>")
    borrowed = as_input_file((stream, "upload.xml"))
    assert (borrowed.name, borrowed.head(5), borrowed.head()) == (
        "upload.xml",
        b"<rss>",
        b"<rss>x</rss>",
    )
    assert not stream.closed
