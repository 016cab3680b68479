"""An app over a file store holding the sample analysis, and a client that talks to it."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sample_analysis import Sample, write_sample

from storyline.api.settings import ServerSettings
from storyline.jobs import open_store
from storyline.server import create_app

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "api.db"


@pytest.fixture
def sample(db: Path) -> Sample:
    with open_store(db) as store:
        return write_sample(store)


def make_client(settings: ServerSettings) -> TestClient:
    return TestClient(create_app(settings), base_url=BASE, raise_server_exceptions=False)


@pytest.fixture
def client_for() -> Callable[[ServerSettings], TestClient]:
    """Builds a client for other settings (use it as a context manager)."""
    return make_client


@pytest.fixture
def client(db: Path, sample: Sample) -> Iterator[TestClient]:
    with make_client(ServerSettings(db=db, allow_private=True)) as running:
        yield running
