"""Worker processes: results in part order, errors raised, the caller's script not re-run."""

from __future__ import annotations

import gc
import math
import operator
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from storyline import workers
from storyline.workers import (
    forked_map,
    in_processes,
    kept_forks,
    lasting_spawns,
    paused_gc,
    spawns_last,
    usable_cores,
)


def test_every_part_is_computed_once_with_its_index() -> None:
    found = dict(in_processes(math.sqrt, [4.0, 9.0, 16.0], 2))
    assert found == {0: 2.0, 1: 3.0, 2: 4.0}


def test_the_caller_computes_parts_too_when_it_can() -> None:
    """With ``here``, the calling process is one of the processes: it takes parts while
    the one worker does the others, and every part is still computed once."""
    parts = [float(n * n) for n in range(8)]
    by_caller: list[float] = []

    def here(part: float) -> float:
        by_caller.append(part)
        return math.sqrt(part)

    found = dict(in_processes(math.sqrt, parts, 2, here))
    assert found == {n: float(n) for n in range(8)}
    assert by_caller and len(by_caller) < len(parts)
    assert dict(in_processes(math.sqrt, parts, 1, here)) == found  # no worker at all


def test_an_error_in_a_worker_is_raised_in_the_caller() -> None:
    with pytest.raises(ValueError):
        list(in_processes(math.sqrt, [-1.0], 2))


def test_a_script_without_a_main_guard_is_not_run_again_by_the_workers(tmp_path: Path) -> None:
    runs = tmp_path / "runs.txt"
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import math, sys\n"
        "from storyline.workers import in_processes\n"
        f"with open({str(runs)!r}, 'a') as f: f.write('run\\n')\n"
        "print(sorted(in_processes(math.sqrt, [1.0, 4.0], 2)))\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[(0, 1.0), (1, 2.0)]"
    assert runs.read_text().splitlines() == ["run"]


def test_the_collector_is_paused_inside_and_restored_after_even_on_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(KeyError), paused_gc():
        assert not gc.isenabled()
        raise KeyError("phase failed")
    assert gc.isenabled()
    gc.disable()  # a caller that runs without the collector keeps it off
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_usable_cores_are_at_least_one_and_at_most_the_machine_has() -> None:
    assert 1 <= usable_cores() <= (os.cpu_count() or 1)


def _chunk_facts(chunk: list[int]) -> list[tuple[int, bool]]:
    return [(n * n, sys.stderr is not sys.__stderr__ and sys.stderr.fileno() == 2) for n in chunk]


def test_forked_workers_give_every_chunk_in_order_through_streams_of_their_own() -> None:
    """A thread here (a progress bar's) may hold the inherited streams' lock when a worker
    is forked; the worker writes through its own, on the same descriptors."""
    found = forked_map(_chunk_facts, [[1, 2], [3], [4, 5, 6]], 2)
    assert found == [(n * n, True) for n in range(1, 7)]
    assert gc.get_freeze_count() == 0  # this process's heap is thawed again
    assert forked_map(_chunk_facts, [], 2) == []  # nothing to do: nothing forked


def _pids(chunk: list[int]) -> list[int]:
    time.sleep(0.1)  # long enough that both workers take a chunk
    return [os.getpid() for _ in chunk]


def test_kept_forks_keep_the_workers_from_one_call_to_the_next() -> None:
    """The language stage forks its workers once for all its batches, not once a batch."""
    with kept_forks():
        first = set(forked_map(_pids, [[1], [2], [3], [4]], 2))
        second = set(forked_map(_pids, [[1], [2], [3], [4]], 2))
    assert first == second and len(first) == 2 and os.getpid() not in first
    assert set(forked_map(_pids, [[1], [2]], 2)).isdisjoint(first)  # outside: new workers


def _fails(chunk: list[int]) -> list[int]:
    if chunk == [0]:
        os._exit(1)  # a worker dying (out of memory, a crash in a native library)
    return chunk


def test_a_kept_pool_whose_worker_died_is_replaced_by_the_next_call() -> None:
    with kept_forks():
        with pytest.raises(BrokenProcessPool):
            forked_map(_fails, [[0], [1]], 2)
        assert forked_map(_fails, [[1], [2]], 2) == [1, 2]


def test_a_block_inside_another_leaves_the_outer_one_its_workers() -> None:
    with kept_forks():
        with kept_forks():
            pass
        kept = set(forked_map(_pids, [[1], [2], [3], [4]], 2))
        assert set(forked_map(_pids, [[1], [2], [3], [4]], 2)) == kept
    for pid in kept:  # ended with the outer block
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def _worker_pids(calls: int) -> set[int]:
    return {pid for _, pid in in_processes(operator.call, [os.getpid] * calls, 1)}


def test_lasting_spawns_keep_the_workers_for_every_later_call() -> None:
    """In a long-running process (``storyline watch``) the spawned worker starts once."""
    assert not spawns_last()
    with lasting_spawns():
        assert spawns_last()
        first = _worker_pids(3)
        assert _worker_pids(3) == first and os.getpid() not in first
    assert not spawns_last()
    for pid in first:  # ended with the block
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert _worker_pids(2).isdisjoint(first)  # outside: a new worker each call


def test_a_call_finishing_after_its_block_ended_leaves_no_worker_behind() -> None:
    with lasting_spawns():
        calls = in_processes(operator.call, [os.getpid] * 2, 1)
        _, pid = next(calls)
    assert [found for _, found in calls] == [pid]  # ends after the block: not kept
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_kept_spawned_worker_that_died_between_calls_is_replaced() -> None:
    with lasting_spawns():
        (pid,) = _worker_pids(1)
        os.kill(pid, signal.SIGKILL)
        (pool,) = workers._SPAWNS.blocks()[-1].values()
        deadline = time.monotonic() + 10
        while not getattr(pool, "_broken", False) and time.monotonic() < deadline:
            time.sleep(0.05)  # until the executor has seen it go
        (again,) = _worker_pids(1)
    assert again != pid


def test_a_lasting_block_keeps_the_workers_of_its_own_thread_only() -> None:
    seen: list[bool] = []
    with lasting_spawns():
        thread = threading.Thread(target=lambda: seen.append(spawns_last()))
        thread.start()
        thread.join()
    assert seen == [False]
