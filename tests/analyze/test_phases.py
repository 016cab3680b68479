import pytest
from chat_server import chat_endpoint

from storyline.analyze import phases
from storyline.analyze.abstractive import LLMConfig
from storyline.analyze.claims import ClaimGroup
from storyline.analyze.phases import analyze_stories
from storyline.analyze.quotes import Statement
from storyline.jobs import AnalyzeOptions
from storyline.model import (
    Article,
    Chain,
    Claim,
    Enrichment,
    Entity,
    Event,
    Mention,
    Quote,
    RawDocument,
    Story,
)  # fmt: skip
from storyline.orchestrator import apply_update
from storyline.store import SqliteStore
from storyline.workers import lasting_spawns

A = "The president said: “We will oppose all attempts to interfere in our internal affairs.” The loan was worth €1.26bn."
B = "“Together we will oppose all attempts to interfere in our internal affairs,” the president said. The loan was $1.5 billion."


def _add(store: SqliteStore, aid: str, text: str, published: str) -> Article:
    raw = RawDocument(f"{aid}.txt", "text", text, raw=text.encode())
    article = Article(raw.id, raw.source_path, text, published=published, outlet=aid)
    store.write_batch([article], [raw], [])
    return article


def _enrich(article: Article, quote: str, money: dict[str, object]) -> Enrichment:
    text = article.text
    qs = text.index(quote)
    speaker = Mention(
        article.id, text.index("president"), text.index("president") + 9, "president", "TITLE"
    )
    loan = text.index("loan")
    claim = Claim(f"c-{article.id}", "money", money["value"], money["unit"], article.id, loan, loan + 4,  # type: ignore[arg-type]
                  subject="loan", normalized=money)  # fmt: skip
    split = text.index("The loan")
    return Enrichment(
        article.id, "1", sentences=[(0, split - 1), (split, len(text))],
        chains=[Chain(article.id, 0, "Putin", "PERSON", [speaker])],
        quotes=[Quote(f"q-{article.id}", article.id, quote, qs, qs + len(quote), speaker_chain=0)],
        claims=[claim],
    )  # fmt: skip


def _store(tmp_path) -> SqliteStore:  # type: ignore[no-untyped-def]
    store = SqliteStore(tmp_path / "s.db")
    a = _add(store, "a", A, "2020-09-14")
    b = _add(store, "b", B, "2021-02-22")
    store.write_enrichments([
        _enrich(a, "We will oppose all attempts to interfere in our internal affairs.", {"value": 1.26e9, "unit": "EUR", "usd": 1.49e9}),
        _enrich(b, "Together we will oppose all attempts to interfere in our internal affairs,", {"value": 1.5e9, "unit": "USD"}),
    ])  # fmt: skip
    mentions = [c.mentions[0] for e in store.enrichments() for c in e.chains]
    store.replace_entities([Entity("putin", "Vladimir Putin", "PERSON", ["Putin"], mentions)])
    store.write_events([Event("e1", "One", [a.id], date="2020-09-14", story_id="s"),
                        Event("e2", "Two", [b.id], date="2021-02-22", story_id="s")])  # fmt: skip
    store.replace_stories([Story("s", "Story", ["e1", "e2"])])
    return store


def test_analysis_groups_translated_quotes_and_converted_money(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = _store(tmp_path)
    with store.transaction():
        apply_update(store, analyze_stories(store))
    (statement,) = store.results("statement", Statement, story_id="s")
    assert statement.speaker_id == "putin" and len(statement.wordings) == 2
    (check,) = store.results("claim_check", ClaimGroup, story_id="s")
    assert check.agreement == "agree"
    assert all(e.summary for e in store.events())
    assert store.story("s").summary


def test_configured_model_writes_a_cited_abstract(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = _store(tmp_path)
    with chat_endpoint() as url, store.transaction():
        apply_update(store, analyze_stories(store, None, AnalyzeOptions(llm=LLMConfig(url, "m"))))
    (abstract,) = store.results("abstract", dict, story_id="s")
    assert abstract["model"] == "m"
    assert all(item["citations"] for item in abstract["sentences"])


def test_story_analyses_start_workers_when_asked_or_when_the_work_pays_for_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(phases, "usable_cores", lambda: 8)
    many = {f"s{i}": 200 for i in range(phases.PARALLEL_MIN_STORIES)}  # 6,400 events
    few = {f"s{i}": 2 for i in range(phases.PARALLEL_MIN_STORIES)}
    assert phases._processes(3, many) == 3 and phases._processes(3, few) == 3
    assert phases._processes(1, many) == 1
    assert phases._processes(3, {"s": 10_000}) == 1  # one story: nothing to share out
    assert phases._processes(None, many) == phases.AUTO_PROCESSES
    assert phases._processes(None, few) == 1
    with lasting_spawns():  # a long-running process: the worker, once started, stays
        assert phases._processes(None, few) == phases.AUTO_PROCESSES
        assert phases._processes(None, {"s": 2}) == 1
    monkeypatch.setattr(phases, "usable_cores", lambda: 1)
    assert phases._processes(None, many) == 1
