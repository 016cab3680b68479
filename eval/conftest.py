"""Shared fixtures of the quality gates."""

from __future__ import annotations

import pytest

from storyline.store import SqliteStore


@pytest.fixture(scope="session")
def ecbplus_store(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    """The ECB+ documents ingested and enriched once per session (about 1.5 minutes)."""
    from ecbplus import build_store

    return build_store(tmp_path_factory.mktemp("ecbplus"), enrich=True)
