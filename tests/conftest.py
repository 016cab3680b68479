"""Shared fixtures: the seed corpus (read from ../shared, never copied) and a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.jobs import open_store
from storyline.store import SqliteStore

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


@pytest.fixture
def seeds_dir() -> Path:
    path = CORPORA / "seeds"
    if not path.exists():
        pytest.skip("../shared/corpora/seeds not found")
    return path


@pytest.fixture
def store() -> Iterator[SqliteStore]:
    opened = open_store(":memory:")  # the library's way: current extractor version
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def analysed_seeds(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    """The seeds ingested and fully analysed once per session (read-only for tests)."""
    from storyline import jobs

    path = CORPORA / "seeds"
    if not path.exists():
        pytest.skip("../shared/corpora/seeds not found")
    store = open_store(tmp_path_factory.mktemp("analysed-seeds") / "seeds.db")
    jobs.ingest([str(path)], store)
    jobs.analyze(store)
    return store


def seed_name(store: SqliteStore) -> dict[str, str]:
    """Article id -> the seed file's three-digit number ("000" … "004")."""
    return {a.id: Path(a.source_path).name[:3] for a in store.articles()}
