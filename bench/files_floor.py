"""The file floor: the least any converter must do to write its output, timed as its own process.

    python bench/files_floor.py MANIFEST DIR

MANIFEST lists a conversion's output, one ``SIZE<TAB>RELATIVE PATH`` per line (run.py writes
it from the folder wparchive wrote). This makes DIR and then, in the manifest's order, each
folder and each file with that many bytes: create, write, close, nothing else (no temporary
name, no rename, no sync). Prints one line of counts so the run can be checked.

Where creating a file is cheap this costs next to nothing, but not everywhere: on the
development VM's ext4 each new inode cost from about 0.03 to 0.9 ms of kernel CPU, changing
from minute to minute, against 0.01 ms in tmpfs; the 8,502 files of a 10,000-item
conversion took from 0.64 to 5.8 s, up to 3.4 times the parse floor. No converter that
writes one file per post can go below this, whatever its language.
"""

from __future__ import annotations

import os
import sys


def read_manifest(path: str) -> list[tuple[int, str]]:
    entries = []
    with open(path, encoding="utf-8") as manifest:
        for line in manifest:
            size, _, relative = line.rstrip("\n").partition("\t")
            entries.append((int(size), relative))
    return entries


def write_files(entries: list[tuple[int, str]], root: str) -> int:
    """Create every file of `entries` under `root`; the bytes written."""
    os.makedirs(root)
    made: set[str] = {root}
    written = 0
    for size, relative in entries:
        path = os.path.join(root, relative)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            left = size
            while left:
                left -= os.write(fd, _FILLER[: min(left, len(_FILLER))])
        finally:
            os.close(fd)
        written += size
    return written


# One buffer, sliced, for every file: a chunk at a time so the floor stays small even for
# archive.json (about 90 MB at 10,000 items).
_FILLER = memoryview(b"x" * (1 << 20))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python bench/files_floor.py MANIFEST DIR", file=sys.stderr)
        return 2
    entries = read_manifest(argv[0])
    written = write_files(entries, argv[1])
    print(f"files={len(entries)} bytes={written}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
