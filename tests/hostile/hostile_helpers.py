"""Build hostile inputs and run wparchive on them: in-process, or in a child process that
reports its own time and peak memory (libxml2 allocates outside tracemalloc's sight)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from wparchive.errors import WparchiveError
from wparchive.model import Post
from wparchive.problems import ProblemLog
from wparchive.readers import Record
from wparchive.readers.registry import read_all

RSS_OPEN = (
    '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
    "<channel>\n<title>Site</title>\n<link>http://example.org</link>\n"
    "<wp:wxr_version>1.2</wp:wxr_version>\n"
)
RSS_CLOSE = "</channel>\n</rss>\n"


def item(post_id: int, content: str = "", *, title: str = "Title", **fields: str) -> str:
    """One published post; `content` goes inside content:encoded as written (no CDATA)."""
    values = {"post_type": "post", "status": "publish", "post_date": "2020-01-02 03:04:05"}
    values.update(fields)
    parts = [f"<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id>"]
    parts += [f"<wp:{name}>{value}</wp:{name}>" for name, value in values.items()]
    parts.append(f"<content:encoded>{content}</content:encoded>")
    return "".join(parts) + "</item>\n"


def wxr(*items: str, prolog: str = "", declaration: str = "UTF-8") -> str:
    head = f'<?xml version="1.0" encoding="{declaration}"?>\n'
    return head + prolog + RSS_OPEN + "".join(items) + RSS_CLOSE


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@dataclass
class Outcome:
    """What read_all gave: the records, or the WparchiveError; and the problems."""

    records: list[Record]
    error: WparchiveError | None
    log: ProblemLog

    @property
    def posts(self) -> list[Post]:
        return [record for record in self.records if isinstance(record, Post)]

    @property
    def codes(self) -> set[str]:
        return {problem.code for problem in self.log}


def read(path: Path) -> Outcome:
    """Read one file; anything but a WparchiveError propagates and fails the test."""
    log = ProblemLog()
    records: list[Record] = []
    try:
        records.extend(read_all([path], log))
    except WparchiveError as error:
        return Outcome(records, error, log)
    return Outcome(records, None, log)


_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from wparchive.errors import WparchiveError
    from wparchive.problems import ProblemLog
    from wparchive.readers.registry import read_all, readers

    def peak_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    readers()  # import every reader before the clock and the memory baseline
    results = []
    keep_text = sys.argv[1] == "text"
    for name in sys.argv[2:]:
        before = peak_mb()
        log, error, text = ProblemLog(), None, []
        start = time.perf_counter()
        try:
            for record in read_all([Path(name)], log):
                text.append(repr(record) if keep_text else "")
        except WparchiveError as caught:
            error = str(caught)
        results.append({
            "seconds": time.perf_counter() - start, "grown_mb": peak_mb() - before,
            "error": error, "codes": sorted({p.code for p in log}), "text": "\\n".join(text),
        })
    print(json.dumps(results))
    """
)


@dataclass
class Measured:
    """One read in the child: its time, how far it raised the peak RSS, and its result."""

    seconds: float
    grown_mb: float
    error: str | None
    codes: list[str]
    text: str


def measure(*paths: Path, timeout: float = 60, keep_text: bool = True) -> list[Measured]:
    """Read each path with read_all, one after another, in one fresh interpreter.

    `text` is every record's repr, or empty without keep_text (a 100 MB post's repr would
    double the memory being measured).

    Peak RSS only grows, so each read's growth counts only what it adds above the reads
    before it; their sum bounds the memory of the worst one.
    """
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "text" if keep_text else "-", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [Measured(**result) for result in json.loads(done.stdout)]
