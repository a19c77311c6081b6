"""Comment threads an export gets wrong: missing parents, cycles, shared ids, long chains.
The Markdown shows such comments at the top level, the archive keeps them as they were,
and a problem says so."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hostile_helpers import item, write, wxr

import wparchive
from wparchive.model import Comment, CommentStatus, CommentType
from wparchive.threads import thread_comments


def wxr_comment(comment_id: int, parent: int, author: str) -> str:
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author>{author}</wp:comment_author>"
        f"<wp:comment_date>2020-01-{comment_id % 28 + 1:02d} 10:00:00</wp:comment_date>"
        f"<wp:comment_content>Said by {author}</wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


# (id, parent, author, how the Markdown must show it)
THREAD = [
    (1, 0, "Top", "top"),
    (2, 1, "Reply", "nested"),
    (3, 99, "Orphan", "top"),
    (4, 5, "CycleA", "top"),
    (5, 4, "CycleB", "top"),
    (6, 6, "OwnParent", "top"),
]
PROBLEMS = {3: "comment-orphan", 4: "comment-cycle", 5: "comment-cycle", 6: "comment-cycle"}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[wparchive.Report, Path]:
    folder = tmp_path_factory.mktemp("threads")
    comments = "".join(wxr_comment(i, parent, who) for i, parent, who, _ in THREAD)
    post = item(1, "Body", post_name="hello").replace("</item>", comments + "</item>")
    report = wparchive.convert([write(folder, "thread.xml", wxr(post))], folder / "out")
    return report, folder / "out"


def test_markdown_shows_broken_threads_at_the_top_level(
    converted: tuple[wparchive.Report, Path],
) -> None:
    _, out = converted
    markdown = next(out.rglob("*.md")).read_text("utf-8")
    for _, _, author, shown in THREAD:
        assert markdown.count(f"**{author}**") == 1, author
        prefix = "> " if shown == "nested" else ""
        assert f"\n{prefix}**{author}** ·" in markdown, author


def test_archive_keeps_every_comment_with_its_parent(
    converted: tuple[wparchive.Report, Path],
) -> None:
    _, out = converted
    archive = json.loads((out / "archive.json").read_text("utf-8"))
    (post,) = [entry for entry in archive["items"] if entry["id"] == 1]
    kept = {(c["id"], c["parent"]) for c in post["comments"]}
    assert kept == {(i, parent or None) for i, parent, _, _ in THREAD}


def test_each_broken_thread_is_a_problem(converted: tuple[wparchive.Report, Path]) -> None:
    report, _ = converted
    found = {
        (problem.code, int(problem.message.split()[1].rstrip("'s")))
        for problem in report.problems
        if problem.code.startswith("comment-")
    }
    assert found == {(code, comment_id) for comment_id, code in PROBLEMS.items()}


def comment(comment_id: int, parent: int | None) -> Comment:
    return Comment(
        id=comment_id,
        parent=parent,
        type=CommentType.COMMENT,
        type_raw="",
        status=CommentStatus.APPROVED,
        status_raw="1",
        author="a",
    )


def test_a_ten_thousand_reply_chain_threads_in_linear_time() -> None:
    chain = [comment(1, None)] + [comment(n, n - 1) for n in range(2, 10_001)]

    started = time.perf_counter()
    ordered = thread_comments(chain)

    assert time.perf_counter() - started < 1  # was 30 s: each chain was walked per comment
    assert [depth for _, depth in ordered] == list(range(10_000))


def test_a_long_chain_ending_in_a_cycle_is_reported_once_per_comment() -> None:
    chain = [comment(n, n + 1) for n in range(1, 5_000)] + [comment(5_000, 1)]
    problems: list[tuple[str, str]] = []

    ordered = thread_comments(chain, on_problem=lambda *p: problems.append(p))

    assert len(ordered) == 5_000 and {depth for _, depth in ordered} == {0}
    assert {code for code, _ in problems} == {"comment-cycle"} and len(problems) == 5_000


def test_comments_sharing_an_id_show_their_replies_once() -> None:
    ordered = thread_comments([comment(1, None), comment(1, None), comment(2, 1)])

    assert [(c.id, depth) for c, depth in ordered] == [(1, 0), (2, 1), (1, 0)]


def test_replies_chained_to_an_orphan_stay_under_it() -> None:
    ordered = thread_comments([comment(10, 99), comment(11, 10), comment(12, 11)])

    assert [(c.id, depth) for c, depth in ordered] == [(10, 0), (11, 1), (12, 2)]
