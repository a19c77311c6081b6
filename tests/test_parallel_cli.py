"""The convert command's --jobs flag and its progress display."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from support import FIXTURES
from wparchive import parallel
from wparchive.cli import main
from wparchive.pipeline import Progress
from wparchive.progress_display import ProgressDisplay

SEED = FIXTURES / "seed-export" / "input.xml"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_jobs_flag_gives_the_same_tree_and_no_progress_in_a_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "BATCH_SIZE", 1)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(out), "-j", jobs])
        assert result.exit_code == 0, result.output
        assert "\r" not in result.output  # CliRunner's stderr is not a terminal
        outputs.append(_files(out))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_number(value: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(SEED), "-o", str(tmp_path), "-j", value])
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_display_counts_items_when_the_size_is_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressDisplay(enabled=True) as display:
        for items in range(1, 101):
            display(Progress(items, 0, None))
    err = capsys.readouterr().err
    assert "\rconverting: 50 items read" in err and "\rconverting: 100 items read" in err
    assert err.endswith(" \r")  # erased, so the summary starts on a clean line


def test_disabled_display_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressDisplay(enabled=False) as display:
        for items in range(1, 200):
            display(Progress(items, items * 10, 2000))
    assert capsys.readouterr().err == ""
