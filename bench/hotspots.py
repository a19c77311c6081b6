"""Profile ``wparchive convert`` on a synthetic export and print where the time goes.

    python bench/hotspots.py [--posts 1000] [--top 25] [--sort tottime]

Runs the conversion under cProfile as its own process (the export comes from the same
cache as run.py), writes the raw profile next to the data and prints the top functions.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

from run import DATA, export_for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    args = parser.parse_args(argv)
    export = export_for(args.posts, args.seed)
    profile = DATA / f"convert-{args.posts}.prof"
    with tempfile.TemporaryDirectory(prefix="wparchive-profile-") as scratch:
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "wparchive"]
        command += ["convert", str(export), "-o", str(Path(scratch) / "out"), "--quiet"]
        done = subprocess.run(command, check=False)
    if done.returncode != 0:
        return done.returncode
    print(f"profile written to {profile}")
    pstats.Stats(str(profile)).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
