"""Command-line interface (placeholder until the pipeline lands)."""

import click


@click.group()
def main() -> None:
    """wparchive: WordPress exports to Markdown and a lossless JSON archive."""
