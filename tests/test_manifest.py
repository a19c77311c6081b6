"""The output folder's manifest, and reruns into a folder that holds files already: nothing
the user changed is overwritten or removed without --force; what wparchive wrote is."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from rerun_helpers import CORPUS, newer_export, tree
from support import FIXTURES
from wparchive.cli import main
from wparchive.errors import OutputError
from wparchive.manifest import FORMAT, JOURNAL_NAME, MANIFEST_NAME, STATE_DIR, read_manifest
from wparchive.pipeline import convert
from wparchive.policy import ConvertOptions

SEED = FIXTURES / "seed-export" / "input.xml"
SEED_PAGE = "pages/about.md"
# Rendering it records problems: a comment whose parent is not exported, featured images
# whose attachment is not.
PELICAN = CORPUS / "getpelican__pelican__wordpressexport.xml"
THEME_UNIT = CORPUS / "WPTT__theme-unit-test__themeunittestdata.wordpress.xml"


def _convert(out: Path, *args: str, source: Path = SEED) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(out), "-j", "1", *args])
    return result.exit_code, result.output


def test_manifest_lists_every_file_with_its_checksum_and_every_item(tmp_path: Path) -> None:
    report = convert([THEME_UNIT], tmp_path, jobs=1)
    manifest = read_manifest(tmp_path / STATE_DIR / MANIFEST_NAME)
    assert manifest is not None
    written = {p.relative_to(tmp_path).as_posix(): p for p in tmp_path.rglob("*") if p.is_file()}
    del written[f"{STATE_DIR}/{MANIFEST_NAME}"]
    assert sorted(manifest.files) == sorted(written)
    for relative, record in manifest.files.items():
        data = written[relative].read_bytes()
        assert (record.sha256, record.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert len(manifest.items) == sum(report.written.values())
    assert {item.markdown_path for item in manifest.items.values()} == {
        p for p in written if p.endswith(".md")
    }
    assert manifest.options["layout"] == "archive" and manifest.version


def test_manifest_keeps_what_rendering_recorded(tmp_path: Path) -> None:
    """So that --incremental reports the problems of an item it does not render again."""
    report = convert([PELICAN], tmp_path, jobs=1)
    manifest = read_manifest(tmp_path / STATE_DIR / MANIFEST_NAME)
    assert manifest is not None
    recorded = [problem for item in manifest.items.values() for problem in item.problems]
    codes = {code for _, code, _ in recorded}
    assert codes == {"comment-orphan", "missing-featured-image"}
    reported = {(p.where, p.code, p.message) for p in report.problems}
    assert set(recorded) <= reported


def test_manifest_is_one_record_per_line_and_json(tmp_path: Path) -> None:
    convert([SEED], tmp_path, jobs=1)
    text = (tmp_path / STATE_DIR / MANIFEST_NAME).read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format"] == FORMAT
    assert f'\n  "{SEED_PAGE}": {{"sha256": ' in text
    assert not (tmp_path / STATE_DIR / JOURNAL_NAME).exists()
    assert sorted(p.name for p in (tmp_path / STATE_DIR).iterdir()) == [MANIFEST_NAME]


def test_a_rerun_rewrites_no_file(tmp_path: Path) -> None:
    convert([SEED], tmp_path, jobs=1)
    times = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.md")}
    before = tree(tmp_path)
    code, output = _convert(tmp_path)
    assert code == 0, output
    assert tree(tmp_path) == before
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.md")} == times


def test_an_edited_file_is_kept_without_force_and_overwritten_with_it(tmp_path: Path) -> None:
    convert([SEED], tmp_path, jobs=1)
    page = tmp_path / SEED_PAGE
    original = page.read_bytes()
    edited = original + b"\nMy own note, added after the conversion.\n"
    page.write_bytes(edited)

    code, output = _convert(tmp_path)
    assert code == 0, output
    assert page.read_bytes() == edited
    assert f"warning: {SEED_PAGE}: you changed this file since wparchive wrote it" in output
    assert "--force overwrites it" in output
    assert "kept 1 existing file (--force)" in output
    archive = json.loads((tmp_path / "archive.json").read_text(encoding="utf-8"))
    assert [p["code"] for p in archive["problems"]] == ["kept-existing-file"]

    code, output = _convert(tmp_path, "--strict")
    assert code == 3 and page.read_bytes() == edited  # still kept: still the user's

    code, output = _convert(tmp_path, "--force")
    assert code == 0, output
    assert page.read_bytes() == original
    assert "warning" not in output and "existing file" not in output
    fresh = tmp_path.parent / "fresh"
    convert([SEED], fresh, jobs=1)
    assert tree(tmp_path) == tree(fresh)


def test_files_wparchive_did_not_write_are_kept_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    foreign = tmp_path / SEED_PAGE
    foreign.write_text("# About\n\nWritten by hand before any conversion.\n", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")

    code, output = _convert(tmp_path)
    assert code == 0, output
    assert foreign.read_text(encoding="utf-8").startswith("# About\n\nWritten by hand")
    assert f"{SEED_PAGE}: this file was not written by wparchive; kept it" in output
    manifest = read_manifest(tmp_path / STATE_DIR / MANIFEST_NAME)
    assert manifest is not None
    assert SEED_PAGE not in manifest.files and "notes.txt" not in manifest.files

    code, output = _convert(tmp_path, "--force")
    assert code == 0, output
    assert foreign.read_text(encoding="utf-8").startswith("---\n")
    assert notes.read_text(encoding="utf-8") == "my notes\n"  # never ours, never in the way


def test_a_file_identical_to_ours_is_taken_over(tmp_path: Path) -> None:
    """A copy of a conversion (cp -r without .wparchive) is recognised, byte for byte."""
    reference = tmp_path / "reference"
    convert([SEED], reference, jobs=1)
    copy = tmp_path / "copy"
    for relative, data in tree(reference).items():
        if not relative.startswith(STATE_DIR):
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            (copy / relative).write_bytes(data)
    code, output = _convert(copy)
    assert code == 0 and "warning" not in output, output
    assert tree(copy) == tree(reference)


def test_files_of_removed_items_go_unless_edited(tmp_path: Path) -> None:
    newer = tmp_path / "newer.xml"
    slugs = newer_export(THEME_UNIT, newer)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    convert([THEME_UNIT], out, jobs=1)
    [removed] = out.rglob(f"{slugs['removed']}.md")

    report = convert([newer], out, jobs=1)  # a full rerun removes them too
    assert "; removed 1 file of items no longer written; " in report.summary()
    convert([newer], fresh, jobs=1)
    assert not removed.exists()
    assert tree(out) == tree(fresh)

    convert([THEME_UNIT], out, jobs=1)
    removed.write_text(removed.read_text(encoding="utf-8") + "\nmine\n", encoding="utf-8")
    report = convert([newer], out, jobs=1)
    assert removed.read_text(encoding="utf-8").endswith("\nmine\n")
    [problem] = [p for p in report.problems if p.code == "kept-stale-file"]
    assert problem.where == removed.relative_to(out).as_posix()
    assert "--force removes it" in problem.message
    convert([newer], out, jobs=1, force=True)
    assert not removed.exists()


def test_a_damaged_manifest_makes_every_changed_file_the_users(tmp_path: Path) -> None:
    convert([SEED], tmp_path, jobs=1)
    page = tmp_path / SEED_PAGE
    page.write_text("edited\n", encoding="utf-8")
    (tmp_path / STATE_DIR / MANIFEST_NAME).write_text('{"format": "wparch', encoding="utf-8")
    report = convert([SEED], tmp_path, jobs=1)
    problems = [(p.code, p.where) for p in report.problems]
    # archive.json differs now (it lists the problems): without a manifest, it is kept too.
    assert problems == [
        ("unreadable-manifest", f"{STATE_DIR}/{MANIFEST_NAME}"),
        ("kept-existing-file", SEED_PAGE),
        ("kept-existing-file", "archive.json"),
    ]
    assert page.read_text(encoding="utf-8") == "edited\n"
    assert read_manifest(tmp_path / STATE_DIR / MANIFEST_NAME) is not None  # written anew


def test_two_runs_into_one_folder_do_not_mix(tmp_path: Path) -> None:
    (tmp_path / STATE_DIR).mkdir()
    fd = os.open(tmp_path / STATE_DIR, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputError, match="another wparchive run is writing"):
            convert([SEED], tmp_path, jobs=1)
    finally:
        os.close(fd)
    convert([SEED], tmp_path, jobs=1)  # the lock goes with the run


@pytest.mark.parametrize("layout", ["archive", "hugo"])
def test_the_tree_with_its_manifest_is_the_same_for_any_number_of_workers(
    layout: str, tmp_path: Path
) -> None:
    options = ConvertOptions(layout=layout)
    convert([THEME_UNIT], tmp_path / "1", options=options, jobs=1)
    convert([THEME_UNIT], tmp_path / "2", options=options, jobs=2)
    assert tree(tmp_path / "1") == tree(tmp_path / "2")
