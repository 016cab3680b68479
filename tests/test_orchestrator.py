"""The orchestrator runs a declared graph: each step gets what changed in what it reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storyline import jobs
from storyline.engines import LocalEngine
from storyline.graph import GRAPH
from storyline.model import Article, RawDocument
from storyline.options import AnalyzeOptions
from storyline.orchestrator import analyze
from storyline.progress import SilentReporter
from storyline.steps import ArticleStep, CorpusPhase, Delta, check_graph
from storyline.store import SqliteStore, Store
from storyline.store.kinds import ARTICLE, ESTIMATE, STORY, vector_kind
from storyline.store.update import Update

SHARED = Path(__file__).resolve().parents[2] / "shared"


def add(store: SqliteStore, *bodies: str) -> list[str]:
    raws = [RawDocument(f"{body}.txt", "text", body, body.encode()) for body in bodies]
    store.write_batch([Article(r.id, r.source_path, r.body) for r in raws], raws, [])
    return [raw.id for raw in raws]


def length_rows(articles: list[Article], n_process: int) -> list[tuple[str, bytes, str | None]]:
    rows: list[tuple[str, bytes, str | None]] = []
    for article in articles:
        if "poison" in article.text:
            raise ValueError(f"cannot measure {article.id}")
        rows.append((article.id, str(len(article.text)).encode(), None))
    return rows


LENGTH = ArticleStep("length", "1", "measuring", (ARTICLE,), vector_kind("len/1"), length_rows)


class Recorder:
    """A corpus phase that remembers the deltas it was given."""

    def __init__(self, fail: bool = False) -> None:
        self.deltas: list[Delta] = []
        self.fail = fail

    def __call__(
        self, store: Store, delta: Delta, options: AnalyzeOptions, reporter: object
    ) -> Update:
        self.deltas.append(delta)
        if self.fail:
            raise RuntimeError("boom")
        return Update(count=len(delta.ids(ARTICLE)))


def run(store: SqliteStore, *graph: ArticleStep | CorpusPhase) -> jobs.AnalyzeSummary:
    return analyze(store, LocalEngine(), AnalyzeOptions(), SilentReporter(), tuple(graph))


def test_a_phase_gets_everything_first_then_only_what_changed_since() -> None:
    store = jobs.open_store(":memory:")
    first = add(store, "one", "two")
    recorder = Recorder()
    phase = CorpusPhase("count", "1", "counting", (ARTICLE,), (), recorder)
    run(store, phase)
    assert recorder.deltas[0].full
    assert "count" in run(store, phase).skipped  # nothing new: not even called
    assert len(recorder.deltas) == 1
    (third,) = add(store, "three")
    run(store, phase)
    assert recorder.deltas[-1].ids(ARTICLE) == {third} and third not in first


def test_a_new_version_of_a_phase_starts_from_scratch() -> None:
    store = jobs.open_store(":memory:")
    add(store, "one")
    recorder = Recorder()
    run(store, CorpusPhase("count", "1", "counting", (ARTICLE,), (), recorder))
    run(store, CorpusPhase("count", "2", "counting", (ARTICLE,), (), recorder))
    assert [d.full for d in recorder.deltas] == [True, True]


def test_a_failing_phase_is_reported_rolled_back_and_retried_while_later_ones_run() -> None:
    store = jobs.open_store(":memory:")
    add(store, "one")
    failing, later = Recorder(fail=True), Recorder()
    graph = (
        CorpusPhase("bad", "1", "bad", (ARTICLE,), (STORY,), failing),
        CorpusPhase("later", "1", "later", (ARTICLE,), (), later),
    )
    summary = run(store, *graph)
    assert [f.source_path for f in summary.failures] == ["bad"]
    assert "boom" in summary.failures[0].problem and len(later.deltas) == 1
    assert store.step_state("bad") is None  # not marked done: the next analyze retries
    run(store, *graph)
    assert len(failing.deltas) == 2


def test_an_article_a_step_fails_on_is_recorded_and_retried_and_the_rest_is_computed() -> None:
    store = jobs.open_store(":memory:")
    good, bad = add(store, "fine text", "poison text")
    summary = run(store, LENGTH)
    assert dict(store.vectors("len/1")) == {good: b"9"}
    assert [f.source_path for f in summary.failures] == [f"length {bad}"]
    assert "cannot measure" in summary.failures[0].problem
    again = run(store, LENGTH)  # nothing new, but the failed article is tried again
    assert [f.source_path for f in again.failures] == [f"length {bad}"]
    store.write_batch([Article(bad, "poison text.txt", "cured text")], [], [])
    assert not run(store, LENGTH).failures
    assert dict(store.vectors("len/1"))[bad] == b"10" and not store.step_failures()


def test_a_later_phase_changing_what_an_earlier_step_reads_reruns_it_in_the_same_analyze() -> None:
    store = jobs.open_store(":memory:")
    (article,) = add(store, "undated text")

    def redate(store: Store, delta: Delta, options: AnalyzeOptions, reporter: object) -> Update:
        update = Update()
        if delta.full:
            update.estimates = {article: ("2024-01-01", "2024-01-31")}
        return update

    step = ArticleStep("length", "1", "measuring", (ARTICLE, ESTIMATE), vector_kind("len/1"),
                       length_rows)  # fmt: skip
    later = Recorder()
    summary = run(
        store,
        step,
        CorpusPhase("dating", "1", "dating", (ARTICLE,), (ESTIMATE,), redate),
        CorpusPhase("later", "1", "later", (ARTICLE, ESTIMATE, vector_kind("len/1")), (), later),
    )
    assert summary.steps["length"] == 2  # once new, once re-dated
    # The walk went back to the step before the later phase ran: it ran once, on all of it.
    assert len(later.deltas) == 1 and later.deltas[0].full
    assert dict(store.vectors("len/1")) == {article: b"12"}


def test_a_graph_with_a_step_reading_its_own_output_is_refused() -> None:
    looping = CorpusPhase("loop", "1", "loop", (STORY,), (STORY,), Recorder())
    with pytest.raises(ValueError, match="reads what it writes"):
        check_graph([looping])
    check_graph(GRAPH)


def test_the_package_has_no_import_circle() -> None:
    tool = SHARED / "tools" / "import_cycles.py"
    if not tool.exists():
        pytest.skip("../shared/tools/import_cycles.py not found")
    source = Path(__file__).resolve().parents[1] / "src"
    found = subprocess.run(
        [sys.executable, str(tool), str(source), "storyline"], capture_output=True, text=True
    )
    assert found.stdout.strip().splitlines()[-1].startswith("circles=0"), found.stdout


def test_a_new_version_of_one_language_pipeline_enriches_only_that_language_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from storyline.enrich import stage

    store = jobs.open_store(":memory:")
    texts = {"en": "Jane Doe met John Smith in London.", "de": "Angela Merkel traf Olaf Scholz."}
    raws = {lang: RawDocument(f"{lang}.txt", "text", t, t.encode()) for lang, t in texts.items()}
    articles = [Article(r.id, r.source_path, r.body, language=lang) for lang, r in raws.items()]
    store.write_batch(articles, raws.values(), [])
    (enrich,) = [step for step in GRAPH if step.name == "enrich"]
    assert run(store, enrich).steps["enrich"] == 2
    monkeypatch.setattr(stage, "LANGUAGE_VERSIONS", {"de": "1"})
    german_update = replace(enrich, version=stage.step_version())
    assert run(store, german_update).steps["enrich"] == 1
    versions = {e.article_id: e.version for e in store.enrichments()}
    assert versions == {
        raws["en"].id: stage.ENRICH_VERSION,
        raws["de"].id: stage.ENRICH_VERSION + ".de1",
    }
    assert "enrich" in run(store, german_update).skipped  # up to date
