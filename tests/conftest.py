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
