"""Putting one file in the output folder: whole or not at all, and never over the user's work.

A file is written under a temporary name in `.wparchive/tmp/` and renamed into place, so a
run killed at any moment leaves only complete files. Before that, the target is looked at:

- it holds the very bytes this run would write: nothing to do (it keeps its date, too);
- it holds what wparchive wrote there (a checksum in the manifest or the journal): replaced;
- anything else (edited since, or never wparchive's): kept, unless `force`.

Workers call place_text() for the Markdown they render; the reading process for the rest.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from wparchive.errors import OutputError, output_error
from wparchive.manifest import FileRecord, append_journal


class Outcome(StrEnum):
    WRITTEN = "written"
    IDENTICAL = "identical"  # already there, byte for byte
    KEPT = "kept"  # the user's file stays; this run's version was not written


@dataclass(frozen=True, slots=True, kw_only=True)
class Landed:
    relative: str
    outcome: Outcome
    record: FileRecord  # what this run made for the path (for KEPT: what it would have written)


@dataclass(frozen=True, slots=True, kw_only=True)
class WriteRules:
    """Where and how a process writes; small and picklable, as it travels to the workers."""

    root: Path  # absolute
    temp_dir: Path  # on the same file system as root, so that a rename moves the file
    # None for a staging folder this run created: nothing in it is anyone else's.
    journal: Path | None
    force: bool = False
    reuse_unchanged: bool = False  # --incremental: keep a file whose item did not change


def place_text(
    rules: WriteRules, relative: str, text: str, ours: frozenset[str] = frozenset()
) -> Landed:
    """Write `text` at `relative` under the rules; `ours`: the checksums wparchive wrote there."""
    data = text.encode("utf-8")
    record = FileRecord(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    target = target_path(rules.root, relative)
    outcome = _existing(rules, target, record, ours)
    if outcome is not None:
        return Landed(relative=relative, outcome=outcome, record=record)
    if rules.journal is not None:
        append_journal(rules.journal, relative, record)
    write_through_temporary(target, data, rules.temp_dir)
    return Landed(relative=relative, outcome=Outcome.WRITTEN, record=record)


def write_through_temporary(target: Path, data: bytes, temp_dir: Path) -> None:
    """Write `data` under a temporary name in `temp_dir`, then rename it to `target`."""
    try:
        fd, temporary = tempfile.mkstemp(dir=temp_dir, prefix=".wparchive-", suffix=".tmp")
    except OSError as error:
        raise output_error(target, "write the file", error) from error
    try:
        # mkstemp makes the file private (0600); a written file gets the usual permissions.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise output_error(target, "write the file", error) from error
        raise


def place_file(
    rules: WriteRules, relative: str, source: Path, ours: frozenset[str] = frozenset()
) -> Landed:
    """Move the finished file `source` (in rules.temp_dir or a staging folder) to `relative`."""
    record = file_record(source)
    target = target_path(rules.root, relative)
    outcome = _existing(rules, target, record, ours)
    if outcome is not None:
        source.unlink()
        return Landed(relative=relative, outcome=outcome, record=record)
    if rules.journal is not None:
        append_journal(rules.journal, relative, record)
    try:
        os.replace(source, target)
    except OSError as error:
        raise output_error(target, "write the file", error) from error
    return Landed(relative=relative, outcome=Outcome.WRITTEN, record=record)


def file_record(path: Path) -> FileRecord:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
        return FileRecord(sha256=digest, size=os.fstat(handle.fileno()).st_size)


def current_sha256(path: Path) -> str | None:
    """The checksum of the file at `path`; None when there is none."""
    try:
        return file_record(path).sha256
    except FileNotFoundError:
        return None
    except IsADirectoryError as error:
        raise OutputError(
            f"{path}: a folder stands where wparchive writes a file; move it away"
        ) from error


def _existing(
    rules: WriteRules, target: Path, record: FileRecord, ours: frozenset[str]
) -> Outcome | None:
    """IDENTICAL or KEPT when the target must not be written; None to write it."""
    current = current_sha256(target)
    if current is None:
        return None
    if current == record.sha256:
        return Outcome.IDENTICAL
    if rules.journal is None or rules.force or current in ours:
        return None
    return Outcome.KEPT


def target_path(root: Path, relative: str) -> Path:
    """root/relative, its folder created; OutputError when a symbolic link leads outside."""
    target = root / relative
    _make_folder(target.parent)
    if not target.resolve().is_relative_to(_resolved(root)):
        raise OutputError(
            f"{target}: refusing to write outside the output folder {root}, where a symbolic "
            "link leads; remove the link, or choose an empty folder with -o"
        )
    return target


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        if isinstance(error, FileExistsError | NotADirectoryError):
            # out/posts is a file, say: mkdir's "File exists" does not say which is in the way.
            raise OutputError(
                f"{folder}: cannot create the folder, a file of that name (or of a folder "
                "above it) is in the way; move it, or choose an empty folder with -o"
            ) from error
        raise output_error(folder, "create the folder", error) from error


@cache
def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it, then put it back
    os.umask(mask)
    return mask


@cache
def _resolved(root: Path) -> Path:
    return root.resolve()
