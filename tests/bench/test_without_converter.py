"""bench/without_converter.py: wparchive with the content conversion taken out, workers too."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_generate import BENCH, generate


def test_every_body_is_left_as_it_came_even_in_workers(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    generate.write_export(export, posts=200, seed=3)  # several batches: workers render them
    out = tmp_path / "out"

    script = str(BENCH / "without_converter.py")
    command = [sys.executable, script, "convert", str(export), "-o", str(out), "--jobs", "2"]
    done = subprocess.run(command, capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    items = json.loads((out / "archive.json").read_text(encoding="utf-8"))["items"]
    written = [item for item in items if item["markdown_path"]]
    with_blocks = [item for item in written if "<!-- wp:" in item["content"]]
    assert len(written) == 170 and with_blocks  # the generator writes some Gutenberg posts
    for item in written:
        text = (out / item["markdown_path"]).read_text(encoding="utf-8")
        # Converted, block delimiters never reach the Markdown; left as they came, they do.
        assert ("<!-- wp:" in text) == (item in with_blocks), item["markdown_path"]
