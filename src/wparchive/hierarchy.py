"""Parents of terms (a parent slug within the taxonomy) and of posts (post_parent): loops
found and reported, and a walk up the parents that stops at a loop.

WordPress itself refuses to save a page as its own ancestor, but exports are edited by
hand and by plugins: a page that is its own parent, or two categories each naming the
other, would make anything that climbs the parents (breadcrumbs, nested paths) run
forever. The archive keeps the parents as exported and the loop is reported once. Nothing
in wparchive climbs the parents yet; code that does should use `ancestors`, which stops
where the chain comes back on itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import TypeVar

from wparchive.model import Post, Site, Term
from wparchive.problems import ProblemLog
from wparchive.readers import Record

Key = TypeVar("Key", bound=Hashable)


def ancestors(start: Key, parent_of: Mapping[Key, Key]) -> list[Key]:
    """The parent, grandparent, ... of `start`, nearest first; stops before any repeat
    (so a loop gives each member once) and at a parent that is not in `parent_of`."""
    found: list[Key] = []
    seen = {start}
    current = parent_of.get(start)
    while current is not None and current not in seen:
        found.append(current)
        seen.add(current)
        current = parent_of.get(current)
    return found


def find_cycles(parent_of: Mapping[Key, Key]) -> list[list[Key]]:
    """Every loop of parents once, each from its smallest member (as sorted by str), in that
    order. A self-parent is a loop of one. Each chain is walked once: O(number of keys)."""
    state: dict[Key, int] = {}  # 1: on the chain being walked; 2: done
    cycles: list[list[Key]] = []
    for start in parent_of:
        chain: list[Key] = []
        current: Key | None = start
        while current is not None and current in parent_of and current not in state:
            state[current] = 1
            chain.append(current)
            current = parent_of[current]
        if current is not None and state.get(current) == 1:
            cycles.append(_from_smallest(chain[chain.index(current) :]))
        for key in chain:
            state[key] = 2
    return sorted(cycles, key=lambda cycle: str(cycle[0]))


def _from_smallest(cycle: list[Key]) -> list[Key]:
    first = min(range(len(cycle)), key=lambda index: str(cycle[index]))
    return cycle[first:] + cycle[:first]


def check_parents(records: Iterator[Record], log: ProblemLog) -> Iterator[Record]:
    """Pass the records on unchanged; once all are read, report each loop of term parents
    and of post parents. Only the parent links are held (ids and slugs), not the records."""
    term_parents: dict[tuple[str, str], tuple[str, str]] = {}
    post_parents: dict[int, int] = {}
    post_sources: dict[int, str] = {}
    sources: tuple[str, ...] = ()
    for record in records:
        if isinstance(record, Post) and record.parent is not None:
            post_parents[record.id] = record.parent
            post_sources[record.id] = record.source
        elif isinstance(record, Term) and record.parent:
            term_parents[(record.taxonomy, record.slug)] = (record.taxonomy, record.parent)
        elif isinstance(record, Site):
            sources = record.sources
        yield record
    for term_cycle in find_cycles(term_parents):
        _report_terms(term_cycle, ", ".join(sources), log)
    for post_cycle in find_cycles(post_parents):
        _report_posts(post_cycle, post_sources, log)


def _report_terms(cycle: list[tuple[str, str]], source: str, log: ProblemLog) -> None:
    taxonomy = cycle[0][0]
    slugs = [slug for _, slug in cycle]
    if len(slugs) == 1:
        what = f"the {taxonomy} term {slugs[0]!r} names itself as its parent"
    else:
        chain = " -> ".join(repr(slug) for slug in [*slugs, slugs[0]])
        what = f"the parents of the {taxonomy} terms {chain} form a loop"
    log.add(
        source=source,
        where=f"term {slugs[0]}",
        code="term-parent-cycle",
        message=f"{what}; the archive keeps the parents as exported and nothing follows "
        "them round the loop. Give one of these terms another parent (or none) in "
        "WordPress, or in the file, and convert again",
    )


def _report_posts(cycle: list[int], sources: Mapping[int, str], log: ProblemLog) -> None:
    files = sorted({sources[post_id] for post_id in cycle})
    if len(cycle) == 1:
        what = f"item {cycle[0]} names itself as its parent (wp:post_parent)"
    else:
        chain = " -> ".join(str(post_id) for post_id in [*cycle, cycle[0]])
        what = f"the parents (wp:post_parent) of items {chain} form a loop"
    also = f" (items from {', '.join(files)})" if len(files) > 1 else ""
    log.add(
        source=sources[cycle[0]],
        where=f"item {cycle[0]}",
        code="post-parent-cycle",
        message=f"{what}{also}; the archive keeps the parents as exported and nothing "
        "follows them round the loop. Set one of these pages' parent to another page "
        "(or none) in WordPress, or in the file, and convert again",
    )
