"""Work spread over worker processes, for corpus phases whose parts are independent.

Workers are *spawned*, not forked: a forked child would inherit this process's SQLite
connection and SQLite's per-process lock bookkeeping, and a connection the child opens
to the same file would share that bookkeeping without holding the locks it records
(SQLite: do not carry a connection across fork). A spawned worker starts clean, imports
what it needs, and opens its own connection. So ``work`` is a module-level function and
its parts are picklable; each part's result comes back pickled.

A spawned worker also imports the caller's ``__main__`` script, to unpickle what it
defines, which runs a script without an ``if __name__ == "__main__"`` guard again in
every worker (a user's five-line script calling ``storyline.run``). storyline's work
needs nothing of it, so the workers are started while a bare stand-in is ``__main__``.
"""

from __future__ import annotations

import multiprocessing
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_processes(
    work: Callable[[T], R], parts: Sequence[T], processes: int
) -> Iterator[tuple[int, R]]:
    """``(index, work(part))`` for every part, computed in up to ``processes`` spawned
    workers, yielded as parts finish (so a caller can show progress). An exception in a
    worker is raised here."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(processes, len(parts)), mp_context=context) as pool:
        with _main_stand_in():  # every part is submitted at once: the workers start here
            pending: dict[Future[R], int] = {
                pool.submit(work, part): index for index, part in enumerate(parts)
            }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()


@contextmanager
def _main_stand_in() -> Iterator[None]:
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main
