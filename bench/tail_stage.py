"""Time what a worker does per file around the content conversion, and nothing else.

    python bench/tail_stage.py --export FILE.xml [--repeat 3] [--jobs 1|2]

The "tail" of a Markdown job: its fingerprint, threading and laying out the comments, the
front matter, the file's assembly, creating the file, and (as with --jobs 2) sealing the
job, pickling the batch to the worker and its results back. The script captures the jobs
of a real conversion and every content_to_markdown result once (cached beside the export
in /dev/shm), then runs write_batch over all jobs with content_to_markdown answered from
that cache, into a fresh folder in /dev/shm, and prints the CPU seconds of that step
(time.process_time, best of --repeat). --repeat 0 does the setup only: under callgrind,
the instructions of --repeat 1 less those of --repeat 0 are the tail's.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wparchive import parallel, pipeline, render
from wparchive.output_state import OutputState
from wparchive.policy import ConvertOptions
from wparchive.render import MarkdownJob, WrittenFile, seal_jobs, write_batch

Memo = dict[tuple[str, bool], str]


def captured(export: Path, options: ConvertOptions) -> tuple[list[MarkdownJob], Memo]:
    """The jobs a conversion of `export` renders, and each content_to_markdown result."""
    jobs: list[MarkdownJob] = []

    def capture(fn: Any, items: Any, *, jobs: int, seal: Any = None) -> Iterator[Any]:
        for job in items:
            captured_jobs.append(job)
            yield job, WrittenFile(comments=0, problems=())

    captured_jobs = jobs
    original_map = pipeline.ordered_map
    pipeline.ordered_map = capture  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory(dir="/dev/shm") as scratch:
            pipeline.convert([export], Path(scratch) / "out", options=options, jobs=1)
    finally:
        pipeline.ordered_map = original_map
    memo: Memo = {}
    convert = render.content_to_markdown

    def remember(text: str, *, rendered: bool, context: Any = None) -> str:
        markdown = memo[(text, rendered)] = convert(text, rendered=rendered, context=context)
        return markdown

    render.content_to_markdown = remember  # type: ignore[assignment]
    try:
        for job in jobs:
            render.render_job(job, options)
    finally:
        render.content_to_markdown = convert
    return jobs, memo


def tail(jobs: list[MarkdownJob], options: ConvertOptions, workers: int) -> float:
    """CPU seconds of writing every job into a fresh folder, conversions from the memo."""
    with tempfile.TemporaryDirectory(dir="/dev/shm") as scratch:
        out = Path(scratch) / "out"
        out.mkdir()
        with OutputState(out, options) as state:
            rules = state.rules()
            start = time.process_time()
            for first in range(0, len(jobs), parallel.BATCH_SIZE):
                batch = jobs[first : first + parallel.BATCH_SIZE]
                if workers <= 1:
                    write_batch(rules, options, batch)
                    continue
                payload = parallel._pack(seal_jobs(options, batch))
                packed = parallel._run_packed(
                    lambda sealed: write_batch(rules, options, sealed), payload
                )
                pickle.loads(packed)
            return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--export", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="1: as -j 1; 2: sealed and pickled")
    args = parser.parse_args(argv)
    options = ConvertOptions()
    cache = Path("/dev/shm") / f"tail-stage-{args.export.stem}.pickle"
    if cache.exists():
        jobs, memo = pickle.loads(cache.read_bytes())
    else:
        jobs, memo = captured(args.export, options)
        cache.write_bytes(pickle.dumps((jobs, memo)))
    render.content_to_markdown = lambda text, *, rendered, context=None: memo[(text, rendered)]  # type: ignore[assignment]
    times = [tail(jobs, options, args.jobs) for _ in range(args.repeat)]
    if times:
        print(
            f"{len(jobs)} jobs, --jobs {args.jobs}: {min(times):.3f} CPU s (best of {len(times)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
