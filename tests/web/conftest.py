"""The web tests share the API tests' app fixtures."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sample_analysis import Sample, write_sample

from storyline.api.settings import ServerSettings
from storyline.jobs import open_store
from storyline.server import create_app


@pytest.fixture
def sample_db(tmp_path: Path) -> tuple[Path, Sample]:
    db = tmp_path / "web.db"
    with open_store(db) as store:
        return db, write_sample(store)


@pytest.fixture
def sample(sample_db: tuple[Path, Sample]) -> Sample:
    return sample_db[1]


@pytest.fixture
def browser_client(sample_db: tuple[Path, Sample]) -> Iterator[TestClient]:
    app = create_app(ServerSettings(db=sample_db[0]))
    headers = {"accept": "text/html"}
    with TestClient(app, base_url="http://127.0.0.1:8000", headers=headers) as client:
        yield client
