"""The reading process alone: its CPU time and peak memory, with rendering left out.

    python bench/parent.py --posts 1000 10000 50000 [--read-only]

With two cores the reading process (readers, policy, file names, archive.json, pickling
batches for the workers) is the serial part of a conversion: wall time is at least its CPU
time. This runs `wparchive.convert` in a child process per size with the workers' rendering
replaced by nothing, but every batch still pickled as it would be sent, and prints that
process's CPU seconds and peak RSS (ru_maxrss of a fresh process, so sizes do not mix).
--read-only measures the readers alone instead: every record of the export read and
dropped, nothing written.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from run import export_for

_CHILD = """
import resource, sys, tempfile, time
from wparchive import parallel, pipeline
from wparchive.policy import ConvertOptions
from wparchive.render import WrittenFile

def packed_only(fn, items, *, jobs, seal=None):
    for batch in parallel._batched(iter(items), parallel.BATCH_SIZE):
        parallel._pack(batch if seal is None else seal(batch))
        for job in batch:
            yield job, WrittenFile(comments=0, problems=())

pipeline.ordered_map = packed_only
with tempfile.TemporaryDirectory() as scratch:
    start = time.process_time()
    options = ConvertOptions(include_drafts=True)
    pipeline.convert([sys.argv[1]], scratch + "/out", options=options, jobs=2)
    cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{cpu:.2f} {peak:.1f}")
"""


_READ_ONLY_CHILD = """
import resource, sys, time
from pathlib import Path
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all

start = time.process_time()
for _record in read_all([Path(sys.argv[1])], ProblemLog()):
    pass
cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{cpu:.2f} {peak:.1f}")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--read-only", action="store_true", help="the readers alone")
    args = parser.parse_args(argv)
    print(f"{'posts':>6}  {'cpu s':>7}  {'peak MiB':>8}")
    for posts in args.posts:
        export = export_for(posts, args.seed)
        done = subprocess.run(
            [sys.executable, "-c", _READ_ONLY_CHILD if args.read_only else _CHILD, str(export)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        cpu, peak = done.stdout.split()
        print(f"{posts:>6}  {cpu:>7}  {peak:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
