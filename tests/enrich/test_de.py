"""German articles through HanTa, the name rules and the shared annotators."""

from __future__ import annotations

import pytest

from storyline.enrich.stage import enrich_articles
from storyline.model import Article, Enrichment

TEXT = (
    "Merkel kritisiert Lukaschenko\n"
    "Bundeskanzlerin Angela Merkel hat am Donnerstag in Berlin den belarussischen Machthaber "
    "Alexander Lukaschenko kritisiert. „Das ist inakzeptabel“, sagte Merkel. "
    "»Wir werden nicht schweigen«, erklärte sie. Die Siemens AG meldete 1,26 Mrd. Euro Gewinn, "
    "vergangenes Jahr waren es 5 Prozent weniger. Laut Merkels Sprecher Steffen Seibert berät "
    "die Europäische Union am 14. September über Sanktionen."
)


@pytest.fixture(scope="module")
def german() -> Enrichment:
    article = Article("de", "de.txt", TEXT, language="de", published="2020-09-05")
    (enrichment,) = enrich_articles([article])
    assert enrichment.skipped is None and (enrichment.pipeline or "").startswith("de: HanTa")
    return enrichment


def _types(enrichment: Enrichment) -> dict[str, str]:
    return {c.name: c.type for c in enrichment.chains}


def test_people_places_and_bodies_are_typed(german: Enrichment) -> None:
    types = _types(german)
    assert types["Angela Merkel"] == "PERSON"
    assert types["Alexander Lukaschenko"] == "PERSON"
    assert types["Berlin"] == "LOC"
    assert types["Siemens AG"] == "ORG"
    assert types["Europäische Union"] == "ORG"


def test_genitive_and_headline_forms_join_the_person(german: Enrichment) -> None:
    merkel = next(c for c in german.chains if c.name == "Angela Merkel")
    assert {"Merkel", "Merkels", "Angela Merkel"} <= {m.text for m in merkel.mentions}
    assert "Bundeskanzlerin" in merkel.descriptors


def test_quotes_in_both_guillemet_styles_have_speakers(german: Enrichment) -> None:
    merkel = next(c for c in german.chains if c.name == "Angela Merkel").index
    direct = {q.text: q for q in german.quotes if q.kind == "direct"}
    assert (direct["Das ist inakzeptabel"].speaker_chain, direct["Das ist inakzeptabel"].cue) == (
        merkel,
        "sagte",
    )
    assert direct["Wir werden nicht schweigen"].speaker_chain == merkel  # "erklärte sie"


def test_times_and_money(german: Enrichment) -> None:
    times = {t.text: t.value for t in german.times}
    assert times["am Donnerstag"] == "2020-09-03"
    assert times["vergangenes Jahr"] == "2019"
    assert times["14. September"] == "2020-09-14"
    money = {TEXT[c.start : c.end]: c for c in german.claims if c.kind == "money"}
    profit = money["1,26 Mrd. Euro"]
    assert (profit.value, profit.unit) == (1.26e9, "EUR")
    assert profit.normalized and profit.normalized["usd"] > 1.26e9
