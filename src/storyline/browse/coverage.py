"""Coverage over time: how many articles per day (or week, or month) a set of articles has."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Bucket = Literal["day", "week", "month"]
# Daily points up to four months, weekly up to three years, then monthly: keeps a
# sparkline between a few and ~150 points. A display choice; look at the story list.
DAY_SPAN = 120
WEEK_SPAN = 3 * 366


@dataclass(slots=True)
class Coverage:
    """Article counts per bucket (zero-filled, oldest first) and how many had no date."""

    bucket: Bucket = "day"
    points: list[tuple[str, int]] = field(default_factory=list)
    undated: int = 0

    @property
    def peak(self) -> int:
        return max((count for _, count in self.points), default=0)

    def record(self) -> dict[str, Any]:
        """As ``dataclasses.asdict``, without deep-copying each of up to ~150 points (a
        story's page record, coverage included, is rebuilt for every batch touching it)."""
        return {"bucket": self.bucket, "points": list(self.points), "undated": self.undated}


def coverage(dates: Iterable[str | None]) -> Coverage:
    """Bucket ISO dates (``2024-03-14``, or longer) by day, week or month by their span."""
    days: list[dt.date] = []
    undated = 0
    for value in dates:
        day = parse_day(value)
        if day is None:
            undated += 1
        else:
            days.append(day)
    if not days:
        return Coverage(undated=undated)
    bucket = _bucket_for((max(days) - min(days)).days)
    counts = Counter(_start_of(day, bucket) for day in days)
    return Coverage(bucket, _filled(counts, bucket), undated)


def parse_day(value: str | None) -> dt.date | None:
    """The date of an ISO date or datetime string, or None."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _bucket_for(span_days: int) -> Bucket:
    if span_days <= DAY_SPAN:
        return "day"
    return "week" if span_days <= WEEK_SPAN else "month"


def _start_of(day: dt.date, bucket: Bucket) -> dt.date:
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _filled(counts: Counter[dt.date], bucket: Bucket) -> list[tuple[str, int]]:
    points = []
    current, last = min(counts), max(counts)
    while current <= last:
        points.append((current.isoformat(), counts.get(current, 0)))
        current = _next(current, bucket)
    return points


def _next(day: dt.date, bucket: Bucket) -> dt.date:
    if bucket == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=7 if bucket == "week" else 1)
