"""Work spread over worker processes: spawned for corpus phases, forked for article steps.

:func:`in_processes` *spawns* its workers: a forked child would inherit this process's
SQLite connection and SQLite's per-process lock bookkeeping, and a connection the child
opens to the same file would share that bookkeeping without holding the locks it records
(SQLite: do not carry a connection across fork). A spawned worker starts clean, imports
what it needs, and opens its own connection. So ``work`` is a module-level function and
its parts are picklable; each part's result comes back pickled.

A spawned worker also imports the caller's ``__main__`` script, to unpickle what it
defines, which runs a script without an ``if __name__ == "__main__"`` guard again in
every worker (a user's five-line script calling ``storyline.run``). storyline's work
needs nothing of it, so the workers are started while a bare stand-in is ``__main__``.
Inside :func:`lasting_spawns` (a long-running process) the workers are spawned once and
serve every later call.

:func:`forked_map` *forks* its workers, for pure per-article work (the language stage,
embeddings) that never touches the store: a forked worker starts at once with the models
this process loaded, where a spawned one would load them again (seconds, for a batch of 64
articles that takes one).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import types
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_processes(
    work: Callable[[T], R],
    parts: Sequence[T],
    processes: int,
    here: Callable[[T], R] | None = None,
) -> Generator[tuple[int, R], None, None]:
    """``(index, work(part))`` for every part, computed in up to ``processes`` spawned
    workers, yielded as parts finish (so a caller can show progress). An exception in a
    worker is raised here.

    With ``here`` (what ``work`` does, done in this process), this process is one of the
    ``processes``: it computes parts itself while ``processes - 1`` workers take the
    others, so it does not sit idle, one worker fewer is started, and its own results
    are not pickled. Parts are handed out in order, each to whoever is free first.
    """
    workers = processes - 1 if here is not None else processes
    if here is not None and (workers < 1 or len(parts) < 2):
        yield from ((index, here(part)) for index, part in enumerate(parts))
        return
    # Without ``here`` every part is queued at once; with it, a worker holds one part at
    # a time, so the parts left are this process's to take.
    queued = workers if here is not None else len(parts)
    kept, pool = _SPAWNS.take(workers)
    if pool is None:
        size = workers if kept is not None else min(workers, len(parts))
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(max_workers=size, mp_context=context)
    waiting = list(enumerate(parts))[::-1]  # popped from the end: in order
    running: dict[Future[R], int] = {}
    try:
        while waiting or running:
            with _main_stand_in():  # workers start on the first submissions
                while waiting and len(running) < queued:
                    index, part = waiting.pop()
                    running[pool.submit(work, part)] = index
            if here is not None and waiting:
                index, part = waiting.pop()
                yield index, here(part)
                done = {future for future in running if future.done()}
            else:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield running.pop(future), future.result()
    except BaseException:  # an error, or the caller stopped early: not kept for the next
        pool.shutdown(wait=kept is None, cancel_futures=True)
        raise
    _SPAWNS.give_back(kept, workers, pool)


class _KeptPools:
    """The worker pools that open blocks keep, per thread: a call takes its pool out of
    the innermost block while it uses it and gives it back after, which is safe within one
    thread only. Keyed by worker count."""

    def __init__(self) -> None:
        self._local = threading.local()

    def blocks(self) -> list[dict[int, ProcessPoolExecutor]]:
        if not hasattr(self._local, "blocks"):
            self._local.blocks = []
        return self._local.blocks  # type: ignore[no-any-return]

    @contextmanager
    def block(self) -> Iterator[None]:
        pools: dict[int, ProcessPoolExecutor] = {}
        blocks = self.blocks()
        blocks.append(pools)
        try:
            yield
        finally:
            blocks[:] = [open_ for open_ in blocks if open_ is not pools]  # not ==: {} == {}
            for pool in pools.values():
                pool.shutdown()

    def take(
        self, key: int
    ) -> tuple[dict[int, ProcessPoolExecutor] | None, ProcessPoolExecutor | None]:
        """The innermost block (None outside any) and the pool it keeps under ``key``."""
        blocks = self.blocks()
        kept = blocks[-1] if blocks else None
        pool = kept.pop(key, None) if kept is not None else None
        if pool is not None and getattr(pool, "_broken", False):
            # A kept worker died between calls (killed, out of memory): start afresh rather
            # than fail this call. CPython's executor records it there; no public way says.
            pool.shutdown(wait=False)
            pool = None
        return kept, pool

    def give_back(
        self, kept: dict[int, ProcessPoolExecutor] | None, key: int, pool: ProcessPoolExecutor
    ) -> None:
        """Keep ``pool`` in its block for the next call, or shut it down: outside a block,
        after its block ended, or when another call gave one back first."""
        if kept is not None and key not in kept and any(kept is b for b in self.blocks()):
            kept[key] = pool
        else:
            pool.shutdown()


_SPAWNS, _FORKS = _KeptPools(), _KeptPools()


@contextmanager
def lasting_spawns() -> Iterator[None]:
    """Within this block :func:`in_processes` spawns its workers once and keeps them for
    every later call (a long-running process: ``storyline watch``, the stream benchmark);
    they end with the block. A spawned worker takes ~2 s to import storyline and load
    what it needs, which is why the story analyses share out only large batches of work
    outside such a block (``storyline.analyze.phases``); inside it they share out a day's
    batch too. A kept worker opens the store afresh for every part, so it reads what the
    phases before it committed, and its own caches are pure (text to result). It keeps
    the memory it grew to (its largest part's stories) while it waits. A call that fails
    drops its workers, which finish the part they hold and exit; the next call starts
    others. The language stage may fork while a kept pool's threads are alive: its forked
    workers use none of that pool's locks or queues."""
    with _SPAWNS.block():
        yield


def spawns_last() -> bool:
    """Whether :func:`in_processes`, called from this thread, keeps its workers (inside
    :func:`lasting_spawns`)."""
    return bool(_SPAWNS.blocks())


def forked_map(
    work: Callable[[list[T]], list[R]], chunks: list[list[T]], processes: int
) -> list[R]:
    """``work`` over each chunk in up to ``processes`` forked workers, the results of all
    chunks in chunk order. ``work`` must not use the store (see the module doc).

    Inside :func:`kept_forks` the workers stay for the next call; otherwise they end with
    this one. The heap is frozen while they are forked, so a worker's cycle collector never
    walks (and so copies, page by page) the objects it inherited; each worker writes
    through standard streams of its own (:func:`_own_stdio`).
    """
    if not chunks:
        return []
    kept, pool = _FORKS.take(processes)
    if pool is None:
        context = multiprocessing.get_context("fork")
        workers = processes if kept is not None else min(processes, len(chunks))
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_own_stdio)
    gc.freeze()  # a fork pool starts its workers on its first map
    try:
        found = [result for done in pool.map(work, chunks) for result in done]
    except BaseException:  # a worker died, or an interrupt: the next call forks afresh
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        gc.unfreeze()
    _FORKS.give_back(kept, processes, pool)
    return found


@contextmanager
def kept_forks() -> Iterator[None]:
    """Within this block :func:`forked_map` forks its workers once and keeps them from one
    call to the next (the language stage's batches); they end with the block. Forking a
    process that holds a gigabyte or two, and tearing each copy down again, cost ~0.15 s
    a batch of 64 articles (two workers enriched a day of 497 wires in 4.8-5.0 s forked
    per batch, 3.7 s kept, 6.3 s in one process)."""
    with _FORKS.block():
        yield


def _own_stdio() -> None:
    """A forked worker writes (a warning, say) through streams of its own: a thread of the
    parent (a progress bar's) may have held the inherited ones' lock at the fork, and the
    worker would wait for it for ever."""
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says, which a
    container's cpuset narrows; else every core the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


@contextmanager
def _main_stand_in() -> Iterator[None]:
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run a block with Python's cycle collector paused.

    A corpus phase builds millions of small objects that live until it ends (a 1,000
    batch on the 200k archive decodes ~300k entity chains and the enrichments of ~100k
    articles), and the collector, started every few hundred allocations, walks the
    survivors again and again (a 1,000 batch on the 200k archive: 10 s of 72 in one
    process). Reference counting still frees at once everything that is not in a cycle;
    the few cycles are left to the collector's next ordinary run. Not a collection when
    the block ends: with the language models loaded that costs 0.2-0.3 s, every phase of
    a batch of a few wires.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
