"""Putting files in the output folder (output_files.py): whole files, never through a link
leading outside, the journal written before each rename; the same with a run's memory of
the folders it checked and its journal kept open as without."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from wparchive import output_files
from wparchive.errors import OutputError
from wparchive.manifest import read_journal
from wparchive.output_files import Outcome, WriteRules, end_run, forget_folders, place_text

RUNS = ["", "run-1"]  # without a run every folder is checked per file; with one, once


@pytest.fixture(autouse=True)
def _forget_runs() -> Iterator[None]:
    yield
    end_run("run-1")


def _rules(root: Path, run: str) -> WriteRules:
    state = root / ".wparchive"
    (state / "tmp").mkdir(parents=True, exist_ok=True)
    return WriteRules(root=root, temp_dir=state / "tmp", journal=state / "journal.jsonl", run=run)


@pytest.mark.parametrize("run", RUNS)
def test_a_file_lands_whole_with_the_usual_permissions(tmp_path: Path, run: str) -> None:
    rules = _rules(tmp_path, run)
    landed = place_text(rules, "posts/2020/a.md", "héllo\n")
    target = tmp_path / "posts" / "2020" / "a.md"
    assert landed.outcome is Outcome.WRITTEN
    assert target.read_bytes() == "héllo\n".encode()
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert list(rules.temp_dir.iterdir()) == []
    assert place_text(rules, "posts/2020/a.md", "héllo\n").outcome is Outcome.IDENTICAL


@pytest.mark.parametrize("run", RUNS)
def test_the_journal_has_each_file_written(tmp_path: Path, run: str) -> None:
    rules = _rules(tmp_path, run)
    first = place_text(rules, "a.md", "one\n")
    place_text(rules, "a.md", "one\n")  # identical: not written, not journalled
    second = place_text(rules, "posts/b.md", "two\n")
    assert rules.journal is not None
    assert read_journal(rules.journal) == [("a.md", first.record), ("posts/b.md", second.record)]


def test_a_journal_removed_at_the_end_of_a_run_is_not_written_through_an_old_descriptor(
    tmp_path: Path,
) -> None:
    rules = _rules(tmp_path, "run-1")
    place_text(rules, "a.md", "one\n")
    assert rules.journal is not None
    end_run("run-1")
    rules.journal.unlink()
    landed = place_text(rules, "b.md", "two\n")
    assert read_journal(rules.journal) == [("b.md", landed.record)]


def test_a_new_run_forgets_the_last_runs_journal(tmp_path: Path) -> None:
    place_text(_rules(tmp_path / "one", "run-1"), "a.md", "one\n")
    rules = _rules(tmp_path / "two", "run-2")
    landed = place_text(rules, "a.md", "one\n")
    end_run("run-2")
    assert rules.journal is not None
    assert read_journal(rules.journal) == [("a.md", landed.record)]


@pytest.mark.parametrize("run", RUNS)
def test_a_folder_linking_outside_is_refused(tmp_path: Path, run: str) -> None:
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    outside.mkdir()
    rules = _rules(root, run)
    (root / "posts").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="refusing to write outside the output folder"):
        place_text(rules, "posts/a.md", "text\n")
    assert list(outside.iterdir()) == []


def test_no_folder_is_made_under_a_folder_linking_outside(tmp_path: Path) -> None:
    """With a run's memory, folders are made one at a time under checked ones. (Without,
    target_path() makes the folders and then checks them: an empty one may be left.)"""
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    outside.mkdir()
    rules = _rules(root, "run-1")
    (root / "content").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="refusing to write outside the output folder"):
        place_text(rules, "content/hello/index.md", "text\n")
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("run", RUNS)
def test_a_bundle_folder_linking_outside_is_refused(tmp_path: Path, run: str) -> None:
    """A post's own folder (Hugo's bundles) already there as a link is checked, not reused."""
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    outside.mkdir()
    rules = _rules(root, run)
    place_text(rules, "content/first/index.md", "ours\n")
    (root / "content" / "second").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="refusing to write outside the output folder"):
        place_text(rules, "content/second/index.md", "text\n")
    assert list(outside.iterdir()) == []


def test_new_folders_climbing_out_are_not_made(tmp_path: Path) -> None:
    root = tmp_path / "out"
    rules = _rules(root, "run-1")
    place_text(rules, "content/first/index.md", "ours\n")
    with pytest.raises(OutputError, match="refusing to write outside the output folder"):
        place_text(rules, "content/new/../../../elsewhere/deeper/a.md", "text\n")
    assert not (tmp_path / "elsewhere").exists()
    assert (root / "content" / "first" / "index.md").read_text() == "ours\n"


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("relative", ["posts/../../elsewhere/a.md", "../elsewhere/a.md"])
def test_a_path_climbing_out_is_refused(tmp_path: Path, run: str, relative: str) -> None:
    root = tmp_path / "out"
    rules = _rules(root, run)
    place_text(rules, "posts/a.md", "ours\n")
    with pytest.raises(OutputError, match="refusing to write outside the output folder"):
        place_text(rules, relative, "text\n")
    assert not (tmp_path / "elsewhere" / "a.md").exists()


@pytest.mark.parametrize("run", RUNS)
def test_an_absolute_path_is_refused(tmp_path: Path, run: str) -> None:
    rules = _rules(tmp_path / "out", run)
    with pytest.raises(OutputError, match="refusing to write outside the output folder"):
        place_text(rules, str(tmp_path / "elsewhere.md"), "text\n")
    assert not (tmp_path / "elsewhere.md").exists()


@pytest.mark.parametrize("run", RUNS)
def test_a_file_linking_outside_is_refused(tmp_path: Path, run: str) -> None:
    root, outside = tmp_path / "out", tmp_path / "elsewhere.md"
    outside.write_text("theirs\n")
    rules = _rules(root, run)
    place_text(rules, "posts/a.md", "ours\n")  # the folder is checked (and remembered)
    (root / "posts" / "b.md").symlink_to(outside)
    with pytest.raises(OutputError, match="refusing to write outside the output folder"):
        place_text(rules, "posts/b.md", "text\n", ours=frozenset({"any"}))
    assert outside.read_text() == "theirs\n"


@pytest.mark.parametrize("run", RUNS)
def test_a_link_inside_is_replaced_not_written_through(tmp_path: Path, run: str) -> None:
    rules = _rules(tmp_path, run)
    place_text(rules, "posts/a.md", "first\n")
    (tmp_path / "posts" / "b.md").symlink_to(tmp_path / "posts" / "a.md")
    place_text(rules, "posts/b.md", "second\n", ours=frozenset())  # the user's link: kept
    assert (tmp_path / "posts" / "b.md").is_symlink()
    rules = WriteRules(
        root=rules.root, temp_dir=rules.temp_dir, journal=rules.journal, force=True, run=run
    )
    assert place_text(rules, "posts/b.md", "second\n").outcome is Outcome.WRITTEN
    assert not (tmp_path / "posts" / "b.md").is_symlink()
    assert (tmp_path / "posts" / "a.md").read_text() == "first\n"


@pytest.mark.parametrize("run", RUNS)
def test_a_folder_where_a_file_goes_is_an_error(tmp_path: Path, run: str) -> None:
    rules = _rules(tmp_path, run)
    (tmp_path / "posts" / "a.md").mkdir(parents=True)
    with pytest.raises(OutputError, match="a folder stands where wparchive writes a file"):
        place_text(rules, "posts/a.md", "text\n")


def test_a_folder_removed_mid_run_is_made_again_once_forgotten(tmp_path: Path) -> None:
    rules = _rules(tmp_path, "run-1")
    place_text(rules, "posts/a.md", "text\n")
    (tmp_path / "posts" / "a.md").unlink()
    (tmp_path / "posts").rmdir()  # as OutputState.remove_stale prunes empty folders
    forget_folders("run-1")
    place_text(rules, "posts/b.md", "text\n")
    assert (tmp_path / "posts" / "b.md").read_text() == "text\n"


def test_a_temporary_name_already_taken_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = _rules(tmp_path, "run-1")
    monkeypatch.setattr(output_files, "_temporary_numbers", iter(range(5)))
    (rules.temp_dir / f".wparchive-{os.getpid()}-0.tmp").write_text("a killed run's\n")
    place_text(rules, "a.md", "text\n")
    assert (tmp_path / "a.md").read_text() == "text\n"
    assert sorted(p.name for p in rules.temp_dir.iterdir()) == [f".wparchive-{os.getpid()}-0.tmp"]


def test_a_very_deep_folder_is_made(tmp_path: Path) -> None:
    """Folders are made one at a time in a loop: no recursion limit on how deep they go.

    (Recursing per level, 600 levels took 1,200 frames: a RecursionError. Deeper trees
    would also be beyond what shutil.rmtree, and so pytest's clean-up, can remove.)
    """
    rules = _rules(tmp_path / "out", "run-1")
    deep = "/".join(["d"] * 600)
    place_text(rules, f"{deep}/a.md", "deep\n")
    assert (tmp_path / "out" / deep / "a.md").read_text() == "deep\n"
