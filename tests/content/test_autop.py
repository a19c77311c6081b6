"""wpautop: cases ported from WordPress's tests/phpunit/tests/formatting (Functions_WpAutop_Test).

Each row is (input, expected output); where WordPress compares `trim(wpautop(x))` the
row says so with `trim=True`.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wparchive.content import autop
from wparchive.content.autop import (
    ALLBLOCKS,
    ALLBLOCKS_LIST,
    NEWLINE_PLACEHOLDER,
    _add_line_breaks,
    keep_group,
    replace_in_html_tags,
    shortcode_unautop,
    shortcode_unautop_pattern,
    wpautop,
)

FIRST_POST_IN = """
Welcome to WordPress!  This post contains important information.

First things first:
<ul>
<li><a href="%1$s" title="Subscribe">Subscribe to the WordPress mailing list</a></li>
</ul>
As a subscriber, you will receive an email every time an update is available.
When a new version is released, <a href="%2$s" title="Log in">log in to the Dashboard</a>.
Upgrading is a couple of clicks!

Then you can start enjoying the WordPress experience:
<ul>
<li>Edit your personal information at <a href="%3$s">Users &#8250; Profile</a></li>
<li>Start publishing at <a href="%4$s">Posts &#8250; Add New</a></li>
</ul>
To keep this post for reference, <a href="%11$s">click to edit it</a>.

PS.  Not yet subscribed?  <a href="%1$s">Do it now!</a>
"""

FIRST_POST_OUT = """<p>Welcome to WordPress!  This post contains important information.</p>
<p>First things first:</p>
<ul>
<li><a href="%1$s" title="Subscribe">Subscribe to the WordPress mailing list</a></li>
</ul>
<p>As a subscriber, you will receive an email every time an update is available.<br />
When a new version is released, <a href="%2$s" title="Log in">log in to the Dashboard</a>.<br />
Upgrading is a couple of clicks!</p>
<p>Then you can start enjoying the WordPress experience:</p>
<ul>
<li>Edit your personal information at <a href="%3$s">Users &#8250; Profile</a></li>
<li>Start publishing at <a href="%4$s">Posts &#8250; Add New</a></li>
</ul>
<p>To keep this post for reference, <a href="%11$s">click to edit it</a>.</p>
<p>PS.  Not yet subscribed?  <a href="%1$s">Do it now!</a></p>
"""

CODE = "function x() {\n\n\treturn a &lt; b;\n}\n\n\n// done"

VIDEO = (
    '<video class="wp-video-shortcode" id="video-0-1" width="640" controls="controls">\n'
    '\t\t\t\t<source type="video/mp4" src="http://domain.tld/xyz.mp4" />\n'
    "\t\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n"
    '\t\t\t\t<source type="video/webm" src="myvideo.webm" />\n'
    '\t\t\t\t<track kind="subtitles" src="subtitles.srt" srclang="en" />\n'
    '\t\t\t\t<a href="http://domain.tld/xyz.mp4">http://domain.tld/xyz.mp4</a>\n'
    "\t\t\t</video>"
)
VIDEO_SPACED = VIDEO.replace("\n", "\n\n")
VIDEO_OUT = (
    "<p>Paragraph one.</p>\n"
    '<p><video class="wp-video-shortcode" id="video-0-1" width="640" controls="controls">'
    '<source type="video/mp4" src="http://domain.tld/xyz.mp4" />'
    "<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->"
    '<source type="video/webm" src="myvideo.webm" />'
    '<track kind="subtitles" src="subtitles.srt" srclang="en" />'
    '<a href="http://domain.tld/xyz.mp4">http://domain.tld/xyz.mp4</a></video></p>\n'
    "<p>Paragraph two.</p>"
)
VIDEO_SHORTCODE = (
    '[video width="720" mp4="http://domain.tld/xyz.mp4"]\n'
    "\t\t\t<!-- WebM/VP8 -->\n"
    '\t\t\t<source type="video/webm" src="myvideo.webm" />\n'
    '\t\t\t<track kind="chapters" src="chapters.srt" srclang="en" />\n'
    "\t\t\t[/video]"
)
VIDEO_SHORTCODE_OUT = (
    "<p>Paragraph one.</p>\n"
    '<p>[video width="720" mp4="http://domain.tld/xyz.mp4"]'
    '<!-- WebM/VP8 --><source type="video/webm" src="myvideo.webm" />'
    '<track kind="chapters" src="chapters.srt" srclang="en" />'
    "[/video]</p>\n"
    "<p>Paragraph two.</p>"
)

OBJECT = (
    '<object width="400" height="224" classid="clsid:d27cdb6e">\n'
    '\t<param name="src" value="http://domain.tld/xyz.swf" />\n'
    '\t<param name="allowfullscreen" value="true" />\n'
    "\n"
    '\t<embed width="400" type="application/x-shockwave-flash" src="xyz.swf" />\n'
    "</object>"
)
OBJECT_OUT = (
    "<p>Paragraph one.</p>\n"
    '<p><object width="400" height="224" classid="clsid:d27cdb6e">'
    '<param name="src" value="http://domain.tld/xyz.swf" />'
    '<param name="allowfullscreen" value="true" />'
    '<embed width="400" type="application/x-shockwave-flash" src="xyz.swf" />'
    "</object></p>\n"
    "<p>Paragraph two.</p>"
)
OBJECT_IN_DIV = (
    '<div class="video-player" id="x-video-0">\n'
    '<object classid="clsid:D27CDB6E" width="640">\n'
    '  <param name="movie" value="xyz.swf" />\n'
    "\n"
    '  <!--[if !IE]--><object type="application/x-shockwave-flash" data="xyz.swf">\n'
    '    <param name="quality" value="best" />\n'
    "  </object><!--<![endif]-->\n"
    "</object></div>"
)
OBJECT_IN_DIV_OUT = (
    "<p>Paragraph one.</p>\n"
    '<div class="video-player" id="x-video-0">\n'
    '<object classid="clsid:D27CDB6E" width="640">'
    '<param name="movie" value="xyz.swf" />'
    '<!--[if !IE]--><object type="application/x-shockwave-flash" data="xyz.swf">'
    '<param name="quality" value="best" /></object><!--<![endif]-->'
    "</object></div>\n"
    "<p>Paragraph two.</p>"
)

BLOCKS = [
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "address",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "details",
    "menu",
    "summary",
]
INLINES = [
    "a",
    "em",
    "strong",
    "small",
    "s",
    "cite",
    "q",
    "dfn",
    "abbr",
    "data",
    "time",
    "code",
    "var",
    "samp",
    "kbd",
    "sub",
    "sup",
    "i",
    "b",
    "u",
    "mark",
    "span",
    "del",
    "ins",
    "noscript",
    "select",
]

MATH_INLINE = "<math><mrow><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo></mrow></math>"
MATH_BLOCK = (
    '<math display="block">\n\t<mtable>\n\t\t<mtr>\n\t\t\t<mtd>\n'
    "\t\t\t\t<msup><mi>a</mi><mn>2</mn></msup>\n\t\t\t</mtd>\n\t\t</mtr>\n\t</mtable>\n</math>"
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg">\n'
    '\t\t\t\t<circle cx="50" cy="50" r="30" fill="blue">\n'
    '\t\t\t\t\t<animateTransform attributeName="transform" type="scale" to="1.5"/>\n'
    "\t\t\t\t</circle>\n\t\t\t</svg>"
)
SCRIPT = '<script type="text/javascript">\n\t\t\t\tvar dummy = 1;\n\t\t\t</script>'
SELECT = (
    'Country: <select id="state" name="state"><option value="1">Alabama</option>'
    '<option value="2">Alaska</option></select>'
)

# (input, expected, compare trimmed output)
CASES: list[tuple[str, str, bool]] = [
    # ticket 11008: the classic "first post"
    (FIRST_POST_IN, FIRST_POST_OUT, False),
    # ticket 19855: <pre> contents are never touched
    (f"<pre>{CODE}</pre>", f"<pre>{CODE}</pre>", True),
    (
        f"Look at this code\n\n<pre>{CODE}</pre>\n\nIsn't that cool?",
        f"<p>Look at this code</p>\n<pre>{CODE}</pre>\n<p>Isn't that cool?</p>",
        True,
    ),
    (
        "Look at this code\n\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\n"
        "Actual Line 3</pre>\n\nCool, huh?",
        "<p>Look at this code</p>\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\n"
        "Actual Line 3</pre>\n<p>Cool, huh?</p>",
        True,
    ),
    # ticket 16456: no <br /> around <input>
    (
        'Username: <input type="text" id="username" /><br />Password: <input type="password" />',
        '<p>Username: <input type="text" id="username" /><br />'
        'Password: <input type="password" /></p>',
        True,
    ),
    # ticket 13340: inline <math> gets a <p>; block <math> keeps its newlines
    (MATH_INLINE, f"<p>{MATH_INLINE}</p>", True),
    (MATH_BLOCK, f"<p>{MATH_BLOCK}</p>", True),
    # ticket 26864: <source>/<track> and <param>/<embed> are not autop'd
    (f"Paragraph one.\n\n{VIDEO}\n\nParagraph two.", VIDEO_OUT, True),
    (f"Paragraph one.\n\n{VIDEO_SPACED}\n\nParagraph two.", VIDEO_OUT, True),
    (f"Paragraph one.\n\n{VIDEO_SHORTCODE}\n\nParagraph two.", VIDEO_SHORTCODE_OUT, True),
    (f"\nParagraph one.\n\n{OBJECT}\n\nParagraph two.", OBJECT_OUT, True),
    (f"\nParagraph one.\n\n{OBJECT_IN_DIV}\n\nParagraph two.", OBJECT_IN_DIV_OUT, True),
    # ticket 22230: <select>/<option>
    (SELECT, f"<p>{SELECT}</p>", True),
    # ticket 27268: block elements are blocks, whatever the whitespace
    (
        "\n\n".join(f"<{b}>foo</{b}>" for b in BLOCKS),
        "\n".join(f"<{b}>foo</{b}>" for b in BLOCKS),
        True,
    ),
    (
        "".join(f"<{b}>foo</{b}>" for b in BLOCKS),
        "\n".join(f"<{b}>foo</{b}>" for b in BLOCKS),
        True,
    ),
    ("".join(f"<{b}/>" for b in BLOCKS), "\n".join(f"<{b}/>" for b in BLOCKS), True),
    (
        "".join(f"<{b} attr='value'>foo</{b}>" for b in BLOCKS),
        "\n".join(f"<{b} attr='value'>foo</{b}>" for b in BLOCKS),
        True,
    ),
    ("<blockquote>foo</blockquote>", "<blockquote><p>foo</p></blockquote>", True),
    (
        "\n\n".join(f"<{i}>foo</{i}>" for i in INLINES),
        "\n".join(f"<p><{i}>foo</{i}></p>" for i in INLINES),
        True,
    ),
    # ticket 33106: newlines inside elements, comments and CDATA survive
    ("Hello <a\nhref='world'>", "<p>Hello <a\nhref='world'></p>\n", False),
    ("Hello <!-- a\nhref='world' -->", "<p>Hello <!-- a\nhref='world' --></p>\n", False),
    (
        "Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n -->",
        "<p>Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n --></p>\n",
        False,
    ),
    (
        "Hello <!-- <object>\n<param/>\n<param/>\n<embed>\n</embed>\n</object>\n -->",
        "<p>Hello <!-- <object>\n<param/>\n<param/>\n<embed>\n</embed>\n</object>\n --></p>\n",
        False,
    ),
    (
        "Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]>",
        "<p>Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]></p>\n",
        False,
    ),
    (
        "Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 ]]> -->",
        "<p>Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 ]]> --></p>\n",
        False,
    ),
    (
        "Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 --> a\n9 ]]>",
        "<p>Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 --> a\n9 ]]></p>\n",
        False,
    ),
    # ticket 33377: no second <br /> after an existing one; double <br> makes a paragraph
    (
        "\nline 1<br>\nline 2<br/>\nline 3<br />\nline 4\nline 5\n",
        "<p>line 1<br />\nline 2<br />\nline 3<br />\nline 4<br />\nline 5</p>",
        True,
    ),
    ("\nline 1<br>\n<br/>\nline 2<br/>\n<br />\n", "<p>line 1</p>\n<p>line 2</p>", True),
    # ticket 4857: text before a block gets its own paragraph
    ("a<div>b</div>", "<p>a</p>\n<div>b</div>", True),
    # ticket 39307: no stray </p> inside <figure>
    (
        '<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
        '<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
        True,
    ),
    (
        '<figure>\n<img src="example.jpg" />\n<figcaption>Caption</figcaption>\n</figure>',
        '<figure>\n<img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
        True,
    ),
    # ticket 14674: <hr> is not wrapped
    ("paragraph1<hr>paragraph2", "<p>paragraph1</p>\n<hr>\n<p>paragraph2</p>", True),
    # ticket 9437: inline <svg> and <script> keep their newlines
    (SVG, f"<p>{SVG}</p>", True),
    (SCRIPT, f"<p>{SCRIPT}</p>", True),
    # empty and whitespace-only input
    ("", "", False),
    (" \n\t\n", "", False),
    # not in WordPress's tests: CRLF input, and U+00A0 is not whitespace for autop
    ("a\r\n\r\nb", "<p>a</p>\n<p>b</p>\n", False),
    ("a\n\u00a0\nb", "<p>a<br />\n\u00a0<br />\nb</p>\n", False),
]


@pytest.mark.parametrize(("text", "expected", "trim"), CASES)
def test_wpautop(text: str, expected: str, trim: bool) -> None:
    result = wpautop(text)
    assert (result.strip() if trim else result) == expected


def test_wpautop_without_br_keeps_single_newlines() -> None:
    assert wpautop("line 1\nline 2\n\npara") == "<p>line 1<br />\nline 2</p>\n<p>para</p>\n"
    assert wpautop("line 1\nline 2\n\npara", br=False) == "<p>line 1\nline 2</p>\n<p>para</p>\n"


CAPTION_NAMES = ("caption", "wp_caption", "gallery", "audio", "video", "embed")


# From WordPress's shortcode tests (test_shortcode_unautop and friends): a shortcode
# alone in its paragraph loses the <p>; one inside text keeps it.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>[gallery]</p>\n", "[gallery]\n"),
        ('<p>[gallery ids="1,2"]</p>\n', '[gallery ids="1,2"]\n'),
        ("<p>  [gallery /]  </p>\n", "[gallery /]\n"),
        (
            '<p>[caption id="a"]<img src="x" /> Cap[/caption]</p>\n',
            '[caption id="a"]<img src="x" /> Cap[/caption]\n',
        ),
        ("<p>text [gallery] text</p>\n", "<p>text [gallery] text</p>\n"),
        ("<p>[galleryx]</p>\n", "<p>[galleryx]</p>\n"),
        ("<p>[unknown]</p>\n", "<p>[unknown]</p>\n"),
        ("<p>&nbsp;[gallery]&nbsp;</p>\n", "[gallery]\n"),
    ],
)
def test_shortcode_unautop(text: str, expected: str) -> None:
    assert shortcode_unautop(text, shortcode_unautop_pattern(CAPTION_NAMES)) == expected


def test_caption_shortcode_after_autop_is_unwrapped() -> None:
    raw = 'Intro\n\n[caption id="a" caption="Cap"]<img src="x.jpg" />[/caption]\n\nOutro'
    html = shortcode_unautop(wpautop(raw), shortcode_unautop_pattern(CAPTION_NAMES))
    assert html == (
        '<p>Intro</p>\n[caption id="a" caption="Cap"]<img src="x.jpg" />[/caption]\n<p>Outro</p>\n'
    )


# -- the two places where the port is written differently from the PHP --------------

_PHP_BR_STEP = re.compile(r"(?<!<br />)\s*\n", re.ASCII)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\t", "\n", "<br />", "<br>", "x y"]), max_size=12))
def test_line_based_br_step_matches_the_php_regex(parts: list[str]) -> None:
    text = "".join(parts)
    assume(not re.search(r"\n[ \t]*\n", text))  # autop has split paragraphs there already
    assert _add_line_breaks(text) == _PHP_BR_STEP.sub("<br />\n", text)


def test_factored_block_alternation_is_the_allblocks_list() -> None:
    exact = re.compile(rf"{ALLBLOCKS}\Z")
    names = [*ALLBLOCKS_LIST, "math", "span", "colgroups", "h7", "option", "detail", "tt"]
    assert [n for n in names if exact.match(n)] == ALLBLOCKS_LIST


# -- the shortcuts taken for speed: each gives what the PHP steps give ----------------

MARKUP_PIECES = [
    *("a", "b c", " ", "\t", "\n", "\n\n", "\u00a0", "<", ">", "/", "-", "]"),
    *("<p>", "</p>", "<P>", "<p class='x'>", "<div>", "</div>", "<div\n id=a>", "<li>", "</li>"),
    *("<blockquote>", "</blockquote>", "<BLOCKQUOTE>", "<br>", "<br/>", "<br />", "<hr>"),
    *("<hr />", "</hr>", "<hr\n>", "<pre>", "</pre>", "<!--", "-->", "<!-- c -->", "<!-->"),
    *("<![CDATA[", "]]>", "<script>", "</script>", "<span>", "</span>", "<a\nhref='x'>", "<h1>"),
    *("</address>", "<form>", "</form>", "<dt>", "<d", "<section ", "<!--\n-->", "--->"),
]
markup = st.lists(st.sampled_from(MARKUP_PIECES), max_size=16).map("".join)

_PHP_BLOCK_SPACING = [
    (re.compile(r"(<" + ALLBLOCKS + r"[\s/>])", re.ASCII), "\n\n\\1"),
    (re.compile(r"(</" + ALLBLOCKS + r">)", re.ASCII), "\\1\n\n"),
    (re.compile(r"(<hr\s*?/?>)", re.ASCII), "\\1\n\n"),
]


@settings(max_examples=500, deadline=None)
@given(markup)
def test_block_spacing_in_one_pass_matches_the_php_steps(text: str) -> None:
    expected = text  # wpautop has turned each double <br> into a blank line before
    for pattern, replacement in _PHP_BLOCK_SPACING:
        expected = pattern.sub(replacement, expected)
    assert autop._separate_block_tags(text) == expected


@settings(max_examples=300, deadline=None)
@given(
    markup,
    st.sampled_from(
        [
            "_P_AROUND_BLOCK_TAG",
            "_P_AROUND_LI",
            "_P_BEFORE_BLOCK_TAG",
            "_P_AFTER_BLOCK_TAG",
            "_BR_AFTER_BLOCK_TAG",
            "_BR_BEFORE_BLOCK_TAG",
        ]
    ),
)
def test_keep_group_is_the_group_template(text: str, name: str) -> None:
    pattern = getattr(autop, name)
    assert keep_group(pattern, text) == pattern.sub("\\1", text)


@settings(max_examples=500, deadline=None)
@given(markup)
def test_newline_precheck_never_misses_a_newline_inside_a_tag(text: str) -> None:
    replaced = replace_in_html_tags(text, {"\n": NEWLINE_PLACEHOLDER})
    assert replaced == text or autop._MAYBE_NEWLINE_IN_TAG.search(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b c", " ", "\t", "\x0b", "\n", "\u00a0", "&", "]"])))
def test_text_without_markup_needs_only_the_empty_paragraph_step(pieces: list[str]) -> None:
    wrapped = autop._wrap_paragraphs("".join(pieces) + "\n")
    unwrapped, _ = autop._unwrap_block_tags(wrapped, True, True)
    assert autop._unwrap_block_tags(wrapped, False, False) == (unwrapped, False)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\t", "\x0b", "\n", "\n\n", "\n \n"]), max_size=14))
def test_paragraph_wrapping_matches_the_php_loop(pieces: list[str]) -> None:
    text = "".join(pieces)
    chunks = [chunk for chunk in re.split(r"\n\s*\n", text, flags=re.ASCII) if chunk]
    assert autop._wrap_paragraphs(text) == "".join(f"<p>{c.strip(chr(10))}</p>\n" for c in chunks)
