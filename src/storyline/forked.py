"""Work spread over forked worker processes, for corpus phases whose parts are independent.

Workers are forked, so they start with what this process holds (loaded models, the work
function, its inputs) instead of receiving it pickled; only each part's index goes to a
worker and only its result comes back. A worker must not use this process's database
connection: it opens its own (``Store.reopen``).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# What the forked workers run, set just before they are forked (one run at a time).
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def forked_map(
    work: Callable[[T], R], parts: Sequence[T], processes: int
) -> Iterator[tuple[int, R]]:
    """``(index, work(part))`` for every part, computed in up to ``processes`` forked
    workers, yielded as parts finish (so a caller can show progress). An exception in a
    worker is raised here."""
    global _WORK
    if _WORK is not None:
        raise RuntimeError("forked_map is already running in this process")
    _WORK = (work, parts)
    try:
        context = multiprocessing.get_context("fork")
        workers = min(processes, len(parts))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending = {pool.submit(_run, index): index for index in range(len(parts))}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
    finally:
        _WORK = None


def _run(index: int) -> Any:
    assert _WORK is not None, "forked_map's work is set before its workers are forked"
    work, parts = _WORK
    return work(parts[index])
