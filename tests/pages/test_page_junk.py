"""Bad input is an InputError or a result, never a traceback."""

from __future__ import annotations

import io
from contextlib import suppress

from hypothesis import given, settings
from hypothesis import strategies as st

from wparchive.errors import InputError
from wparchive.problems import ProblemLog
from wparchive.readers import html_page, text_capture

PIECES = [
    '<meta name="generator" content="WordPress 6.0">',
    '<body class="single postid-3">',
    '<article id="post-3" class="post hentry">',
    '<div class="entry-content"><p>Text</p>',
    '<li id="comment-5" class="comment depth-2">',
    '<ul class="children">',
    "<time datetime='2020-13-45T99:99'>x</time>",
    '<time datetime="2020-01-02T03:04:05+01:00">',
    '<cite class="fn">',
    "</div>",
    "</li>",
    "Says:",
    "June 31st, 2010 at 25:61 pm",
    '<h3 id="comments">7 Responses to “x”</h3>',
    '<script type="application/ld+json">{"@type": "BlogPosting", "author": [',
    '<link rel="canonical" href="http://[bad">',
    "\x00\xff",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_html_page_never_crashes(pieces: list[str]) -> None:
    data = ("<!DOCTYPE html><html><head>" + "".join(pieces)).encode("utf-8", "replace")
    with suppress(InputError):
        list(html_page.read((io.BytesIO(data), "junk.html"), ProblemLog()))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_text_capture_never_crashes(text: str) -> None:
    data = text.encode("utf-8", "replace")
    with suppress(InputError):
        list(text_capture.read((io.BytesIO(data), "j.txt"), ProblemLog()))
