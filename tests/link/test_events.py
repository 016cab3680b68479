"""Event linking: same happening together, other happenings and other times apart."""

from __future__ import annotations

import random

import numpy as np
import pytest

from storyline import jobs
from storyline.engines import LocalEngine
from storyline.graph import select
from storyline.link.candidates import bounds
from storyline.link.event_records import describe_events
from storyline.link.events import (
    EventItem,
    EventLinker,
    _VectorTable,
    cross_lingual,
)
from storyline.link.terms import profile_article
from storyline.model import Article
from storyline.orchestrator import analyze
from storyline.store import SqliteStore

DAM = [
    "The Oder dam near Ostrava broke on Monday, flooding the old town; mayor Jan Novak ordered an evacuation.",
    "Mayor Jan Novak ordered Ostrava evacuated after the Oder dam broke on Monday and water filled the old town.",
    "Floodwater from the broken Oder dam reached Ostrava's old town; Jan Novak said 3,000 people left.",
]
REHAB = [
    "Lindsay Lohan checked into the Betty Ford clinic in Rancho Mirage on Thursday, her lawyer said.",
    "Actress Lindsay Lohan has entered Betty Ford rehab in Rancho Mirage, her lawyer confirmed Thursday.",
]


def item(text: str, article_id: str, published: str | None = None) -> EventItem:
    article = Article(article_id, f"{article_id}.txt", text, published=published, language="en")
    return EventItem.from_article(article, profile_article(article))


def partition(labels: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article_id, label in labels.items():
        groups.setdefault(label, set()).add(article_id)
    return {frozenset(group) for group in groups.values()}


def corpus() -> list[EventItem]:
    texts = DAM + REHAB
    return [item(text, f"a{index}", "2024-03-14") for index, text in enumerate(texts)]


def test_reports_of_one_happening_form_one_event_and_others_their_own() -> None:
    found = partition(EventLinker().fit(corpus()).labels_)
    assert found == {frozenset({"a0", "a1", "a2"}), frozenset({"a3", "a4"})}


def test_the_same_actors_months_apart_are_two_events() -> None:
    items = [item(DAM[0], "spring", "2024-03-14"), item(DAM[1], "autumn", "2024-09-20")]
    assert len(partition(EventLinker().fit(items).labels_)) == 2
    undated = [item(DAM[0], "spring", "2024-03-14"), item(DAM[1], "later")]
    assert len(partition(EventLinker().fit(undated).labels_)) == 1


def _vector(*weights: float) -> np.ndarray:
    vector = np.array(weights, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _translated(article_id: str, text: str, language: str, vector: np.ndarray) -> EventItem:
    article = Article(article_id, f"{article_id}.txt", text, published="2020-09-14",
                      language=language)  # fmt: skip
    return EventItem.from_article(article, profile_article(article), vector)


SOCHI = _vector(1.0, 0.3, 0.0)
FLOODS = _vector(0.0, 0.2, 1.0)
CROSS = [
    _translated("en", "Putin met Lukashenko in Sochi and promised a loan.", "en", SOCHI),
    _translated("ru", "Путин принял Лукашенко в Сочи и пообещал кредит.", "ru", _vector(1, 0.4, 0)),
    _translated(
        "de", "Putin empfing Lukaschenko in Sotschi, Kredit zugesagt.", "de", _vector(1, 0.2, 0)
    ),
    _translated("pl", "Powódź w Ostrawie: Odra wylała, ewakuacja mieszkańców.", "pl", FLOODS),
]


def test_reports_in_three_languages_are_one_event_through_their_vectors() -> None:
    found = partition(EventLinker().fit(CROSS).labels_)
    assert found == {frozenset({"en", "ru", "de"}), frozenset({"pl"})}


def test_a_report_in_another_language_is_assigned_to_its_event() -> None:
    linker = EventLinker().fit(CROSS[:1] + CROSS[3:])
    assert linker.assign(CROSS[1]) == linker.labels_["en"]
    assert linker.assign(CROSS[2]) == linker.labels_["en"]


def test_close_vectors_in_one_language_add_nothing() -> None:
    """In one language the terms decide: two happenings of one kind have close vectors
    (ECB+), which must not join them."""
    first = _translated("a", "Lindsay Lohan entered Betty Ford rehab.", "en", SOCHI)
    second = _translated("b", "Parliament in Prague passed the budget.", "en", SOCHI)
    assert cross_lingual(first, second) == 0.0
    assert len(partition(EventLinker().fit([first, second]).labels_)) == 2


def test_a_block_of_cross_lingual_bonuses_equals_the_bonus_of_each_pair() -> None:
    items = [*CROSS, *corpus(), item("Ohne Vektor.", "novector")]
    table = _VectorTable(items)
    rows, columns = np.array([5, 0, 1, 3, 8]), np.arange(len(items))
    left, right = np.repeat(rows, len(columns)), np.tile(columns, len(rows))
    each = table.bonus(left, right).reshape(len(rows), len(columns))
    assert each[:, :4].any()  # the three translations pair up
    assert table.block_bonus(rows, columns) == pytest.approx(each, abs=1e-6)


def test_cross_lingual_pairs_are_every_close_pair_across_languages_within_reach() -> None:
    rng = np.random.default_rng(3)
    languages = ["en"] * 30 + ["de"] * 6 + ["ru"] * 3 + [None] * 2
    items = []
    for number, language in enumerate(languages):
        day = f"2024-03-{1 + number % 28:02d}"
        vector = _vector(*rng.random(4)) if language else None
        article = Article(f"x{number}", "x.txt", "Text.", published=day, language=language)
        items.append(EventItem.from_article(article, profile_article(article), vector))
    low, high = bounds([i.when for i in items])
    table = _VectorTable(items)
    found = {(int(i), int(j)) for left, right in table.cross_pairs(low, high, 5, chunk=4)
             for i, j in zip(left, right, strict=True)}  # fmt: skip
    expected = {
        (i, j)
        for i in range(len(items))
        for j in range(i + 1, len(items))
        if cross_lingual(items[i], items[j]) > 0 and abs(low[i] - low[j]) <= 5
    }
    assert expected and found == expected


def test_fitting_does_not_depend_on_input_order() -> None:
    items = corpus()
    expected = EventLinker().fit(items).labels_
    for seed in range(3):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert EventLinker().fit(shuffled).labels_ == expected


def test_a_new_article_joins_its_event_or_founds_one() -> None:
    linker = EventLinker().fit(corpus()[:4])
    assert linker.assign(corpus()[4]) == linker.labels_["a3"]
    newcomer = item("Parliament in Prague passed the 2025 budget by 101 votes.", "b0", "2024-03-14")
    assert linker.assign(newcomer) == "b0"


def test_scoring_all_candidate_events_at_once_equals_scoring_member_by_member() -> None:
    linker = EventLinker().fit(corpus()[:3] + CROSS[:1] + CROSS[3:])
    linker.assign(corpus()[3])  # the first assignment builds the linker's profile matrix
    linker.assign(CROSS[1])  # placed after it: compared pair by pair
    for newcomer in (corpus()[4], CROSS[2], item(DAM[2], "late", "2024-03-30")):
        labels = sorted(linker.groups())
        together = linker._complete_scores(newcomer, labels)
        for label in labels:
            alone = linker._complete_score(newcomer, label)
            if max(alone, together[label]) >= linker.threshold:
                assert together[label] == pytest.approx(alone, abs=1e-6), (newcomer.id, label)


def test_refining_merges_what_arrival_order_kept_apart() -> None:
    items = corpus()
    linker = EventLinker(threshold=0.99).fit(items[:1])  # nothing joins anything at 0.99
    linker.threshold = EventLinker().threshold
    for later in items[1:]:
        linker.labels_[later.id] = linker.assign(later)
    linker.refine(i.id for i in items[1:])
    assert partition(linker.labels_) == partition(EventLinker().fit(items).labels_)


def place_events(store: SqliteStore) -> None:
    """Profile the stored articles and run the events phase on what changed."""
    analyze(store, LocalEngine(), graph=select("profile", "events"))


def store_with(bodies: list[tuple[str, str | None]]) -> SqliteStore:
    store = jobs.open_store(":memory:")
    from storyline.model import RawDocument

    raws = [
        RawDocument(f"d{i}.txt", "text", body, body.encode()) for i, (body, _) in enumerate(bodies)
    ]
    articles = [
        Article(raw.id, raw.source_path, raw.body, published=published, language="en")
        for raw, (_, published) in zip(raws, bodies, strict=True)
    ]
    store.write_batch(articles, raws, [])
    return store


def test_phase_links_every_article_and_duplicates_follow_their_original() -> None:
    store = store_with([(DAM[0], "2024-03-14"), (DAM[1], "2024-03-15"), (REHAB[0], "2024-05-02")])
    articles = sorted(store.articles(), key=lambda a: a.published or "")
    store.set_links([(articles[1].id, articles[0].id, None)])  # the second is a repost
    place_events(store)
    linked = {a.id: a.event_id for a in store.articles()}
    assert linked[articles[1].id] == linked[articles[0].id] != linked[articles[2].id]
    assert {e.id for e in store.events()} == set(linked.values())
    first = next(e for e in store.events() if articles[0].id in e.article_ids)
    assert articles[1].id not in first.article_ids and first.date == "2024-03-14"


def test_phase_places_new_articles_without_relabelling_old_events() -> None:
    store = store_with([(DAM[0], "2024-03-14"), (REHAB[0], "2024-05-02"), (REHAB[1], "2024-05-02")])
    place_events(store)
    before = {e.id: set(e.article_ids) for e in store.events()}
    from storyline.model import RawDocument

    raw = RawDocument("late.txt", "text", DAM[2], DAM[2].encode())
    store.write_batch(
        [Article(raw.id, raw.source_path, raw.body, published="2024-03-15", language="en")],
        [raw],
        [],
    )
    place_events(store)
    after = {e.id: set(e.article_ids) for e in store.events()}
    assert set(after) == set(before)  # the same events, one of them grown
    assert any(raw.id in members for members in after.values())


def test_incremental_phase_grows_events_and_keeps_their_ids() -> None:
    extra = [
        (f"Parliament in Prague debated bill {n} on schools for {n} hours.", "2024-06-0" + str(n))
        for n in range(1, 8)
    ]
    store = store_with([(DAM[0], "2024-03-14"), (DAM[1], "2024-03-14"), *extra])
    place_events(store)
    before = {e.id: set(e.article_ids) for e in store.events()}
    from storyline.model import RawDocument

    raw = RawDocument("late.txt", "text", DAM[2], DAM[2].encode())  # 10 % growth: incremental
    store.write_batch(
        [Article(raw.id, raw.source_path, raw.body, published="2024-03-15", language="en")],
        [raw],
        [],
    )
    place_events(store)
    after = {e.id: set(e.article_ids) for e in store.events()}
    assert set(after) == set(before)
    grown = [event for event, members in after.items() if raw.id in members]
    assert len(grown) == 1 and len(after[grown[0]]) == 3


def test_a_redated_article_in_reach_of_its_event_stays_and_one_out_of_reach_moves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Dating gives an undated article a range from its event's coverage; placing it again
    on every such change fed a loop (another event, another range). An article whose new
    range keeps it within the time gap of its event stays; one beyond the gap is placed
    again."""
    store = store_with([(DAM[0], "2024-03-14"), (DAM[1], "2024-03-15"), (DAM[2], None)])
    store.set_estimates([(a.id, ("2024-03-10", "2024-03-20")) for a in store.articles()
                         if a.published is None])  # fmt: skip
    place_events(store)
    (undated,) = [a for a in store.articles() if a.published is None]
    (event,) = {a.event_id for a in store.articles()}
    placed: list[str] = []
    assign = EventLinker.assign

    def spy(linker: EventLinker, item: EventItem) -> str:
        placed.append(item.id)
        return assign(linker, item)

    monkeypatch.setattr(EventLinker, "assign", spy)
    store.set_estimates([(undated.id, ("2024-03-14", "2024-03-16"))])
    place_events(store)
    assert {a.event_id for a in store.articles()} == {event} and placed == []
    store.set_estimates([(undated.id, ("2024-06-01", "2024-06-02"))])
    place_events(store)
    assert placed == [undated.id]
    moved = {a.id: a.event_id for a in store.articles()}
    assert moved[undated.id] != event


def test_an_event_of_untitled_articles_given_as_headers_is_titled_from_their_text(
    tmp_path, add_articles
) -> None:
    """The event phase hands stored members over as headers (no text); an untitled one is
    read whole, so its event is named by its first words, not left blank."""
    with SqliteStore(tmp_path / "s.db") as store:
        articles = add_articles(store, DAM[:2])
        ids = [a.id for a in articles]
        headers = store.article_headers(ids)
        assert all(not a.text and not a.title for a in headers.values())
        (event,) = describe_events(store, {"e": ids}, headers)
        whole = describe_events(store, {"e": ids})[0]
        assert event.title == whole.title
        assert any(text.startswith(event.title) for text in DAM[:2])
