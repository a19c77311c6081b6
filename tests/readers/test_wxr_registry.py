"""read_all: sniff every input, stream records, merge split exports into one site."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest
from wxr_helpers import HEADER, document, item

from wparchive.errors import InputError
from wparchive.model import Author, Post, Site, Term
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all

AUTHOR = "<wp:author><wp:author_login>ann</wp:author_login></wp:author>\n"
TAG = "<wp:tag><wp:tag_slug>x</wp:tag_slug><wp:tag_name>X</wp:tag_name></wp:tag>\n"


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_split_export_merges_into_one_site(tmp_path: Path) -> None:
    # The parts overlap: item 2 is in both files.
    write(tmp_path / "site.wordpress.2024-01-02.001.xml", document(AUTHOR, TAG, item(2), item(3)))
    write(tmp_path / "site.wordpress.2024-01-02.000.xml", document(AUTHOR, TAG, item(1), item(2)))
    log = ProblemLog()
    records = list(read_all([tmp_path], log))
    assert [type(r) for r in records] == [Author, Term, Post, Post, Post, Site]
    assert [r.id for r in records if isinstance(r, Post)] == [1, 2, 3]
    site = records[-1]
    assert isinstance(site, Site)
    assert [Path(name).name for name in site.sources] == [
        "site.wordpress.2024-01-02.000.xml",
        "site.wordpress.2024-01-02.001.xml",
    ]
    assert site.title == "Site"
    ((code, where, message),) = [(p.code, p.where, p.message) for p in log]
    assert (code, where) == ("duplicate-post", "item 2")
    assert "skipped" in message


def test_a_different_item_with_a_known_id_is_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.xml", document(item(5, "<title>one</title>"), item(5, "<title>two</title>"))
    )
    log = ProblemLog()
    titles = [r.title for r in read_all([path], log) if isinstance(r, Post)]
    assert titles == ["one", "two"]
    assert [p.code for p in log] == ["duplicate-post"]


def test_zip_and_gzip_inputs(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.xml", document(item(1)))
    packed = write(tmp_path / "b.xml.gz", gzip.compress(document(item(2))))
    records = list(read_all([archive, packed], ProblemLog()))
    assert [r.id for r in records if isinstance(r, Post)] == [1, 2]
    site = records[-1]
    assert isinstance(site, Site)
    assert site.sources == (f"{archive}:a.xml", str(packed))


def test_an_unreadable_input_fails_before_anything_is_read(tmp_path: Path) -> None:
    good = write(tmp_path / "good.xml", document(item(1)))
    bad = write(tmp_path / "notes.txt", b"just some notes")
    records = read_all([good, bad], ProblemLog())
    with pytest.raises(InputError, match=r"notes\.txt"):
        next(records)


def test_items_without_ids_are_numbered_apart_across_files(tmp_path: Path) -> None:
    no_id = "<item><title>t</title><wp:post_type>post</wp:post_type></item>"
    first = write(tmp_path / "a.xml", document(no_id))
    second = write(tmp_path / "b.xml", document(no_id))
    posts = [r for r in read_all([first, second], ProblemLog()) if isinstance(r, Post)]
    assert len({post.id for post in posts}) == 2
    assert all(post.id < 0 for post in posts)


def test_sites_from_different_blogs_are_reported(tmp_path: Path) -> None:
    def blog(url: str) -> bytes:
        return document(item(1 if "a" in url else 2), header=HEADER.replace(
            "<channel>\n", f"<channel>\n<wp:base_blog_url>{url}</wp:base_blog_url>\n"
        ))  # fmt: skip

    log = ProblemLog()
    paths = [
        write(tmp_path / "a.xml", blog("http://a.test")),
        write(tmp_path / "b.xml", blog("http://b.test")),
    ]
    list(read_all(paths, log))
    assert [p.code for p in log] == ["sites-differ"]
