"""Benchmark ``wparchive convert`` against the lxml parse floor on synthetic exports.

    python bench/run.py --posts 1000 10000 [--repeat 3] [--jobs 2] [--json out.json] [--keep]

For each size it generates (or reuses, from bench/data/) a synthetic export, then runs each
step as its own process: the parse floor (bench/floor.py), ``wparchive convert FILE -o DIR``,
and the file floor (bench/files_floor.py: the same files, as many bytes each, just created).
Wall time is measured around the child and CPU time comes from ``os.wait4``'s rusage (the
child's own plus any workers it reaped); the reading process's own CPU time (its threads,
not its workers) is read from /proc while it runs.  Peak RSS is ``ru_maxrss`` of the
largest single process; a sampler also sums the RSS of the whole process tree every 10 ms,
for ``--jobs``.

Linux carries a parent's peak RSS into a forked child's ``ru_maxrss`` across exec, so a
child can never report less than its launcher's peak.  This script therefore stays lean (no
lxml, generation in a subprocess) and, when GNU time exists, launches each step through
``/usr/bin/time`` (about 2 MiB) and reads the peak it reports.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
GENERATOR_SOURCES = ("generate.py", "wxr_site.py", "wxr_text.py", "wxr_bodies.py")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.01
GNU_TIME = Path("/usr/bin/time")


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """One child process: how long it took, what it used, and whether it worked."""

    wall_s: float
    cpu_s: float
    peak_rss_kib: int
    tree_rss_kib: int
    main_cpu_s: float | None  # the root process alone (the reading process); None off Linux
    exit_code: int
    stdout: str
    stderr: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    posts: int
    file_bytes: int
    step: str
    wall_s: float
    cpu_s: float
    peak_rss_kib: int
    tree_rss_kib: int
    main_cpu_s: float | None
    posts_per_s: float
    mb_per_s: float
    ratio_to_floor: float | None
    cpu_ratio_to_floor: float | None
    exit_code: int
    output_files: int | None = None
    # wall time / (parse floor + file floor): what is left once both floors are paid
    ratio_to_floors: float | None = None


# -- data ------------------------------------------------------------------------------------


def generator_digest() -> str:
    """Changes whenever the generator does, so a stale cached export is never measured."""
    digest = hashlib.sha256()
    for name in GENERATOR_SOURCES:
        digest.update((BENCH / name).read_bytes())
    return digest.hexdigest()[:10]


def export_for(posts: int, seed: int) -> Path:
    path = DATA / f"wxr-{posts}-seed{seed}-{generator_digest()}.xml"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        for stale in DATA.glob(f"wxr-{posts}-seed{seed}-*.xml"):
            stale.unlink()
        started = time.perf_counter()
        command = [sys.executable, str(BENCH / "generate.py"), "--posts", str(posts)]
        subprocess.run([*command, "--seed", str(seed), "--out", str(path)], check=True)
        took = time.perf_counter() - started
        # Flush the new file now: writeback running during a measurement slows every file
        # the converter creates (seen: 1 ms per open right after writing 580 MB, 0.1 ms after).
        os.sync()
        print(f"generated {path.name}: {path.stat().st_size / 1e6:.1f} MB in {took:.1f} s")
    return path


# -- measuring -------------------------------------------------------------------------------


def _tree_rss_kib(pid: int, *, count_root: bool) -> int:
    """Resident KiB of ``pid``'s descendants (and itself if asked), read from /proc."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            if count_root or current != pid:
                with open(f"/proc/{current}/statm") as statm:
                    total += int(statm.read().split()[1]) * PAGE_KIB
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def _own_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` itself (all its threads, none of its children)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    except (OSError, ValueError, IndexError):
        return None


def _first_child(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            found = children.read().split()
        return int(found[0]) if found else None
    except (OSError, ValueError):
        return None


class TreeSampler(threading.Thread):
    """Keeps the highest summed RSS of a process tree until stopped, and the last CPU time
    of its root process: the step itself, below GNU time when that launches it."""

    def __init__(self, pid: int, *, count_root: bool) -> None:
        super().__init__(daemon=True)
        self.pid, self.count_root, self.peak_kib = pid, count_root, 0
        self.main_pid: int | None = pid if count_root else None
        self.main_cpu_s: float | None = None
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(SAMPLE_SECONDS):
            rss = _tree_rss_kib(self.pid, count_root=self.count_root)
            self.peak_kib = max(self.peak_kib, rss)
            if self.main_pid is None:
                self.main_pid = _first_child(self.pid)
            reading = None if self.main_pid is None else _own_cpu_s(self.main_pid)
            if reading is not None:  # None once it has exited: the last reading stands
                self.main_cpu_s = reading  # at most 10 ms short of its total

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kib


def _gnu_time_peak_kib(report: Path) -> int | None:
    """The ``%M`` figure GNU time wrote (its last line; an exit-status line may precede it)."""
    try:
        return int(report.read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        return None


def measure(command: list[str]) -> Run:
    """Run ``command`` to completion; wall clock around it, rusage from wait4."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as scratch,
    ):
        report = Path(scratch) / "time"
        launcher = [str(GNU_TIME), "-o", str(report), "-f", "%M"] if GNU_TIME.exists() else []
        started = time.perf_counter()
        child = subprocess.Popen(
            [*launcher, *command], stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        sampler = TreeSampler(child.pid, count_root=not launcher)  # GNU time is not counted
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        tree_peak = sampler.stop()
        peak = _gnu_time_peak_kib(report) or usage.ru_maxrss  # ru_maxrss: KiB on Linux
        out.seek(0)
        err.seek(0)
        return Run(
            wall_s=wall,
            cpu_s=usage.ru_utime + usage.ru_stime,
            peak_rss_kib=peak,
            tree_rss_kib=max(tree_peak, peak),
            main_cpu_s=sampler.main_cpu_s,
            exit_code=child.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def best_of(runs: list[Run]) -> Run:
    """The fastest run, or the first that failed."""
    failed = [r for r in runs if r.exit_code != 0]
    return failed[0] if failed else min(runs, key=lambda r: r.wall_s)


def convert_command(args: argparse.Namespace) -> list[str]:
    if args.convert_cmd:
        return shlex.split(args.convert_cmd)
    script = Path(sys.executable).with_name("wparchive")
    if script.exists():
        return [str(script), "convert"]
    return [sys.executable, "-m", "wparchive", "convert"]


def run_floor(export: Path) -> Run:
    return measure([sys.executable, str(BENCH / "floor.py"), str(export)])


def write_manifest(folder: Path, manifest: Path) -> int:
    """List every file under `folder` as files_floor.py reads it; how many there are."""
    count = 0
    with manifest.open("w", encoding="utf-8") as out:
        for here, _, names in os.walk(folder):
            for name in sorted(names):
                path = Path(here) / name
                out.write(f"{path.stat().st_size}\t{path.relative_to(folder)}\n")
                count += 1
    return count


def run_files_floor(manifest: Path, target: Path) -> Run:
    return measure([sys.executable, str(BENCH / "files_floor.py"), str(manifest), str(target)])


@dataclass(frozen=True, slots=True, kw_only=True)
class Converted:
    """One conversion, how many files it wrote, and the file floor of those files (None
    when the conversion failed)."""

    run: Run
    files: int | None
    files_floor: Run | None


def run_convert(export: Path, args: argparse.Namespace) -> Converted:
    """One conversion into a fresh folder, then the file floor of its output beside it (on
    the same file system, since that is what the floor measures)."""
    scratch = Path(tempfile.mkdtemp(prefix="wparchive-bench-", dir=args.scratch))
    target = scratch / "out"
    command = [*convert_command(args), str(export), "-o", str(target)]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    result = measure(command)
    files, files_floor = None, None
    if target.exists():
        manifest = scratch / "manifest.tsv"
        files = write_manifest(target, manifest)
        if result.exit_code == 0:
            os.sync()  # the conversion's writeback would otherwise slow the floor's files
            files_floor = run_files_floor(manifest, scratch / "files")
    if args.keep:
        print(f"kept {target}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return Converted(run=result, files=files, files_floor=files_floor)


# -- reporting -------------------------------------------------------------------------------


def make_row(posts: int, size: int, step: str, run: Run, floor: Run) -> Row:
    return Row(
        posts=posts,
        file_bytes=size,
        step=step,
        wall_s=round(run.wall_s, 3),
        cpu_s=round(run.cpu_s, 3),
        peak_rss_kib=run.peak_rss_kib,
        tree_rss_kib=run.tree_rss_kib,
        main_cpu_s=None if run.main_cpu_s is None else round(run.main_cpu_s, 2),
        posts_per_s=round(posts / run.wall_s, 1),
        mb_per_s=round(size / 1e6 / run.wall_s, 2),
        ratio_to_floor=round(run.wall_s / floor.wall_s, 2) if floor.exit_code == 0 else None,
        cpu_ratio_to_floor=round(run.cpu_s / floor.cpu_s, 2) if floor.exit_code == 0 else None,
        exit_code=run.exit_code,
    )


COLUMNS = (
    ("posts", "posts", "{:d}"),
    ("MB", "file_bytes", None),
    ("step", "step", "{}"),
    ("wall s", "wall_s", "{:.2f}"),
    ("cpu s", "cpu_s", "{:.2f}"),
    ("reader cpu s", "main_cpu_s", "{:.2f}"),
    ("peak MiB", "peak_rss_kib", None),
    ("tree MiB", "tree_rss_kib", None),
    ("posts/s", "posts_per_s", "{:.0f}"),
    ("MB/s", "mb_per_s", "{:.1f}"),
    ("x floor", "ratio_to_floor", "{:.2f}"),
    ("cpu x floor", "cpu_ratio_to_floor", "{:.2f}"),
    ("x floors", "ratio_to_floors", "{:.2f}"),
)


RATES = ("posts_per_s", "mb_per_s", "ratio_to_floor", "cpu_ratio_to_floor", "ratio_to_floors")


def _cell(row: Row, field: str, fmt: str | None) -> str:
    value = getattr(row, field)
    if row.exit_code != 0 and field in RATES:  # a failed run has no rate
        return f"exit {row.exit_code}" if field == "posts_per_s" else "-"
    if field == "file_bytes":
        return f"{value / 1e6:.1f}"
    if field.endswith("_kib"):
        return f"{value / 1024:.1f}"
    return "-" if value is None else (fmt or "{}").format(value)


def table(rows: list[Row]) -> str:
    cells = [[title for title, _, _ in COLUMNS]]
    cells += [[_cell(row, field, fmt) for _, field, fmt in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    for line in cells:
        padded = [
            c.ljust(w) if i == 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)


def environment(args: argparse.Namespace) -> dict[str, object]:
    from lxml import etree  # only now: importing it earlier would raise every child's peak RSS

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "jobs": args.jobs,
        "repeat": args.repeat,
        "seed": args.seed,
        "scratch": str(args.scratch or tempfile.gettempdir()),
        "convert_command": convert_command(args),
        "rss_source": "GNU time %M" if GNU_TIME.exists() else "wait4 ru_maxrss",
        "load_average_before": args.load_before,
    }


# -- main ------------------------------------------------------------------------------------


def bench_size(posts: int, args: argparse.Namespace) -> list[Row]:
    export = export_for(posts, args.seed)
    size = export.stat().st_size
    # The floor and the conversion take turns, so that a machine whose speed drifts over
    # minutes (a shared VM's does) weighs on both alike; the best of each is kept.
    floors: list[Run] = []
    converts: list[Converted] = []
    for _ in range(args.repeat):
        floors.append(run_floor(export))
        if not args.skip_convert:
            converts.append(run_convert(export, args))
            if converts[-1].run.exit_code != 0:
                break
    floor = best_of(floors)
    if floor.exit_code != 0:
        print(f"floor failed (exit {floor.exit_code}):\n{floor.stderr[-3000:]}")
    elif f"items={posts} " not in floor.stdout:
        print(f"warning: floor saw {floor.stdout.strip()!r}, expected {posts} items")
    rows = [make_row(posts, size, "floor", floor, floor)]
    if not converts:
        return rows
    result = best_of([converted.run for converted in converts])
    files = next(converted.files for converted in converts if converted.run is result)
    if result.exit_code != 0:
        print(f"convert failed (exit {result.exit_code}):\n{result.stderr[-3000:]}")
    files_floors = [c.files_floor for c in converts if c.files_floor is not None]
    files_floor = best_of(files_floors) if files_floors else None
    both = None
    if files_floor is not None:
        if files_floor.exit_code != 0:
            print(f"file floor failed (exit {files_floor.exit_code}):\n{files_floor.stderr}")
        else:
            rows.append(make_row(posts, size, "files", files_floor, floor))
            both = files_floor.wall_s + floor.wall_s
    row = make_row(posts, size, "wparchive", result, floor)
    ratio_to_floors = round(result.wall_s / both, 2) if both and floor.exit_code == 0 else None
    rows.append(Row(**{**asdict(row), "output_files": files, "ratio_to_floors": ratio_to_floors}))
    return rows


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=1, help="best of K runs (default 1)")
    parser.add_argument("--jobs", type=int, help="pass --jobs N to wparchive convert")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the converted output")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--scratch",
        type=Path,
        help="folder for the converted output (default: the system temp folder;"
        " /dev/shm takes the disk out of the measurement)",
    )
    parser.add_argument("--skip-convert", action="store_true", help="measure the floor only")
    parser.add_argument(
        "--convert-cmd",
        help="command standing for 'wparchive convert' (FILE -o DIR is appended)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or any(n < 1 for n in args.posts):
        parser.error("--repeat and --posts must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.load_before = round(os.getloadavg()[0], 2)
    if args.load_before > 0.5:
        # Other work on the machine shows up as wall time well above CPU time.
        print(f"note: load average {args.load_before} before starting; figures may be noisy")
    rows = [row for posts in args.posts for row in bench_size(posts, args)]
    print(table(rows))
    if args.json:
        report = {**environment(args), "results": [asdict(r) for r in rows]}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r.exit_code != 0 for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
