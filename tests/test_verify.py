"""verify proves nothing was lost, and notices when something was."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from support import FIXTURES, SHARED
from wparchive import convert
from wparchive.cli import main
from wparchive.content import content_to_markdown, context_for
from wparchive.content.context import attachment_info
from wparchive.faithful import check_faithful, faithfulness_draft, text_paragraphs
from wparchive.model import Post
from wparchive.parallel import BATCH_SIZE
from wparchive.policy import ConvertOptions, writes_markdown
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all
from wparchive.verify import _WordsIn, markdown_words, source_words, verify, words_kept

SEED = FIXTURES / "seed-export" / "input.xml"
THREADS = FIXTURES / "threads-drafts-protected" / "input.xml"


@pytest.mark.parametrize(
    ("source", "rendered", "words"),
    [
        ("Hello <b>big</b> world", False, ["Hello", "big", "world"]),
        ("<!-- wp:paragraph --><p>One</p><!-- /wp:paragraph -->", False, ["One"]),
        (
            '[caption id="x" width="300"]<img src="a.jpg"> The caption[/caption]',
            False,
            ["The", "caption"],
        ),
        ("Fish &amp; chips&nbsp;today", False, ["Fish", "chips", "today"]),
        ("It\u2019s", True, ["It", "s"]),
        ("", False, []),
    ],
)
def test_source_words(source: str, rendered: bool, words: list[str]) -> None:
    assert source_words(source, rendered=rendered) == words


def test_markdown_words_leave_out_front_matter() -> None:
    assert markdown_words("---\ntitle: Skip me\n---\n\nKeep **me**\n") == ["Keep", "me"]


@pytest.mark.parametrize(
    ("source", "written", "share"),
    [
        (["a", "b", "c", "d"], ["a", "b", "c", "d"], 1.0),
        (["a", "b", "c", "d"], ["x", "a", "b", "y", "c", "d", "z"], 1.0),
        (["a", "b", "c", "d"], ["a", "b"], 0.5),
        (["a", "b", "c", "d"], ["d", "c", "b", "a"], 0.25),
        ([], ["a"], 1.0),
    ],
)
def test_words_kept_counts_words_in_order(
    source: list[str], written: list[str], share: float
) -> None:
    assert words_kept(source, written) == share


def test_a_fresh_conversion_verifies(tmp_path: Path) -> None:
    convert([SEED], tmp_path)
    report = verify([SEED], tmp_path)
    assert report.ok, "\n".join(report.lines())
    assert report.checks and all(check.found for check in report.checks)
    assert sum(check.comments_expected for check in report.checks) == 7


def test_verify_finds_a_missing_file_and_lost_words(tmp_path: Path) -> None:
    convert([THREADS], tmp_path)
    post = tmp_path / "posts" / "a-conversation.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("Second paragraph", "Paragraph"), encoding="utf-8")
    report = verify([THREADS], tmp_path)
    assert not report.ok
    post.unlink()
    result = CliRunner().invoke(main, ["verify", str(THREADS), str(tmp_path)])
    assert result.exit_code == 1
    assert "file missing" in result.output


def test_verify_finds_a_lost_comment(tmp_path: Path) -> None:
    convert([THREADS], tmp_path)
    post = tmp_path / "posts" / "a-conversation.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("third level", "3rd level"), encoding="utf-8")
    [check] = [check for check in verify([THREADS], tmp_path).checks if check.id == 10]
    assert check.comments_found == check.comments_expected - 1


# -- faithfulness: paragraphs, links, images, leftovers ------------------------------


@pytest.mark.parametrize(
    ("html", "paragraphs"),
    [
        ("<p>One</p><p>Two</p>", 2),
        ("<p><img src='a.jpg'></p><p>Text</p>", 1),  # an image alone is not a paragraph
        ("<p>https://youtu.be/x</p>", 0),  # nor is an embed's URL
        ("<ul><li><p>item</p></li></ul>", 0),  # list items, tight or loose
        ("<div>Text</div><div> </div>", 1),
        ("<p>a<iframe src='x'></iframe>b</p>", 2),
        ("<b>Top level</b>", 1),
        ("<figure><img src='a.jpg'><figcaption>Cap</figcaption></figure>", 1),
        ("<blockquote><p>Q</p><cite>C</cite></blockquote>", 2),
        ("<pre>code</pre><pre class='wp-block-verse'>verse</pre>", 1),
        ("<table><caption>Cap</caption><tr><td>x</td></tr></table>", 1),
        ("<p><script>var a;</script></p>", 0),
    ],
)
def test_text_paragraphs(html: str, paragraphs: int) -> None:
    assert text_paragraphs(lxml.html.fragment_fromstring(html, create_parent="div")) == paragraphs


@pytest.mark.parametrize(
    ("source", "markdown", "problem"),
    [
        ("One\n\nTwo", "One\n\nTwo\n", ""),
        ("One\n\nTwo\n\nThree", "One Two Three\n", "paragraphs 1/3"),
        ('A <a href="http://x.org/?a=1&amp;b=2">link</a>', "A [link](http://x.org/?a=1&b=2)\n", ""),
        ('A <a href="http://x.org/">link</a>', "A link\n", "links missing"),
        ('<img src="http://x.org/a b.jpg">', "![](<http://x.org/a b.jpg>)\n", ""),
        ('<img src="http://x.org/a.jpg">', "\n", "images missing"),
        ("Text [gallery ids=1]", "Text [gallery ids=1]\n", "leftovers"),
        ("Text", "Text\n\n<!-- wp:paragraph -->\n", "leftovers"),
        ("Fish &amp; chips", "Fish &amp;amp; chips\n", "leftovers"),
        ("Write &amp;amp; to show &amp;", "Write &amp;amp; to show &\n", ""),
        ("[code]\n[gallery]\n[/code]", "```\n[gallery]\n```\n", ""),
        ("<!-- wp:paragraph -->\n<p>A</p>\n<!-- /wp:paragraph -->", "A\n", ""),
    ],
)
def test_check_faithful(source: str, markdown: str, problem: str) -> None:
    result = check_faithful(source, markdown, rendered=False)
    assert result.ok == (not problem), str(result)
    assert problem in str(result)


def test_the_report_names_each_check(tmp_path: Path) -> None:
    convert([SEED], tmp_path)
    line = next(verify([SEED], tmp_path).lines())
    assert "paragraphs" in line


# -- acceptance: the theme unit test data, the block test data, twelve real blogs -----

CORPUS = SHARED / "corpus" / "wxr"
ACCEPTANCE = [
    "WordPress__theme-test-data__themeunittestdata.wordpress.xml",
    "WPTT__theme-unit-test__themeunittestdata.wordpress.xml",
    "WordPress__theme-test-data__64-block-test-data.xml",
    "TimothyFitz__timothyfitz.github.com__wordpress.xml",
    "fdietz__fdietz.github.com__wordpress.xml",
    "sud0n1m__iamnotaprogrammer.com__wordpress.xml",
    "ServiceStackV3__mythz_blog__wordpress-export.xml",
    "mbmccormick__mbmccormick.github.io__wordpress.xml",
    "Changer119__changer119.github.io__wordpress.xml",
    "bitcoinfrance__bitcoinfrance.github.io__wordpress.xml",
    "SQLRockstar__sqlrockstar.github.io__thomaslarock.WordPress.2020-2024.xml",
    "DavidSouther__davidsouther.github.com__wordpress.xml",
    "Nitrooos__Nitrooos.github.io__wordpress.xml",
    "jao__blog-jekyll__wordpress.xml",
    "abhinemani__blog__wordpress.xml",
]
MIN_WORDS = 20


def _unfaithful(export: str, out: Path) -> dict[str, str]:
    path = CORPUS / export
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    convert([path], out, options=ConvertOptions(include_drafts=False))
    report = verify([path], out)
    return {
        check.markdown_path: line
        for check, line in zip(report.checks, report.lines(), strict=False)
        if check.word_count >= MIN_WORDS and not check.ok(report.threshold)
    }


@pytest.mark.parametrize("export", ACCEPTANCE)
def test_every_post_of_the_acceptance_exports_is_faithful(export: str, tmp_path: Path) -> None:
    assert list(_unfaithful(export, tmp_path).values()) == []


@pytest.mark.parametrize("export", ACCEPTANCE)
def test_every_post_is_faithful_with_the_content_context(export: str) -> None:
    """What the pipeline will write once it passes context_for(post, attachments)."""
    path = CORPUS / export
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    posts, attachments = [], {}
    for record in read_all([path], ProblemLog()):
        if not isinstance(record, Post):
            continue
        if record.type == "attachment" and record.attachment_url:
            attachments[record.id] = attachment_info(record)
        if writes_markdown(record, ConvertOptions()) and not record.password:
            posts.append(record)
    unfaithful = []
    for post in posts:
        context = context_for(post, attachments)
        markdown = content_to_markdown(post.content, context=context)
        result = check_faithful(post.content, markdown, rendered=False, context=context)
        if len(source_words(post.content, rendered=False)) >= MIN_WORDS and not result.ok:
            unfaithful.append(f"{post.slug}: {result}")
    assert unfaithful == []


# -- layouts: files where the layout put them, links and media as the conversion left them

THEME_DATA = CORPUS / "WPTT__theme-unit-test__themeunittestdata.wordpress.xml"
# An attachment page the gallery post links to: a hugo or jekyll conversion points the
# link at the attachment's file.
GALLERY_LINK = "https://wpthemetestdata.wordpress.com/2010/09/10/post-format-gallery/canola2/"
CANOLA = "https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg"


@pytest.mark.parametrize("layout", ["hugo", "jekyll"])
@pytest.mark.parametrize("export", [SEED, THEME_DATA], ids=["seed", "theme-data"])
def test_verify_follows_the_layout(layout: str, export: Path, tmp_path: Path) -> None:
    options = ConvertOptions(layout=layout)
    convert([export], tmp_path, options=options, jobs=1)
    report = verify([export], tmp_path, options=options)
    assert report.ok, "\n".join(line for line in report.lines() if not line.startswith("ok"))
    assert all(check.found for check in report.checks)
    assert not any(check.markdown_path.startswith("posts/") for check in report.checks)
    # The archive layout's paths are not there.
    assert not verify([export], tmp_path).ok


def test_verify_counts_a_link_rewritten_to_its_new_place_and_finds_a_lost_one(
    tmp_path: Path,
) -> None:
    convert([THEME_DATA], tmp_path, options=ConvertOptions(layout="hugo"), jobs=1)
    gallery = tmp_path / "content" / "posts" / "post-format-gallery" / "index.md"
    text = gallery.read_text(encoding="utf-8")
    # The link to the attachment page now points at the file: verify must know it moved.
    assert GALLERY_LINK not in text and f")]({CANOLA})" in text
    assert verify([THEME_DATA], tmp_path, options=ConvertOptions(layout="hugo")).ok
    gallery.write_text(text.replace(f")]({CANOLA})", ")](/elsewhere/)"), encoding="utf-8")
    args = ["verify", str(THEME_DATA), str(tmp_path), "--layout", "hugo", "-q"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    [failure] = [line for line in result.output.splitlines() if line.startswith("FAIL")]
    assert failure.startswith("FAIL content/posts/post-format-gallery/index.md:")
    assert f"links missing [{GALLERY_LINK}]" in failure


def test_verify_of_the_archive_layout_with_rewritten_links(tmp_path: Path) -> None:
    rewritten = ConvertOptions(rewrite_links=True)
    convert([THEME_DATA], tmp_path, options=rewritten, jobs=1)
    assert GALLERY_LINK not in "".join(
        path.read_text(encoding="utf-8") for path in tmp_path.rglob("*.md")
    )
    assert verify([THEME_DATA], tmp_path, options=rewritten).ok
    assert not verify([THEME_DATA], tmp_path).ok  # without the option: links missing


def test_verify_counts_a_copy_shown_as_the_original(tmp_path: Path) -> None:
    convert([THEME_DATA], tmp_path, jobs=1)
    page = tmp_path / "pages" / "clearing-floats.md"
    text = page.read_text(encoding="utf-8")
    assert "manhattansummer.jpg?w=150" not in text and "manhattansummer.jpg " in text
    assert verify([THEME_DATA], tmp_path).ok
    page.write_text(text.replace("manhattansummer.jpg ", "manhattan.jpg "), encoding="utf-8")
    [failure] = verify([THEME_DATA], tmp_path).failures
    assert failure.markdown_path == "pages/clearing-floats.md"
    assert failure.faithfulness is not None
    assert failure.faithfulness.images_missing == (
        "https://wpthemetestdata.files.wordpress.com/2010/08/manhattansummer.jpg?w=150",
    )


def test_verify_reports_the_same_for_any_jobs(tmp_path: Path) -> None:
    """Workers check the posts; the links that moved are looked up in the reading process."""
    options = ConvertOptions(layout="hugo")
    convert([THEME_DATA], tmp_path, options=options, jobs=1)
    gallery = tmp_path / "content" / "posts" / "post-format-gallery" / "index.md"
    text = gallery.read_text(encoding="utf-8")
    gallery.write_text(text.replace(f")]({CANOLA})", ")](/elsewhere/)"), encoding="utf-8")
    (tmp_path / "content" / "posts" / "template-comments" / "index.md").unlink()
    one = verify([THEME_DATA], tmp_path, options=options, jobs=1)
    two = verify([THEME_DATA], tmp_path, options=options, jobs=2)
    assert len(one.checks) > BATCH_SIZE  # more than one batch: workers did the checking
    assert list(two.lines()) == list(one.lines())
    assert two.checks == one.checks
    assert len(one.failures) == 2


def test_a_draft_resolves_urls_as_check_faithful_did() -> None:
    """Only URLs the Markdown does not show as they are wait for shown_urls; the result is
    what looking up every URL gives, in the source's order, each once."""
    source = (
        '<p><a href="https://old/a">a</a> <a href="https://old/b">b</a> '
        '<a href="https://lost/c">c</a> <a href="https://old/b">b</a> '
        '<a href="https://lost/c">c</a> <img src="https://old/i.jpg"></p>'
    )
    markdown = "[a](https://old/a) [b](/new/b) [c](/new/c) ![](/new/i.jpg)"
    moved = {"https://old/b": "/new/b", "https://old/i.jpg": "/new/i.jpg"}

    def shown(url: str) -> set[str]:
        return {url, moved[url]} if url in moved else {url}

    draft = faithfulness_draft(source, markdown, rendered=True)
    assert draft.links_unseen == (
        "https://old/b",
        "https://lost/c",
        "https://old/b",
        "https://lost/c",
    )
    result = draft.resolved(shown)
    assert result == check_faithful(source, markdown, rendered=True, shown_urls=shown)
    assert result.links_missing == ("https://lost/c",)
    assert result.images_missing == ()
    assert check_faithful(source, markdown, rendered=True).images_missing == ("https://old/i.jpg",)


_WORDS = st.lists(st.sampled_from(["a", "b", "c", "d", "the", "of"]), max_size=40)


@given(written=_WORDS, sources=st.lists(_WORDS, max_size=5))
def test_one_index_of_the_written_words_serves_every_comment(
    written: list[str], sources: list[list[str]]
) -> None:
    in_written = _WordsIn(written)
    assert [in_written.share_kept(source) for source in sources] == [
        words_kept(source, written) for source in sources
    ]
