"""Temporal expressions: every pattern family on small sentences, the seeds, properties."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.enrich.times import find_times, merge_values
from storyline.extract.dates import estimate_range
from storyline.model import TimeMention

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


def times(
    text: str, published: str | None = "2022-07-02", estimate: tuple[str, str] | None = None
) -> dict[str, TimeMention]:
    """Mentions by their text (2022-07-02, the default publication date, is a Saturday)."""
    return {m.text: m for m in find_times(text, "a", published, estimate)}


def value(text: str, expression: str, published: str | None = "2022-07-02") -> str | None:
    return times(text, published)[expression].value


# --- dates with a year, and yearless dates -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("It happened on August 20, 2020.", "August 20, 2020", "2020-08-20"),
        ("It happened on 20 August 2020.", "20 August 2020", "2020-08-20"),
        ("Filed 2020-08-20 in court.", "2020-08-20", "2020-08-20"),
        ("By Monday, Sept. 14, 2020, talks ended.", "Monday, Sept. 14, 2020", "2020-09-14"),
        ("Elections in August 2020 were disputed.", "August 2020", "2020-08"),
        ("He was born in 1954.", "1954", "1954"),
        ("The 1990s were hard.", "The 1990s", "199"),
        ("In the twentieth century, ...", "the twentieth century", "19"),
        ("Profit fell in the third quarter of 2019.", "the third quarter of 2019", "2019-Q3"),
        ("Sales rose in the first half of 2019.", "the first half of 2019", "2019-H1"),
        ("The vote is in the winter of 2021.", "the winter of 2021", "2021-WI"),
        ("in nineteen ninety-six", "nineteen ninety-six", "1996"),
        ("by the year two thousand", "the year two thousand", "2000"),
    ],
)
def test_dates_with_a_year_are_fixed(text: str, expression: str, expected: str) -> None:
    assert value(text, expression) == expected


def test_mid_month_narrows_the_range_but_keeps_the_month() -> None:
    mention = times("They met in mid-September 2020 in Sochi.")["mid-September 2020"]
    assert (mention.value, mention.range) == ("2020-09", ("2020-09-11", "2020-09-20"))


def test_the_end_of_a_year_is_its_last_days() -> None:
    mention = times("Debt rose by the end of 1990.")["the end of 1990"]
    assert mention.value == "1990" and mention.range is not None
    assert mention.range[1] == "1990-12-31" and mention.range[0] > "1990-11-01"


@pytest.mark.parametrize(
    ("text", "expression", "published", "expected"),
    [
        ("polls on 9 August prompted protests", "9 August", "2020-09-14", "2020-08-09"),
        ("payable Dec. 15 to holders", "Dec. 15", "2020-10-31", "2020-12-15"),
        ("He was detained in January.", "January", "2021-03-01", "2021-01"),
        ("He was detained in November.", "November", "2021-05-01", "2020-11"),
        ("They will meet in November.", "November", "2021-05-01", "2021-11"),
        ("It happened last April.", "last April", "2021-06-01", "2021-04"),
        ("It happened last April.", "last April", "2021-03-01", "2020-04"),
        ("The talks start this September.", "this September", "2021-02-01", "2021-09"),
        ("Profit rose in the third quarter.", "the third quarter", "2021-10-20", "2021-Q3"),
        ("Orders fell last summer.", "last summer", "2021-03-01", "2020-SU"),
        ("Shops close on Christmas Day.", "Christmas Day", "2021-12-01", "2021-12-25"),
        ("on February 24 of this year", "February 24 of this year", "2022-07-02", "2022-02-24"),
        ("in June last year", "June last year", "2022-07-02", "2021-06"),
    ],
)
def test_yearless_dates_take_the_year_around_publication(
    text: str, expression: str, published: str, expected: str
) -> None:
    assert value(text, expression, published) == expected


# --- weekdays and deictic days --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("The leader on Friday told a forum", "Friday", "2022-07-01"),
        ("a meeting with Lavrov on Thursday in Minsk", "Thursday", "2022-06-30"),
        ("He was in Saint Petersburg on Sunday.", "Sunday", "2022-06-26"),
        ("Talks are held on Saturday.", "Saturday", "2022-07-02"),
        ("The envoy will arrive on Monday.", "Monday", "2022-07-04"),
        ("He said Friday it will hold talks.", "Friday", "2022-07-01"),
        ("It was signed last Saturday.", "last Saturday", "2022-06-25"),
        ("They meet next Friday.", "next Friday", "2022-07-08"),
        ("Police came Wednesday night.", "Wednesday night", "2022-06-29TNI"),
        ("The shop opens Mondays.", "Mondays", "XXXX-WXX-1"),
        ("yesterday, crowds gathered", "yesterday", "2022-07-01"),
        ("Today the court ruled.", "Today", "2022-07-02"),
        ("The vote is tomorrow.", "tomorrow", "2022-07-03"),
        ("He spoke this morning.", "this morning", "2022-07-02TMO"),
        ("Shots were heard last night.", "last night", "2022-07-01TNI"),
        ("Talks end at 10:35 a.m. Friday.", "10:35 a.m. Friday", "2022-07-01T10:35"),
        ("Talks end at noon.", "noon", "2022-07-02T12:00"),
    ],
)
def test_weekdays_and_days_count_from_publication(
    text: str, expression: str, expected: str
) -> None:
    assert value(text, expression) == expected


def test_weekday_mentions_are_typed_time_when_a_time_of_day_is_given() -> None:
    assert times("Talks end at 10:35 a.m. Friday.")["10:35 a.m. Friday"].type == "TIME"
    assert times("Police came Wednesday night.")["Wednesday night"].type == "TIME"


# --- weeks, months, years counted from publication or from the previous date --------


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("Last week, the minister said", "Last week", "2022-W25"),
        ("This week the G7 met.", "This week", "2022-W26"),
        ("next month", "next month", "2022-08"),
        ("He won last year.", "last year", "2021"),
        ("It grows this year.", "this year", "2022"),
        ("early next year", "early next year", "2023"),
        ("It fell last quarter.", "last quarter", "2022-Q2"),
        ("two weeks ago", "two weeks ago", "2022-W24"),
        ("five years ago", "five years ago", "2017"),
        ("ten days ago", "ten days ago", "2022-06-22"),
        ("He ran in the fiscal year.", "the fiscal year", "2022"),
    ],
)
def test_relative_periods_count_from_publication(text: str, expression: str, expected: str) -> None:
    assert value(text, expression) == expected


def test_earlier_this_week_ends_at_publication() -> None:
    mention = times("Earlier this week, leaders met.")["Earlier this week"]
    assert mention.range == ("2022-06-27", "2022-07-02")


def test_later_counts_from_the_previous_date_not_publication() -> None:
    text = "He voted against independence in 1991. Three years later, he came to power."
    assert value(text, "Three years later") == "1994"


def test_the_following_year_and_that_day_follow_the_previous_date() -> None:
    found = times("He left on March 3, 2010. That day was cold. The following year he returned.")
    assert found["That day"].value == "2010-03-03"
    assert found["The following year"].value == "2011"


def test_a_year_earlier_compares_with_the_quarter_just_named() -> None:
    text = "Profit rose in the third quarter, up from $5 million a year earlier."
    assert value(text, "a year earlier", "2021-10-20") == "2020-Q3"


def test_the_next_day_without_publication_date_is_unresolved() -> None:
    assert value("The next day, experts wondered.", "The next day", None) == "XXXX-XX-XX"


# --- durations, sets, references -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "kind", "expected"),
    [
        ("seven months of protests", "seven months", "DURATION", "P7M"),
        ("for 28 days", "28 days", "DURATION", "P28D"),
        ("the past two years", "the past two years", "DURATION", "P2Y"),
        ("a two-year plan", "two-year", "DURATION", "P2Y"),
        ("after 2 1/2 years", "2 1/2 years", "DURATION", "P2Y6M"),
        ("talks lasting five hours", "five hours", "DURATION", "PT5H"),
        ("in two decades", "two decades", "DURATION", "P20Y"),
        ("several weeks of talks", "several weeks", "DURATION", "PXW"),
        ("critics have for years been silenced", "years", "DURATION", "PXY"),
        ("over the next three quarters", "over the next three quarters", "DURATION", "P9M"),
        ("they meet every week", "every week", "SET", "P1W"),
        ("published daily", "daily", "SET", "P1D"),
        ("each July", "each July", "SET", "XXXX-07"),
        ("$500 a year", "a year", "SET", "P1Y"),
        ("Prices are now higher.", "now", "DATE", "PRESENT_REF"),
        ("He recently resigned.", "recently", "DATE", "PAST_REF"),
        ("in the near future", "the near future", "DATE", "FUTURE_REF"),
        ("several years ago", "several years ago", "DATE", "PAST_REF"),
    ],
)
def test_durations_sets_and_references(
    text: str, expression: str, kind: str, expected: str
) -> None:
    mention = times(text)[expression]
    assert (mention.type, mention.value) == (kind, expected)
    assert mention.range is None or expected == "PRESENT_REF"


def test_ages_and_counts_are_not_times() -> None:
    found = times("The 69-year-old leader signed 28 programs with 1,500 officials.")
    assert found == {}


def test_may_the_verb_is_not_a_month() -> None:
    assert "May" not in times("Prices May rise, as they may.")
    assert times("It opened in May.")["May"].value == "2022-05"


# --- publication date only estimated ---------------------------------------------------


def test_estimated_publication_gives_a_range_and_keeps_what_is_certain() -> None:
    found = times("He was detained in January.", None, ("2020-09-11", "2021-09-20"))
    assert found["January"].value == "XXXX-01"
    assert found["January"].range == ("2020-01-01", "2021-01-31")


def test_merge_values_x_out_only_the_digits_that_differ() -> None:
    assert merge_values("2020-W36", "2021-W37") == "XXXX-WXX"
    assert merge_values("2020-09", "2020-09") == "2020-09"


# --- the seeds -------------------------------------------------------------------------


def _seed(prefix: str) -> str:
    if not SEEDS.exists():
        pytest.skip("../shared/corpora/seeds not found")
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


def test_seed_002_dates_against_its_saturday_publication() -> None:
    found = times(_seed("002"), "2022-07-02")
    expected = {
        "Friday": "2022-07-01", "last year": "2021", "February 24 of this year": "2022-02-24",
        "Three years later": "1994", "August 20, 2020": "2020-08-20", "Sunday": "2022-06-26",
        "Thursday": "2022-06-30", "Last week": "2022-W25", "2005": "2005", "2014": "2014",
    }  # fmt: skip
    assert {key: found[key].value for key in expected} == expected
    this_week = found["Earlier this week"].range
    assert this_week is not None and "2022-06-27" <= this_week[0] <= this_week[1] <= "2022-07-02"
    assert found["years"].type == "DURATION"


def test_seed_003_dates_against_its_dateline() -> None:
    found = times(_seed("003"), "2020-09-14")
    assert found["9 August"].value == "2020-08-09"
    assert found["yesterday"].value == "2020-09-13"


def test_seed_004_dates_against_an_estimated_publication() -> None:
    text = _seed("004")
    estimate = estimate_range(text)
    assert estimate is not None
    found = times(text, None, estimate)
    assert (found["mid-September 2020"].value, found["mid-September 2020"].range) == (
        "2020-09", ("2020-09-11", "2020-09-20"),
    )  # fmt: skip
    assert (found["seven months"].type, found["seven months"].value) == ("DURATION", "P7M")
    january = found["January"].range
    assert january is not None and january[0][:4] != january[1][:4]


# --- properties ------------------------------------------------------------------------


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)))
def test_any_month_day_year_date_normalises_to_itself(day: date) -> None:
    written = f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"
    mentions = find_times(f"It was signed on {written} in Minsk.", "a", "2022-07-02", None)
    assert [(m.text, m.value) for m in mentions] == [(written, day.isoformat())]
    assert mentions[0].range == (day.isoformat(), day.isoformat())


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
)
def test_a_bare_weekday_in_the_past_is_within_the_week_before_publication(
    published: date, weekday: str
) -> None:
    mention = find_times(f"Troops left on {weekday}.", "a", published.isoformat(), None)[0]
    assert mention.value is not None
    placed = date.fromisoformat(mention.value)
    assert published - timedelta(days=6) <= placed <= published
    assert placed.strftime("%A") == weekday


_WORDS = st.sampled_from(
    ["last", "week", "on", "Friday", "in", "2020", "three", "years", "later", "mid-", "September",
     "the", "1990s", "every", "day", "yesterday", "May", "9", "August", ",", ".", "ago", "now",
     "quarter", "third", "fiscal", "a", "year", "earlier", "$", "5", "69-year-old", "noon"]
)  # fmt: skip


@given(st.lists(_WORDS, max_size=25), st.sampled_from([None, "2022-07-02"]))
def test_spans_always_point_at_their_text(words: list[str], published: str | None) -> None:
    text = " ".join(words)
    for mention in find_times(text, "a", published, None):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.type in ("DATE", "TIME", "DURATION", "SET")
        if mention.range is not None:
            assert mention.range[0] <= mention.range[1]


# Issue 14, item 2: a number running into a time expression, or a count too large for
# the calendar, must give an unplaced mention, never an exception.
def test_a_scale_word_ending_one_number_does_not_start_the_next() -> None:
    # Reuters-21578 story 109: "down from 1.34 billion two weeks earlier".
    found = times(
        "Reserves were 644 mln dlrs, down from 1.34 billion two weeks earlier.", "1987-02-26"
    )
    assert found["two weeks earlier"].value == "1987-W07"


@pytest.mark.parametrize(
    "text",
    [
        "It happened 5,000,000 days earlier.",
        "It happened 1000000000 days ago.",
        "It happened 99999999999999999999 years ago.",
        "It happened " + "9" * 400 + " weeks later.",
    ],
)
def test_counts_beyond_the_calendar_leave_the_mention_unplaced(text: str) -> None:
    (mention,) = find_times(text, "a", "2022-07-02", None)
    assert mention.text.endswith(text.split()[-1].rstrip(".")) and mention.range is None


def test_a_count_too_large_for_a_float_is_no_duration() -> None:
    assert find_times("They met " + "9" * 400 + " years.", "a", "2022-07-02", None) == []


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_publication_dates_at_the_ends_of_the_calendar_do_not_overflow(published: str) -> None:
    text = "In January, last year, next week, on Friday, the next day, 3 years later, in 2020."
    assert find_times(text, "a", published, None)
