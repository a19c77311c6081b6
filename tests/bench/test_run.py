"""bench/run.py's measurement of one step: the whole tree's CPU, and its root's own."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

# Burns about 0.3 CPU s itself and 0.6 s in a forked worker it waits for, as a conversion's
# reading process and its workers do.
_PARENT_AND_WORKER = """
import os, time
def burn(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
pid = os.fork()
if pid == 0:
    burn(0.6)
    os._exit(0)
burn(0.3)
os.waitpid(pid, 0)
"""


def load_run() -> ModuleType:
    sys.path.insert(0, str(BENCH))  # run.py is a script: its own folder is its import path
    try:
        spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_root_process_cpu_leaves_out_its_workers() -> None:
    run = load_run().measure([sys.executable, "-c", _PARENT_AND_WORKER])
    assert run.exit_code == 0, run.stderr
    assert run.cpu_s >= 0.85  # the root and its worker
    assert run.main_cpu_s is not None
    assert 0.25 <= run.main_cpu_s <= 0.6  # the root alone (start-up included)


def test_the_file_floor_writes_the_same_files(tmp_path: Path) -> None:
    run = load_run()
    out = tmp_path / "out"
    sizes = {
        "archive.json": 3 * (1 << 20) + 5,  # more than one chunk of the floor's buffer
        "posts/2020/a.md": 1,
        "posts/2020/b é.md": 4097,
        "pages/empty.md": 0,
    }
    for relative, size in sizes.items():
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_bytes(b"y" * size)
    manifest = tmp_path / "manifest.tsv"

    assert run.write_manifest(out, manifest) == 4
    floor = run.run_files_floor(manifest, tmp_path / "files")

    assert floor.exit_code == 0, floor.stderr
    assert floor.stdout.split() == ["files=4", f"bytes={sum(sizes.values())}"]
    written = {
        str(path.relative_to(tmp_path / "files")): path.stat().st_size
        for path in (tmp_path / "files").rglob("*")
        if path.is_file()
    }
    assert written == sizes


# Stands for `wparchive convert FILE -o DIR`: writes two files into DIR.
_FAKE_CONVERT = (
    "import pathlib, sys; out = pathlib.Path(sys.argv[-1]); (out / 'posts').mkdir(parents=True);"
    " (out / 'posts' / 'a.md').write_text('a'); (out / 'archive.json').write_text('{}')"
)


def test_a_run_reports_the_file_floor_beside_the_parse_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = load_run()
    monkeypatch.setattr(run, "DATA", tmp_path / "data")  # the export is generated there
    command = f'{sys.executable} -c "{_FAKE_CONVERT}"'
    args = run.parse_args(["--posts", "20", "--scratch", str(tmp_path), "--convert-cmd", command])

    rows = run.bench_size(20, args)

    assert [row.step for row in rows] == ["floor", "files", "wparchive"]
    floor, files, converted = rows
    assert converted.exit_code == 0 and converted.output_files == 2
    assert files.cpu_ratio_to_floor is not None
    expected = converted.wall_s / (floor.wall_s + files.wall_s)
    assert converted.ratio_to_floors == pytest.approx(expected, abs=0.01)
    assert list((tmp_path).glob("wparchive-bench-*")) == []  # output removed without --keep


def test_a_failed_conversion_has_no_file_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = load_run()
    monkeypatch.setattr(run, "DATA", tmp_path / "data")
    command = f'{sys.executable} -c "{_FAKE_CONVERT}; sys.exit(3)"'
    args = run.parse_args(["--posts", "20", "--scratch", str(tmp_path), "--convert-cmd", command])

    rows = run.bench_size(20, args)

    assert [row.step for row in rows] == ["floor", "wparchive"]
    assert rows[1].exit_code == 3 and rows[1].ratio_to_floors is None
