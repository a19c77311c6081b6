"""Time the raw-content preparation stage (prepare_raw_content) on its own.

    python bench/prepare_stage.py [--posts 1000] [--corpus] [--repeat 3] [--profile]
    python bench/prepare_stage.py --save before.pickle   # then, after a change:
    python bench/prepare_stage.py --check before.pickle  # same output for every body?

Reads the raw bodies, excerpts and comments of the first N items of the synthetic
export (the same cache as run.py) and, with --corpus, of every WXR file in the shared
corpus, then runs prepare_raw_content over them and prints the CPU seconds
(time.process_time, best of --repeat). Reading the XML is not timed.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import sys
import time
from pathlib import Path

from run import BENCH, export_for

from wparchive.content.context import ContentContext
from wparchive.content.convert import prepare_raw_content
from wparchive.errors import WparchiveError
from wparchive.model import Post
from wparchive.problems import ProblemLog
from wparchive.readers import wxr

CORPUS = BENCH.parent.parent / "shared" / "corpus" / "wxr"


def raw_texts(path: Path, limit: int | None) -> list[str]:
    """The raw bodies, excerpts and comments of the first `limit` items of a WXR file."""
    texts: list[str] = []
    items = 0
    try:
        for record in wxr.read(path, ProblemLog()):
            if not isinstance(record, Post) or record.content_rendered:
                continue
            texts += [record.content, record.excerpt, *(c.content for c in record.comments)]
            items += 1
            if limit is not None and items >= limit:
                break
    except WparchiveError:
        pass  # a malformed corpus file: keep what was read before it broke
    return [text for text in texts if text]


def prepare_all(texts: list[str]) -> list[str]:
    return [prepare_raw_content(text, ContentContext()) for text in texts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=1000, help="items of the synthetic export")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", action="store_true", help="add the shared WXR corpus")
    parser.add_argument("--repeat", type=int, default=3, help="keep the fastest of K runs")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    parser.add_argument("--save", type=Path, help="write the outputs to this pickle")
    parser.add_argument("--check", type=Path, help="compare the outputs with this pickle")
    args = parser.parse_args(argv)
    texts = raw_texts(export_for(args.posts, args.seed), args.posts) if args.posts else []
    if args.corpus:
        for path in sorted(CORPUS.glob("*.xml")):
            texts += raw_texts(path, None)
    size = sum(map(len, texts)) / 1e6
    print(f"{len(texts)} texts, {size:.1f} M characters")
    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.runcall(prepare_all, texts)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    best = float("inf")
    for _ in range(args.repeat):
        start = time.process_time()
        outputs = prepare_all(texts)
        best = min(best, time.process_time() - start)
    print(f"prepare_raw_content: {best:.3f} CPU s (best of {args.repeat})")
    if args.save:
        args.save.write_bytes(pickle.dumps(outputs))
    if args.check:
        expected = pickle.loads(args.check.read_bytes())
        differ = [i for i, (a, b) in enumerate(zip(expected, outputs, strict=True)) if a != b]
        print(f"{len(differ)} of {len(outputs)} outputs differ from {args.check}")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
