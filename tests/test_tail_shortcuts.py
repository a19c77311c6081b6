"""The shortcuts around the content conversion give what the code they replace gave.

tests/tail_reference.py keeps that code; every test here runs both on the same input: the
posts of the corpus, the seed and a generated bench export (titles, dates, excerpts, names,
comment threads), and generated values near the edge of each rule.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tail_reference
from wparchive.errors import WparchiveError
from wparchive.model import Comment, CommentStatus, CommentType, Post, Timestamp
from wparchive.problems import ProblemLog
from wparchive.readers.registry import read_all
from wparchive.threads import thread_comments
from wparchive.writers.frontmatter import dump_yaml, front_matter, string_style

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _bench_export(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generate  # dataclasses look their module up there
    spec.loader.exec_module(generate)
    path = folder / "bench.xml"
    generate.write_export(path, posts=300, seed=1)
    return path


@pytest.fixture(scope="module")
def real_posts(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Post]:
    """Every item of the corpus, the seed and a small bench export, as read."""
    paths = [
        *sorted((shared / "corpus" / "wxr").glob("*.xml")),
        *sorted((shared / "seed").glob("*.xml")),
        _bench_export(tmp_path_factory.mktemp("bench")),
    ]
    posts: list[Post] = []
    for path in paths:
        try:
            posts += (r for r in read_all([path], ProblemLog()) if isinstance(r, Post))
        except WparchiveError:
            continue  # the corpus's broken exports, from which nothing can be read
    assert len(posts) > 2000
    return posts


# --- comment threads ------------------------------------------------------------------


def same_threads(comments: list[Comment]) -> None:
    problems: list[tuple[str, str]] = []
    reference_problems: list[tuple[str, str]] = []
    threaded = thread_comments(comments, on_problem=lambda *p: problems.append(p))
    expected = tail_reference.thread_comments(
        comments, on_problem=lambda *p: reference_problems.append(p)
    )
    assert threaded == expected
    assert problems == reference_problems


def test_threads_of_real_posts(real_posts: list[Post]) -> None:
    with_replies = 0
    for post in real_posts:
        same_threads(list(post.comments))
        approved = [c for c in post.comments if c.status is CommentStatus.APPROVED]
        same_threads(approved)  # what the Markdown shows: some parents left out
        with_replies += any(c.parent is not None for c in post.comments)
    assert with_replies > 50


def _comment(comment_id: int, parent: int | None, day: int | None) -> Comment:
    value = None if day is None else datetime(2020, 1, day, tzinfo=UTC)
    return Comment(
        id=comment_id,
        parent=parent,
        type=CommentType.COMMENT,
        type_raw="",
        status=CommentStatus.APPROVED,
        status_raw="1",
        author=f"a{comment_id}",
        date=Timestamp(value=value),
    )


# Few ids and parents, so that replies, orphans, cycles and shared ids all come up.
COMMENTS = st.lists(
    st.builds(
        _comment,
        st.integers(1, 8),
        st.none() | st.integers(0, 9),
        st.none() | st.integers(1, 3),
    ),
    max_size=12,
)


@settings(max_examples=2000, deadline=None)
@given(COMMENTS)
def test_threads_of_generated_comments(comments: list[Comment]) -> None:
    same_threads(comments)


# --- front matter YAML ----------------------------------------------------------------


def test_front_matter_of_real_posts(real_posts: list[Post]) -> None:
    for post in real_posts:
        for excerpt in (post.excerpt, post.content[:300]):
            fields = front_matter(
                post, author_name=post.creator, featured_image=post.attachment_url, excerpt=excerpt
            )
            names = [c.author for c in post.comments] + [t.name for t in post.terms]
            for value in (fields, {"title": post.title, "tags": names}):
                assert dump_yaml(value) == tail_reference.dump_yaml(value)


# Characters that decide a scalar's style or escapes, and text that looks like an escape.
EDGES = (
    "-?:#,[]{}&*!|>%@`'\" \t\n\r\\.~+_0123456789eExotTnNyYfF\x00\x07\x1b\x7f\x85\x9f"
    "\xa0\u2028\u2029\ufeff\ufffe\uffff\ud7ff\ue000\U0001f600\U0010ffffaé"
)
VALUES = (
    st.text(alphabet=EDGES, max_size=8)
    | st.text()
    | st.sampled_from(["\\U0001F600", "\\\\U0001F600", "2020-01-02T03:04:05+01:00", "yes"])
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(VALUES, min_size=1, max_size=4), st.booleans())
def test_yaml_of_generated_values(values: list[str], two_lines: bool) -> None:
    if two_lines:
        values = [f"{value}\n{value}" for value in values]
    fields: dict[str, object] = {"title": values[0], "id": 7, "tags": values}
    assert dump_yaml(fields) == tail_reference.dump_yaml(fields)


@settings(max_examples=3000, deadline=None)
@given(VALUES)
def test_string_style_of_generated_values(value: str) -> None:
    assert string_style(value) == tail_reference.string_style(value)


@pytest.mark.parametrize("hours", [-12, -5, 0, 5.5, 14])
def test_dates_in_every_offset(hours: float) -> None:
    zone = timezone(timedelta(hours=hours))
    for day in range(0, 4000, 7):
        when = datetime(2004, 2, 29, 23, 59, 59, tzinfo=zone) + timedelta(days=day, minutes=day)
        fields: dict[str, object] = {"date": when.isoformat(), "lastmod": str(when)}
        assert dump_yaml(fields) == tail_reference.dump_yaml(fields)
