"""The output folder as one run sees it: what wparchive wrote there before, what it writes now.

Opened at the start of a run: reads the last manifest and the journal of a killed run (see
manifest.py), empties `.wparchive/tmp/` of a killed run's half-written files, and locks the
folder against a second run. Every file the run puts in place is reported to land(); at the
end, files an earlier run wrote that this one did not are removed (when unedited), the
manifest is written and the journal removed.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections import Counter
from pathlib import Path
from types import TracebackType

from wparchive.diskset import StringMap
from wparchive.errors import OutputError, output_error
from wparchive.manifest import (
    JOURNAL_NAME,
    MANIFEST_NAME,
    STATE_DIR,
    FileRecord,
    ItemRecord,
    Manifest,
    ManifestError,
    PreviousOutput,
    options_record,
    read_journal,
    read_manifest,
    wparchive_version,
    write_manifest,
)
from wparchive.output_files import (
    Landed,
    Outcome,
    WriteRules,
    current_sha256,
    end_run,
    forget_folders,
    place_file,
)
from wparchive.policy import ConvertOptions
from wparchive.problems import ProblemLog

try:
    import fcntl
except ImportError:  # Windows: runs are not locked against each other
    fcntl = None  # type: ignore[assignment]


class OutputState:
    def __init__(
        self, out: Path, options: ConvertOptions, *, force: bool = False, incremental: bool = False
    ) -> None:
        self.root = out.absolute()
        self.state_dir = self.root / STATE_DIR
        self.temp_dir = self.state_dir / "tmp"
        self.staging_dir = self.state_dir / "staged"
        self.journal = self.state_dir / JOURNAL_NAME
        self.options = options
        self.force = force
        self.incremental = incremental
        self.run = secrets.token_hex(8)  # names this run to the processes writing for it
        self._lock = _lock(self.state_dir)
        for leftover in (self.temp_dir, self.staging_dir):
            shutil.rmtree(leftover, ignore_errors=True)  # a killed run's unfinished files
        self.temp_dir.mkdir()
        self.manifest_problem = ""
        self.previous = self._read_previous()
        self._ours: dict[str, set[str]] = {
            path: {record.sha256} for path, record in self.previous.files.items()
        }
        for path, record in read_journal(self.journal):
            self._ours.setdefault(path, set()).add(record.sha256)
        # One record per file and per item: on disk (diskset.py), as they grow with the export.
        self.files: StringMap[FileRecord] = StringMap()  # what the folder holds of ours after
        self.made: StringMap[str] = StringMap()  # path -> the checksum this run made for it
        self.items: StringMap[ItemRecord] = StringMap()
        self.kept: list[str] = []

    def __enter__(self) -> OutputState:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        end_run(self.run)
        shutil.rmtree(self.temp_dir, ignore_errors=True)
        shutil.rmtree(self.staging_dir, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def _read_previous(self) -> Manifest:
        try:
            return read_manifest(self.state_dir / MANIFEST_NAME) or Manifest()
        except ManifestError as error:
            self.manifest_problem = str(error)
            return Manifest()

    # --- where and how files are written --------------------------------------------

    def rules(self) -> WriteRules:
        return WriteRules(
            root=self.root,
            temp_dir=self.temp_dir,
            journal=self.journal,
            force=self.force,
            reuse_unchanged=self.incremental,
            run=self.run,
        )

    def staging_rules(self) -> WriteRules:
        """For files the run still rewrites (links, media) before they take their place."""
        self.staging_dir.mkdir(exist_ok=True)
        return WriteRules(root=self.staging_dir, temp_dir=self.temp_dir, journal=None, run=self.run)

    def ours(self, relative: str) -> frozenset[str]:
        """The checksums of `relative` that are wparchive's: as an earlier run wrote it, and
        as this run did (a file rewritten at the end, e.g. for late copies of uploads)."""
        landed = self.files.get(relative)
        earlier = self._ours.get(relative, ())
        return frozenset((*earlier, landed.sha256) if landed is not None else earlier)

    def previous_for(self, key: str, markdown_path: str) -> PreviousOutput | None:
        ours = self.ours(markdown_path)
        item = self.previous.items.get(key)
        if not ours and item is None:
            return None
        file = self.previous.files.get(item.markdown_path) if item is not None else None
        return PreviousOutput(ours=ours, item=item, file=file)

    # --- what landed ---------------------------------------------------------------------

    def place(self, relative: str, source: Path, log: ProblemLog) -> Landed:
        """Move a file finished in the temporary or staging folder into place."""
        landed = place_file(self.rules(), relative, source, self.ours(relative))
        self.land(landed, log)
        return landed

    def land(self, landed: Landed, log: ProblemLog) -> None:
        relative = landed.relative
        self.made[relative] = landed.record.sha256
        if landed.outcome is not Outcome.KEPT:
            self.files[relative] = landed.record
            return
        self.kept.append(relative)
        earlier = self.previous.files.get(relative)
        if earlier is not None:  # still ours, as it was: the next run keeps it too
            self.files[relative] = earlier
        why = (
            "you changed this file since wparchive wrote it"
            if relative in self._ours
            else "this file was not written by wparchive"
        )
        log.add(
            source="",
            where=relative,
            code="kept-existing-file",
            message=f"{why}; kept it as it is, without this run's version (--force overwrites it)",
        )

    def item(self, key: str, record: ItemRecord) -> None:
        self.items[key] = record

    # --- the end of a run ------------------------------------------------------------

    def remove_stale(self, log: ProblemLog, *, still_to_come: frozenset[str]) -> int:
        """Remove the files an earlier run wrote that this run did not; how many.

        `still_to_come`: the paths this run writes after this (the archive, last).
        """
        removed = 0
        done = set(self.kept) | still_to_come
        stale = (path for path in self._ours if path not in done and path not in self.files)
        for relative in sorted(stale):
            target = self.root / relative
            current = current_sha256(target)
            if current is None:
                continue
            if current in self._ours[relative] or self.force:
                target.unlink()
                _prune_empty_folders(target.parent, self.root)
                forget_folders(self.run)  # the next file in a pruned folder makes it anew
                removed += 1
                continue
            earlier = self.previous.files.get(relative)
            if earlier is not None:  # still ours as we wrote it: --force can remove it later
                self.files[relative] = earlier
            log.add(
                source="",
                where=relative,
                code="kept-stale-file",
                message=(
                    "this run no longer writes this file, which you changed since wparchive "
                    "wrote it; kept it (--force removes it)"
                ),
            )
        return removed

    def changes(self) -> Counter[str]:
        """Items added, changed, unchanged and removed since the last complete run."""
        counts: Counter[str] = Counter(added=0, changed=0, unchanged=0, removed=0)
        for key, item in self.items.items():
            before = self.previous.items.get(key)
            if before is None:
                counts["added"] += 1
                continue
            earlier = self.previous.files.get(before.markdown_path)
            same = earlier is not None and earlier.sha256 == self.made.get(item.markdown_path)
            counts["unchanged" if same else "changed"] += 1
        counts["removed"] = sum(key not in self.items for key in self.previous.items)
        return counts

    def finish(self) -> None:
        """Write the manifest (atomically), then drop the journal it supersedes."""
        temporary = self.temp_dir / MANIFEST_NAME
        with temporary.open("w", encoding="utf-8", newline="\n") as handle:
            write_manifest(
                handle,
                version=wparchive_version(),
                options=options_record(self.options),
                files=self.files.items(),
                items=self.items.items(),
            )
        os.replace(temporary, self.state_dir / MANIFEST_NAME)
        end_run(self.run)  # closes this process's journal descriptor
        self.journal.unlink(missing_ok=True)


def _lock(state_dir: Path) -> int | None:
    """Lock the state folder for this run: two runs into one folder would undo each other."""
    try:
        state_dir.mkdir(exist_ok=True)
    except OSError as error:  # the first thing a run writes: a folder nobody may write to
        raise output_error(state_dir.parent, "write the archive in this folder", error) from error
    if fcntl is None:
        return None
    fd = os.open(state_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(fd)
        raise OutputError(
            f"{state_dir.parent}: another wparchive run is writing to this folder; "
            "wait for it to finish"
        ) from error
    return fd


def _prune_empty_folders(folder: Path, root: Path) -> None:
    """Remove folders left empty, up to the output folder, as a fresh run would not make them."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:  # not empty
            return
        folder = folder.parent
