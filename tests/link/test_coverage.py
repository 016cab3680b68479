"""An undated article dated by the coverage of its event: inherited ranges, narrowed."""

from __future__ import annotations

from datetime import date, timedelta

from storyline.enrich.times import find_times
from storyline.link.coverage import AFTER_DAYS, BEFORE_DAYS, Coverage, inherited, narrowed

DAY = date.fromisoformat


def dated(article_id: str, day: str) -> Coverage:
    return Coverage(article_id, (DAY(day), DAY(day)), True)


def test_coverage_spans_its_days_and_the_usual_lag() -> None:
    found = inherited([dated("a", "2021-11-05"), dated("b", "2021-11-08")])
    assert found is not None
    period, window, why = found
    first, last = DAY("2021-11-05"), DAY("2021-11-08")
    assert period == (first - timedelta(BEFORE_DAYS), last + timedelta(AFTER_DAYS))
    assert window == (period[0], DAY("2021-11-08"))
    assert "2 dated articles (published 2021-11-05 to 2021-11-08)" in why


def test_no_coverage_gives_nothing() -> None:
    assert inherited([]) is None


def test_an_undated_article_counts_with_its_own_range() -> None:
    found = inherited([Coverage("a", (DAY("2021-01-01"), DAY("2021-12-31")), False)])
    assert found is not None and "1 undated article (dated 2021-01-01 to 2021-12-31)" in found[2]


def test_a_weekday_narrows_to_the_days_after_the_events_one() -> None:
    text = "Putin and Lukashenko signed 28 programmes at the meeting on Thursday."
    times = find_times(text, "a", None, None)
    found = narrowed(text, times, (DAY("2021-11-01"), DAY("2021-11-15")),
                     (DAY("2021-11-01"), DAY("2021-11-05")))  # fmt: skip
    assert found is not None
    assert found[0] == (DAY("2021-11-04"), DAY("2021-11-10"))
    assert "'Thursday'" in found[1]


def test_an_absolute_date_or_a_long_range_narrows_nothing() -> None:
    text = "The meeting took place on 4 November 2021."
    times = find_times(text, "a", None, None)
    short = (DAY("2021-11-01"), DAY("2021-11-15"))
    assert narrowed(text, times, short, short) is None
    text = "The meeting on Thursday."
    year = (DAY("2021-01-01"), DAY("2021-12-31"))
    assert narrowed(text, find_times(text, "a", None, None), year, year) is None
