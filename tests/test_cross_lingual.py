"""One event reported in three languages: entities, speakers, statements, event and story.

Hand-written reports (not translations of each other: each outlet tells the meeting
its own way) of the Putin-Lukashenko meeting in Sochi on 14 September 2020, in
English, Russian and German, and two reports of an unrelated event (floods in Ostrava)
in English and German. Each report quotes Lukashenko's statement in its own language.

What the parts built for cross-lingual analysis guarantee (entities merged across
scripts, speakers resolved to them, translated quotes as one statement when the
quote board is given the multilingual similarity) is asserted plainly, and so is linking
events and stories across languages: the event linker counts the stored multilingual
vectors for a pair in two languages (link/events.py), as their terms barely overlap.
"""

from __future__ import annotations

import json

import pytest

from storyline import jobs
from storyline.jobs import open_store
from storyline.store import SqliteStore

SOCHI = [
    (
        "en",
        "Putin and Lukashenko meet in Sochi",
        "Russian President Vladimir Putin met Belarusian leader Alexander Lukashenko in Sochi on "
        "Monday, five weeks into the protests that followed the disputed election in Belarus. "
        'Putin promised Minsk a loan of $1.5 billion. "We have agreed that Russia will help us '
        'in these difficult times," Lukashenko said after the talks. The opposition in Minsk '
        "called the meeting a betrayal of Belarusian sovereignty.",
    ),
    (
        "ru",
        "Путин и Лукашенко провели переговоры в Сочи",
        "Президент России Владимир Путин в понедельник принял в Сочи президента Белоруссии "
        "Александра Лукашенко. Москва предоставит Минску кредит в $1,5 млрд. «Мы договорились, "
        "что Россия поможет нам в это трудное время», — заявил Лукашенко после переговоров. "
        "Протесты в Белоруссии продолжаются пятую неделю после выборов.",
    ),
    (
        "de",
        "Lukaschenko trifft Putin in Sotschi",
        "Der russische Präsident Wladimir Putin hat den belarussischen Machthaber Alexander "
        "Lukaschenko am Montag in Sotschi empfangen. Russland gewährt Belarus einen Kredit über "
        "1,5 Milliarden Dollar. „Wir haben vereinbart, dass Russland uns in dieser schwierigen "
        "Zeit helfen wird“, sagte Lukaschenko nach dem Treffen. Die Opposition in Minsk sprach "
        "von einem Verrat an der Souveränität des Landes.",
    ),
]
OSTRAVA = [
    (
        "en",
        "Floods hit Ostrava",
        "The Oder burst its banks in Ostrava on Sunday and thousands of residents were evacuated. "
        '"The water rose faster than in 1997," said Mayor Jan Dohnal. Rescue teams from Poland '
        "joined Czech firefighters.",
    ),
    (
        "de",
        "Hochwasser in Ostrau",
        "Die Oder ist am Sonntag in Ostrau über die Ufer getreten, Tausende Bewohner wurden in "
        "Sicherheit gebracht. „Das Wasser stieg schneller als 1997“, sagte Bürgermeister Jan "
        "Dohnal. Rettungskräfte aus Polen unterstützten die tschechische Feuerwehr.",
    ),
]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    folder = tmp_path_factory.mktemp("cross-lingual")
    records = [
        {"id": f"{kind}-{language}", "title": title, "text": f"{title}\n\n{text}",
         "language": language, "published": "2020-09-15" if kind == "sochi" else "2020-09-14",
         "outlet": f"{kind} {language} outlet"}
        for kind, reports in (("sochi", SOCHI), ("ostrava", OSTRAVA))
        for language, title, text in reports
    ]  # fmt: skip
    path = folder / "reports.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    store = open_store(folder / "s.db")
    jobs.ingest([str(path)], store)
    jobs.analyze(store)
    return store


def _ids(store: SqliteStore, kind: str) -> dict[str, str]:
    return {
        a.language or "": a.id for a in store.articles() if (a.external_id or "").startswith(kind)
    }


def test_every_report_is_analysed_by_its_language_pipeline(analysed: SqliteStore) -> None:
    for article in analysed.articles():
        enrichment = analysed.enrichment(article.id)
        assert enrichment is not None and enrichment.skipped is None
        assert (enrichment.pipeline or "").startswith(f"{article.language}:")


def test_lukashenko_is_one_entity_across_three_scripts_and_spellings(analysed: SqliteStore) -> None:
    sochi = set(_ids(analysed, "sochi").values())
    people = [
        e for e in analysed.entities()
        if e.type == "PERSON" and any(k in a.lower() for a in e.aliases for k in ("ukas", "укаш"))
    ]  # fmt: skip
    assert len(people) == 1, [(e.name, e.aliases) for e in people]
    assert sochi <= {m.article_id for m in people[0].mentions}
    assert {"Лукашенко", "Lukaschenko"} <= {alias.split()[-1] for alias in people[0].aliases}
    assert people[0].evidence


def test_the_quoted_speaker_is_the_same_entity_in_every_language(analysed: SqliteStore) -> None:
    from storyline.model import chain_entity_index

    enrichments = [analysed.enrichment(i) for i in _ids(analysed, "sochi").values()]
    index = chain_entity_index(list(analysed.entities()), [e for e in enrichments if e])
    speakers = {
        index.get((q.article_id, q.speaker_chain))
        for e in enrichments if e for q in e.quotes if q.kind == "direct"
    }  # fmt: skip
    assert len(speakers) == 1 and None not in speakers


def test_the_statement_and_its_translations_are_one_statement_on_the_board(
    analysed: SqliteStore,
) -> None:
    """The quote board's grouping function, given the multilingual similarity and each
    quote's language (what analyze_stories has to pass it)."""
    from storyline.analyze.quotes import QuoteView, group_quotes
    from storyline.link.embed import SentenceSimilarity
    from storyline.model import chain_entity_index

    entities = list(analysed.entities())
    views = []
    for language, article_id in _ids(analysed, "sochi").items():
        enrichment = analysed.enrichment(article_id)
        assert enrichment is not None
        index = chain_entity_index(entities, [enrichment])
        for quote in enrichment.quotes:
            speaker = index.get((article_id, quote.speaker_chain))
            views.append(QuoteView(quote, speaker, language=language))
    statements = group_quotes(views, translations=SentenceSimilarity())
    assert len(statements[0].wordings) == 3
    assert {v.language for v in statements[0].wordings} == {"en", "ru", "de"}


def _event_of(store: SqliteStore) -> dict[str, str | None]:
    return {a.id: a.event_id for a in store.articles()}


def test_the_three_reports_are_one_event_apart_from_the_floods(analysed: SqliteStore) -> None:
    events = _event_of(analysed)
    sochi = {events[i] for i in _ids(analysed, "sochi").values()}
    ostrava = {events[i] for i in _ids(analysed, "ostrava").values()}
    assert len(sochi) == 1 and None not in sochi
    assert len(ostrava) == 1 and not sochi & ostrava


def test_the_three_reports_are_one_story(analysed: SqliteStore) -> None:
    events = _event_of(analysed)
    story_of = {e.id: e.story_id for e in analysed.events()}
    stories = {story_of.get(events[i] or "") for i in _ids(analysed, "sochi").values()}
    assert len(stories) == 1 and None not in stories
    floods = {story_of.get(events[i] or "") for i in _ids(analysed, "ostrava").values()}
    assert not stories & floods
