"""The command line: parse arguments, call the library, show progress, map errors to exit codes.

Exit codes (problem_codes.EXIT_CODES, printed by `convert --help`): 0 done; 1 failed (an
input could not be read, the output could not be written); 2 usage error; 3 done, but
--strict was given and problems were recorded. Every failure is one line naming the file
and what to do, never a traceback.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from wparchive.errors import WparchiveError
from wparchive.layouts import LAYOUTS
from wparchive.parallel import available_cores
from wparchive.pipeline import Report, convert
from wparchive.policy import ConvertOptions
from wparchive.problem_codes import EXIT_CODES, PROBLEM_CODES
from wparchive.progress_display import ProgressDisplay
from wparchive.verify import DEFAULT_THRESHOLD, verify
from wparchive.writers.archive import load_schema

EXIT_STRICT_PROBLEMS = 3


def _convert_epilog() -> str:
    # "\b" keeps click from rewrapping a paragraph: the tables stay one entry a line.
    exits = "\n".join(f"  {code}  {meaning}" for code, (meaning, _) in EXIT_CODES.items())
    problems = "\n".join(
        textwrap.fill(
            f"{code}: {meaning}. To do: {advice}.",
            width=78,
            initial_indent="  ",
            subsequent_indent="      ",
            break_on_hyphens=False,  # keep each code whole
        )
        for code, (meaning, advice) in PROBLEM_CODES.items()
    )
    return (
        f"\b\nExit codes:\n{exits}\n\n"
        "Problems are warnings: each names the file, the line or item, and the code below; "
        "all are listed in archive.json. Errors (exit 1) name the file and what to do.\n\n"
        f"\b\nProblem codes (what happened; what you can do):\n{problems}"
    )


@contextmanager
def _errors_as_exit_1() -> Iterator[None]:
    """A WparchiveError, or an I/O error nothing turned into one, as one line and exit 1."""
    try:
        yield
    except WparchiveError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        where = error.filename or "input or output"
        raise click.ClickException(
            f"{where}: {error.strerror or error}; check the path, that you may read the inputs "
            "and write the output folder, and the free disk space"
        ) from None


@click.group()
@click.version_option(package_name="wparchive")
def main() -> None:
    """wparchive: WordPress exports, saved pages and text captures to Markdown and JSON."""


@main.command("convert", epilog=_convert_epilog())
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="output",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the Markdown files and archive.json into.",
)
@click.option(
    "--include-drafts",
    is_flag=True,
    help="Also write drafts, pending, private and future posts (marked draft: true).",
)
@click.option(
    "--include-protected", is_flag=True, help="Keep the bodies of password-protected posts."
)
@click.option(
    "--keep-personal-data",
    is_flag=True,
    help="Keep e-mail and IP addresses of commenters and authors.",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="archive",
    show_default=True,
    help="Where files go and which front matter keys they carry: wparchive's own archive "
    "layout, or a site generator's (these also write redirect maps and media.json).",
)
@click.option(
    "--rewrite-links/--no-rewrite-links",
    default=None,
    help="Point links between posts of the export at their new paths "
    "(default: on for the site-generator layouts, off for archive).",
)
@click.option(
    "--download-media",
    is_flag=True,
    help="Download every attachment and referenced upload and point the Markdown at the copies.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 3) when any problem was recorded.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes rendering Markdown (default: all cores). Output is the same for any.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite (or remove) files in the output folder that were changed since "
    "wparchive wrote them, or that it did not write.",
)
@click.option(
    "--incremental",
    is_flag=True,
    help="Render only the items that changed since the last run into this folder, and "
    "count the items added, changed, unchanged and removed.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line and errors.")
def convert_command(
    inputs: tuple[Path, ...],
    out_dir: Path,
    include_drafts: bool,
    include_protected: bool,
    keep_personal_data: bool,
    layout: str,
    rewrite_links: bool | None,
    download_media: bool,
    strict: bool,
    jobs: int | None,
    force: bool,
    incremental: bool,
    quiet: bool,
) -> None:
    """Convert WXR exports (.xml, .zip, .gz, or folders of them), saved pages or captures.

    Several inputs are merged into one site, as WordPress.com splits large sites into
    site.wordpress.DATE.000.xml, .001.xml, ...
    """
    options = ConvertOptions(
        include_drafts=include_drafts,
        include_protected=include_protected,
        keep_personal_data=keep_personal_data,
        layout=layout,
        rewrite_links=rewrite_links,
        download_media=download_media,
    )
    display = ProgressDisplay(enabled=not quiet and sys.stderr.isatty())
    with _errors_as_exit_1(), display as progress:
        report = convert(
            inputs,
            out_dir,
            options=options,
            progress=progress,
            jobs=jobs or available_cores(),
            force=force,
            incremental=incremental,
        )
    _print_problems(report, quiet=quiet)
    click.echo(report.summary())
    if strict and report.problems:
        codes = ", ".join(sorted({problem.code for problem in report.problems}))
        click.echo(
            f"--strict: {len(report.problems)} problems recorded ({codes}), all listed in "
            f"{report.archive_path}; exit {EXIT_STRICT_PROBLEMS}. `wparchive convert --help` "
            "says what each code means and what to do",
            err=True,
        )
        sys.exit(EXIT_STRICT_PROBLEMS)


@main.command("verify")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--include-drafts", is_flag=True, help="The output was converted with --include-drafts."
)
@click.option(
    "--include-protected", is_flag=True, help="The output was converted with --include-protected."
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="archive",
    show_default=True,
    help="The output was converted with this --layout: where to look for each file.",
)
@click.option(
    "--rewrite-links/--no-rewrite-links",
    default=None,
    help="The output was converted with this option (default: as convert's, by layout).",
)
@click.option(
    "--download-media", is_flag=True, help="The output was converted with --download-media."
)
@click.option(
    "--threshold",
    default=DEFAULT_THRESHOLD,
    show_default=True,
    type=click.FloatRange(0.0, 1.0),
    help="Share of a post's visible words its Markdown must keep, in order.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes checking posts (default: all cores). The report is the same for any.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only failing items and the summary.")
def verify_command(
    inputs: tuple[Path, ...],
    out_dir: Path,
    include_drafts: bool,
    include_protected: bool,
    layout: str,
    rewrite_links: bool | None,
    download_media: bool,
    threshold: float,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Check OUT_DIR against INPUTS: every file written, every word and comment kept.

    Per post: the share of visible words kept in order, paragraphs (within 10%), links and
    images kept (in the form the conversion gave them: links to posts at their new paths,
    copies of uploads as the original file or a downloaded copy), and no leftover
    shortcode, block delimiter or entity. Exits 1 when a file or comment is missing or a
    post is not faithful. Give the options the output was converted with.
    """
    options = ConvertOptions(
        include_drafts=include_drafts,
        include_protected=include_protected,
        layout=layout,
        rewrite_links=rewrite_links,
        download_media=download_media,
    )
    with _errors_as_exit_1():
        report = verify(
            inputs, out_dir, options=options, threshold=threshold, jobs=jobs or available_cores()
        )
    lines = list(report.lines())
    for line in lines[:-1]:
        if not quiet or not line.startswith("ok"):
            click.echo(line)
    click.echo(lines[-1])
    if not report.ok:
        sys.exit(1)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of archive.json."""
    click.echo(json.dumps(load_schema(), indent=2, ensure_ascii=False))


def _print_problems(report: Report, *, quiet: bool) -> None:
    if quiet or not report.problems:
        return
    shown = report.problems[:20]
    for problem in shown:
        # The code says where `convert --help` explains it and what to do.
        click.echo(f"warning: {problem} [{problem.code}]", err=True)
    hidden = len(report.problems) - len(shown)
    if hidden:
        click.echo(
            f"warning: ... and {hidden} more problems, all listed in {report.archive_path}",
            err=True,
        )
