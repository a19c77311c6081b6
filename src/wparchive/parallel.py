"""Run a function over a stream in worker processes, results in input order, memory bounded.

The reading process pulls items only as fast as workers finish them: at most WINDOW_PER_JOB
batches per worker are in flight, so a 50,000-post export never queues up in memory.
Items go in batches of BATCH_SIZE to pay for one round trip of pickling per batch, not per
post. With jobs=1, or when the whole stream fits in one batch (a single page, the seed),
everything runs in this process and no worker is started.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TypeVar

from wparchive.errors import WparchiveError

T = TypeVar("T")
R = TypeVar("R")

# ~30 posts of ~5 KB plus comments: large enough that pickling dominates the round trip,
# small enough that a worker never waits long for work.
BATCH_SIZE = 32
WINDOW_PER_JOB = 3

BatchFunction = Callable[[list[T]], list[R]]


class WorkerError(WparchiveError):
    """A worker process died (killed, out of memory) before returning its batch."""


def available_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def ordered_map(
    fn: BatchFunction[T, R], items: Iterable[T], *, jobs: int
) -> Generator[tuple[T, R], None, None]:
    """Each item with fn's result for it, in the order of `items`.

    `fn` takes a batch and returns one result per item; with jobs > 1 it must be a
    module-level function (or a functools.partial of one) so it can be sent to workers.
    """
    batches = _batched(iter(items), BATCH_SIZE)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if jobs <= 1 or second is None:
        yield from _in_process(fn, _prepend([first, second], batches))
        return
    yield from _in_workers(fn, _prepend([first, second], batches), jobs)


def _in_process(fn: BatchFunction[T, R], batches: Iterator[list[T]]) -> Iterator[tuple[T, R]]:
    for batch in batches:
        yield from zip(batch, fn(batch), strict=True)


def _in_workers(
    fn: BatchFunction[T, R], batches: Iterator[list[T]], jobs: int
) -> Iterator[tuple[T, R]]:
    try:
        yield from _pooled(fn, batches, jobs)
    except BrokenProcessPool as error:  # from a result, or from submitting to a broken pool
        raise WorkerError(
            "a worker process stopped unexpectedly (killed or out of memory); "
            "run again, or with --jobs 1"
        ) from error


def _pooled(
    fn: BatchFunction[T, R], batches: Iterator[list[T]], jobs: int
) -> Iterator[tuple[T, R]]:
    window = jobs * WINDOW_PER_JOB
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        pending: deque[tuple[list[T], Future[list[R]]]] = deque()
        for batch in batches:
            pending.append((batch, pool.submit(fn, batch)))
            if len(pending) >= window:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())


def _collect(batch: list[T], future: Future[list[R]]) -> Iterator[tuple[T, R]]:
    return zip(batch, future.result(), strict=True)


def _context() -> multiprocessing.context.BaseContext:
    # fork starts a worker in milliseconds and shares the loaded modules; where it does not
    # exist (Windows) or is not the platform's safe choice, the default method still works.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _batched(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(islice(items, size)):
        yield batch


def _prepend(head: list[list[T] | None], rest: Iterator[list[T]]) -> Iterator[list[T]]:
    for batch in head:
        if batch is not None:
            yield batch
    yield from rest
