"""The boilerplate cleaners: what goes, what stays, and that cleaning twice changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wparchive.cleaners import clean_html
from wparchive.cleaners.selectors import to_xpath

CLEANED = [
    # structural boilerplate goes, by selector
    ('<p>Body</p><div class="sharedaddy"><h3>Share this:</h3></div>', "<p>Body</p>"),
    ('<p>Body</p><div id="jp-relatedposts"><h3><em>Related</em></h3></div>', "<p>Body</p>"),
    (
        '<p>Body</p><div class="wpcnt"><div class="wpa"><span>Advertisements</span></div></div>',
        "<p>Body</p>",
    ),
    (
        '<p>Body</p><p class="postmetadata alt"><small>This entry was posted</small></p>',
        "<p>Body</p>",
    ),
    ('<p>Body</p><div id="respond"><h3>Leave a Reply</h3><form></form></div>', "<p>Body</p>"),
    # scripts, styles and HTML comments (trackback RDF) go, the text after them stays
    ("<p>a<script>x()</script>b<!-- <rdf:RDF/> -->c</p>", "<p>abc</p>"),
    # exact-text markers go only when the element's whole text is the marker
    ("<p>Body</p><h3>Like this:</h3><p>Like Loading...</p>", "<p>Body</p>"),
    ("<p>Join 97 other followers</p><p>Body</p>", "<p>Body</p>"),
    ("<p>Follow</p><p>Get every new post delivered to your Inbox.</p>", ""),
    (
        "<p>Follow the link to get every new post.</p>",
        "<p>Follow the link to get every new post.</p>",
    ),
    ("<p>Share this: it matters.</p>", "<p>Share this: it matters.</p>"),
    # WordPress.com's untagged related posts take their list with them
    (
        "<p>Body</p><p>Possibly related posts: (automatically generated)</p><ul><li>x</li></ul>",
        "<p>Body</p>",
    ),
    # the author's own markup and separators stay
    ("<p>~</p><p>.</p><p>§</p><hr><p>~~~~~</p>", "<p>~</p><p>.</p><p>§</p><hr><p>~~~~~</p>"),
    (
        '<p>Line one<br>\nline two</p><p><a id="note1"></a>Note</p>',
        '<p>Line one<br>\nline two</p><p><a id="note1"></a>Note</p>',
    ),
    (
        '<div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">Cap</p></div>',
        '<div class="wp-caption"><img src="a.jpg"><p class="wp-caption-text">Cap</p></div>',
    ),
]


@pytest.mark.parametrize(("dirty", "clean"), CLEANED)
def test_clean_html(dirty: str, clean: str) -> None:
    assert clean_html(dirty) == clean


SELECTORS = [
    ("#respond", "descendant-or-self::*[@id='respond']"),
    (
        "div.reply",
        "descendant-or-self::div[contains(concat(' ',normalize-space(@class),' '),' reply ')]",
    ),
    ("[id^=like-post-wrapper]", "descendant-or-self::*[starts-with(@id,'like-post-wrapper')]"),
]


@pytest.mark.parametrize(("selector", "xpath"), SELECTORS)
def test_selector_subset(selector: str, xpath: str) -> None:
    assert to_xpath(selector) == xpath


def test_unsupported_selector_is_an_error() -> None:
    with pytest.raises(ValueError, match="unsupported selector"):
        to_xpath("div > p")


PIECES = [
    "<p>Body text</p>",
    "<p>Share this:</p>",
    '<div class="sharedaddy"><h3>Like this:</h3></div>',
    "<div><span></span></div>",
    "<p>Follow</p>",
    "tail text",
    "<p>a<br>b</p>",
    "<!-- c -->",
    "<ul><li>x</li><li></li></ul>",
    '<div class="entry"><p>Related</p><p>kept</p></div>',
    "<p>Possibly related posts: (automatically generated)</p>",
    '<img src="x.png">',
]


@given(st.lists(st.sampled_from(PIECES), max_size=8))
def test_cleaning_is_idempotent(pieces: list[str]) -> None:
    once = clean_html("".join(pieces))
    assert clean_html(once) == once
