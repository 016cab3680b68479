"""Russian articles through natasha and the shared annotators."""

from __future__ import annotations

import pytest

from storyline.enrich.stage import enrich_articles
from storyline.model import Article, Enrichment

TEXT = (
    "Лукашенко встретился с Путиным\n"
    "Президент Белоруссии Александр Лукашенко в пятницу встретился с Владимиром Путиным в "
    "Сочи. «Мы договорились о кредите в $1,5 млрд», — заявил Лукашенко. По словам "
    "Лукашенку, Минск получит 500 млрд рублей. В прошлом году рост составил 5 процентов.\n"
    "— Это важный шаг для нашей страны, — сказал он журналистам.\n"
    "Встреча с Лукашенком прошла 14 сентября. Путин отметил, что Россия поддержит соседей."
)


@pytest.fixture(scope="module")
def russian() -> Enrichment:
    article = Article("ru", "ru.txt", TEXT, language="ru", published="2021-09-18")
    (enrichment,) = enrich_articles([article])
    assert enrichment.skipped is None
    return enrichment


def _chain(enrichment: Enrichment, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in enrichment.chains if c.name == name)


def test_sentences_do_not_cross_lines(russian: Enrichment) -> None:
    texts = [TEXT[s:e] for s, e in russian.sentences]
    assert texts[0] == "Лукашенко встретился с Путиным"
    assert "Встреча с Лукашенком прошла 14 сентября." in texts


def test_inflected_names_are_one_person_in_the_nominative(russian: Enrichment) -> None:
    lukashenko = _chain(russian, "Александр Лукашенко")
    assert lukashenko.type == "PERSON"
    assert {"Лукашенку", "Лукашенком", "Александр Лукашенко"} <= {
        m.text for m in lukashenko.mentions
    }
    assert _chain(russian, "Владимир Путин").type == "PERSON"
    assert lukashenko.descriptors == ["Президент Белоруссии"]
    assert _chain(russian, "Сочи").type == "LOC"


def test_quotes_in_guillemets_and_dialogue_dashes_have_speakers(russian: Enrichment) -> None:
    lukashenko = _chain(russian, "Александр Лукашенко").index
    direct = {q.text: q for q in russian.quotes if q.kind == "direct"}
    loan = direct["Мы договорились о кредите в $1,5 млрд"]
    assert (loan.speaker_chain, loan.cue) == (lukashenko, "заявил")
    step = direct["Это важный шаг для нашей страны"]
    assert (step.speaker_text, step.speaker_chain) == ("он", lukashenko)


def test_reported_speech_and_according_to(russian: Enrichment) -> None:
    indirect = {q.text: q for q in russian.quotes if q.kind == "indirect"}
    assert indirect["Минск получит 500 млрд рублей"].speaker_text == "Лукашенку"
    assert (
        indirect["Россия поддержит соседей"].speaker_chain
        == _chain(russian, "Владимир Путин").index
    )


def test_times_relative_to_publication(russian: Enrichment) -> None:
    times = {t.text: t.value for t in russian.times}
    assert times["в пятницу"] == "2021-09-17"
    assert times["В прошлом году"] == "2020"
    assert times["14 сентября"] == "2021-09-14"


def test_money_with_currency_and_scale(russian: Enrichment) -> None:
    money = {TEXT[c.start : c.end]: c for c in russian.claims if c.kind == "money"}
    assert money["$1,5 млрд"].value == 1.5e9 and money["$1,5 млрд"].unit == "USD"
    roubles = money["500 млрд рублей"]
    assert roubles.value == 5e11 and roubles.unit == "RUB" and "usd" in (roubles.normalized or {})
    (percent,) = [c for c in russian.claims if c.kind == "percent"]
    assert percent.value == 5.0
