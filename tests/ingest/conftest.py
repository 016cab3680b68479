"""Fixtures for the reader tests: a loopback HTTP server started per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from loopback import LoopbackServer


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    running = LoopbackServer()
    running.start()
    yield running
    running.stop()
