"""download_media(): fetch the manifest's files, resumable, concurrent, retrying.

A file already at its local path is complete and skipped (files appear only by renaming a
finished `.part`). An unfinished `.part` is resumed with a Range request; a server that
ignores Range (200 instead of 206) sends the whole file again. Server errors, timeouts and
broken connections are retried with exponential backoff; 4xx answers other than 408 and 429
are final. One file's failure never stops the others: it is reported in the result.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from typing import IO

from wparchive.migration.media import MediaItem, MediaManifest
from wparchive.writers.paths import is_inside

USER_AGENT = "wparchive (media download for a site migration)"
PART_SUFFIX = ".part"
CHUNK = 1 << 16
IN_FLIGHT_PER_WORKER = 8  # files submitted ahead of the one being waited for, per thread
_RETRY_STATUSES = frozenset({408, 429})


@dataclass(frozen=True, slots=True, kw_only=True)
class DownloadFailure:
    url: str
    local_path: str
    reason: str  # "HTTP 404 Not Found", "timed out", "connection refused", ...
    attempts: int


@dataclass(kw_only=True)
class DownloadResult:
    # Counts, not lists of paths: a large site has more files than are worth holding.
    downloaded: int = 0  # files fetched by this run
    skipped: int = 0  # files already complete
    failed: list[DownloadFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def add(self, outcome: bool | DownloadFailure) -> None:
        """Count one file's outcome (what _Fetcher returns)."""
        if isinstance(outcome, DownloadFailure):
            self.failed.append(outcome)
        elif outcome:
            self.downloaded += 1
        else:
            self.skipped += 1


class _Retryable(Exception):
    """A failure worth another attempt (5xx, 408, 429, timeout, broken connection)."""


class _Final(Exception):
    """A failure another attempt will not fix (404, 403, a path outside the folder)."""


def download_media(
    manifest: MediaManifest | Iterable[MediaItem],
    out_dir: str | os.PathLike[str],
    *,
    concurrency: int = 4,
    retries: int = 3,
    timeout: float = 30.0,
    backoff: float = 0.5,
) -> DownloadResult:
    """Fetch every item to out_dir/<local_path>; `retries` more attempts after the first."""
    items = manifest.items() if isinstance(manifest, MediaManifest) else iter(manifest)
    workers = max(1, concurrency)
    fetch = _Fetcher(out=Path(out_dir), retries=retries, timeout=timeout, backoff=backoff)
    result = DownloadResult()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for outcome in _in_flight(pool, fetch, items, window=workers * IN_FLIGHT_PER_WORKER):
            result.add(outcome)
    return result


def _in_flight(
    pool: Executor,
    fetch: Callable[[MediaItem], bool | DownloadFailure],
    items: Iterator[MediaItem],
    *,
    window: int,
) -> Iterator[bool | DownloadFailure]:
    """pool.map(fetch, items) with at most `window` files submitted and not yet counted:
    pool.map would submit every file of the manifest at once."""
    pending: deque[Future[bool | DownloadFailure]] = deque()
    for item in items:
        pending.append(pool.submit(fetch, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@dataclass(frozen=True, slots=True, kw_only=True)
class _Fetcher:
    out: Path
    retries: int
    timeout: float
    backoff: float

    def __call__(self, item: MediaItem) -> bool | DownloadFailure:
        """True when fetched, False when already there, a DownloadFailure otherwise."""
        target = self.out / item.local_path
        if not is_inside(self.out, target):
            return DownloadFailure(
                url=item.url,
                local_path=item.local_path,
                reason="path outside the folder",
                attempts=0,
            )
        if not item.url.lower().startswith(("http://", "https://")):
            # urllib would also read file:// and ftp:// URLs: never from an export's say-so.
            return DownloadFailure(
                url=item.url, local_path=item.local_path, reason="not an http(s) URL", attempts=0
            )
        if target.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        attempt = 0
        while True:
            attempt += 1
            try:
                _fetch_once(item.url, target, self.timeout)
                return True
            except _Final as error:
                reason = str(error)
            except _Retryable as error:
                reason = str(error)
                if attempt <= self.retries:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                    continue
            return DownloadFailure(
                url=item.url, local_path=item.local_path, reason=reason, attempts=attempt
            )


def _fetch_once(url: str, target: Path, timeout: float) -> None:
    part = target.with_name(target.name + PART_SUFFIX)
    have = part.stat().st_size if part.is_file() else 0
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            resumed = have > 0 and response.status == 206
            with part.open("ab" if resumed else "wb") as handle:
                expected = _expected_length(response.headers.get("Content-Length"))
                received = _copy(response, handle)
        if expected is not None and received < expected:
            raise _Retryable(f"connection closed after {received} of {expected} bytes")
    except urllib.error.HTTPError as error:
        if error.code == 416 and have:
            # The .part already holds every byte (the rename was all that was missing).
            os.replace(part, target)
            return
        message = f"HTTP {error.code} {error.reason}"
        if error.code >= 500 or error.code in _RETRY_STATUSES:
            raise _Retryable(message) from error
        raise _Final(message) from error
    except (urllib.error.URLError, TimeoutError, HTTPException, OSError) as error:
        raise _Retryable(_reason(error)) from error
    os.replace(part, target)


def _copy(response: IO[bytes], handle: IO[bytes]) -> int:
    received = 0
    while chunk := response.read(CHUNK):
        handle.write(chunk)
        received += len(chunk)
    return received


def _expected_length(header: str | None) -> int | None:
    try:
        return int(header) if header is not None else None
    except ValueError:
        return None


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    return str(error) or type(error).__name__
