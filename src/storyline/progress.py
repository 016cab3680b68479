"""Progress reporting: what long work tells whoever watches it (the CLI draws it with Rich).

Library code never prints; it calls a :class:`Reporter`. Stages that report progress
import this module only, so it imports nothing of storyline but the record model.
"""

from __future__ import annotations

from typing import Protocol

from storyline.model import ReadFailure


class Reporter(Protocol):
    """Receives progress as work goes on."""

    def start(self, label: str, total: int | None = None) -> None: ...

    def advance(self, count: int) -> None: ...

    def failure(self, failure: ReadFailure) -> None: ...


class SilentReporter:
    """A reporter that reports nothing (tests, library calls without a display)."""

    def start(self, label: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int) -> None:
        pass

    def failure(self, failure: ReadFailure) -> None:
        pass
