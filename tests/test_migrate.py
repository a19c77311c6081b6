"""Site-generator layouts through `convert`: redirects, media manifest, links, downloads."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import FIXTURES
from wparchive import ConvertOptions, convert
from wparchive.verify import verify

SEED = FIXTURES / "seed-export" / "input.xml"
SITE = "http://painmanagementweblog.wordpress.com"
FILES = "http://painmanagementweblog.files.wordpress.com"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("layout", ["hugo", "jekyll", "eleventy", "astro"])
def test_presets_write_redirects_and_a_media_manifest(layout: str, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    convert([SEED], one, options=ConvertOptions(layout=layout), jobs=1)
    convert([SEED], two, options=ConvertOptions(layout=layout), jobs=2)
    assert _tree(one) == _tree(two)
    redirects = json.loads((one / "redirects.json").read_text(encoding="utf-8"))
    assert redirects and all(entry["to"] for entry in redirects["redirects"])
    media = json.loads((one / "media.json").read_text(encoding="utf-8"))
    assert any(item["url"].endswith("promise-of-ldn-cover.jpg") for item in media["media"])


def test_archive_layout_writes_no_migration_files(tmp_path: Path) -> None:
    convert([SEED], tmp_path)
    assert not (tmp_path / "_redirects").exists() and not (tmp_path / "media.json").exists()


def test_links_between_posts_follow_them_to_their_new_paths(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    text = SEED.read_text(encoding="utf-8")
    export.write_text(text.replace(f"{SITE}/glia-research/", f"{SITE}/about/"), encoding="utf-8")
    convert([export], tmp_path / "out", options=ConvertOptions(layout="hugo"))
    [post] = (tmp_path / "out" / "content" / "posts").rglob("index.md")
    body = post.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert "](/about/)" in body and f"{SITE}/about/" not in body


@pytest.fixture
def media_server(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "server"
    (root / "2010" / "06").mkdir(parents=True)
    (root / "2010" / "06" / "promise-of-ldn-cover.jpg").write_bytes(b"\xff\xd8 a tiny jpeg")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_download_media_fetches_rewrites_and_reports_failures(
    media_server: str, tmp_path: Path
) -> None:
    export = tmp_path / "export.xml"
    export.write_text(
        SEED.read_text(encoding="utf-8").replace(FILES, media_server), encoding="utf-8"
    )
    out = tmp_path / "out"
    options = ConvertOptions(layout="hugo", download_media=True)
    report = convert([export], out, options=options)
    [image] = list((out / "static").rglob("promise-of-ldn-cover.jpg"))
    assert image.read_bytes() == b"\xff\xd8 a tiny jpeg"
    [post] = (out / "content" / "posts").rglob("index.md")
    text = post.read_text(encoding="utf-8")
    local = "/" + image.relative_to(out / "static").as_posix()
    assert f"]({local}" in text and f"{media_server}/2010/06/promise-of-ldn-cover.jpg" not in text
    assert not [p for p in report.problems if p.code == "media-download-failed"]
    # verify counts the local copy as the image it stands for, when told of the download.
    assert verify([export], out, options=options).ok
    assert not verify([export], out, options=ConvertOptions(layout="hugo")).ok


def test_a_failed_download_is_a_problem_and_the_link_stays(
    media_server: str, tmp_path: Path
) -> None:
    export = tmp_path / "export.xml"
    text = SEED.read_text(encoding="utf-8").replace(FILES, media_server)
    export.write_text(text.replace("promise-of-ldn-cover.jpg", "gone.jpg"), encoding="utf-8")
    out = tmp_path / "out"
    report = convert([export], out, options=ConvertOptions(layout="hugo", download_media=True))
    failures = [p for p in report.problems if p.code == "media-download-failed"]
    assert failures and all("404" in p.message for p in failures)
    [post] = (out / "content" / "posts").rglob("index.md")
    assert f"{media_server}/2010/06/gone.jpg" in post.read_text(encoding="utf-8")
