"""The CLI on real broken inputs: the exit code, one message naming the file and saying
what to do, and never a traceback."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import SHARED

SMALL = SHARED / "corpus/wxr/WordPress__wordpress-importer__small-export.xml"
LARGE = SHARED / "corpus/wxr/WordPress__theme-test-data__themeunittestdata.wordpress.xml"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run(*args: str | Path, cwd: Path) -> Run:
    jobs = () if "-j" in args else ("-j", "1")  # no worker pool to start, unless asked
    done = subprocess.run(
        [sys.executable, "-m", "wparchive", "convert", *map(str, args), *jobs],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def failed(result: Run, name: str, *advice: str) -> str:
    """The one error line: exit 1, naming `name`, with each piece of advice."""
    assert result.code == 1, result
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert name in line
    for words in advice:
        assert words in line, line
    return line


def test_a_missing_file(tmp_path: Path) -> None:
    failed(run("gone.xml", "-o", "out", cwd=tmp_path), "gone.xml", "check the path")


def test_an_export_cut_before_its_first_item(tmp_path: Path) -> None:
    data = SMALL.read_bytes()
    (tmp_path / "cut.xml").write_bytes(data[: data.index(b"<item>") + 200])
    line = failed(run("cut.xml", "-o", "out", cwd=tmp_path), "cut.xml", "Tools > Export")
    assert "not well-formed XML" in line and "line " in line


def test_an_export_cut_in_the_middle_keeps_what_came_before(tmp_path: Path) -> None:
    data = LARGE.read_bytes()
    (tmp_path / "cut.xml").write_bytes(data[: len(data) // 2])

    result = run("cut.xml", "-o", "out", cwd=tmp_path)

    assert result.code == 0 and (tmp_path / "out" / "archive.json").is_file()
    warnings = [
        line for line in result.stderr.splitlines() if "xml-error" in line or "line" in line
    ]
    assert any(
        line.startswith("warning: cut.xml, line ") and "Mend line" in line for line in warnings
    )
    strict = run("cut.xml", "-o", "out2", "--strict", "-q", cwd=tmp_path)
    assert strict.code == 3
    assert "xml-error" in strict.stderr and "convert --help" in strict.stderr


def test_a_file_that_is_not_wordpress(tmp_path: Path) -> None:
    # An RSS feed: XML, but not an export; and bytes that are no text at all.
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>News</title>'
        "<item><title>a</title></item></channel></rss>\n"
    )
    (tmp_path / "photo.xml").write_bytes(gzip.compress(SMALL.read_bytes()))
    for name in ("feed.xml", "photo.xml"):
        failed(
            run(name, "-o", "out", cwd=tmp_path), name, "not a WordPress export", "Tools > Export"
        )


def test_an_empty_file_and_a_damaged_gzip(tmp_path: Path) -> None:
    (tmp_path / "empty.xml").write_bytes(b"")
    (tmp_path / "cut.xml.gz").write_bytes(gzip.compress(SMALL.read_bytes())[:3000])
    failed(run("empty.xml", cwd=tmp_path), "empty.xml", "the file is empty", "Tools > Export")
    failed(run("cut.xml.gz", cwd=tmp_path), "cut.xml.gz", "damaged", "download the file again")


def test_an_output_folder_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("a file, not a folder\n")
    result = run(SMALL, "-o", "notes/out", cwd=tmp_path)
    failed(result, "notes/out", "cannot create the output folder", "choose another with -o")


def test_a_file_in_the_way_of_a_folder_names_the_item(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "posts").write_text("in the way\n")
    for jobs in ("1", "2"):
        line = failed(run(SMALL, "-o", "out", "-j", jobs, cwd=tmp_path), "out/posts", "move it")
        assert f"of {SMALL}" in line and "(writing item " in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_output_folder(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir(mode=0o555)
    failed(run(SMALL, "-o", "out", cwd=tmp_path), "out", "Permission denied", "writable")


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's read-only /sys")
def test_an_output_folder_nobody_may_write(tmp_path: Path) -> None:
    # sysfs refuses new files and folders even to root: a read-only folder wherever CI runs.
    failed(run(SMALL, "-o", "/sys/kernel/wparchive-out", cwd=tmp_path), "/sys/kernel", "-o")
    line = failed(run(SMALL, "-o", "/sys/kernel", cwd=tmp_path), "/sys/kernel:", "writable")
    assert "cannot write the archive in this folder" in line


def test_a_wrong_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run(SMALL, "--no-such-option", cwd=tmp_path)
    assert result.code == 2 and "No such option" in result.stderr


def test_verify_without_the_output_folder_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wparchive", "verify", str(SMALL), "never-converted"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "never-converted" in done.stderr and "does not exist" in done.stderr
