"""finish_marked's roads without `Piece` objects give exactly what `finish` gives.

Paragraphs without autolinks are finished from their split parts (`_finish_undelimited`,
and `_finish_plain_pairs` when they hold emphasis), not by the general `finish`. Each
test records the marked text of every paragraph, heading and cell met while converting
(or builds marked text directly) and checks finish_marked against `finish` on the same
pieces: for every body, excerpt and comment of the corpus and the seed, for the saved
pages, and for generated inline HTML and marked text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wparchive.content import html_to_markdown, inline
from wparchive.content.context import ContentContext, context_for
from wparchive.content.convert import prepare_raw_content
from wparchive.model import Post
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all

Marked = list[tuple[str, str]]  # (marked text, hard break)
FINISH_MARKED = inline.finish_marked  # the tests below record its calls by replacing it


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[Marked]:
    """Every (marked, hard_break) that finish_marked is given while the test converts."""
    seen: Marked = []
    monkeypatch.setattr(inline, "finish_marked", _recorder(seen))
    yield seen


def _recorder(seen: Marked) -> Callable[..., str]:
    def record(marked: str, *, hard_break: str = "\\\n") -> str:
        seen.append((marked, hard_break))
        return FINISH_MARKED(marked, hard_break=hard_break)

    return record


def general(marked: str, hard_break: str) -> str:
    return inline.finish(inline.split_pieces(inline._PIECES.split(marked)), hard_break=hard_break)


def takes_plain_pairs(marked: str) -> bool:
    parts = inline._PIECES.split(marked)
    return (
        (inline.OPEN_DELIM in marked or inline.CLOSE_DELIM in marked)
        and inline.BLOCK_REF not in marked
        and not inline.maybe_has_autolink("".join(parts[::2]))
        and inline._finish_plain_pairs(parts, "\\\n") is not None
    )


def assert_same(seen: Marked) -> None:
    for marked, hard_break in seen:
        assert FINISH_MARKED(marked, hard_break=hard_break) == general(marked, hard_break), marked


def _prepared(path: Path) -> Iterator[str]:
    """The HTML of every item's body, excerpt and comment, as the pipeline converts it."""
    for record in read_all([path], ProblemLog()):
        if isinstance(record, Post):
            rendered = record.content_rendered
            yield _prepare(record.content, rendered, context_for(record))
            yield _prepare(record.excerpt, rendered)
            yield from (_prepare(comment.content, rendered) for comment in record.comments)


def _prepare(text: str, rendered: bool, context: ContentContext | None = None) -> str:
    return text if rendered else prepare_raw_content(text, context)


UNREADABLE = {"WordPress__wordpress-importer__malformed.xml"}
UNREADABLE.add("WordPress__wordpress-importer__malformed-simple.xml")


def test_every_text_of_the_corpus_and_seed(shared: Path, recorded: Marked) -> None:
    exports = sorted((shared / "corpus" / "wxr").glob("*.xml"))
    for path in [*exports, shared / "seed" / "ldn-export.xml"]:
        if path.name not in UNREADABLE:
            for html in _prepared(path):
                html_to_markdown(html)
    pages = sorted((shared / "corpus" / "html").glob("*.html"))
    for page in [*pages, shared / "seed" / "ldn-post.html"]:
        html_to_markdown(page.read_text(encoding="utf-8", errors="replace"))
    assert len(recorded) > 10_000
    assert_same(recorded)
    emphasis = [marked for marked, _ in recorded if inline.OPEN_DELIM in marked]
    assert sum(map(takes_plain_pairs, emphasis)) > len(emphasis) * 0.8  # the common case


@pytest.mark.parametrize(
    "html",
    [
        "<p>a <em>b</em> c</p>",
        "<p>a <em> b </em> c</p>",
        "<p>a<em>b</em>c</p>",  # intraword: could open and close, left to finish
        "<p>x<em>(y)</em></p>",  # not emphasis as Markdown: written as HTML
        "<p><em>a</em><em>b</em></p>",  # joined into one pair
        "<p><strong><em>a</em></strong></p>",
        "<p><em>a</em><em> </em>b</p>",
        "<p><em>a<br>b</em></p>",
        "<p><br><em>a</em><br></p>",
        "<p><em>\u3000a\u3000</em> b</p>",
        "<p>a \u3000<em>b</em>\u3000 c</p>",
        "<p>a&nbsp;<em>b</em>&nbsp;c</p>",
        "<p><del>~a</del> <del>b</del>~</p>",
        '<p><em><a href="/x">a</a></em>!<a href="/y">b</a></p>',
        "<p><em><code>a</code></em><code>b</code></p>",
        "<p><code>a</code><code>b</code> <em>c</em></p>",
        "<p>*<em>a</em>_ <strong>__b__</strong></p>",
        "<p><em>a</em> <em>www.x.org</em></p>",
        "<h2>a <em>b</em> c<br>d</h2>",
        "<table><tr><td>a <em>b</em><br>c</td></tr></table>",
    ],
)
def test_edge_cases(html: str, recorded: Marked) -> None:
    html_to_markdown(html)
    assert recorded
    assert_same(recorded)


_TEXT = st.sampled_from(
    [
        "a",
        "b c",
        " ",
        "  ",
        "\n",
        "\t",
        "\u3000",
        "\u2028",
        "\x85",
        "&nbsp;",
        "*",
        "_",
        "~",
        "!",
        "(",
        ")",
        ".",
        "`",
        "[y]",
        "&amp;",
        "é",
    ]
)
_WORDS = st.sampled_from(["a", "b c", " d ", "e. "])
_WRAPPERS = ["em", "strong", "b", "i", "del", "code", "a", "span"]


@st.composite
def _inline_html(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.integers(0, 9 if depth < 3 else 5))
        if choice <= 3:
            parts.append(draw(_WORDS))
        elif choice <= 5:
            parts.append(draw(_TEXT))
        elif choice == 6:
            parts.append("<br>")
        else:
            tag = draw(st.sampled_from(_WRAPPERS))
            attrs = ' href="/l"' if tag == "a" else ""
            parts.append(f"<{tag}{attrs}>{draw(_inline_html(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(_inline_html())
def test_generated_inline_html(html: str) -> None:
    seen: Marked = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline, "finish_marked", _recorder(seen))
        html_to_markdown(f"<p>{html}</p><h3>{html}</h3>")
    assert_same(seen)


_SYNTAX = st.sampled_from(
    [
        inline.HARD_BREAK,
        inline.syntax("["),
        inline.syntax("](/u)"),
        inline.syntax("`c`"),
        inline.syntax(""),
        inline.syntax("<sup>"),
    ]
)
_MARKERS = st.sampled_from(["*", "**", "~~"])
_STRAY = st.one_of(
    _MARKERS.map(lambda m: inline.OPEN_DELIM + m + inline.SYNTAX_END),
    _MARKERS.map(lambda m: inline.CLOSE_DELIM + m + inline.SYNTAX_END),
)


@st.composite
def _marked(draw: st.DrawFn, depth: int = 0) -> str:
    """Marked text: mostly words, so that many pairs are plain, and pieces of every
    kind, pairs around anything and stray delimiters now and then."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 19 if depth < 2 else 14))
        if choice <= 8:
            out.append(draw(_WORDS))
        elif choice <= 10:
            out.append(draw(_TEXT))
        elif choice <= 13:
            out.append(draw(_SYNTAX))
        elif choice == 14:
            out.append(draw(_STRAY))
        else:
            out.append(inline.delimited(draw(_MARKERS), draw(_marked(depth + 1))))
    return "".join(out)


@settings(max_examples=600, deadline=None)
@given(_marked(), st.sampled_from(["\\\n", " "]))
def test_generated_marked_text(marked: str, hard_break: str) -> None:
    assert FINISH_MARKED(marked, hard_break=hard_break) == general(marked, hard_break)
