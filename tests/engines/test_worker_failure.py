"""A worker killed mid-run loses and duplicates nothing: Dask reruns its shards elsewhere."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import distributed

from storyline import jobs
from storyline.engines.dask import DaskEngine
from storyline.engines.parts import MANIFEST
from storyline.engines.shards import ShardSizes

from .conftest import corpus_path

# Reuters-21578 lines in 8-line shards: ~2 s of extraction on two workers, so a kill
# after the fourth finished shard lands with shards running and many still to come.
STORIES = 300


def _kill_one_worker_when_shards_are_done(
    client: distributed.Client, folder: Path, done: int, killed: list[int]
) -> threading.Thread:
    pids = list(client.run(os.getpid).values())

    def kill() -> None:
        deadline = time.monotonic() + 60
        while len(list(folder.glob(f"*/{MANIFEST}"))) < done and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(pids[0], signal.SIGKILL)  # a hard crash: no clean shutdown
        killed.append(pids[0])

    thread = threading.Thread(target=kill, daemon=True)
    thread.start()
    return thread


def test_killing_a_worker_mid_ingest_loses_and_duplicates_nothing(
    client: distributed.Client, tmp_path: Path
) -> None:
    source = corpus_path("news-reuters21578/reuters21578.jsonl")
    sample = tmp_path / "reuters.jsonl"
    with source.open("rb") as lines:
        sample.write_bytes(b"".join(line for _, line in zip(range(STORIES), lines, strict=False)))
    with jobs.open_store(":memory:") as expected_store:
        expected = jobs.ingest([str(sample)], expected_store)
        expected_ids = sorted(a.id for a in expected_store.articles())
    engine = DaskEngine(client, ShardSizes(documents=8), tmp_path / "news.db.shards")
    killed: list[int] = []
    with jobs.open_store(tmp_path / "news.db") as store:
        folder = tmp_path / "news.db.shards" / "ingest"
        killer = _kill_one_worker_when_shards_are_done(client, folder, 4, killed)
        summary = jobs.ingest([str(sample)], store, engine=engine)
        killer.join(timeout=60)
        articles = list(store.articles())
    assert killed, "the worker was not killed during the run"
    assert (summary.read, summary.written, summary.failed) == (
        expected.read, expected.written, expected.failed,
    )  # fmt: skip
    assert sorted(a.id for a in articles) == expected_ids
    assert len({a.source_path for a in articles}) == len(articles)
