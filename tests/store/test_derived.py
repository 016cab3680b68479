from dataclasses import replace

import pytest

from storyline.model import Article, Enrichment, Entity, Event, Mention, RawDocument, Story
from storyline.store import SqliteStore


def _add_article(store: SqliteStore, body: str = "Body text.") -> Article:
    raw = RawDocument(source_path=f"{body}.txt", format="text", body=body, raw=body.encode())
    article = Article(id=raw.id, source_path=raw.source_path, text=body)
    store.write_batch([article], [raw], [])
    return article


def test_enrichments_upsert_and_staleness(store: SqliteStore) -> None:
    article = _add_article(store)
    assert store.articles_to_enrich(lambda _: "1") == [article.id]
    store.write_enrichments([Enrichment(article.id, "1", sentences=[(0, 10)])])
    assert store.articles_to_enrich(lambda _: "1") == []
    assert store.articles_to_enrich(lambda _: "2") == [article.id]
    assert store.enriched(lambda _: "1", [article.id]) == {article.id}
    assert store.enriched(lambda _: "2", [article.id]) == set()
    assert store.enrichment(article.id) == Enrichment(article.id, "1", sentences=[(0, 10)])


def test_rewriting_an_article_with_other_text_drops_what_was_derived_from_it(
    store: SqliteStore,
) -> None:
    article = _add_article(store)
    store.write_enrichments([Enrichment(article.id, "1")])
    store.write_vectors("m", [(article.id, b"\0" * 8)])
    raw = next(store.raw_documents())
    store.write_batch([article], [raw], [])  # the same text again: nothing to redo
    assert store.enrichment(article.id) is not None
    store.write_batch([replace(article, text="Body text, corrected.")], [raw], [])
    assert store.enrichment(article.id) is None
    assert store.articles_without_vectors("m") == [article.id]


def test_every_write_is_logged_as_a_change_of_its_kind(store: SqliteStore) -> None:
    article = _add_article(store)
    head = store.last_change()
    store.write_enrichments([Enrichment(article.id, "1")])
    store.write_vectors("m", [(article.id, b"\0" * 8)])
    store.set_links([(article.id, None, "e1")])
    assert store.changed(["enrichment", "vector:m", "event-article"], head) == {article.id}
    assert not store.has_changes(["duplicate", "article"], head)


def test_a_new_version_of_a_page_replaces_the_old_one(store: SqliteStore) -> None:
    old = RawDocument("a.html", "text", "First version.", b"1", url="https://x.org/a")
    new = RawDocument("a.html", "text", "Corrected version.", b"2", url="https://x.org/a")
    for raw in (old, new):
        store.write_batch([Article(raw.id, raw.source_path, raw.body, url=raw.url)], [raw], [])
    assert [a.id for a in store.articles()] == [new.id]
    assert store.changed(["article"], 0) == {old.id, new.id}


def test_deleting_an_article_removes_what_was_derived_from_it(store: SqliteStore) -> None:
    article = _add_article(store)
    store.write_enrichments([Enrichment(article.id, "1")])
    assert store.delete_articles([article.id]) == 1
    assert store.article(article.id) is None and store.enrichment(article.id) is None
    assert list(store.raw_documents()) == []


def test_corpus_state_moves_with_every_article_or_enrichment_write(store: SqliteStore) -> None:
    before = store.corpus_state()
    article = _add_article(store)
    after_article = store.corpus_state()
    store.write_enrichments([Enrichment(article.id, "1")])
    assert len({before, after_article, store.corpus_state()}) == 3


def test_entities_replace_with_mentions(store: SqliteStore) -> None:
    article = _add_article(store)
    mention = Mention(article.id, 0, 4, "Body")
    store.replace_entities([Entity("e1", "Body", "PERSON", ["Body"], [mention], ["alias"])])
    store.replace_entities([Entity("e2", "Other", "ORG", [], [mention])])
    assert [e.id for e in store.entities()] == ["e2"]
    assert store.entity("e2").mentions == [Mention(article.id, 0, 4, "Body")]
    assert store.entity_ids_of_article(article.id) == ["e2"]


def test_an_entity_written_again_has_exactly_its_new_mentions(store: SqliteStore) -> None:
    article = _add_article(store, "Anna met Bob and Anna left.")
    anna, bob, again = (Mention(article.id, 0, 4, "Anna"), Mention(article.id, 9, 12, "Bob"),
                        Mention(article.id, 17, 21, "Anna"))  # fmt: skip
    store.upsert_entities([Entity("e1", "Anna", "PERSON", [], [anna, bob]),
                           Entity("e2", "Bob", "PERSON", [], [bob])])  # fmt: skip
    store.upsert_entities([Entity("e1", "Anna B.", "PERSON", ["Anna"], [again, anna])])
    first = store.entity("e1")
    assert (first.name, first.aliases, first.mentions) == ("Anna B.", ["Anna"], [anna, again])
    assert store.entity("e2").mentions == [bob]  # another entity's mentions stay


def test_events_upsert_delete_and_date_order(store: SqliteStore) -> None:
    late = Event("late", "Late", date="2021-02-22")
    early = Event("early", "Early", date_range=("2020-09-01", "2020-09-30"))
    store.write_events([late, early, Event("undated", "Undated")])
    assert [e.id for e in store.events()] == ["early", "late", "undated"]
    store.write_events([], deleted=["late"])
    assert store.event("late") is None and store.event("early") == early


def test_stories_and_results_replace(store: SqliteStore) -> None:
    store.replace_stories([Story("s", "Story", event_ids=["e"])])
    assert list(store.stories()) == [Story("s", "Story", event_ids=["e"])]
    store.replace_results(
        "timeline", [("t1", "s", None, {"id": "t1"}), ("t2", "x", None, {"id": "t2"})]
    )
    assert store.results("timeline", dict, story_id="s") == [{"id": "t1"}]


def test_story_results_written_again_replace_the_story_s_own(store: SqliteStore) -> None:
    for kind in ("timeline", "claim_group"):  # read in order; read as a map by id
        store.replace_story_results(kind, ["s", "t"], [
            (f"{kind}1", "s", None, {"n": 1}), (f"{kind}2", "s", None, {"n": 2}),
            (f"{kind}3", "t", None, {"n": 3}),
        ])  # fmt: skip
        store.replace_story_results(kind, ["s"], [
            (f"{kind}4", "s", None, {"n": 4}), (f"{kind}2", "s", None, {"n": 22}),
        ])  # fmt: skip
        assert store.results(kind, dict, story_id="t") == [{"n": 3}]
        found = store.results(kind, dict, story_id="s")
        if kind == "timeline":
            assert found == [{"n": 4}, {"n": 22}]  # the order of the last write
        else:
            assert sorted(item["n"] for item in found) == [4, 22]


def test_transaction_groups_writes_and_rolls_back_together(store: SqliteStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.replace_stories([Story("s", "Story")])
        store.set_phase_state("stories", "1", "x")
        raise RuntimeError
    assert list(store.stories()) == [] and store.phase_state("stories") is None


def test_an_input_id_names_a_version_only_within_its_own_file(store: SqliteStore) -> None:
    def record(path: str, text: str) -> RawDocument:
        return RawDocument(path, "record", text, text.encode(), external_id="32")

    for raw in (record("reuters.jsonl#L32", "A wire."), record("mj.json#3", "A feature.")):
        store.write_batch([Article(raw.id, raw.source_path, raw.body, external_id="32")], [raw], [])
    assert len(list(store.articles())) == 2  # two files that both number a record 32
    raw = record("reuters.jsonl#L32", "A wire, corrected.")
    store.write_batch([Article(raw.id, raw.source_path, raw.body, external_id="32")], [raw], [])
    assert sorted(a.text for a in store.articles()) == ["A feature.", "A wire, corrected."]
