"""Converting a saved page never emits the page's boilerplate (the list in the seed's README)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FIXTURES, SHARED
from wparchive import convert

# Phrases that are page chrome wherever they appear.
PHRASES = (
    "Leave a Reply",
    "Enter your comment here",
    "Fill in your details below or click an icon to log in",
    "WordPress.com Logo",
    "Twitter picture",
    "Facebook photo",
    "Google+ photo",
    "You are commenting using your",
    "Connecting to %s",
    "Notify me of new comments via email",
    "Get every new post delivered to your Inbox",
    "other followers",
    "Sign me up",
    "bloggers like this",
    "Share this:",
    "Like this:",
    "Like Loading",
    "This entry was posted on",
)
# Short words that are chrome only when they stand alone on a line.
LINES = ("Follow", "Cancel", "Related", "Advertisements", "Reply", "Log Out", "Change")

PAGES = sorted((SHARED / "corpus" / "html").glob("*.html")) if SHARED.is_dir() else []
SEEDS = [FIXTURES / "seed-page" / "input.html", FIXTURES / "seed-text" / "input.txt"]


@pytest.mark.parametrize("page", SEEDS + PAGES, ids=lambda path: path.name)
def test_no_boilerplate_in_the_markdown(page: Path, tmp_path: Path) -> None:
    convert([page], tmp_path)
    [markdown_file] = list(tmp_path.rglob("*.md"))
    markdown = markdown_file.read_text(encoding="utf-8")
    found = [phrase for phrase in PHRASES if phrase in markdown]
    lines = {line.strip(" *_#>[]") for line in markdown.splitlines()}
    found += [line for line in LINES if line in lines]
    assert found == []
