"""The one place that runs steps and does their store I/O.

:func:`ingest` reads inputs through an engine and stores articles batch by batch.
:func:`analyze` walks the declared graph (:mod:`storyline.graph`): for each step it
asks the change log what changed in what the step reads since the step last ran,
gives the step exactly that, writes what the step returns, and moves the step's
cursor, in one transaction per batch (per-article steps) or per run (corpus phases).
A step whose inputs did not change costs one index probe. When a later phase changes
what an earlier step reads (dating re-dates an article, whose relative dates must be
placed again), the walk goes back to that step for just those changes, and the later
phases run once, on settled input.

Nothing a step does to one article stops the others: a per-article failure is
recorded (and retried by the next analyze), a failing phase is rolled back, reported,
and retried by the next analyze, and the later phases go on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from storyline.engines.base import Engine
from storyline.extract.article import EXTRACT_VERSION
from storyline.extract.learning import reextract_sites, templated_extraction, update_templates
from storyline.graph import GRAPH
from storyline.model import Enrichment, RawDocument, ReadFailure
from storyline.options import AnalyzeOptions
from storyline.pipeline import BatchResult, Pipeline, batched
from storyline.progress import Reporter, SilentReporter
from storyline.steps import ArticleStep, CorpusPhase, Delta, Row, Step
from storyline.store import Store
from storyline.store.codec import decode
from storyline.store.kinds import ENRICHMENT, ESTIMATE
from storyline.store.update import Update
from storyline.workers import paused_gc

log = logging.getLogger(__name__)
# Step runs in one analyze, in walks over the graph: a phase that changes what an earlier
# step reads sends the walk back to that step (re-dated articles are enriched again);
# once or twice is usual. The cap only guards against a loop between phases, which must
# not exist (events keep a re-dated article that stays in reach of its event: see
# event_phase).
MAX_ROUNDS = 5


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


@dataclass(slots=True)
class AnalyzeSummary:
    """What an analysis did: items (re)computed per step, steps up to date, failures."""

    steps: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per step

    @property
    def written(self) -> int:
        return self.steps.get("extract", 0)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def add(self, name: str, count: int, seconds: float) -> None:
        self.steps[name] = self.steps.get(name, 0) + count
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        if name in self.skipped:
            self.skipped.remove(name)


Extract = Callable[[list[RawDocument]], BatchResult]

# Ingest ------------------------------------------------------------------------------


def ingest_documents(
    items: Iterable[RawDocument | ReadFailure],
    store: Store,
    extract: Extract | None = None,
    reporter: Reporter | None = None,
    batch_size: int = 64,
) -> IngestSummary:
    """Clean and store documents as readers yield them, one transaction per batch.

    Documents already stored with this extractor are not extracted again; a document
    that is another version of a stored one (same URL) replaces it. ``extract`` cleans a
    batch (default: here, with the stored templates of the batch's sites). At the end
    the new pages are folded into their sites' templates, and the pages of the sites
    whose template changed are extracted again (:mod:`storyline.extract.learning`).
    """
    reporter = reporter or SilentReporter()
    extract = extract or Pipeline([templated_extraction(store)], batch_size).run_batch
    summary = IngestSummary()
    stored: list[str] = []
    reporter.start("ingesting")
    for chunk in batched(items, batch_size):
        raws = [item for item in chunk if isinstance(item, RawDocument)]
        failures = [item for item in chunk if isinstance(item, ReadFailure)]
        known = store.known_articles([raw.id for raw in raws], EXTRACT_VERSION)
        todo = list({raw.id: raw for raw in raws if raw.id not in known}.values())
        result = extract(todo)
        failures += result.failures
        store.write_batch(result.records, todo, failures)
        summary.read += len(raws)
        summary.written += len(result.records)
        summary.unchanged += len(raws) - len(todo)
        stored += [article.id for article in result.records]
        _report(summary.failures, failures, reporter)
        reporter.advance(len(chunk))
    _, refailed = reextract_sites(store, update_templates(store, stored))
    _report(summary.failures, refailed, reporter)
    return summary


def _report(found: list[ReadFailure], failures: list[ReadFailure], reporter: Reporter) -> None:
    for failure in failures:
        found.append(failure)
        reporter.failure(failure)


# Analyze -----------------------------------------------------------------------------


def analyze(
    store: Store,
    engine: Engine,
    options: AnalyzeOptions | None = None,
    reporter: Reporter | None = None,
    graph: tuple[Step, ...] = GRAPH,
) -> AnalyzeSummary:
    """Bring every derived result up to date with the change log, step by step."""
    options = options or AnalyzeOptions()
    reporter = reporter or SilentReporter()
    summary = AnalyzeSummary()
    started = time.perf_counter()
    summary.add("extract", reextract(store, engine, reporter, summary), 0.0)
    summary.seconds["extract"] = time.perf_counter() - started
    if options.full:
        with store.transaction():
            for step in graph:
                if isinstance(step, CorpusPhase):
                    store.forget_step(step.name)
    summary.skipped = [step.name for step in graph]
    tried: set[tuple[str, str]] = set()  # (step, article) failures already retried now
    position, runs = 0, 0
    while position < len(graph) and runs < MAX_ROUNDS * len(graph):
        step, runs = graph[position], runs + 1
        failed = {f.source_path for f in summary.failures}
        if isinstance(step, ArticleStep):
            progressed = _run_article_step(step, store, engine, options, reporter, summary, tried)
        elif step.name not in failed:
            progressed = _run_phase(step, store, options, reporter, summary)
        else:
            progressed = False
        # What a phase changed for an earlier step (dating re-dates articles, which are
        # enriched again) is redone before the later phases run: they then run once,
        # on settled input, instead of once now and again for the changes.
        earlier = (p for p in range(position) if _pending(store, graph[p], failed))
        position = next(earlier, position + 1) if progressed else position + 1
    with store.transaction():
        store.prune_changes(step.name for step in graph)
    return summary


def _pending(store: Store, step: Step, failed: set[str]) -> bool:
    """Whether ``step`` has changes to take in (a phase that failed now is not retried)."""
    if step.name in failed:
        return False
    state = store.step_state(step.name)
    if state is None or state.version != step.version:
        return True
    return store.has_changes(step.reads, state.cursor)


def reextract(store: Store, engine: Engine, reporter: Reporter, summary: AnalyzeSummary) -> int:
    """Re-extract input stored by an older extractor; returns how many articles."""
    stale = list(store.raw_documents(stale_for=EXTRACT_VERSION))
    if not stale:
        return 0
    written = 0
    reporter.start("re-extracting", len(stale))
    for result in engine.extract(stale, templated_extraction(store)):
        store.write_batch(result.records, [], result.failures)
        written += len(result.records)
        summary.failures += result.failures
        for failure in result.failures:
            reporter.failure(failure)
        reporter.advance(len(result.records) + len(result.failures))
    return written


def _delta(store: Store, step: Step, head: int) -> Delta | None:
    """What ``step`` has to do: None when it is up to date."""
    state = store.step_state(step.name)
    if state is None or state.version != step.version:
        return Delta(full=True)
    if not store.has_changes(step.reads, state.cursor):
        return None
    return Delta(changed={kind: store.changed([kind], state.cursor, head) for kind in step.reads})


def _run_article_step(
    step: ArticleStep,
    store: Store,
    engine: Engine,
    options: AnalyzeOptions,
    reporter: Reporter,
    summary: AnalyzeSummary,
    tried: set[tuple[str, str]],
) -> bool:
    head = store.last_change()
    delta = _delta(store, step, head)
    failed = {article_id for _, article_id in store.step_failures(step.name)}
    retries = {a for a in failed if (step.name, a) not in tried}
    tried |= {(step.name, a) for a in failed}
    if delta is None and not retries:
        return False
    started = time.perf_counter()
    if delta is not None and delta.full:
        todo = _missing(store, step)
    else:
        delta = delta or Delta()
        wanted = delta.ids(*step.reads)
        # Results of this version already there (an interrupted run, the same text
        # stored again) are not computed twice; failed articles are always retried.
        wanted -= _computed(store, step, wanted - retries) - delta.ids(ESTIMATE)
        todo = sorted(store.existing(wanted | retries))
    done = 0
    if todo:
        reporter.start(step.label, len(todo))
        done = _compute(step, todo, store, engine, options, reporter, summary)
    with store.transaction():
        store.set_step_state(step.name, step.version, head)
    tried |= {(step.name, a) for _, a in store.step_failures(step.name)}  # once per analyze
    summary.add(step.name, done, time.perf_counter() - started)
    return bool(todo)


def _missing(store: Store, step: ArticleStep) -> list[str]:
    """Articles lacking this step's result at this version (a first or a new-version run)."""
    if step.writes == ENRICHMENT:
        return store.articles_to_enrich(step.version_for)
    return store.articles_without_vectors(_model(step))


def _computed(store: Store, step: ArticleStep, ids: set[str]) -> set[str]:
    """The ids among ``ids`` that already have this step's result at this version."""
    if step.writes == ENRICHMENT:
        return store.enriched(step.version_for, ids)
    return store.with_vectors(_model(step), ids)


def _model(step: ArticleStep) -> str:
    return step.writes.split(":", 1)[1]


def _compute(
    step: ArticleStep,
    todo: list[str],
    store: Store,
    engine: Engine,
    options: AnalyzeOptions,
    reporter: Reporter,
    summary: AnalyzeSummary,
) -> int:
    """Compute ``step`` for ``todo`` through the engine, writing batch by batch."""
    batches = (
        list(store.articles_by_id(ids).values()) for ids in batched(todo, options.batch_size)
    )
    done = 0
    for articles, rows in engine.compute(step, batches, options.language_processes()):
        failed = {a: problem for a, _, problem in rows if problem}
        missing = {a.id for a in articles} - {a for a, _, _ in rows}
        failed.update({a: "no result" for a in missing})
        with store.transaction():
            _write_rows(store, step, [row for row in rows if row[1]])
            store.clear_step_failures(step.name, [a.id for a in articles if a.id not in failed])
            store.record_step_failures(step.name, step.version, failed)
        for article_id, problem in sorted(failed.items()):
            failure = ReadFailure(f"{step.name} {article_id}", problem)
            summary.failures.append(failure)
            reporter.failure(failure)
        done += len(articles)
        reporter.advance(len(articles))
    return done


def _write_rows(store: Store, step: ArticleStep, rows: list[Row]) -> None:
    if step.writes == ENRICHMENT:
        store.write_enrichments(decode(Enrichment, payload) for _, payload, _ in rows)
    else:
        store.write_vectors(_model(step), [(a, payload) for a, payload, _ in rows])


def _run_phase(
    phase: CorpusPhase,
    store: Store,
    options: AnalyzeOptions,
    reporter: Reporter,
    summary: AnalyzeSummary,
) -> bool:
    head = store.last_change()
    delta = _delta(store, phase, head)
    if delta is None:
        return False
    started = time.perf_counter()
    reporter.start(phase.label)
    try:
        with store.transaction(), paused_gc():
            update = phase.run(store, delta, options, reporter)
            apply_update(store, update)
            store.set_step_state(phase.name, phase.version, head)
    except Exception as error:  # a phase bug must not take the other phases with it
        log.exception("phase %s failed", phase.name)
        failure = ReadFailure(phase.name, f"phase failed: {type(error).__name__}: {error}")
        summary.failures.append(failure)
        reporter.failure(failure)
        return False
    summary.add(phase.name, max(update.count, 1), time.perf_counter() - started)
    return True


def apply_update(store: Store, update: Update) -> None:
    """Write everything a phase returned (inside the caller's transaction)."""
    for write in update.postings:
        if write.clear:
            store.clear_space(write.space)
        store.remove_postings(write.space, write.remove)
        store.remove_keys(write.space, write.remove_keys)
        store.add_postings(write.space, write.add)
        store.add_counters(write.space, write.counts)
    if update.duplicates:
        store.set_duplicates(update.duplicates)
    if update.estimates:
        store.set_estimates(update.estimates.items())
    if update.entities_deleted:
        store.delete_entities(update.entities_deleted)
    if update.entities:
        store.upsert_entities(update.entities)
    if update.events or update.events_deleted:
        store.write_events(update.events, update.events_deleted)
    if update.event_ids:
        store.set_event_ids(update.event_ids)
    if update.stories or update.stories_deleted:
        store.write_stories(update.stories, update.stories_deleted)
    if update.events_quiet:
        store.write_events(update.events_quiet, logged=False)
    if update.stories_quiet:
        store.write_stories(update.stories_quiet, logged=False)
    for results in update.results:
        if results.stories is not None:
            store.replace_story_results(results.kind, results.stories, results.items)
        elif results.articles is not None:
            store.replace_article_results(results.kind, results.articles, results.items)
        else:
            store.replace_results(results.kind, results.items)
    for kind, ids in update.changes.items():
        store.log_changes(kind, ids)
