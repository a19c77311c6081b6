"""A run killed with SIGKILL at any moment leaves only complete files, and running the same
command again finishes the job: the tree is then byte for byte that of an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rerun_helpers import CORPUS, tree
from wparchive.manifest import JOURNAL_NAME, STATE_DIR

# Two real exports merged into one run: 130 Markdown files, enough to be killed with most
# of them still to come (the kill comes within milliseconds of the fifth).
INPUTS = [
    CORPUS / "WPTT__theme-unit-test__themeunittestdata.wordpress.xml",
    CORPUS / "DavidSouther__davidsouther.github.com__wordpress.xml",
]
KILL_AFTER_FILES = 5


def _command(out: Path, *extra: str) -> list[str]:
    inputs = [str(path) for path in INPUTS]
    return [sys.executable, "-m", "wparchive", "convert", *inputs, "-o", str(out), "-q", *extra]


def _kill_mid_run(out: Path, *extra: str) -> None:
    """Start the command, SIGKILL it and its workers once some Markdown has landed."""
    process = subprocess.Popen(
        _command(out, *extra),
        start_new_session=True,  # its own process group: the workers die with it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(out.rglob("*.md"))) < KILL_AFTER_FILES:
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no Markdown written in 60 s"
            time.sleep(0.005)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL


def _assert_only_complete_files(out: Path) -> None:
    for path in out.rglob("*"):
        relative = path.relative_to(out)
        if path.is_dir() or relative.parts[0] == STATE_DIR:
            continue  # wparchive's own: the journal, and half-written files in tmp/
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            assert text.startswith("---\n") and "\n---\n" in text[3:], relative
        elif path.suffix == ".json":
            json.loads(text)
        else:
            pytest.fail(f"{relative}: not a file the run writes")


def test_a_killed_run_leaves_complete_files_and_the_rerun_finishes_it(tmp_path: Path) -> None:
    jobs = "2"  # workers write the Markdown, the reading process the rest
    killed, reference = tmp_path / "killed", tmp_path / "reference"
    _kill_mid_run(killed, "-j", jobs)
    _assert_only_complete_files(killed)
    assert not (killed / "archive.json").exists()  # written last
    assert (killed / STATE_DIR / JOURNAL_NAME).exists()

    rerun = subprocess.run(_command(killed, "-j", jobs), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    whole = subprocess.run(_command(reference, "-j", jobs), capture_output=True, text=True)
    # The same summary: no file of the killed run taken for the user's ("kept ... (--force)").
    assert rerun.stdout.replace(str(killed), "OUT") == whole.stdout.replace(str(reference), "OUT")
    assert tree(killed) == tree(reference)
    assert sorted(p.name for p in (killed / STATE_DIR).iterdir()) == ["manifest.json"]


def test_a_run_killed_while_rewriting_links_leaves_no_half_migrated_post(tmp_path: Path) -> None:
    """Site-generator layouts rewrite links once every post is written: posts wait in
    .wparchive/staged/ until then, so a killed run leaves none with links not rewritten."""
    killed, reference = tmp_path / "killed", tmp_path / "reference"
    process = subprocess.Popen(
        _command(killed, "--layout", "hugo", "-j", "1"),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        staged = killed / STATE_DIR / "staged"
        while len(list(staged.rglob("*.md"))) < KILL_AFTER_FILES:
            assert process.poll() is None, "the run ended before it could be killed"
            time.sleep(0.005)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert [p for p in killed.rglob("*.md") if STATE_DIR not in p.parts] == []

    rerun = subprocess.run(_command(killed, "--layout", "hugo"), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    subprocess.run(_command(reference, "--layout", "hugo"), check=True, capture_output=True)
    assert tree(killed) == tree(reference)
