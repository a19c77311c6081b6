"""Golden cases: converting fixtures/<case>/input.* must give exactly fixtures/<case>/expected/.

Regenerate with `pytest --update-golden` and read the diff before committing.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import mdformat
import pytest
from click.testing import CliRunner

from markdown_math import EXTENSIONS as MARKDOWN_EXTENSIONS
from support import FIXTURES
from wparchive.cli import main
from wparchive.manifest import STATE_DIR

CASES = sorted(path.parent.name for path in FIXTURES.glob("*/input*"))


def _inputs(case_dir: Path) -> list[str]:
    """Input names relative to the case folder: the archive records them as given."""
    if (case_dir / "inputs").is_dir():
        return ["inputs"]
    return [path.name for path in sorted(case_dir.glob("input.*"))]


def _args(case_dir: Path) -> list[str]:
    args_file = case_dir / "args.txt"
    if not args_file.exists():
        return []
    return [line.strip() for line in args_file.read_text().splitlines() if line.strip()]


def _tree(root: Path) -> dict[str, bytes]:
    """The output files, without wparchive's own state (.wparchive/manifest.json), whose
    checksums and version would make every golden change churn; tests/test_manifest.py
    checks it."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and STATE_DIR not in path.relative_to(root).parts
    }


def _diff(name: str, expected: bytes, actual: bytes) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=f"expected/{name}",
        tofile=f"actual/{name}",
        n=2,
    )
    return "".join(lines)


@pytest.mark.parametrize("case", CASES)
def test_golden_case(
    case: str, tmp_path: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_dir = FIXTURES / case
    out = tmp_path / "out"
    monkeypatch.chdir(case_dir)
    result = CliRunner().invoke(
        main, ["convert", *_inputs(case_dir), "-o", str(out), *_args(case_dir)]
    )
    assert result.exit_code == 0, result.output
    expected_dir = case_dir / "expected"
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(out, expected_dir, ignore=shutil.ignore_patterns(STATE_DIR))
        return
    expected, actual = _tree(expected_dir), _tree(out)
    assert sorted(actual) == sorted(expected), "the output tree differs in its files"
    diffs = [
        _diff(name, expected[name], actual[name])
        for name in expected
        if expected[name] != actual[name]
    ]
    assert not diffs, "\n".join(diffs)


GOLDEN_MARKDOWN = sorted(FIXTURES.glob("*/expected/**/*.md"))


@pytest.mark.parametrize("path", GOLDEN_MARKDOWN, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_golden_markdown_is_a_fixed_point_of_mdformat(path: Path) -> None:
    """Normalised means mdformat (GFM, front matter, dollar math) has nothing left to change."""
    text = path.read_text(encoding="utf-8")
    assert mdformat.text(text, extensions=MARKDOWN_EXTENSIONS) == text
