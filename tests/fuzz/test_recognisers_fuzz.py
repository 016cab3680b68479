"""The time and number recognisers, and the whole enrichment of an article, on hostile text:
valid offsets, finite values, dates inside the calendar, and no sub-annotator failing
(issue 14, item 2)."""

from __future__ import annotations

import math
from datetime import date

from hostile_strategies import hostile_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.enrich.numbers import find_numbers
from storyline.enrich.stage import enrich_articles
from storyline.enrich.times import find_times
from storyline.model import Article

# Regular expressions only: thousands of examples cost seconds.
RULES = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
# The whole stage parses with spaCy: ~30 ms an article.
STAGE = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)
published = st.one_of(
    st.none(), days, st.sampled_from(["0001-01-01", "9999-12-31", "2020-13-45", "garbage"])
)
estimates = st.one_of(st.none(), st.tuples(days, days).map(lambda pair: tuple(sorted(pair))))


@RULES
@given(hostile_text(), published, estimates)
def test_times_are_valid_spans_with_dates_inside_the_calendar(
    text: str, day: str | None, estimate: tuple[str, str] | None
) -> None:
    for mention in find_times(text, "a", day, estimate):  # type: ignore[arg-type]
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        if mention.range is not None:
            first, last = (date.fromisoformat(end) for end in mention.range)
            assert first <= last


@RULES
@given(hostile_text(), published)
def test_numbers_are_valid_spans_with_finite_values(text: str, day: str | None) -> None:
    for claim in find_numbers(text, "a", day):
        assert 0 <= claim.start < claim.end <= len(text)
        assert isinstance(claim.value, float) and math.isfinite(claim.value)
        for key in ("usd", "eur", "value"):
            value = claim.normalized.get(key)
            assert value is None or math.isfinite(float(value))  # type: ignore[arg-type]


@STAGE
@given(hostile_text(30), published)
def test_no_sub_annotator_fails_on_hostile_text(text: str, day: str | None) -> None:
    article = Article(id="a", source_path="a.txt", text=text, language="en", published=day)
    (enrichment,) = enrich_articles([article])
    assert enrichment.failures == [], enrichment.failures
    assert enrichment.skipped is None or not enrichment.skipped.startswith("failed"), (
        enrichment.skipped
    )
