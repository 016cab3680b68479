"""The library API behind every command: open a store, ingest, analyze, run, delete.

The CLI, the HTTP API's ingest jobs, ``storyline watch`` and tests call these; none of
them prints. Progress and failures go to an optional :class:`~storyline.progress.Reporter`.
Each opens the engine the options name (``local`` unless said otherwise) and hands the
work to the one orchestrator (:mod:`storyline.orchestrator`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from storyline.engines import open_engine
from storyline.engines.base import Engine, LocalEngine, extraction_pipeline
from storyline.engines.shards import work_dir_for
from storyline.extract.article import EXTRACT_VERSION
from storyline.graph import GRAPH, select
from storyline.ingest import ReadOptions
from storyline.model import Article, RawDocument, ReadFailure
from storyline.options import BATCH_SIZE, AnalyzeOptions
from storyline.orchestrator import AnalyzeSummary, Extract, IngestSummary
from storyline.orchestrator import analyze as analyze_store
from storyline.orchestrator import ingest_documents as store_documents
from storyline.progress import Reporter, SilentReporter
from storyline.store import SqliteStore, Store

__all__ = [
    "BATCH_SIZE",
    "AnalyzeOptions",
    "AnalyzeSummary",
    "IngestSummary",
    "Reporter",
    "RunSummary",
    "SqliteStore",
    "analyze",
    "articles",
    "delete",
    "extraction_pipeline",
    "ingest",
    "ingest_documents",
    "open_store",
    "run",
]
_Silent = SilentReporter  # the name tests and older callers use


def open_store(path: str | Path = "storyline.db") -> SqliteStore:
    """Open (creating on first use) the SQLite store at ``path``.

    Example:
        >>> store = open_store(":memory:")
        >>> store.counts()["articles"]
        0
    """
    return SqliteStore(path, extract_version=EXTRACT_VERSION)


@contextmanager
def _engine(
    options: AnalyzeOptions | None, engine: Engine | None, store: Store
) -> Iterator[Engine]:
    if engine is not None:
        yield engine
        return
    options = options or AnalyzeOptions()
    work_dir = work_dir_for(str(getattr(store, "path", "")))
    with open_engine(options.engine, options.scheduler, work_dir) as opened:
        yield opened


def ingest(
    inputs: Iterable[str],
    store: Store,
    options: ReadOptions | None = None,
    reporter: Reporter | None = None,
    engine: Engine | None = None,
) -> IngestSummary:
    """Read, clean and store articles; re-ingesting the same input is an upsert.

    Each batch is one transaction, so a run killed at any point leaves the store as it
    was after the last finished batch, and running it again completes it. A document
    whose URL is stored with other text replaces that version.

    Args:
        inputs: files, directories, globs, ``-`` or http(s) URLs.
        store: where articles land.
        options: reader limits (size cap, timeouts, ``allow_private``).
        reporter: receives progress and each failure as it happens.
        engine: where reading and extraction run (default: this process).

    Returns:
        Counts and the list of failures (``path: problem``).
    """
    engine = engine or LocalEngine()
    items, extract = engine.read(inputs, options or ReadOptions())
    return store_documents(items, store, extract, reporter)


def ingest_documents(
    items: Iterable[RawDocument | ReadFailure],
    store: Store,
    reporter: Reporter | None = None,
    extract: Extract | None = None,
) -> IngestSummary:
    """Clean and store documents already read (the HTTP API and ``watch`` read their own)."""
    return store_documents(items, store, extract, reporter)


def analyze(
    store: Store,
    reporter: Reporter | None = None,
    options: AnalyzeOptions | None = None,
    engine: Engine | None = None,
    steps: Iterable[str] | None = None,
) -> AnalyzeSummary:
    """Bring every derived result up to date with what was ingested, changed or deleted.

    Only what the changes since the last analysis touch is recomputed: new articles are
    placed into existing events and stories, and only the stories they touch are
    analysed again (``options.full`` rebuilds every corpus phase). Safe to interrupt:
    each batch and each phase is one transaction. ``options.engine == "dask"`` runs the
    per-article steps on a Dask cluster, with the same results. ``steps`` names the
    steps to run (default: all; see :func:`storyline.graph.step_names`).
    """
    options = options or AnalyzeOptions()
    graph = select(*steps) if steps is not None else GRAPH
    with _engine(options, engine, store) as running:
        return analyze_store(store, running, options, reporter, graph)


@dataclass(slots=True)
class RunSummary:
    """What :func:`run` did: the ingest, and the analysis when it ran."""

    ingest: IngestSummary = field(default_factory=IngestSummary)
    analysis: AnalyzeSummary | None = None

    @property
    def failed(self) -> int:
        return self.ingest.failed + (self.analysis.failed if self.analysis else 0)


def run(
    store: Store,
    inputs: Iterable[str] = (),
    documents: Iterable[RawDocument | ReadFailure] = (),
    read: ReadOptions | None = None,
    options: AnalyzeOptions | None = None,
    reporter: Reporter | None = None,
    analyze_after: bool = True,
) -> RunSummary:
    """The main job: ingest ``inputs`` (and ``documents`` already read), then analyze
    what changed. The CLI's ``run``, the API's ingest jobs and ``watch`` all call this.

    Example:
        >>> summary = run(open_store(":memory:"), ["../shared/corpora/seeds"])  # doctest: +SKIP
        >>> summary.ingest.written, summary.analysis.steps["events"]  # doctest: +SKIP
        (5, 5)
    """
    options = options or AnalyzeOptions()
    reporter = reporter or SilentReporter()
    summary = RunSummary()
    with _engine(options, None, store) as engine:
        inputs = list(inputs)
        if inputs:
            summary.ingest = ingest(inputs, store, read, reporter, engine)
        _add_ingest(summary.ingest, ingest_documents(documents, store, reporter))
        if analyze_after:
            summary.analysis = analyze_store(store, engine, options, reporter)
    return summary


def _add_ingest(total: IngestSummary, more: IngestSummary) -> None:
    total.read += more.read
    total.written += more.written
    total.unchanged += more.unchanged
    total.failures += more.failures


def delete(
    store: Store, ids: Iterable[str] = (), urls: Iterable[str] = (), sources: Iterable[str] = ()
) -> list[str]:
    """Delete articles (by id, URL or input path) and everything derived from them.

    The next :func:`analyze` updates the duplicates, entities, events, stories and
    analyses they were part of. Returns the ids deleted.
    """
    wanted = list(dict.fromkeys([*ids, *store.article_ids_by(urls, sources)]))
    found = sorted(store.existing(wanted))
    store.delete_articles(found)
    return found


def articles(store: Store) -> list[Article]:
    """Every stored article in export order."""
    return list(store.articles())
