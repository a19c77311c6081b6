"""Each shortcode WordPress core and WordPress.com write, as a table: input -> Markdown."""

from __future__ import annotations

from pathlib import Path

import mdformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from markdown_math import EXTENSIONS as MARKDOWN_EXTENSIONS
from support import SHARED
from wparchive import convert
from wparchive.content import content_to_markdown, handlers, media_shortcodes
from wparchive.content.context import (
    AttachmentInfo,
    ContentContext,
    attachment_info,
    context_for,
)
from wparchive.content.handlers import count_unknown_shortcodes
from wparchive.gallery_attachments import GalleryAttachments, names_attachments
from wparchive.model import Post
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all
from wparchive.verify import verify

PHOTOS = {
    5: AttachmentInfo(
        url="http://x.org/a.jpg",
        page="http://x.org/?attachment_id=5",
        caption="Sea &amp; sky",
        alt="Sea",
        parent=9,
        menu_order=2,
    ),
    6: AttachmentInfo(url="http://x.org/b.jpg", page="http://x.org/b/", title="B", parent=9),
    7: AttachmentInfo(url="http://x.org/song.mp3", title="Song", parent=3),
}
YT = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

CASES: list[tuple[str, str, str]] = [
    # galleries: ids resolved to the export's attachments
    (
        "gallery ids, linked to the attachment page",
        '[gallery ids="6"]',
        "[![](http://x.org/b.jpg)](http://x.org/b/)",
    ),
    (
        "gallery link=file, caption from the attachment",
        '[gallery columns="2" ids="5" link="file"]',
        "[![Sea](http://x.org/a.jpg)](http://x.org/a.jpg)\n\nSea & sky",
    ),
    ("gallery link=none", '[gallery include="6" link="none"]', "![](http://x.org/b.jpg)"),
    (
        "gallery without ids: the post's attachments in menu order",
        '[gallery link="none"]',
        "![](http://x.org/b.jpg)\n\n![Sea](http://x.org/a.jpg)\n\nSea & sky",
    ),
    (
        "gallery exclude",
        '[gallery exclude="5" link="none"]',
        "![](http://x.org/b.jpg)",
    ),
    (
        "gallery of unknown attachments",
        '[gallery ids="40,41"]',
        "*Gallery: attachments 40, 41, which the export does not hold.*",
    ),
    # embeds: a visible link keeping the URL
    ("embed", f"[embed width=300]{YT}[/embed]", f"[{YT}]({YT})"),
    ("bare URL on its line", f"Look:\n\n{YT}\n\nNice.", f"Look:\n\n[{YT}]({YT})\n\nNice."),
    (
        "bare URL with an encoded ampersand",
        "https://x.org/p?a=1&amp;b=2",
        "[https://x.org/p?a=1&b=2](https://x.org/p?a=1&b=2)",
    ),
    ("URL inside a sentence stays text", f"See {YT} now", f"See {YT} now"),
    (
        "URL alone in a paragraph block",
        f"<!-- wp:paragraph -->\n<p>{YT}</p>\n<!-- /wp:paragraph -->",
        f"[{YT}]({YT})",
    ),
    ("youtube url", f"[youtube {YT}]", f"[{YT}]({YT})"),
    ("youtube WordPress.com form", f"[youtube={YT}&w=320&h=240]", f"[{YT}]({YT})"),
    ("youtube id", "[youtube id=dQw4w9WgXcQ]", f"[{YT}]({YT})"),
    ("vimeo id", "[vimeo 6370469]", "[https://vimeo.com/6370469](https://vimeo.com/6370469)"),
    (
        "vimeo url",
        "[vimeo https://vimeo.com/6370469 w=400]",
        "[https://vimeo.com/6370469](https://vimeo.com/6370469)",
    ),
    (
        "dailymotion",
        "[dailymotion id=x8oma9]",
        "[https://www.dailymotion.com/video/x8oma9](https://www.dailymotion.com/video/x8oma9)",
    ),
    (
        "audio",
        '[audio mp3="http://x.org/s.mp3" ogg="http://x.org/s.ogg"][/audio]',
        "[http://x.org/s.mp3](http://x.org/s.mp3)\n\n[http://x.org/s.ogg](http://x.org/s.ogg)",
    ),
    (
        "video with poster",
        '[video src="http://x.org/v.mp4" poster="http://x.org/p.jpg"]',
        "[http://x.org/v.mp4](http://x.org/v.mp4)\n\n![](http://x.org/p.jpg)",
    ),
    ("playlist", '[playlist ids="7"]', "- [Song](http://x.org/song.mp3)"),
    # code: fenced, with the language, text verbatim, no wpautop
    (
        "code with language, blank lines and markup kept",
        '[code language="php"]\n$a = "<b>";\n\n\n*b* = [1];\n[/code]',
        '```php\n$a = "<b>";\n\n\n*b* = [1];\n```',
    ),
    (
        "sourcecode with encoded quotes (visual editor)",
        "[sourcecode language='ruby']\nputs &quot;hi&quot; &amp;&amp; x\n[/sourcecode]",
        '```ruby\nputs "hi" && x\n```',
    ),
    ("code with lang=", "[code lang=js]x = 1[/code]", "```javascript\nx = 1\n```"),
    ("code without language", "[code]x  =  1[/code]", "```\nx  =  1\n```"),
    ("bash", "[bash]\nls -l | grep '*.md'\n[/bash]", "```bash\nls -l | grep '*.md'\n```"),
    ("php", "[php]\necho 'a';\n[/php]", "```php\necho 'a';\n```"),
    ("python", "[python]\ndef f(): pass\n[/python]", "```python\ndef f(): pass\n```"),
    ("css", "[css]\na { color: red; }\n[/css]", "```css\na { color: red; }\n```"),
    ("html", "[html]\n<p>x</p>\n[/html]", "```html\n<p>x</p>\n```"),
    ("js", "[js]\nvar a;\n[/js]", "```javascript\nvar a;\n```"),
    ("java", "[java]\nint a;\n[/java]", "```java\nint a;\n```"),
    ("ruby", "[ruby]\nputs 1\n[/ruby]", "```ruby\nputs 1\n```"),
    ("sql", "[sql]\nSELECT * FROM t;\n[/sql]", "```sql\nSELECT * FROM t;\n```"),
    ("xml", "[xml]\n<a/>\n[/xml]", "```xml\n<a/>\n```"),
    ("csharp", "[csharp]\nvar a = 1;\n[/csharp]", "```csharp\nvar a = 1;\n```"),
    (
        "shortcodes inside code stay text",
        '[code]\n[caption]x[/caption] [gallery ids="1"]\n[/code]',
        '```\n[caption]x[/caption] [gallery ids="1"]\n```',
    ),
    ("unclosed language name is text", "Tags: [php javascript]", "Tags: [php javascript]"),
    # math
    ("latex inline", "So [latex]10^7[/latex] of them", "So $10^7$ of them"),
    (
        "latex alone on its line is displayed",
        "Then:\n\n[latex]a_1 * b_2[/latex]\n\nDone",
        "Then:\n\n$$a_1 * b_2$$\n\nDone",
    ),
    # the TeX reaches the Markdown verbatim: no escapes, which would reach the math
    ("latex keeps backslashes", r"So [latex]\pi r^2[/latex] of it", r"So $\pi r^2$ of it"),
    ("latex keeps _ and *", "[latex]a_{i} * b_{j}[/latex] here", "$a_{i} * b_{j}$ here"),
    (
        "latex keeps escaped braces and spaces",
        r"x [latex]\{a\}_i \, \left(b\right) \\ c[/latex] y",
        r"x $\{a\}_i \, \left(b\right) \\ c$ y",
    ),
    ("latex entities decoded", "[latex]a &lt; b &amp; c[/latex] ok", "$a < b & c$ ok"),
    ("latex brackets", "[latex][a, b][/latex] ok", "$[a, b]$ ok"),
    ("latex over lines is one line", "a [latex]x^2 +\ny^2[/latex] b", "a $x^2 + y^2$ b"),
    ("latex in a list", "<ul><li>[latex]\\alpha_1[/latex]</li></ul>", "- $\\alpha_1$"),
    ("empty latex", "a [latex] [/latex] b", "a b"),
    ("text around latex is still escaped", "*a* [latex]*b*[/latex] _c_", r"\*a\* $*b*$ \_c\_"),
    # unknown shortcodes: kept as written
    ("unknown shortcode", '[flickr id="5"]', '[flickr id="5"]'),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_shortcode(raw: str, expected: str) -> None:
    context = ContentContext(attachments=PHOTOS, post_id=9)
    markdown = content_to_markdown(raw, context=context)
    assert markdown == expected + "\n"
    assert mdformat.text(markdown, extensions=MARKDOWN_EXTENSIONS) == markdown


@pytest.mark.parametrize(
    ("raw", "problems"),
    [
        ('[gallery ids="40"]', ["gallery-unresolved"]),
        ("[gallery]", ["gallery-unresolved"]),
        ('[flickr id="5"] [foo]x[/foo] [foo a=1]', ["unknown-shortcode", "unknown-shortcode"]),
        ("[sic] and [1] are prose", []),
        ("[code]\n[foo a=1]\n[/code]", []),
        ('[gallery ids="5"] [youtube x]', []),
    ],
)
def test_problems_are_returned_through_the_context(raw: str, problems: list[str]) -> None:
    context = ContentContext(attachments=PHOTOS)
    content_to_markdown(raw, context=context)
    assert [problem.code for problem in context.problems] == problems


def test_unknown_shortcode_problem_counts_uses() -> None:
    context = ContentContext()
    content_to_markdown("[foo a=1] [foo b=2]", context=context)
    [problem] = context.problems
    assert "[foo] (2 times)" in problem.message


def test_gallery_without_context_is_a_placeholder() -> None:
    assert content_to_markdown('[gallery ids="5"]') == (
        "*Gallery: attachments 5, which the export does not hold.*\n"
    )


def test_latex_of_a_real_export_keeps_its_tex(tmp_path: Path) -> None:
    export = SHARED / "corpus" / "wxr" / "DavidSouther__davidsouther.github.com__wordpress.xml"
    convert([export], tmp_path, jobs=1)
    text = (tmp_path / "posts" / "why-is-time-special.md").read_text(encoding="utf-8")
    assert r"$s^2 = -(c{\Delta}t)^2+({\Delta}x)^2+({\Delta}y)^2+({\Delta}z)^2$" in text
    assert r"$\eta_{\mu\nu}=\text{diag}(-1, 1, 1, 1)$" in text
    assert "[latex" not in text and r"\\" not in text
    assert mdformat.text(text, extensions=MARKDOWN_EXTENSIONS) == text
    assert verify([export], tmp_path).ok


URL_LINE_PIECES = [
    "a",
    " ",
    "\t",
    "\n",
    "\r",
    "http",
    "https",
    "://",
    "http://x.org",
    "<p>",
    "\u00a0",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(URL_LINE_PIECES), max_size=12).map("".join))
def test_url_line_precheck_never_misses_a_bare_url_line(text: str) -> None:
    found = media_shortcodes._BARE_URL_LINE.search(text)
    assert found is None or media_shortcodes._may_have_url_line(text)


def test_bare_url_lines_become_links_after_a_pre_block_too() -> None:
    html = media_shortcodes.autoembed("<pre>x</pre>http://a.org/1\n  https://b.org/2 \nc")
    assert html == (
        '<pre>x</pre><a href="http://a.org/1">http://a.org/1</a>\n'
        '<a href="https://b.org/2">https://b.org/2</a>\nc'
    )


TAG_PIECES = ["[", "]", "a", "x=1", " ", "/", "[/a]", "<", "<pre>", "</pre>", "<code>", "</code>"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TAG_PIECES), max_size=12).map("".join))
def test_unknown_shortcode_precheck_never_misses_one(html: str) -> None:
    context = ContentContext()
    count_unknown_shortcodes(html, context)
    assert not context.problems or handlers._MAYBE_TAG.search(html)


def test_a_shortcode_split_by_a_code_element_is_still_counted() -> None:
    context = ContentContext()
    count_unknown_shortcodes("[<code>x</code>foo a=1]", context)
    assert [p.message for p in context.problems] == [
        "the shortcode [foo] (once) is kept as written text"
    ]


@pytest.mark.parametrize(
    "export",
    [
        "WPTT__theme-unit-test__themeunittestdata.wordpress.xml",
        "WordPress__theme-test-data__64-block-test-data.xml",
    ],
)
def test_a_post_needs_only_the_attachments_its_galleries_can_name(export: str) -> None:
    """GalleryAttachments.for_post (what convert and verify pass) converts every post of a
    real export as the whole export's attachments do (hand-made cases: below)."""
    path = SHARED / "corpus" / "wxr" / export
    posts: list[Post] = []
    everything: dict[int, AttachmentInfo] = {}
    gallery = GalleryAttachments()
    for record in read_all([path], ProblemLog()):
        if isinstance(record, Post) and record.type == "attachment" and record.attachment_url:
            everything[record.id] = attachment_info(record)
            gallery.add(record)
        elif isinstance(record, Post):
            posts.append(record)
    with_galleries = [post for post in posts if names_attachments(post)]
    assert with_galleries
    for post in posts:
        wanted = gallery.for_post(post)
        assert (wanted != {}) == (post in with_galleries)
        assert content_to_markdown(post.content, context=context_for(post, wanted)) == (
            content_to_markdown(post.content, context=context_for(post, everything))
        )


_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>T</title><link>https://ex.org</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>file</title><link>https://ex.org/file/</link><dc:creator>a</dc:creator>
<wp:post_id>10</wp:post_id><wp:post_date>2020-01-01 00:00:00</wp:post_date>
<wp:post_name>file</wp:post_name><wp:status>inherit</wp:status>
<wp:post_parent>{parent}</wp:post_parent><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://ex.org/wp-content/uploads/{file}</wp:attachment_url></item>
<item><title>Hello</title><link>https://ex.org/hello/</link><dc:creator>a</dc:creator>
<content:encoded><![CDATA[Look:

{shortcode}

Bye.]]></content:encoded><wp:post_id>1</wp:post_id>
<wp:post_date>2020-01-02 00:00:00</wp:post_date><wp:post_name>hello</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>
"""


@pytest.mark.parametrize(
    ("file", "parent", "shortcode"),
    [
        ("song.mp3", 0, '[playlist ids="10"]'),  # a playlist names attachments too
        ("pic.jpg", 5, '[gallery id="5"]'),  # the uploads of another post
        ("pic.jpg", 5, "[gallery link='file' id=5]"),
    ],
)
def test_a_playlist_and_a_gallery_of_another_post_show_their_attachments(
    file: str, parent: int, shortcode: str, tmp_path: Path
) -> None:
    export = tmp_path / "export.xml"
    export.write_text(_EXPORT.format(file=file, parent=parent, shortcode=shortcode))
    out = tmp_path / "out"
    convert([export], out)
    assert f"https://ex.org/wp-content/uploads/{file}" in (out / "posts/hello.md").read_text()
    assert verify([export], out).ok
