"""The output folder's manifest: what wparchive wrote there, so that a rerun knows its own.

`.wparchive/manifest.json` lists every file the last complete run wrote (path, sha256,
size) and every Markdown item (its file, a fingerprint of everything the file was made
from, and the comments and problems rendering it gave), with the wparchive version and the
options. A rerun overwrites a file only while it still has a checksum wparchive wrote:
anything else is the user's, and is kept unless --force.

While a run writes, `.wparchive/journal.jsonl` records each file just before it is renamed
into place (one line per file, appended by whichever process writes it), so the rerun of
a killed run also knows which files that run wrote. The manifest is written, atomically,
only at the end of a run, and then the journal is removed.

Like archive.json, the manifest is deterministic: sorted keys, no timestamps, one record
per line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from wparchive.policy import ConvertOptions

STATE_DIR = ".wparchive"
MANIFEST_NAME = "manifest.json"
JOURNAL_NAME = "journal.jsonl"
FORMAT = "wparchive-manifest/1"


@dataclass(frozen=True, slots=True, kw_only=True)
class FileRecord:
    sha256: str
    size: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemRecord:
    """One post's Markdown file, and what rendering it gave besides the text."""

    markdown_path: str
    fingerprint: str  # of the MarkdownJob, the options and the wparchive version
    comments: int
    problems: tuple[tuple[str, str, str], ...] = ()  # (where, code, message) of each


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    version: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    files: dict[str, FileRecord] = field(default_factory=dict)  # by path, relative, "/"
    items: dict[str, ItemRecord] = field(default_factory=dict)  # by item_key()


@dataclass(frozen=True, slots=True, kw_only=True)
class PreviousOutput:
    """What the folder holds for one Markdown file, as a worker needs it."""

    ours: frozenset[str] = frozenset()  # checksums wparchive wrote at the path
    item: ItemRecord | None = None  # the item's record in the last manifest
    file: FileRecord | None = None  # its file as the last complete run left it


class ManifestError(ValueError):
    """The manifest cannot be read: a run then treats the folder as holding none of its files."""


def item_key(post_type: str, post_id: int) -> str:
    return f"{post_type}:{post_id}"


@cache
def wparchive_version() -> str:
    try:
        return metadata.version("wparchive")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def options_record(options: ConvertOptions) -> dict[str, Any]:
    return asdict(options)


def write_manifest(
    handle: TextIO,
    *,
    version: str,
    options: dict[str, Any],
    files: Iterable[tuple[str, FileRecord]],
    items: Iterable[tuple[str, ItemRecord]],
) -> None:
    """The manifest's text, written as it goes: `files` and `items` come in key order, and
    may come from disk, so a large site's records are never all in memory at once."""
    head = {"format": FORMAT, "options": options, "wparchive": version}
    handle.write("{" + ",".join(f"\n {_json(key)}: {_json(value)}" for key, value in head.items()))
    handle.write(f",\n {_json('files')}: ")
    _write_block(handle, ((path, _file_json(record)) for path, record in files))
    handle.write(f",\n {_json('items')}: ")
    _write_block(handle, ((key, _item_json(record)) for key, record in items))
    handle.write("\n}\n")


def _write_block(handle: TextIO, records: Iterable[tuple[str, Any]]) -> None:
    """A mapping with one record per line, so that two manifests diff file by file."""
    separator = "{"
    for key, value in records:
        handle.write(f"{separator}\n  {_json(key)}: {_json(value)}")
        separator = ","
    handle.write("{}" if separator == "{" else "\n }")


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


# json.dumps(value, sort_keys=True) makes an encoder per call: a third of the manifest's time.
# ASCII (the default): a message may hold a lone surrogate.
_ENCODER = json.JSONEncoder(sort_keys=True)


def _file_json(record: FileRecord) -> dict[str, Any]:
    return {"sha256": record.sha256, "size": record.size}  # asdict() copies deeply, slowly


def _item_json(record: ItemRecord) -> dict[str, Any]:
    return {
        "markdown": record.markdown_path,
        "fingerprint": record.fingerprint,
        "comments": record.comments,
        "problems": [list(problem) for problem in record.problems],
    }


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at `path`, None when there is none; ManifestError when it is unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"cannot read it ({error})") from error
    try:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ManifestError(f"its format is {data.get('format')!r}, not {FORMAT!r}")
        return Manifest(
            version=str(data["wparchive"]),
            options=dict(data["options"]),
            files={
                str(path): FileRecord(sha256=str(rec["sha256"]), size=int(rec["size"]))
                for path, rec in data["files"].items()
            },
            items={str(key): _item(rec) for key, rec in data["items"].items()},
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        if isinstance(error, ManifestError):
            raise
        raise ManifestError(f"it is not a manifest wparchive wrote ({error})") from error


def _item(data: dict[str, Any]) -> ItemRecord:
    return ItemRecord(
        markdown_path=str(data["markdown"]),
        fingerprint=str(data["fingerprint"]),
        comments=int(data["comments"]),
        problems=tuple((str(w), str(c), str(m)) for w, c, m in data["problems"]),
    )


def append_journal(journal: Path, relative: str, record: FileRecord) -> None:
    """Record a file about to land. One write of one line: lines from concurrent worker
    processes do not interleave (O_APPEND), and a kill mid-line leaves a line read_journal
    skips. A process that writes many files keeps the journal open (output_files.RunMemory)."""
    fd = open_journal(journal)
    try:
        os.write(fd, journal_line(relative, record))
    finally:
        os.close(fd)


def open_journal(journal: Path) -> int:
    """A descriptor to append lines to the journal with, each in one os.write()."""
    return os.open(journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _CLOEXEC, 0o644)


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def journal_line(relative: str, record: FileRecord) -> bytes:
    return (json.dumps([relative, record.sha256, record.size]) + "\n").encode("utf-8")


def read_journal(journal: Path) -> list[tuple[str, FileRecord]]:
    try:
        lines = journal.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    entries = []
    for line in lines:
        try:
            relative, sha, size = json.loads(line)
            entries.append((str(relative), FileRecord(sha256=str(sha), size=int(size))))
        except (ValueError, TypeError):
            continue  # the last line of a run killed while writing it
    return entries
