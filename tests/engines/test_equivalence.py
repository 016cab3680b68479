"""The same corpus through the local engine and a two-worker Dask cluster gives the same store.

Corpus: the five seed articles and the first Reuters-21578 stories (a JSON lines file cut
into several line shards, with bodiless stories that fail extraction, exact duplicates,
multi-article events and stories). Small shards make every stage spread over both workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import distributed
import pytest
from partitions import bcubed_f1

from storyline import jobs
from storyline.engines.dask import DaskEngine
from storyline.engines.shards import ShardSizes
from storyline.store import SqliteStore

from .conftest import corpus_path

# The bar for the event and story partitions of the two engines.
MIN_B3_F1 = 0.98


@dataclass
class Runs:
    local: SqliteStore
    dask: SqliteStore
    summaries: dict[str, jobs.IngestSummary]
    analyses: dict[str, jobs.AnalyzeSummary]


@pytest.fixture(scope="module")
def runs(
    client: distributed.Client, reuters_sample: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Runs]:
    inputs = [str(corpus_path("seeds")), str(reuters_sample)]
    folder = tmp_path_factory.mktemp("equivalence")
    local, dask = jobs.open_store(folder / "local.db"), jobs.open_store(folder / "dask.db")
    engine = DaskEngine(client, sizes=ShardSizes(documents=32))
    summaries = {
        "local": jobs.ingest(inputs, local),
        "dask": jobs.ingest(inputs, dask, engine=engine),
    }
    analyses = {"local": jobs.analyze(local), "dask": jobs.analyze(dask, engine=engine)}
    yield Runs(local, dask, summaries, analyses)
    local.close()
    dask.close()


def test_both_engines_store_the_same_articles_and_failures(runs: Runs) -> None:
    local, dask = list(runs.local.articles()), list(runs.dask.articles())
    assert len(local) >= 140
    assert [a.id for a in dask] == [a.id for a in local]
    assert dask == local  # text, metadata, duplicate and event links: every field
    assert runs.dask.failures() == runs.local.failures() != []
    assert [r.id for r in runs.dask.raw_documents()] == [r.id for r in runs.local.raw_documents()]


def test_both_engines_count_the_same(runs: Runs) -> None:
    local, dask = runs.summaries["local"], runs.summaries["dask"]
    assert (dask.read, dask.written, dask.unchanged) == (local.read, local.written, local.unchanged)
    assert dask.failures == local.failures
    assert runs.analyses["dask"].steps == runs.analyses["local"].steps
    assert runs.dask.counts() == runs.local.counts()


def test_per_article_results_are_identical(runs: Runs) -> None:
    assert list(runs.dask.enrichments()) == list(runs.local.enrichments())
    for model in runs.local.vector_models():
        assert dict(runs.dask.vectors(model)) == dict(runs.local.vectors(model)), model


def test_duplicate_links_are_the_same(runs: Runs) -> None:
    local = {a.id: a.duplicate_of for a in runs.local.articles() if a.duplicate_of}
    dask = {a.id: a.duplicate_of for a in runs.dask.articles() if a.duplicate_of}
    assert local, "the sample should hold Reuters' re-sent stories"
    assert dask == local


def test_event_and_story_partitions_agree(runs: Runs) -> None:
    local_events, dask_events = _events(runs.local), _events(runs.dask)
    assert len(set(local_events.values())) < len(local_events), "some event has two articles"
    assert bcubed_f1(dask_events, local_events) >= MIN_B3_F1
    assert bcubed_f1(_stories(runs.dask), _stories(runs.local)) >= MIN_B3_F1


def test_models_load_once_per_worker_process(runs: Runs, client: distributed.Client) -> None:
    def loads() -> int:
        from storyline.enrich.language_model import english_pipeline

        return english_pipeline.cache_info().misses

    counts = client.run(loads)
    assert set(counts.values()) <= {0, 1} and sum(counts.values()) >= 1


def _events(store: SqliteStore) -> dict[str, str]:
    return {a.id: a.event_id or f"none:{a.id}" for a in store.articles()}


def _stories(store: SqliteStore) -> dict[str, str]:
    story_of = {e.id: e.story_id for e in store.events()}
    return {a.id: story_of.get(a.event_id or "") or f"none:{a.id}" for a in store.articles()}
