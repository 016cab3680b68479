"""Runs stages over batches of records; knows nothing about any one stage.

A stage is any callable ``list[record] -> list[record]``. Failures
(:class:`~storyline.model.ReadFailure`) are never handed to a stage: they travel
beside the batch and come out at the end, so every dropped record is counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from storyline.model import ReadFailure

Stage = Callable[[list[Any]], list[Any]]


@dataclass(slots=True)
class BatchResult:
    """One processed batch: records that made it through, and failures with reasons."""

    records: list[Any] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Consecutive lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(slots=True)
class Pipeline:
    """An ordered list of stages applied batch by batch.

    Example:
        >>> double = lambda batch: [x * 2 for x in batch]
        >>> [r.records for r in Pipeline([double], batch_size=2).run([1, 2, 3])]
        [[2, 4], [6]]
    """

    stages: Sequence[Stage]
    batch_size: int = 64

    def run_batch(self, batch: list[Any]) -> BatchResult:
        """Apply every stage to one batch, setting failures aside after each."""
        result = BatchResult()
        records = _set_aside(batch, result.failures)
        for stage in self.stages:
            if not records:
                break
            records = _set_aside(stage(records), result.failures)
        result.records = records
        return result

    def run(self, items: Iterable[Any]) -> Iterator[BatchResult]:
        """Process ``items`` lazily, one batch at a time."""
        for batch in batched(items, self.batch_size):
            yield self.run_batch(batch)


def _set_aside(records: list[Any], failures: list[ReadFailure]) -> list[Any]:
    kept = []
    for record in records:
        if isinstance(record, ReadFailure):
            failures.append(record)
        else:
            kept.append(record)
    return kept
