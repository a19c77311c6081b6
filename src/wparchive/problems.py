"""Where readers, cleaners and writers record what they repaired, skipped or could not read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from wparchive.model import Problem


class ProblemLog:
    """Collects problems in the order they happen; counts them by code for the summary."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []
        self.counts: Counter[str] = Counter()

    def add(self, *, source: str, where: str, code: str, message: str) -> Problem:
        problem = Problem(source=source, where=where, code=code, message=message)
        self._problems.append(problem)
        self.counts[code] += 1
        return problem

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._problems)

    def __len__(self) -> int:
        return len(self._problems)
