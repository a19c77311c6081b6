"""Helpers shared by the page and capture tests (imported by basename from this folder)."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import lxml.html

from wparchive.model import Author, Post, Site
from wparchive.problems import ProblemLog

# /work/shared/seed/README.md: "Nothing of the page chrome is content".
SEED_BOILERPLATE = (
    "This entry was posted on",
    "Share this:",
    "Like this:",
    "Like Loading...",
    "Leave a Reply",
    "Enter your comment here...",
    "Fill in your details below or click an icon to log in:",
    "WordPress.com Logo",
    "Twitter picture",
    "Facebook photo",
    "Google+ photo",
    "You are commenting using your",
    "( Log Out / Change )",
    "Connecting to %s",
    "Notify me of new comments via email.",
    "Get every new post delivered to your Inbox.",
    "Join 97 other followers",
    "Sign me up",
    "%d bloggers like this:",
)
# Short markers that must not be the whole text of any block in the output.
SEED_WHOLE_BLOCK_MARKERS = ("Related", "Follow", "Cancel")


def read_with(module: ModuleType, path: Path) -> tuple[list[Author], Post, Site, ProblemLog]:
    """Run a reader; check it yields one Post and the Site last."""
    log = ProblemLog()
    records = list(module.read(path, log))
    posts = [r for r in records if isinstance(r, Post)]
    assert len(posts) == 1
    assert isinstance(records[-1], Site)
    return [r for r in records if isinstance(r, Author)], posts[0], records[-1], log


def visible_text(html: str) -> str:
    if not html.strip():
        return ""
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def blocks(html: str) -> list[str]:
    """The normalised text of each block element."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [
        " ".join(node.text_content().split())
        for node in root.iter("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "span")
    ]


def boilerplate_found(html: str) -> list[str]:
    text = visible_text(html)
    found = [marker for marker in SEED_BOILERPLATE if marker in text]
    found += [m for m in SEED_WHOLE_BLOCK_MARKERS if m in blocks(html)]
    return found


_FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2019": "'", "\u2018": "'", "\u2013": "-"})


def fold(text: str) -> str:
    """Typographic quotes and dashes folded, whitespace collapsed (seed README)."""
    text = text.translate(_FOLD)
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
