"""Publication dates: normalising stated dates, finding datelines, estimating ranges.

A date is only ever reported with its basis: ``metadata`` (the container said so),
``text`` (a dateline printed in the article) or ``estimated`` (a range inferred from
dates the article mentions). Nothing here guesses silently.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|rsday|urday)?\.?,?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# Full dates in the common English orders, optionally led by a weekday.
_FULL_DATE = re.compile(
    rf"(?:{_WEEKDAY}\s+)?(?:"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+{_YEAR}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|{_YEAR}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR}"
    r")",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    rf"\b(?:(?P<part>early|mid|late)[- ])?(?P<month>{_MONTHS})\s+(?P<year>{_YEAR})\b", re.IGNORECASE
)
_BARE_YEAR = re.compile(rf"(?<![\d.,/-]){_YEAR}(?![\d/-])(?!\.\d)")
# Words that turn a mentioned date into a plan rather than a past fact; such dates
# cannot bound the publication date from below.
_FUTURE_CUES = re.compile(
    r"\b(?:will|would|shall|plans?|planned|scheduled|expected|due|until|by|target|forecast|"
    r"aims?|intends?|next|upcoming|bis|wird|werden|soll)\b",
    re.IGNORECASE,
)
# A dateline is a short line that is mostly a date ("Monday, September 14, 2020",
# "Sat 02 July 2022:", "Published: 3 March 2021 10:04"). 80 characters covers
# bylines with a date; longer lines are prose that merely mentions a date.
DATELINE_MAX_CHARS = 80
# How many leading lines may hold the dateline; checked on the seeds and Reuters/BBC,
# where the date sits within the first three lines when it is printed at all.
DATELINE_SEARCH_LINES = 6
# An article reports the latest dated thing it mentions within about a year: past
# that, the estimate's upper bound stops being honest.
ESTIMATE_WINDOW_DAYS = 365

_DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
}


@lru_cache(maxsize=4096)
def parse_full_date(text: str) -> datetime | None:
    """Parse one full date (day, month and year all present), English forms first."""
    cleaned = text.strip().rstrip(":-–—|,")
    parsed = dateparser.parse(cleaned, languages=["en"], settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        parsed = dateparser.parse(cleaned, settings=_DATEPARSER_SETTINGS)
    return parsed


def normalize_published(value: str | None) -> str | None:
    """A stated publication date as ISO 8601 (date, or datetime when a time is given)."""
    if not value or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = parse_full_date(text) or _parse_loose(text)
    if parsed is None:
        return None
    return _iso(parsed)


def _parse_loose(text: str) -> datetime | None:
    """Dates such as Reuters' ``26-FEB-1987 15:01:01.79`` that strict parsing refuses."""
    text = re.sub(r"(\d{2}:\d{2}:\d{2})\.\d+", r"\1", text)
    return dateparser.parse(text, settings={"REQUIRE_PARTS": ["day", "month", "year"]})


def _iso(moment: datetime) -> str:
    has_time = (moment.hour, moment.minute, moment.second) != (0, 0, 0)
    if not has_time:
        return moment.date().isoformat()
    return moment.replace(microsecond=0).isoformat()


def find_dateline(lines: list[str]) -> tuple[int, str] | None:
    """Index and ISO date of the first dateline among the leading lines."""
    for index, line in enumerate(lines[:DATELINE_SEARCH_LINES]):
        stripped = line.strip()
        if not stripped or len(stripped) > DATELINE_MAX_CHARS:
            continue
        match = _FULL_DATE.search(stripped)
        if not match or not _mostly_date(stripped, match.group(0)):
            continue
        parsed = parse_full_date(match.group(0))
        if parsed is not None:
            return index, _iso(parsed)
    return None


def _mostly_date(line: str, found: str) -> bool:
    """True when what is left beside the date is a label or byline, not a sentence."""
    rest = line.replace(found, " ")
    words = re.findall(r"[A-Za-zÀ-ÿ]+", rest)
    return len(words) <= 6 and not rest.strip().endswith((".", "?", "!"))


def estimate_range(text: str) -> tuple[str, str] | None:
    """An honest ``[from, to]`` for an undated article, from the dates it mentions.

    The lower bound is the start of the latest past date the text mentions (an
    article cannot predate what it reports); the upper bound adds
    ``ESTIMATE_WINDOW_DAYS`` to the end of that period.
    """
    latest: tuple[date, date] | None = None
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        if _FUTURE_CUES.search(sentence):
            continue
        for period in _mentioned_periods(sentence):
            if latest is None or period[0] > latest[0]:
                latest = period
    if latest is None:
        return None
    start, end = latest
    return start.isoformat(), (end + timedelta(days=ESTIMATE_WINDOW_DAYS)).isoformat()


def _mentioned_periods(sentence: str) -> list[tuple[date, date]]:
    """Every full date, month-year and year the sentence mentions, as periods."""
    periods: list[tuple[date, date]] = []
    consumed = sentence
    for match in _FULL_DATE.finditer(sentence):
        parsed = parse_full_date(match.group(0))
        if parsed is not None:
            periods.append((parsed.date(), parsed.date()))
            consumed = consumed.replace(match.group(0), " ")
    for match in _MONTH_YEAR.finditer(consumed):
        periods.append(_month_period(match))
        consumed = consumed.replace(match.group(0), " ")
    for match in _BARE_YEAR.finditer(consumed):
        year = int(match.group(0))
        periods.append((date(year, 1, 1), date(year, 12, 31)))
    return periods


def _month_period(match: re.Match[str]) -> tuple[date, date]:
    parsed = dateparser.parse(f"1 {match.group('month')} {match.group('year')}", languages=["en"])
    first = (parsed or datetime(int(match.group("year")), 1, 1)).date()
    return month_third(first.year, first.month, (match.group("part") or "").lower() or None)


def month_third(year: int, month: int, part: str | None) -> tuple[date, date]:
    """The days of a month, or of its early/mid/late third ("mid-September": 11th-20th)."""
    last_day = calendar.monthrange(year, month)[1]
    thirds = {"early": (1, 10), "mid": (11, 20), "late": (21, last_day)}
    low, high = thirds.get(part or "", (1, last_day))
    return date(year, month, low), date(year, month, high)
