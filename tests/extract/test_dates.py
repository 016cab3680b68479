from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.extract.dates import (
    estimate_range,
    find_dateline,
    normalize_published,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Monday, September 14, 2020", "2020-09-14"),
        ("Sat 02 July 2022:", "2022-07-02"),
        ("14 Sept. 2020", "2020-09-14"),
        ("Published: 3 March 2021", "2021-03-03"),
        ("2021-02-22", "2021-02-22"),
        ("By Jane Roe | March 3, 2021", "2021-03-03"),
    ],
)
def test_find_dateline_parses_common_english_formats(line: str, expected: str) -> None:
    assert find_dateline(["", line, "Body text follows here."]) == (1, expected)


def test_find_dateline_ignores_prose_that_mentions_a_date() -> None:
    lines = ["The talks on September 14, 2020 lasted four hours and ended without a deal."]
    assert find_dateline(lines) is None


def test_find_dateline_only_looks_at_leading_lines() -> None:
    lines = ["Headline"] + [f"Body sentence number {i}." for i in range(10)] + ["May 1, 2020"]
    assert find_dateline(lines) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
        ("2021-02-22T10:00:00Z", "2021-02-22T10:00:00+00:00"),
        ("Mon, 22 Feb 2021 10:00:00 GMT", "2021-02-22T10:00:00+00:00"),
        ("2020-09-14", "2020-09-14"),
        ("", None),
        ("not a date", None),
    ],
)
def test_normalize_published_gives_iso(value: str, expected: str | None) -> None:
    assert normalize_published(value) == expected


def test_estimate_range_starts_at_latest_past_mention() -> None:
    text = "Protests began after the August 2020 vote. They last met in mid-September 2020."
    assert estimate_range(text) == ("2020-09-11", "2021-09-20")


def test_estimate_range_ignores_planned_future_dates() -> None:
    text = "The election took place in 2019. A new treaty will be signed by 2030."
    low, _ = estimate_range(text)
    assert low == "2019-01-01"


def test_estimate_range_is_none_without_any_date() -> None:
    assert estimate_range("Putin met Lukashenko on Thursday for talks.") is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_dateline_roundtrip_for_any_date(day: date) -> None:
    line = day.strftime("%A, %B %d, %Y")
    assert find_dateline([line]) == (0, day.isoformat())
