"""The command line as a user meets it: help, exit codes, exact error text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from support import FIXTURES, REPO
from wparchive.cli import main

SEED = FIXTURES / "seed-export" / "input.xml"
COMMANDS = sorted(main.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert f"wparchive {command}" in (REPO / "README.md").read_text()


def test_convert_writes_markdown_and_archive(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "archive.json").is_file()
    assert sorted(p.name for p in tmp_path.rglob("*.md"))
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith("wrote ") and "comments" in summary and str(tmp_path) in summary


def test_missing_input_is_a_one_line_error_with_exit_1(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    result = CliRunner().invoke(main, ["convert", str(missing), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and str(missing) in lines[0]
    assert "Traceback" not in result.output


def test_not_xml_is_a_clean_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"\x00\x01 this is not an export")
    result = CliRunner().invoke(main, ["convert", str(junk), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert str(junk) in result.output and "Traceback" not in result.output


def test_no_input_is_a_usage_error() -> None:
    assert CliRunner().invoke(main, ["convert"]).exit_code == 2


def test_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(blocker)])
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output


def test_strict_fails_when_problems_were_recorded(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    # A bare "&" is repaired and recorded as a problem.
    broken.write_text(
        SEED.read_text(encoding="utf-8").replace("Pain Management!", "Pain & Management!", 1)
    )
    relaxed = CliRunner().invoke(main, ["convert", str(broken), "-o", str(tmp_path / "a")])
    assert relaxed.exit_code == 0, relaxed.output
    strict = CliRunner().invoke(
        main, ["convert", str(broken), "-o", str(tmp_path / "b"), "--strict"]
    )
    assert strict.exit_code == 3


def test_schema_command_prints_the_archive_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert "items" in schema["properties"]


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "wparchive", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "convert" in done.stdout
