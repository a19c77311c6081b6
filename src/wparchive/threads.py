"""Put comments in reading order: each thread under its parent, oldest first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from wparchive.model import Comment

ProblemCallback = Callable[[str, str], object]  # (code, message); the result is ignored

_EARLIEST = datetime.min.replace(tzinfo=UTC)


def thread_comments(
    comments: Sequence[Comment], *, on_problem: ProblemCallback | None = None
) -> list[tuple[Comment, int]]:
    """Return (comment, depth) pairs, parents before children, siblings by date then id.

    A comment whose parent is not among `comments` (deleted, unapproved, or not exported)
    or whose parents form a cycle is shown at the top level, and reported.
    """
    by_id = {comment.id: comment for comment in comments}
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        parent = comment.parent
        if parent is not None and (parent not in by_id or _in_cycle(comment, by_id)):
            if on_problem is not None:
                on_problem(*_orphan_problem(comment, parent, by_id))
            parent = None
        children.setdefault(parent, []).append(comment)
    ordered: list[tuple[Comment, int]] = []
    _walk(children, None, 0, ordered)
    return ordered


def _orphan_problem(comment: Comment, parent: int, by_id: dict[int, Comment]) -> tuple[str, str]:
    if parent in by_id:
        return (
            "comment-cycle",
            f"comment {comment.id}'s parents form a cycle; shown at the top level",
        )
    return (
        "comment-orphan",
        f"comment {comment.id} replies to comment {parent}, which is not shown; "
        "shown at the top level",
    )


def _in_cycle(comment: Comment, by_id: dict[int, Comment]) -> bool:
    seen = {comment.id}
    parent = comment.parent
    while parent is not None and parent in by_id:
        if parent in seen:
            return True
        seen.add(parent)
        parent = by_id[parent].parent
    return False


def _sort_key(comment: Comment) -> tuple[datetime, int]:
    return (comment.date.value or _EARLIEST, comment.id)


def _walk(
    children: dict[int | None, list[Comment]],
    parent: int | None,
    depth: int,
    ordered: list[tuple[Comment, int]],
) -> None:
    # An explicit stack, not recursion: a hostile export can chain thousands of replies.
    stack = [
        (comment, depth) for comment in reversed(sorted(children.get(parent, ()), key=_sort_key))
    ]
    while stack:
        comment, level = stack.pop()
        ordered.append((comment, level))
        replies = sorted(children.get(comment.id, ()), key=_sort_key)
        stack.extend((reply, level + 1) for reply in reversed(replies))
