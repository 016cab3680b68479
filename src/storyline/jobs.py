"""The library API behind every command: ingest, analyze, export, report, run.

The CLI, the HTTP API and tests call these functions; none of them prints.
Progress and failures are reported through an optional :class:`Reporter`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from storyline.extract.article import EXTRACT_VERSION, extract_articles
from storyline.ingest import ReadOptions, read_inputs
from storyline.model import Article, RawDocument, ReadFailure
from storyline.pipeline import Pipeline, batched
from storyline.store import SqliteStore, Store

# 64 documents per transaction: large enough that commits cost little next to
# extraction (measured with benchmarks/ingest.py), small enough that a crash loses
# under a second of work.
BATCH_SIZE = 64


class Reporter(Protocol):
    """Receives progress as work goes on; the CLI draws it with Rich."""

    def advance(self, count: int) -> None: ...

    def failure(self, failure: ReadFailure) -> None: ...


class _Silent:
    def advance(self, count: int) -> None:
        pass

    def failure(self, failure: ReadFailure) -> None:
        pass


@dataclass(slots=True)
class IngestSummary:
    """What an ingest did: documents read, articles written, unchanged, failed."""

    read: int = 0
    written: int = 0
    unchanged: int = 0
    failures: list[ReadFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def open_store(path: str | Path = "storyline.db") -> SqliteStore:
    """Open (creating on first use) the SQLite store at ``path``.

    Example:
        >>> store = open_store(":memory:")
        >>> store.counts()["articles"]
        0
    """
    return SqliteStore(path, extract_version=EXTRACT_VERSION)


def extraction_pipeline(batch_size: int = BATCH_SIZE) -> Pipeline:
    """The per-article stages that turn raw documents into articles."""
    return Pipeline([extract_articles], batch_size=batch_size)


def ingest(
    inputs: Iterable[str],
    store: Store,
    options: ReadOptions | None = None,
    reporter: Reporter | None = None,
) -> IngestSummary:
    """Read, clean and store articles; re-ingesting the same input is an upsert.

    Each batch is one transaction, so a run killed at any point leaves the store
    as it was after the last finished batch, and running it again completes it.

    Args:
        inputs: files, directories, globs, ``-`` or http(s) URLs.
        store: where articles land.
        options: reader limits (size cap, timeouts, ``allow_private``).
        reporter: receives progress and each failure as it happens.

    Returns:
        Counts and the list of failures (``path: problem``).
    """
    reporter = reporter or _Silent()
    summary = IngestSummary()
    pipeline = extraction_pipeline()
    for chunk in batched(read_inputs(inputs, options or ReadOptions()), pipeline.batch_size):
        raws = [item for item in chunk if isinstance(item, RawDocument)]
        failures = [item for item in chunk if isinstance(item, ReadFailure)]
        known = store.known_articles([raw.id for raw in raws], EXTRACT_VERSION)
        todo = _unique([raw for raw in raws if raw.id not in known])
        result = pipeline.run_batch(todo)
        failures += result.failures
        store.write_batch(result.records, todo, failures)
        summary.read += len(raws)
        summary.written += len(result.records)
        summary.unchanged += len(raws) - len(todo)
        _report_failures(summary, failures, reporter)
        reporter.advance(len(chunk))
    return summary


def _unique(raws: list[RawDocument]) -> list[RawDocument]:
    by_id = {raw.id: raw for raw in raws}
    return list(by_id.values())


def _report_failures(
    summary: IngestSummary, failures: list[ReadFailure], reporter: Reporter
) -> None:
    for failure in failures:
        summary.failures.append(failure)
        reporter.failure(failure)


def analyze(store: Store, reporter: Reporter | None = None) -> IngestSummary:
    """Bring derived results up to date: re-extract input stored by an older extractor."""
    reporter = reporter or _Silent()
    summary = IngestSummary()
    pipeline = extraction_pipeline()
    for result in pipeline.run(store.raw_documents(stale_for=EXTRACT_VERSION)):
        store.write_batch(result.records, [], result.failures)
        summary.written += len(result.records)
        _report_failures(summary, result.failures, reporter)
        reporter.advance(len(result.records) + len(result.failures))
    return summary


def articles(store: Store) -> list[Article]:
    """Every stored article in export order."""
    return list(store.articles())
