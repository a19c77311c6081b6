"""Putting one file in the output folder: whole or not at all, and never over the user's work.

A file is written under a temporary name in `.wparchive/tmp/` and renamed into place, so a
run killed at any moment leaves only complete files. Before that, the target is looked at:

- it holds the very bytes this run would write: nothing to do (it keeps its date, too);
- it holds what wparchive wrote there (a checksum in the manifest or the journal): replaced;
- anything else (edited since, or never wparchive's): kept, unless `force`.

Workers call place_text() for the Markdown they render; the reading process for the rest.

Each process remembers, for the run named in WriteRules.run, the folders it has made and
checked to lie inside the output folder, and keeps the run's journal open: per file that
leaves one look at the target, one file created, one journal line and one rename (the
checks of every folder above it cost more than the write itself, 9,000 files: 0.7 s).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import stat
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from wparchive.errors import OutputError, output_error
from wparchive.manifest import FileRecord, append_journal, journal_line, open_journal


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
    # A name unique to the run (OutputState makes it): what a process remembers between
    # files (RunMemory) holds for that run only. "": remember nothing, check every folder.
    run: str = ""


def place_text(
    rules: WriteRules, relative: str, text: str, ours: frozenset[str] = frozenset()
) -> Landed:
    """Write `text` at `relative` under the rules; `ours`: the checksums wparchive wrote there."""
    data = text.encode("utf-8")
    record = FileRecord(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    target, present = _target(rules, relative)
    outcome = _existing(rules, target, record, ours) if present else None
    if outcome is not None:
        return Landed(relative=relative, outcome=outcome, record=record)
    _journal(rules, relative, record)
    write_through_temporary(target, data, rules.temp_dir)
    return Landed(relative=relative, outcome=Outcome.WRITTEN, record=record)


def write_through_temporary(target: str | Path, data: bytes, temp_dir: str | Path) -> None:
    """Write `data` under a temporary name in `temp_dir`, then rename it to `target`."""
    try:
        fd, temporary = _new_temporary(temp_dir)
    except OSError as error:
        raise output_error(Path(target), "write the file", error) from error
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise output_error(Path(target), "write the file", error) from error
        raise


# A file created by the run, never an existing one nor through a symbolic link; the mode
# after the umask is a written file's usual one (mkstemp's was 0600, and needed a chmod).
_TEMPORARY_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
)
_TEMPORARY_TRIES = 100
_temporary_numbers = itertools.count()


def _new_temporary(temp_dir: str | Path) -> tuple[int, str]:
    """A new, empty file in `temp_dir`, named after this process and a counter: two
    processes never pick the same name, so unlike mkstemp no random name is needed. A name
    already taken (a killed process's leftover, a user's file) is skipped."""
    for _ in range(_TEMPORARY_TRIES):
        name = f".wparchive-{os.getpid()}-{next(_temporary_numbers)}.tmp"
        temporary = os.path.join(temp_dir, name)
        try:
            return os.open(temporary, _TEMPORARY_FLAGS, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"{temp_dir}: {_TEMPORARY_TRIES} temporary names in a row are taken")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def place_file(
    rules: WriteRules, relative: str, source: Path, ours: frozenset[str] = frozenset()
) -> Landed:
    """Move the finished file `source` (in rules.temp_dir or a staging folder) to `relative`."""
    record = file_record(source)
    target, present = _target(rules, relative)
    outcome = _existing(rules, target, record, ours) if present else None
    if outcome is not None:
        source.unlink()
        return Landed(relative=relative, outcome=outcome, record=record)
    _journal(rules, relative, record)
    try:
        os.replace(source, target)
    except OSError as error:
        raise output_error(Path(target), "write the file", error) from error
    return Landed(relative=relative, outcome=Outcome.WRITTEN, record=record)


_READ_SIZE = 1 << 18


def file_record(path: str | Path) -> FileRecord:
    # os.read into one hash: a third of the time of hashlib.file_digest on a buffered file,
    # which allocates its own 256 KiB buffer per file (Markdown files are a few KB).
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        digest = hashlib.sha256()
        size = 0
        while chunk := os.read(fd, _READ_SIZE):
            digest.update(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    return FileRecord(sha256=digest.hexdigest(), size=size)


def current_sha256(path: str | Path) -> str | None:
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
    rules: WriteRules, target: str | Path, record: FileRecord, ours: frozenset[str]
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
    _check_inside(root, target, target)
    return target


def _check_inside(root: Path, path: Path, target: Path) -> None:
    """OutputError (about writing `target`) when `path` resolves to outside `root`."""
    if not path.resolve().is_relative_to(_resolved(root)):
        raise OutputError(
            f"{target}: refusing to write outside the output folder {root}, where a symbolic "
            "link leads; remove the link, or choose an empty folder with -o"
        )


def _target(rules: WriteRules, relative: str) -> tuple[str | Path, bool]:
    """The target of `relative`, its folder made and checked as target_path() does; and
    False when nothing (no file, folder or link) stands there, True when something may."""
    memory = run_memory(rules.run)
    folder, _, name = relative.rpartition("/")
    if memory is None or not _plain(relative, name):
        return target_path(rules.root, relative), True
    memory.check_folder(rules.root, folder, relative)
    target = os.path.join(memory.root_text(rules.root), relative)
    try:
        is_link = stat.S_ISLNK(os.lstat(target).st_mode)
    except FileNotFoundError:
        return target, False
    if is_link:  # the folder is inside; where the link leads must be too
        return target_path(rules.root, relative), True
    return target, True


def _plain(relative: str, name: str) -> bool:
    """Whether `relative` leads where its folder does, to `name` in it: not so for "a/..",
    "/etc/x" or, on Windows, "a\\..\\..\\x" (only resolving them says where they are)."""
    windows_path = os.sep != "/" and (os.sep in relative or bool(os.path.splitdrive(relative)[0]))
    return name not in ("", ".", "..") and not os.path.isabs(relative) and not windows_path


class RunMemory:
    """What one process remembers between the files it writes for one run: the folders it
    made and checked, and the journal it keeps open.

    A folder is checked once, not per file: a link swapped in mid-run would be missed, as
    it always could be between the check and the rename. Each journal line is still one
    write with O_APPEND, as the write of a process that opens the file per line, so a kill
    leaves the same journal either way.
    """

    MAX_FOLDERS = 4096  # one folder per post (Hugo's bundles): forget them now and then

    def __init__(self, run: str) -> None:
        self.run = run
        self._folders: set[tuple[Path, str]] = set()
        self._roots: dict[Path, str] = {}
        self._journals: dict[Path, int] = {}

    def check_folder(self, root: Path, folder: str, relative: str) -> None:
        """Make root/folder and check it lies inside root (relative: the file written), once.

        Folders not checked yet are made one at a time from the top, so that a new one is
        only ever made inside a checked one: never through a link leading outside.
        """
        if (root, folder) in self._folders:
            return
        names = folder.split("/")
        for depth in range(1, len(names) + 1):
            path = "/".join(names[:depth])
            if (root, path) in self._folders:
                continue
            if depth == 1 or not self._made_in_checked_parent(root, path, names[depth - 1]):
                full = root / path
                _make_folder(full)
                _check_inside(root, full, root / relative)
            if len(self._folders) >= self.MAX_FOLDERS:
                self._folders.clear()
            self._folders.add((root, path))

    def _made_in_checked_parent(self, root: Path, path: str, name: str) -> bool:
        """Whether root/path, whose parent was just checked, is new and made by this call.

        A folder this process creates in a parent inside root is inside too, without
        resolving its path (100 µs, against 10 for the mkdir): Hugo's bundles make one per
        post. False, nothing made, when it is there already or cannot be made here: the
        caller then makes and checks it the long way, which explains any error.
        """
        if name in ("", ".", ".."):  # not a new folder's name
            return False
        try:
            os.mkdir(f"{self.root_text(root)}/{path}")  # "/" joined: stays under root
        except OSError:
            return False
        return True

    def forget_folders(self) -> None:
        self._folders.clear()

    def root_text(self, root: Path) -> str:
        text = self._roots.get(root)
        if text is None:
            text = self._roots[root] = str(root)
        return text

    def journal(self, path: Path) -> int:
        fd = self._journals.get(path)
        if fd is None:
            fd = self._journals[path] = open_journal(path)
        return fd

    def close(self) -> None:
        for fd in self._journals.values():
            os.close(fd)
        self._journals.clear()
        self._folders.clear()


_memory: RunMemory | None = None


def run_memory(run: str) -> RunMemory | None:
    """This process's memory of `run`, a fresh one when another run is remembered; None for
    no run ("")."""
    global _memory
    if not run:
        return None
    if _memory is None or _memory.run != run:
        if _memory is not None:
            _memory.close()
        _memory = RunMemory(run)
    return _memory


def end_run(run: str) -> None:
    """Close the journal and forget the folders `run` left open in this process."""
    global _memory
    if _memory is not None and _memory.run == run:
        _memory.close()
        _memory = None


def forget_folders(run: str) -> None:
    """Check folders anew for `run` in this process (after removing some)."""
    if _memory is not None and _memory.run == run:
        _memory.forget_folders()


def _journal(rules: WriteRules, relative: str, record: FileRecord) -> None:
    """Record in the journal the file about to land (before the rename)."""
    if rules.journal is None:
        return
    memory = run_memory(rules.run)
    if memory is None:
        append_journal(rules.journal, relative, record)
        return
    os.write(memory.journal(rules.journal), journal_line(relative, record))


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
def _resolved(root: Path) -> Path:
    return root.resolve()
