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
