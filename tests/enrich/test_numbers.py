"""Numbers: money with currency and conversion, counts with what they count, percentages,
ages; without and with a spaCy parse; the seeds; properties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.enrich.numbers import find_numbers
from storyline.model import Claim, content_hash

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"


def claims(text: str, published: str | None = "2020-09-14", doc: Any = None) -> dict[str, Claim]:
    """Claims by the text they cover."""
    return {text[c.start : c.end]: c for c in find_numbers(text, "a", published, doc)}


@pytest.mark.parametrize(
    ("text", "expression", "value", "currency"),
    [
        ("Russia promised a €1.26bn loan.", "€1.26bn", 1.26e9, "EUR"),
        ("Belarus secured a $1.5 billion loan.", "$1.5 billion", 1.5e9, "USD"),
        ("It lent 1.5 billion dollars.", "1.5 billion dollars", 1.5e9, "USD"),
        ("The club paid £600m for it.", "£600m", 6e8, "GBP"),
        ("The plot cost Rs 5 crore.", "Rs 5 crore", 5e7, "INR"),
        ("He spent seventy million dollars on a house.", "seventy million dollars", 7e7, "USD"),
        ("Sales were C$348.2 million.", "C$348.2 million", 3.482e8, "CAD"),
        ("It earned 97 cents a share.", "97 cents", 0.97, "USD"),
        ("A fine of 300 Russian rubles was paid.", "300 Russian rubles", 300, "RUB"),
        # Reuters-style wires write dlrs, cts, stg and a spaced mln: amounts, not counts of
        # "cts" (which grouped every earnings figure of a story as one thing).
        ("Shr 13 cts vs 10 cts", "13 cts", 0.13, "USD"),
        ("Annual div six dlrs vs 12 dlrs prior", "12 dlrs", 12, "USD"),
        ("M3 rose to 280.36 billion dlrs from", "280.36 billion dlrs", 2.8036e11, "USD"),
        ("It raised 50 mln stg in London.", "50 mln stg", 5e7, "GBP"),
        ("Net loss 1.2 mln dlrs vs profit", "1.2 mln dlrs", 1.2e6, "USD"),
    ],
)
def test_money_has_scaled_value_and_currency(
    text: str, expression: str, value: float, currency: str
) -> None:
    claim = claims(text)[expression]
    assert claim.kind == "money" and claim.unit == currency
    assert claim.normalized is not None
    assert claim.normalized["value"] == pytest.approx(value)
    assert claim.normalized["unit"] == currency


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("Revs 16.6 mln vs 13.2 mln", "16.6 mln"),
        ("Shr 13 vs 10", "13"),
        ("rose 3.6 pct to a record", "3.6 pct"),
    ],
)
def test_units_and_versus_are_no_subject(nlp: Any, text: str, expression: str) -> None:
    for doc in (None, nlp(text)):
        claim = claims(text, doc=doc).get(expression)
        assert claim is None or claim.subject not in {"mln", "vs", "pct", "mln vs"}


def test_euros_are_converted_to_dollars_at_the_publication_date() -> None:
    normalized = claims("Russia would extend a government loan of €1.26bn.")["€1.26bn"].normalized
    assert normalized is not None
    assert normalized["eur"] == pytest.approx(1.26e9)
    assert normalized["usd"] == pytest.approx(1.49e9, rel=0.01)
    assert normalized["rate_date"] == "2020-09-14"


def test_other_currencies_get_both_dollars_and_euros() -> None:
    normalized = claims("It paid £600m.", "2020-09-14")["£600m"].normalized
    assert normalized is not None and {"usd", "eur", "rate_date"} <= set(normalized)
    assert normalized["usd"] > normalized["eur"] > 6e8  # type: ignore[operator]


def test_rates_fall_back_to_the_nearest_day_the_history_covers() -> None:
    normalized = claims("It paid £600m.", "1990-01-01")["£600m"].normalized
    assert normalized is not None and normalized["rate_date"] == "1999-01-04"


def test_unquoted_currencies_keep_their_amount_only() -> None:
    normalized = claims("It cost 300 Belarusian rubles.")["300 Belarusian rubles"].normalized
    assert normalized == {"value": 300.0, "unit": "BYN"}


@pytest.mark.parametrize(
    ("text", "expression", "subject"),
    [
        ("Putin promised a €1.26bn loan to Minsk.", "€1.26bn", "loan"),
        ("Russia would extend Belarus a government loan of €1.26bn.", "€1.26bn", "government loan"),
        (
            "They signed agreements on a total of 28 programs aimed at integration.",
            "28",
            "programs",
        ),
        ("Both signed an agreement on 28 points.", "28", "points"),
        ("He met 1,500 officials.", "1,500", "officials"),
        ("The 69-year-old Russian leader on Friday told a forum", "69-year-old", "Russian leader"),
        ("Stocks lost 26 percent of their value.", "26 percent", "value"),
    ],
)
def test_subjects_without_a_parse(text: str, expression: str, subject: str) -> None:
    assert claims(text)[expression].subject == subject


def test_listed_numbers_share_their_noun_and_a_total_takes_it_too() -> None:
    text = 'There were "maybe six, seven [integration] road maps left out of 33" to sign.'
    found = claims(text)
    assert [found[n].value for n in ("six", "seven", "33")] == [6, 7, 33]
    assert all("road maps" in (found[n].subject or "") for n in ("six", "seven", "33"))
    assert found["33"].normalized == {"value": 33.0, "role": "total"}


@pytest.mark.parametrize(
    ("text", "expression", "kind", "value", "unit"),
    [
        ("Shares fell 12% on Friday.", "12%", "percent", 12, "%"),
        ("Rates rose twelve percent.", "twelve percent", "percent", 12, "%"),
        (
            "It gained 1.5 percentage points.",
            "1.5 percentage points",
            "percent",
            1.5,
            "percentage points",
        ),
        ("The 69-year-old Russian leader spoke.", "69-year-old", "age", 69, "years"),
        ("Alexander Lukashenko, 67, said so.", "67", "age", 67, "years"),
        ("a six-year-old girl", "six-year-old", "age", 6, "years"),
        ("twenty-eight soldiers died", "twenty-eight", "count", 28, None),
    ],
)
def test_percentages_ages_and_spelled_numbers(
    text: str, expression: str, kind: str, value: float, unit: str | None
) -> None:
    claim = claims(text)[expression]
    assert (claim.kind, claim.value, claim.unit) == (kind, value, unit)


def test_years_dates_durations_and_names_are_not_counts() -> None:
    text = (
        "In 2005 and 2014, on 9 August, for seven months and three years later, "
        "the Group of Seven met at 10:35 a.m. with G7 and COVID-19 experts."
    )
    assert claims(text) == {}


def test_claim_id_is_the_content_hash_of_article_and_offsets() -> None:
    claim = find_numbers("They signed 28 programs.", "art-1", None)[0]
    assert claim.id == content_hash("art-1", str(claim.start), str(claim.end))
    assert claim.article_id == "art-1"


# --- with a spaCy parse ----------------------------------------------------------------


def test_subjects_from_the_dependency_parse(nlp: Any) -> None:
    text = "Russia would extend Belarus a government loan of €1.26bn. They signed 28 programs."
    found = claims(text, doc=nlp(text))
    assert found["€1.26bn"].subject == "government loan"
    assert found["28"].subject == "programs"


def test_parse_stops_the_subject_at_the_verb(nlp: Any) -> None:
    text = "The 69-year-old Russian leader spoke."
    assert claims(text, doc=nlp(text))["69-year-old"].subject == "Russian leader"


def test_parse_gives_the_subject_of_a_percentage(nlp: Any) -> None:
    text = "Stocks fell 12 percent on Friday."
    assert claims(text, doc=nlp(text))["12 percent"].subject == "Stocks"


# --- the seeds -------------------------------------------------------------------------


def _seed(prefix: str) -> str:
    if not SEEDS.exists():
        pytest.skip("../shared/corpora/seeds not found")
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


def test_seed_003_loan_in_euros_and_dollars() -> None:
    loan = claims(_seed("003"), "2020-09-14")["€1.26bn"]
    assert (loan.kind, loan.value, loan.unit) == ("money", 1.26e9, "EUR")
    assert loan.normalized is not None
    assert loan.normalized["usd"] == pytest.approx(1.49e9, rel=0.01)


def test_seed_004_dollar_loan_and_road_maps() -> None:
    found = claims(_seed("004"), None)
    loan = found["$1.5 billion"]
    assert (loan.value, loan.unit) == (1.5e9, "USD") and "loan" in (loan.subject or "")
    assert [found[n].value for n in ("six", "seven", "33")] == [6, 7, 33]
    assert "road maps" in (found["six"].subject or "")


@pytest.mark.parametrize(("prefix", "noun"), [("000", "programs"), ("001", "points")])
def test_seeds_000_001_count_28(prefix: str, noun: str) -> None:
    assert claims(_seed(prefix), None)["28"].subject == noun


def test_seed_002_age_of_the_leader() -> None:
    age = claims(_seed("002"), "2022-07-02")["69-year-old"]
    assert (age.kind, age.value) == ("age", 69)


# --- properties ------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["$", "€", "£"]))
def test_any_symbol_amount_reads_back(amount: int, symbol: str) -> None:
    text = f"They paid {symbol}{amount:,} for it."
    found = find_numbers(text, "a", "2020-09-14")
    assert [(c.kind, c.value) for c in found] == [("money", float(amount))]


_WORDS = st.sampled_from(
    ["28", "programs", "six", ",", "seven", "road", "maps", "out", "of", "33", "$", "1.5",
     "billion", "€1.26bn", "loan", "in", "2020", "69-year-old", "leader", "12%", "percent",
     "the", "G7", "years", "later", "Friday", "a"]
)  # fmt: skip


@given(st.lists(_WORDS, max_size=25))
def test_claim_spans_always_lie_in_the_text(words: list[str]) -> None:
    text = " ".join(words)
    for claim in find_numbers(text, "a", "2022-07-02"):
        assert 0 <= claim.start < claim.end <= len(text)
        assert claim.kind in ("money", "count", "percent", "age")


@pytest.mark.parametrize(
    "text",
    [
        "They paid $" + "9" * 400 + " billion for it.",
        "They counted " + "9" * 400 + " sheep.",
        "Prices rose " + "9" * 320 + " percent.",
        "They paid $" + "9" * 300 + " trillion.",
    ],
)
def test_numbers_too_large_for_a_float_are_not_claims(text: str) -> None:
    import math

    assert all(math.isfinite(claim.value) for claim in find_numbers(text, "a", "2020-01-01"))
