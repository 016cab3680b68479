"""A fixed reference workload, timed, so runs on different days can be compared.

This machine's speed drifts between runs by 15-20 % (the whole Reuters stream once ran
every step, in the same mode on the same batches, 14-18 % faster than a run of the same
afternoon), more than most changes a benchmark is run to measure. A benchmark that times
this workload beside its own figures says how fast the machine was at the time: two runs
are comparable when their reference figures are close, or after scaling by them.

The work is the kind the pipeline does: Python objects (dictionaries of strings), sparse
products (term profiles) and SQLite reads and writes, all in memory, ~0.3 s a round.

Run:  .venv/bin/python benchmarks/reference.py
"""

from __future__ import annotations

import gc
import sqlite3
import statistics
import time

import numpy as np
from scipy import sparse

ROUNDS = 5


def _objects() -> int:
    found: dict[str, tuple[int, str]] = {}
    for number in range(120_000):
        key = f"article-{number % 40_000}"
        found[key] = (number, key.upper())
    return len(found)


def _products() -> float:
    rng = np.random.default_rng(7)  # the same matrix every time
    matrix = sparse.random(3_000, 20_000, density=0.004, format="csr", rng=rng)
    return float((matrix @ matrix.T).sum())


def _store() -> int:
    db = sqlite3.connect(":memory:")
    db.execute("create table postings (key integer, member text, weight real)")
    db.executemany(
        "insert into postings values (?, ?, ?)",
        ((n % 997, f"a{n}", n / 7) for n in range(60_000)),
    )
    db.execute("create index by_key on postings (key)")
    total = 0
    for key in range(0, 997, 3):
        total += len(db.execute("select member from postings where key = ?", (key,)).fetchall())
    db.close()
    return total


def reference_seconds(rounds: int = ROUNDS) -> float:
    """The median seconds of ``rounds`` rounds of the fixed workload. The cycle collector
    is paused meanwhile: in a process holding millions of objects (the stream's, at its
    end) a full collection would walk them all and time the process, not the machine."""
    times = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(rounds):
            start = time.perf_counter()
            _objects()
            _products()
            _store()
            times.append(time.perf_counter() - start)
    finally:
        if enabled:
            gc.enable()
    return statistics.median(times)


if __name__ == "__main__":
    print(f"reference workload: {reference_seconds():.3f} s a round (median of {ROUNDS})")
