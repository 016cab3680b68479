"""Calendar periods (a year, a quarter, a week, a day…): TimeML values, ranges and shifts.

A ``Period`` is a granularity and the first day of the period; everything else (its
TimeML value, its last day, the period n units later) is computed from those two.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from storyline.extract.dates import month_third

Granularity = Literal[
    "century", "decade", "year", "half", "season", "quarter", "month", "week", "weekend", "day"
]
# Coarse to fine; ``coarser`` compares positions.
ORDER: tuple[Granularity, ...] = (
    "century", "decade", "year", "half", "season", "quarter", "month", "week", "weekend", "day",
)  # fmt: skip
# Meteorological seasons (northern hemisphere), the convention of weather services:
# spring March-May, summer June-August, fall September-November, winter December of
# the previous year to February (so "winter 2021" is Dec 2020 - Feb 2021).
SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_MONTHS_IN = {"year": 12, "half": 6, "season": 3, "quarter": 3, "month": 1}


class OutOfCalendar(ValueError):
    """A period before year 1 or after 9999 ("1000000000 days ago"): it has no date."""


@dataclass(frozen=True, slots=True)
class Period:
    granularity: Granularity
    start: date

    @property
    def end(self) -> date:
        """The last day of the period (the calendar's last day for the period at its end)."""
        try:
            return shift(self, 1).start - timedelta(days=1)
        except OutOfCalendar:
            return date.max

    @property
    def value(self) -> str:
        """The TimeML value: ``2020``, ``2020-Q3``, ``2020-09``, ``2020-W37``, ``199``…"""
        return _VALUE[self.granularity](self.start)


def _season_value(start: date) -> str:
    code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[start.month]
    return f"{start.year + (code == 'WI'):04d}-{code}"


def _week_value(start: date) -> str:
    year, week, _ = start.isocalendar()
    return f"{year:04d}-W{week:02d}"


_VALUE = {
    "century": lambda d: f"{d.year // 100:02d}",
    "decade": lambda d: f"{d.year // 10:03d}",
    "year": lambda d: f"{d.year:04d}",
    "half": lambda d: f"{d.year:04d}-H{1 + (d.month > 6)}",
    "season": _season_value,
    "quarter": lambda d: f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}",
    "month": lambda d: f"{d.year:04d}-{d.month:02d}",
    "week": _week_value,
    "weekend": lambda d: f"{_week_value(d)}-WE",
    "day": lambda d: d.isoformat(),
}


def containing(granularity: Granularity, day: date) -> Period:
    """The period of the given granularity that contains ``day``."""
    if granularity == "day":
        return Period("day", day)
    if granularity == "week":
        return Period("week", day - timedelta(days=day.weekday()))
    if granularity == "weekend":
        monday = day - timedelta(days=day.weekday())
        return Period("weekend", monday + timedelta(days=5))
    if granularity == "century":
        return Period("century", date(max(day.year // 100 * 100, 1), 1, 1))
    if granularity == "decade":
        return Period("decade", date(max(day.year // 10 * 10, 1), 1, 1))
    if granularity == "season":
        return _containing_season(day)
    months = _MONTHS_IN[granularity]
    return Period(granularity, date(day.year, (day.month - 1) // months * months + 1, 1))


def _containing_season(day: date) -> Period:
    if day.month == 12:
        return Period("season", date(day.year, 12, 1))
    if day.month <= 2:
        return Period("season", date(day.year - 1, 12, 1))
    return Period("season", date(day.year, (day.month - 3) // 3 * 3 + 3, 1))


def season(code: str, year: int) -> Period:
    """The season with TimeML code ``code`` (SP, SU, FA, WI) of ``year``."""
    month = SEASON_START_MONTH[code]
    return Period("season", date(year - (code == "WI"), month, 1))


def shift(period: Period, count: int, unit: Granularity | None = None) -> Period:
    """The period ``count`` units later (earlier when negative), same granularity."""
    unit = unit or period.granularity
    if unit in ("day", "week", "weekend"):
        days = count * (1 if unit == "day" else 7)
        moved = _day_after(period.start, days)
    else:
        months = count * {"century": 1200, "decade": 120, **_MONTHS_IN}[unit]
        moved = add_months(period.start, months)
    return containing(period.granularity, moved)


def _day_after(day: date, days: int) -> date:
    ordinal = day.toordinal() + days
    if not 1 <= ordinal <= date.max.toordinal():
        raise OutOfCalendar(f"{days} days from {day} is outside the calendar")
    return date.fromordinal(ordinal)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of shorter months.

    Raises:
        OutOfCalendar: the result falls before year 1 or after 9999.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OutOfCalendar(f"{months} months from {day} is outside the calendar")
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def coarser(first: Granularity, second: Granularity) -> Granularity:
    """The coarser of two granularities."""
    return first if ORDER.index(first) <= ORDER.index(second) else second


def narrow(period: Period, part: str | None) -> tuple[date, date]:
    """The days a part of the period covers: early/mid/late are its thirds, start/end its edges.

    Thirds follow ``extract.dates.month_third`` for months ("mid-September" is the 11th
    to the 20th); other periods are cut into three equal runs of days.
    """
    first, last = period.start, period.end
    if part is None:
        return first, last
    if part in ("start", "end"):
        # "the end of 1990": the last tenth of the period, at least one day.
        tenth = max((last - first).days // 10, 0)
        return (
            (first, first + timedelta(days=tenth))
            if part == "start"
            else (last - timedelta(days=tenth), last)
        )
    if period.granularity == "month":
        return month_third(first.year, first.month, part)
    third = ((last - first).days + 1) // 3
    bounds = {
        "early": (first, first + timedelta(days=third - 1)),
        "mid": (first + timedelta(days=third), last - timedelta(days=third)),
        "late": (last - timedelta(days=third - 1), last),
    }
    return bounds[part]
