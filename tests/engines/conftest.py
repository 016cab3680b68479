"""A two-worker Dask cluster shared by the engine tests, and corpora read from ../shared.

The cluster is the issue's test setup: ``LocalCluster(n_workers=2, threads_per_worker=1,
processes=True)``, so tasks really cross process boundaries (pickling, models loaded per
worker process, a worker that can be killed).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
# Reuters-21578 lines in the test corpus: 150 stories with a body (and the bodiless
# ones among them, which fail extraction and must fail alike on both engines).
REUTERS_LINES = 170


def corpus_path(relative: str) -> Path:
    path = CORPORA / relative
    if not path.exists():
        pytest.skip(f"{path} not found (the shared corpora live in ../shared/corpora)")
    return path


@pytest.fixture(scope="session")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as local:
        yield local


@pytest.fixture(scope="session")
def client(cluster: distributed.LocalCluster) -> Iterator[distributed.Client]:
    with distributed.Client(cluster) as connected:
        connected.wait_for_workers(2, timeout=60)
        yield connected


@pytest.fixture(scope="session")
def reuters_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first Reuters-21578 stories as a JSON lines file (in a temporary folder)."""
    source = corpus_path("news-reuters21578/reuters21578.jsonl")
    target = tmp_path_factory.mktemp("reuters") / "reuters-sample.jsonl"
    with source.open("rb") as lines:
        target.write_bytes(b"".join(islice(lines, REUTERS_LINES)))
    return target
