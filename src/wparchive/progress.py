"""How much of the input has been read, in bytes, for a progress bar.

ByteMeter.wrap is given to read_all: it wraps each input's opener so every read is counted.
A file may be opened more than once (sniffing its head, a second pass to repair it), so a
file's progress is the furthest any one pass has read. The total is known when every input
is a plain file on disk; a .gz or a zip member's inflated size is not, and total_bytes is
None (callers then count items).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, cast

from wparchive.readers.inputs import InputFile

_COMPRESSED_SUFFIXES = frozenset({".gz", ".zip"})


class ByteMeter:
    def __init__(self) -> None:
        self.bytes_read = 0
        self._sizes: list[int | None] = []
        self._furthest: list[int] = []

    @property
    def total_bytes(self) -> int | None:
        if not self._sizes or None in self._sizes:
            return None
        return sum(cast(list[int], self._sizes))

    def wrap(self, source: InputFile) -> InputFile:
        index = len(self._sizes)
        self._sizes.append(_plain_file_size(source.name))
        self._furthest.append(0)

        def open_counted() -> BinaryIO:
            return cast(BinaryIO, _CountingStream(source.open(), self, index))

        return replace(source, opener=open_counted)

    def advance(self, index: int, position: int) -> None:
        gained = position - self._furthest[index]
        if gained > 0:
            self._furthest[index] = position
            self.bytes_read += gained


def _plain_file_size(name: str) -> int | None:
    path = Path(name)
    if path.suffix.lower() in _COMPRESSED_SUFFIXES:
        return None
    try:
        return os.stat(path).st_size if path.is_file() else None
    except OSError:
        return None


class _CountingStream:
    """A binary stream that tells its meter how far it has been read."""

    def __init__(self, stream: BinaryIO, meter: ByteMeter, index: int) -> None:
        self._stream = stream
        self._meter = meter
        self._index = index
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._position += len(data)
        self._meter.advance(self._index, self._position)
        return data

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> _CountingStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
