"""What a worker did around the content conversion before the shortcuts of session 6: the
reference tests/test_tail_shortcuts.py compares the source with.

Test-only. Only the functions the shortcuts changed are kept here as they were (at
2fb6db2); what they call, unchanged, comes from the modules themselves (see them for the
why of each step). A deliberate change to what one of them gives must be made here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import yaml

from wparchive.model import Comment
from wparchive.writers.block_yaml import (
    _DEPENDS_FIRST,
    _DOCUMENT_MARKERS,
    _INDICATOR_FIRST,
    _NOT_PRINTABLE,
    _plain_key,
)
from wparchive.writers.frontmatter import _YAML12_NOT_STRING, DUMPERS
from wparchive.writers.frontmatter import dump_yaml as dump_yaml_module

# --- threads.py ---------------------------------------------------------------------------

ProblemCallback = Callable[[str, str], object]
_EARLIEST = datetime.min.replace(tzinfo=UTC)


def thread_comments(
    comments: Sequence[Comment], *, on_problem: ProblemCallback | None = None
) -> list[tuple[Comment, int]]:
    by_id = {comment.id: comment for comment in comments}
    cyclic = _leading_into_cycles(by_id)
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        parent = comment.parent
        if parent is not None and (parent not in by_id or comment.id in cyclic):
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


def _leading_into_cycles(by_id: dict[int, Comment]) -> set[int]:
    verdict: dict[int, bool] = {}
    for start in by_id:
        path: list[int] = []
        on_path: set[int] = set()
        current: int | None = start
        while current in by_id and current not in verdict and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = by_id[current].parent
        loops = current in on_path or (current is not None and verdict.get(current, False))
        for visited in path:
            verdict[visited] = loops
    return {comment_id for comment_id, loops in verdict.items() if loops}


def _sort_key(comment: Comment) -> tuple[datetime, int]:
    return (comment.date.value or _EARLIEST, comment.id)


def _walk(
    children: dict[int | None, list[Comment]],
    parent: int | None,
    depth: int,
    ordered: list[tuple[Comment, int]],
) -> None:
    stack = [
        (comment, depth) for comment in reversed(sorted(children.get(parent, ()), key=_sort_key))
    ]
    expanded: set[int] = set()
    while stack:
        comment, level = stack.pop()
        ordered.append((comment, level))
        if comment.id in expanded:
            continue
        expanded.add(comment.id)
        replies = sorted(children.get(comment.id, ()), key=_sort_key)
        stack.extend((reply, level + 1) for reply in reversed(replies))


# --- writers/frontmatter.py and writers/block_yaml.py -------------------------------------

_LINE_BREAK = re.compile("[\r\n\x85\u2028\u2029]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def string_style(value: str) -> str | None:
    if _LINE_BREAK.search(value) or _ASTRAL.search(value):
        return '"'
    if _YAML12_NOT_STRING.fullmatch(value) or value[:1].isspace() or value[-1:].isspace():
        return "'"
    return None


def dump_yaml(data: dict[str, Any]) -> str:
    """frontmatter.dump_yaml(data) as it was: block_yaml's text, else libyaml's."""
    text = block_yaml(data)
    return text if text is not None else dump_yaml_module(data, dumper=DUMPERS[0])


def block_yaml(data: dict[str, Any]) -> str | None:
    lines: list[str] = []
    for key, value in data.items():
        if not _plain_key(key):
            return None
        if not isinstance(value, list):
            text = _scalar(value)
            if text is None:
                return None
            lines.append(f"{key}: {text}")
        elif not value:
            lines.append(f"{key}: []")
        else:
            lines.append(f"{key}:")
            for item in value:
                text = _scalar(item)
                if text is None:
                    return None
                lines.append(f"  - {text}")
    return "\n".join(lines) + "\n" if lines else None


def _scalar(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return None
    return _string(value)


def _string(value: str) -> str | None:
    style = string_style(value)
    if style == '"' or _NOT_PRINTABLE.search(value):
        return None
    if style is None:
        reads_as_string = _reads_as_string(value)
        if _plain_for_certain(value, reads_as_string):
            return value
        if not _never_plain(value, reads_as_string):
            return None
    return "'" + value.replace("'", "''") + "'"


def _plain_for_certain(value: str, reads_as_string: bool) -> bool:
    return (
        value[:1] not in _INDICATOR_FIRST
        and value[:1] not in _DEPENDS_FIRST
        and value[-1:] not in (" ", ":")
        and ": " not in value
        and " #" not in value
        and not value.startswith(_DOCUMENT_MARKERS)
        and reads_as_string
    )


def _never_plain(value: str, reads_as_string: bool) -> bool:
    return (
        not value
        or value[0] in _INDICATOR_FIRST
        or value[0] == " "
        or value[-1] in (" ", ":")
        or ": " in value
        or " #" in value
        or value in ("-", "?")
        or value.startswith(("- ", "? ", *_DOCUMENT_MARKERS))
        or not reads_as_string
    )


_RESOLVER = yaml.resolver.Resolver()
_FIRST_CHARACTERS_RESOLVED = frozenset(_RESOLVER.yaml_implicit_resolvers)


def _reads_as_string(value: str) -> bool:
    if value[:1] not in _FIRST_CHARACTERS_RESOLVED:
        return True
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    return tag == "tag:yaml.org,2002:str"
