"""The library API behind every command: ingest, analyze, export, report, run.

The CLI, the HTTP API and tests call these functions; none of them prints.
Progress and failures are reported through an optional :class:`Reporter`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from storyline.analyze.abstractive import LLMConfig
from storyline.enrich.stage import enrich_step
from storyline.extract.article import EXTRACT_VERSION, extract_articles
from storyline.extract.learning import reextract_sites, templated_extraction, update_templates
from storyline.ingest import ReadOptions, read_inputs
from storyline.model import Article, RawDocument, ReadFailure
from storyline.pipeline import BatchResult, Pipeline, batched
from storyline.store import SqliteStore, Store

# 64 documents per transaction: large enough that commits cost little next to
# extraction (measured with benchmarks/ingest.py), small enough that a crash loses
# under a second of work.
BATCH_SIZE = 64


class Reporter(Protocol):
    """Receives progress as work goes on; the CLI draws it with Rich."""

    def start(self, label: str, total: int | None = None) -> None: ...

    def advance(self, count: int) -> None: ...

    def failure(self, failure: ReadFailure) -> None: ...


class _Silent:
    def start(self, label: str, total: int | None = None) -> None:
        pass

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
    return ingest_documents(read_inputs(inputs, options or ReadOptions()), store, reporter)


def ingest_documents(
    items: Iterable[RawDocument | ReadFailure],
    store: Store,
    reporter: Reporter | None = None,
    extract: Callable[[list[RawDocument]], BatchResult] | None = None,
) -> IngestSummary:
    """Clean and store documents already read (as readers yield them), batch by batch.

    :func:`ingest` reads its inputs and calls this; the HTTP API and ``storyline watch``
    call it with documents they read themselves. ``extract`` cleans one batch (default:
    the extraction pipeline, here); an engine passes results its workers computed.
    """
    reporter = reporter or _Silent()
    summary = IngestSummary()
    # issue-16 (site templates): extraction with the stored templates of each batch's sites.
    pipeline = Pipeline([templated_extraction(store)], batch_size=BATCH_SIZE)
    extract = extract or pipeline.run_batch
    stored: list[str] = []  # issue-16
    reporter.start("ingesting")
    for chunk in batched(items, pipeline.batch_size):
        raws = [item for item in chunk if isinstance(item, RawDocument)]
        failures = [item for item in chunk if isinstance(item, ReadFailure)]
        known = store.known_articles([raw.id for raw in raws], EXTRACT_VERSION)
        todo = _unique([raw for raw in raws if raw.id not in known])
        result = extract(todo)
        failures += result.failures
        store.write_batch(result.records, todo, failures)
        summary.read += len(raws)
        summary.written += len(result.records)
        summary.unchanged += len(raws) - len(todo)
        _report_failures(summary, failures, reporter)
        reporter.advance(len(chunk))
        stored += [article.id for article in result.records]  # issue-16
    # issue-16 (site templates), to become a step of the analysis graph: fold the new
    # pages into their sites' templates, then re-extract the sites whose template changed.
    _, refailed = reextract_sites(store, update_templates(store, stored))
    _report_failures(summary, refailed, reporter)
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


@dataclass(slots=True)
class AnalyzeOptions:
    """How analysis runs: worker processes for the language stage, batch size, engine."""

    n_process: int = 1
    batch_size: int = BATCH_SIZE
    engine: str = "local"
    scheduler: str | None = None
    llm: LLMConfig | None = None  # abstractive summaries; off unless configured


@dataclass(slots=True)
class AnalyzeSummary:
    """What an analysis did: items (re)computed per step, phases skipped, failures."""

    steps: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per step and phase

    @property
    def written(self) -> int:
        return self.steps.get("extract", 0)

    @property
    def failed(self) -> int:
        return len(self.failures)


# A per-article step brings one kind of per-article result up to date and returns how
# many articles it (re)computed; it must be resumable (written batch by batch).
ArticleStep = Callable[[Store, Reporter, AnalyzeOptions], int]


@dataclass(frozen=True, slots=True)
class CorpusPhase:
    """A whole-corpus phase (duplicates, events, stories, …) and its version.

    It runs when the corpus or any earlier phase's version changed since it last
    finished, and writes its results in one transaction.
    """

    name: str
    version: str
    run: Callable[[Store, Reporter, AnalyzeOptions], None]


def article_steps() -> list[tuple[str, ArticleStep]]:
    """Per-article steps after extraction, in order."""
    from storyline.link.embed import embed_step
    from storyline.link.terms import profile_step

    return [("enrich", enrich_step), ("embed", embed_step), ("profile", profile_step)]


def corpus_phases() -> list[CorpusPhase]:
    """Whole-corpus phases, in order (each reads what the earlier ones wrote)."""
    from storyline.analyze.phases import ANALYSIS_VERSION, analyze_stories
    from storyline.link.dating import DATING_VERSION, date_articles
    from storyline.link.duplicates import DUPLICATES_VERSION, link_duplicates
    from storyline.link.entities import ENTITIES_VERSION, link_entities
    from storyline.link.events import EVENTS_VERSION, link_events
    from storyline.link.stories import STORIES_VERSION, link_stories

    return [
        CorpusPhase("duplicates", DUPLICATES_VERSION, link_duplicates),
        CorpusPhase("entities", ENTITIES_VERSION, link_entities),
        CorpusPhase("dating", DATING_VERSION, date_articles),
        CorpusPhase("events", EVENTS_VERSION, link_events),
        CorpusPhase("stories", STORIES_VERSION, link_stories),
        CorpusPhase("stories-analysis", ANALYSIS_VERSION, analyze_stories),
    ]


def analyze(
    store: Store, reporter: Reporter | None = None, options: AnalyzeOptions | None = None
) -> AnalyzeSummary:
    """Bring every derived result up to date with what was ingested.

    Re-extracts raw input stored by an older extractor, runs the per-article steps
    on articles that lack their results, then the whole-corpus phases that are out
    of date. Safe to interrupt: each batch and each phase is one transaction.
    With ``options.engine == "dask"`` the per-article work runs on a Dask cluster
    (:mod:`storyline.engines`) and gives the same results.
    """
    reporter = reporter or _Silent()
    options = options or AnalyzeOptions()
    if options.engine != "local":
        from storyline.engines import open_engine

        with open_engine(options.engine, options.scheduler) as engine:
            return engine.analyze(store, reporter, options)
    summary = AnalyzeSummary()
    summary.steps["extract"] = reextract(store, reporter, summary)
    for name, step in article_steps():
        started = time.perf_counter()
        summary.steps[name] = step(store, reporter, options)
        summary.seconds[name] = time.perf_counter() - started
    run_phases(store, reporter, options, summary)
    return summary


def run_phase(
    phase: CorpusPhase, store: Store, reporter: Reporter, options: AnalyzeOptions
) -> None:
    """Run one whole-corpus phase here, in this process."""
    phase.run(store, reporter, options)


def run_phases(
    store: Store,
    reporter: Reporter,
    options: AnalyzeOptions,
    summary: AnalyzeSummary,
    run: Callable[[CorpusPhase, Store, Reporter, AnalyzeOptions], None] = run_phase,
) -> None:
    """Run every out-of-date whole-corpus phase, each in one transaction.

    ``run`` executes one phase; an engine passes its own (map on workers, reduce here).
    """
    versions = ""
    for phase in corpus_phases():
        versions += f"{phase.name}={phase.version};"
        state = f"{store.corpus_state()}|{versions}"
        if store.phase_state(phase.name) == (phase.version, state):
            summary.skipped.append(phase.name)
            continue
        reporter.start(phase.name)
        started = time.perf_counter()
        with store.transaction():
            run(phase, store, reporter, options)
            store.set_phase_state(phase.name, phase.version, state)
        summary.steps[phase.name] = 1
        summary.seconds[phase.name] = time.perf_counter() - started


def reextract(
    store: Store,
    reporter: Reporter,
    summary: AnalyzeSummary,
    run: Callable[[list[RawDocument]], Iterable[BatchResult]] | None = None,
) -> int:
    """Re-extract input stored by an older extractor; returns how many articles.

    ``run`` cleans the documents batch by batch, in order (default: here).
    """
    written = 0
    stale = list(store.raw_documents(stale_for=EXTRACT_VERSION))
    if not stale:
        return 0
    reporter.start("re-extracting", len(stale))
    # issue-16: stored site templates apply to re-extraction too.
    for result in (run or Pipeline([templated_extraction(store)], BATCH_SIZE).run)(stale):
        store.write_batch(result.records, [], result.failures)
        written += len(result.records)
        summary.failures += result.failures
        for failure in result.failures:
            reporter.failure(failure)
        reporter.advance(len(result.records) + len(result.failures))
    return written


def articles(store: Store) -> list[Article]:
    """Every stored article in export order."""
    return list(store.articles())
