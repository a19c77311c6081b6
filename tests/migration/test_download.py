"""download_media against a local HTTP server on 127.0.0.1; nothing else is contacted."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from wparchive.migration import MediaItem, MediaManifest
from wparchive.migration.download import _in_flight, download_media
from wparchive.model import Post

BODY = bytes(range(256)) * 64  # 16 KiB


class Server:
    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.ranges: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def count(self, path: str, range_header: str | None) -> int:
        with self.lock:
            self.requests[path] += 1
            if range_header:
                self.ranges.append((path, range_header))
            return self.requests[path]


def make_handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            seen = server.count(self.path, self.headers.get("Range"))
            if self.path == "/missing.jpg":
                self.send_error(404)
            elif self.path == "/always-broken.jpg" or (self.path == "/flaky.png" and seen == 1):
                self.send_error(503)
            elif self.path == "/truncated.bin" and seen == 1:
                # Promise the whole file, send half, hang up.
                self.send_response(200)
                self.send_header("Content-Length", str(len(BODY)))
                self.end_headers()
                self.wfile.write(BODY[: len(BODY) // 2])
                self.close_connection = True
            else:
                self.send_body()

        def send_body(self) -> None:
            start = 0
            requested = self.headers.get("Range", "")
            if requested.startswith("bytes=") and self.path != "/no-ranges.bin":
                start = int(requested[len("bytes=") :].rstrip("-"))
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(BODY) - 1}/{len(BODY)}")
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(BODY) - start))
            self.end_headers()
            self.wfile.write(BODY[start:])

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[Server, str]]:
    state = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def item(base: str, name: str) -> MediaItem:
    return MediaItem(
        url=f"{base}/{name}",
        local_path=f"media/2019/03/{name}",
        attachment_id=None,
        posts=(1,),
        variants=(),
    )


FAST = {"retries": 2, "timeout": 5.0, "backoff": 0.01}


def test_fetches_retries_reports_failures_and_resumes(
    server: tuple[Server, str], tmp_path: Path
) -> None:
    state, base = server
    names = ["ok.jpg", "missing.jpg", "flaky.png", "always-broken.jpg", "truncated.bin", "part.bin"]
    items = [item(base, name) for name in names]
    folder = tmp_path / "media" / "2019" / "03"
    folder.mkdir(parents=True)
    (folder / "part.bin.part").write_bytes(BODY[:1000])  # left by an interrupted run

    result = download_media(items, tmp_path, concurrency=3, **FAST)

    assert (result.downloaded, result.skipped) == (4, 0)
    failures = {f.url.rsplit("/", 1)[1]: (f.reason, f.attempts) for f in result.failed}
    assert failures == {
        "missing.jpg": ("HTTP 404 Not Found", 1),  # never retried
        "always-broken.jpg": ("HTTP 503 Service Unavailable", 3),  # 1 + 2 retries
    }
    for name in ("ok.jpg", "flaky.png", "truncated.bin", "part.bin"):
        assert (folder / name).read_bytes() == BODY, name
    assert not list(folder.glob("*.part"))
    assert state.requests["/flaky.png"] == 2
    assert ("/part.bin", "bytes=1000-") in state.ranges
    assert ("/truncated.bin", f"bytes={len(BODY) // 2}-") in state.ranges


def test_complete_files_are_not_fetched_again(server: tuple[Server, str], tmp_path: Path) -> None:
    state, base = server
    items = [item(base, "ok.jpg")]
    assert download_media(items, tmp_path, **FAST).downloaded == 1
    again = download_media(items, tmp_path, **FAST)
    assert (again.downloaded, again.skipped, state.requests["/ok.jpg"]) == (0, 1, 1)


def test_a_server_without_ranges_sends_the_whole_file_again(
    server: tuple[Server, str], tmp_path: Path
) -> None:
    _, base = server
    part = tmp_path / "media" / "2019" / "03" / "no-ranges.bin.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(b"stale bytes")
    assert download_media([item(base, "no-ranges.bin")], tmp_path, **FAST).ok
    assert (part.parent / "no-ranges.bin").read_bytes() == BODY


def test_a_refused_connection_is_a_reported_failure(tmp_path: Path) -> None:
    # A port nothing listens on: bind one, learn its number, close it.
    probe = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = probe.server_address[1]
    probe.server_close()
    result = download_media([item(f"http://127.0.0.1:{port}", "x.jpg")], tmp_path, **FAST)
    [failure] = result.failed
    assert failure.attempts == 3
    assert "refused" in failure.reason.lower()


def test_paths_outside_the_folder_are_refused(tmp_path: Path) -> None:
    bad = MediaItem(
        url="http://127.0.0.1:9/x", local_path="../x", attachment_id=None, posts=(), variants=()
    )
    [failure] = download_media([bad], tmp_path / "out", **FAST).failed
    assert (failure.reason, failure.attempts) == ("path outside the folder", 0)


def test_the_manifest_drives_the_download(server: tuple[Server, str], tmp_path: Path) -> None:
    _, base = server
    manifest = MediaManifest(base)
    post = Post(id=1, type="post", status="publish", title="t", slug="t", slug_raw="t")
    manifest.add_references(post, f'<img src="{base}/wp-content/uploads/2019/03/ok.jpg">')
    result = download_media(manifest, tmp_path, **FAST)
    assert result.downloaded == 1
    assert (tmp_path / "media/2019/03/ok.jpg").read_bytes() == BODY


def test_only_http_urls_are_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("local file")
    local = MediaItem(
        url=secret.as_uri(), local_path="media/x.txt", attachment_id=None, posts=(), variants=()
    )
    [failure] = download_media([local], tmp_path / "out", **FAST).failed
    assert failure.reason == "not an http(s) URL"
    assert not (tmp_path / "out" / "media" / "x.txt").exists()


def test_files_go_to_the_threads_a_window_at_a_time() -> None:
    """A manifest larger than memory streams: only `window` files are submitted ahead."""
    pulled = 0

    def items() -> Iterator[MediaItem]:
        nonlocal pulled
        for number in range(200):
            pulled += 1
            yield MediaItem(
                url=str(number), local_path="", attachment_id=None, posts=(), variants=()
            )

    ahead: list[int] = []

    def fetch(item: MediaItem) -> bool:
        ahead.append(pulled - int(item.url))
        return True

    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(_in_flight(pool, fetch, items(), window=10))
    assert outcomes == [True] * 200
    assert len(ahead) == 200 and max(ahead) <= 10
