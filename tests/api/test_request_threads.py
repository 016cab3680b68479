"""The server works on ``settings.threads`` requests at once; the others wait their turn."""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sample_analysis import Sample

from storyline.api import routes
from storyline.api.settings import ServerSettings


def _busiest(
    client_for: Callable[[ServerSettings], TestClient],
    db: Path,
    threads: int,
    monkeypatch: pytest.MonkeyPatch,
) -> int:
    """The most requests seen inside a route at once, with 6 clients asking together."""
    lock, inside, busiest = threading.Lock(), [0], [0]
    real = routes.browse.overview

    def slow_overview(store: Any) -> dict[str, Any]:
        with lock:
            inside[0] += 1
            busiest[0] = max(busiest[0], inside[0])
        time.sleep(0.05)
        with lock:
            inside[0] -= 1
        return real(store)

    monkeypatch.setattr(routes.browse, "overview", slow_overview)
    settings = ServerSettings(db=db, threads=threads)
    with client_for(settings) as client, ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: client.get("/api").status_code, range(6)))
    assert answers == [200] * 6
    return busiest[0]


def test_one_thread_answers_requests_one_at_a_time(
    client_for: Callable[[ServerSettings], TestClient],
    db: Path,
    sample: Sample,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _busiest(client_for, db, 1, monkeypatch) == 1


def test_more_threads_answer_requests_side_by_side(
    client_for: Callable[[ServerSettings], TestClient],
    db: Path,
    sample: Sample,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert 2 <= _busiest(client_for, db, 3, monkeypatch) <= 3
