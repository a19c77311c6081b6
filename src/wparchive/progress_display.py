"""The convert command's progress on the terminal: a bar over the input's bytes.

Used by cli.py only, and only when stderr is a terminal and -q was not given: a pipe or a
log file never gets carriage returns. When the inputs' total size is unknown (a .gz, a zip)
it falls back to a line counting items, erased when the run ends; the bar stays, finished,
so the warnings and the summary line start on a clean line.
"""

from __future__ import annotations

import shutil
import sys
from typing import Any

import click

from wparchive.pipeline import Progress

REDRAW_EVERY = 50  # items between redraws: drawing costs more than converting a post


class ProgressDisplay:
    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None  # click's ProgressBar, created once the total is known
        self._shown_bytes = 0
        self._drawn = False

    def __enter__(self) -> ProgressDisplay:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.render_finish()  # shows the cursor again; the finished bar stays
        elif self._drawn:
            width = shutil.get_terminal_size().columns - 1
            click.echo("\r" + " " * width + "\r", nl=False, err=True)

    def __call__(self, progress: Progress) -> None:
        if not self.enabled or progress.items % REDRAW_EVERY:
            return
        self._drawn = True
        if progress.total_bytes:
            self._draw_bar(progress, progress.total_bytes)
        else:
            click.echo(f"\rconverting: {progress.items} items read", nl=False, err=True)

    def _draw_bar(self, progress: Progress, total: int) -> None:
        if self._bar is None:
            self._bar = click.progressbar(
                length=total,
                label="converting",
                file=sys.stderr,
                item_show_func=lambda items: f"{items} items" if items else None,
            )
        done = min(progress.bytes_read, total)
        self._bar.update(done - self._shown_bytes, current_item=progress.items)
        self._shown_bytes = done
