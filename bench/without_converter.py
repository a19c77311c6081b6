"""``wparchive`` with the content conversion taken out: what every other step costs.

    python bench/run.py --posts 10000 --scratch /dev/shm \\
        --convert-cmd "python bench/without_converter.py convert"

Runs the ``wparchive`` command line with ``content_to_markdown`` (preparing raw content,
then HTML to Markdown: every body, excerpt and comment) replaced by one that hands back its
input, so every other step runs as usual on text of about the same size: reading and
building the model, archive.json, file names, sealing and sending jobs to the workers,
comment threading, front matter, writing the files. The Markdown it writes is not
wparchive's; only the time means something. It says how close to the parse floor any
converter, however fast, could bring the whole run without changing the rest.

The workers must be forked (Linux), so that they inherit the replacement.
"""

from __future__ import annotations

from wparchive import render
from wparchive.cli import main


def unconverted(text: str, **_options: object) -> str:
    """The content as it is, shaped like content_to_markdown's answer (one final newline)."""
    text = text.strip()
    return text + "\n" if text else ""


if __name__ == "__main__":
    render.content_to_markdown = unconverted  # type: ignore[assignment]
    main()
