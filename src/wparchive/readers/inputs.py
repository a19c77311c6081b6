"""What the user named on the command line, expanded into the files to read.

A path can be a file, a folder (its readable files, not recursive), a `.zip` (WordPress.com
delivers exports zipped; members are read in place, never extracted to disk) or a `.gz`.
WordPress.com splits a large site into `site.wordpress.2024-01-02.000.xml`, `.001.xml`,
...: names are ordered naturally so the parts come in sequence.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, cast

from wparchive.errors import InputError

READABLE_SUFFIXES = frozenset({".xml", ".html", ".htm", ".txt"})
FOLDER_SUFFIXES = READABLE_SUFFIXES | {".zip", ".gz"}
# Zip bombs: refuse a member that claims to inflate beyond this, or by more than this ratio.
MAX_MEMBER_BYTES = 4 * 1024**3
MAX_RATIO = 200
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One readable stream: `name` is what problems and sources call it."""

    name: str
    opener: Callable[[], BinaryIO]

    def open(self) -> BinaryIO:
        return self.opener()

    def head(self, size: int = 4096) -> bytes:
        """The first bytes, for sniffing."""
        with self.open() as stream:
            return stream.read(size)


# What a reader's read() accepts: what the registry passes, a path, or an open stream
# with the name problems should use (a stream that cannot seek is read into memory).
Source = InputFile | Path | str | tuple[BinaryIO, str]


def as_input_file(source: Source) -> InputFile:
    if isinstance(source, InputFile):
        return source
    if isinstance(source, str | Path):
        files = _expand_file(Path(source))
        if len(files) != 1:
            raise InputError(str(source), "holds several files: pass it to expand_inputs")
        return files[0]
    stream, name = source
    if not stream.seekable():
        stream = io.BytesIO(stream.read())
    return InputFile(name, _rewinding_opener(stream))


def _rewinding_opener(stream: BinaryIO) -> Callable[[], BinaryIO]:
    def reopen() -> BinaryIO:
        stream.seek(0)
        return cast(BinaryIO, _Borrowed(stream))

    return reopen


class _Borrowed:
    """The caller's stream, read from the start; closing it leaves it open for the caller."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def close(self) -> None:
        pass

    def __enter__(self) -> _Borrowed:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass


def natural_key(name: str) -> list[tuple[int, int | str]]:
    """Sort key that orders "part.2" before "part.10"."""
    return [(1, int(part)) if part.isdigit() else (0, part.lower()) for part in _DIGITS.split(name)]


def expand_inputs(paths: Sequence[Path]) -> list[InputFile]:
    """The files to read, in order; InputError for a path that does not exist or is unusable."""
    found: list[InputFile] = []
    for path in paths:
        if path.is_dir():
            members = [
                p for p in path.iterdir() if p.is_file() and _wanted(p.name, FOLDER_SUFFIXES)
            ]
            for member in sorted(members, key=lambda p: natural_key(p.name)):
                found.extend(_expand_file(member))
        elif path.is_file():
            found.extend(_expand_file(path))
        else:
            raise InputError(
                str(path),
                "no such file or folder; check the path (give export .xml files, .zip or .gz "
                "of them, saved pages, text captures, or folders holding them)",
            )
    return found


def _wanted(name: str, suffixes: frozenset[str]) -> bool:
    return not name.startswith(".") and Path(name).suffix.lower() in suffixes


def _expand_file(path: Path) -> list[InputFile]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _zip_members(path)
    if suffix == ".gz":
        return [InputFile(str(path), _gzip_opener(path))]
    return [InputFile(str(path), lambda: cast(BinaryIO, path.open("rb")))]


def _zip_members(path: Path) -> list[InputFile]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if _zip_member_wanted(info)]
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(
            str(path),
            f"not a readable zip file ({error}); download it again, or unzip it and give the "
            "export .xml instead",
        ) from error
    for info in infos:
        _check_bomb(path, info)
    infos.sort(key=lambda info: natural_key(info.filename))
    return [
        InputFile(f"{path}:{info.filename}", _member_opener(path, info.filename)) for info in infos
    ]


def _zip_member_wanted(info: zipfile.ZipInfo) -> bool:
    name = info.filename
    base = name.rsplit("/", 1)[-1]
    return (
        not info.is_dir() and not name.startswith("__MACOSX/") and _wanted(base, READABLE_SUFFIXES)
    )


def _check_bomb(path: Path, info: zipfile.ZipInfo) -> None:
    too_big = info.file_size > MAX_MEMBER_BYTES
    ratio = info.file_size / max(info.compress_size, 1)
    if too_big or (ratio > MAX_RATIO and info.file_size > 64 * 1024**2):
        raise InputError(
            f"{path}:{info.filename}",
            f"refusing to inflate {info.compress_size} bytes into {info.file_size} (zip bomb?); "
            "if you trust the file, unzip it yourself and give the .xml",
        )


def _gzip_opener(path: Path) -> Callable[[], BinaryIO]:
    def open_gzip() -> BinaryIO:
        stream = cast(IO[bytes], gzip.open(path, "rb"))  # noqa: SIM115 (closed by the wrapper)
        return cast(BinaryIO, _Decompressed(str(path), stream))

    return open_gzip


def _member_opener(path: Path, member: str) -> Callable[[], BinaryIO]:
    def open_member() -> BinaryIO:
        archive = zipfile.ZipFile(path)
        try:
            stream = archive.open(member)
        except DAMAGE as error:
            archive.close()
            raise _damaged(f"{path}:{member}", error) from error
        return cast(BinaryIO, _Decompressed(f"{path}:{member}", stream, archive))

    return open_member


# What a damaged .gz or zip member raises part-way through: a truncated gzip raised
# EOFError, a flipped byte zlib.error, a zip member's bad CRC BadZipFile (not OSError).
DAMAGE = (OSError, EOFError, zlib.error, zipfile.BadZipFile)


def _damaged(name: str, error: BaseException) -> InputError:
    reason = error or type(error).__name__
    return InputError(
        name,
        f"the compressed data is damaged ({reason}); copy or download the file again, "
        "or give the uncompressed export",
    )


class _Decompressed:
    """A decompressing stream whose damage is an InputError; closes its archive with it
    (a ZipExtFile alone would leak the zip file)."""

    def __init__(
        self, name: str, stream: IO[bytes], archive: zipfile.ZipFile | None = None
    ) -> None:
        self._name = name
        self._stream = stream
        self._archive = archive

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except DAMAGE as error:
            raise _damaged(self._name, error) from error

    def close(self) -> None:
        self._stream.close()
        if self._archive is not None:
            self._archive.close()

    def __enter__(self) -> _Decompressed:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
