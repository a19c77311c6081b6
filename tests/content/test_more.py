"""`<!--more-->` stays a marker on its own line; split_more gives the excerpt above it."""

from __future__ import annotations

import mdformat
import pytest

from markdown_math import CONTENT_EXTENSIONS
from wparchive.content import content_to_markdown, split_more
from wparchive.content.context import context_for
from wparchive.model import Meta, Post


@pytest.mark.parametrize(
    ("raw", "markdown"),
    [
        ("Intro<!--more-->Rest", "Intro\n\n<!--more-->\n\nRest\n"),
        ("Intro\n<!--more Read on-->\nRest", "Intro\n\n<!--more Read on-->\n\nRest\n"),
        (
            "<!-- wp:paragraph --><p>A</p><!-- /wp:paragraph --><!-- wp:more -->"
            "<!--more--><!-- /wp:more --><!-- wp:paragraph --><p>B</p><!-- /wp:paragraph -->",
            "A\n\n<!--more-->\n\nB\n",
        ),
    ],
)
def test_more_marker_on_its_own_line(raw: str, markdown: str) -> None:
    assert content_to_markdown(raw) == markdown
    assert mdformat.text(markdown, extensions=CONTENT_EXTENSIONS) == markdown


@pytest.mark.parametrize(
    ("markdown", "excerpt"),
    [
        ("Intro **bold**\n\nMore intro\n\n<!--more-->\n\nRest\n", "Intro **bold**\n\nMore intro\n"),
        ("Intro\n\n<!--more Read on-->\n\nRest\n", "Intro\n"),
        ("No marker\n", None),
        ("<!--more-->\n\nRest\n", None),
        ("```\n<!--more-->\n```\n\nText\n", None),
        ("```\ncode\n```\n\n<!--more-->\n\nRest\n", "```\ncode\n```\n"),
        ("Inline <!--more--> mention\n", None),
    ],
)
def test_split_more(markdown: str, excerpt: str | None) -> None:
    assert split_more(markdown) == excerpt


def test_context_for_reads_the_footnotes_meta() -> None:
    post = Post(
        id=7,
        type="post",
        status="publish",
        title="T",
        slug="t",
        slug_raw="t",
        meta=(Meta(key="footnotes", value='[{"id":"a","content":"Note"}]'),),
    )
    context = context_for(post)
    assert context.post_id == 7
    assert "Note" in content_to_markdown("<!-- wp:footnotes /-->", context=context)
