"""Chart geometry for inline SVG: coverage sparklines and a timeline strip.

Functions return numbers and labels; templates draw them (no markup is built here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from storyline.browse.coverage import parse_day


@dataclass(slots=True)
class Sparkline:
    """A polyline (``points`` as "x,y x,y") and the text that describes it."""

    width: int
    height: int
    points: str
    area: str
    label: str


def sparkline(coverage: dict[str, Any], width: int = 160, height: int = 32) -> Sparkline | None:
    """The coverage (``browse.coverage`` as a dict) as a sparkline; None without dates."""
    counts = [int(count) for _, count in coverage["points"]]
    if not counts:
        return None
    peak, last = max(counts) or 1, max(len(counts) - 1, 1)
    xy = [
        (round(i * (width - 2) / last + 1, 1), round(height - 2 - c * (height - 4) / peak, 1))
        for i, c in enumerate(counts)
    ]
    if len(xy) == 1:
        xy.append((width - 1, xy[0][1]))
    points = " ".join(f"{x},{y}" for x, y in xy)
    area = f"1,{height - 1} {points} {width - 1},{height - 1}"
    return Sparkline(width, height, points, area, _label(coverage, counts))


def _label(coverage: dict[str, Any], counts: list[int]) -> str:
    first, last = coverage["points"][0][0], coverage["points"][-1][0]
    undated = f", {coverage['undated']} undated" if coverage["undated"] else ""
    return (
        f"{sum(counts)} articles from {first} to {last}, per {coverage['bucket']} "
        f"(peak {max(counts)}){undated}"
    )


@dataclass(slots=True)
class Dot:
    x: float
    y: float
    label: str
    anchor: str


@dataclass(slots=True)
class Strip:
    """Dated items placed along a time axis, with tick labels."""

    width: int
    height: int
    dots: list[Dot] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)


ROWS = 4  # dots are staggered over this many rows so that close dates stay apart


def timeline_strip(items: list[dict[str, Any]], width: int = 720) -> Strip | None:
    """Items (``date``, ``label``, ``anchor``) on an axis; None when none has a date."""
    dated = [(day, item) for item in items if (day := loose_day(item.get("date")))]
    if not dated:
        return None
    low, high = min(d for d, _ in dated), max(d for d, _ in dated)
    span = max((high - low).days, 1)
    strip = Strip(width, 24 + ROWS * 14)
    for index, (day, item) in enumerate(sorted(dated, key=lambda pair: pair[0])):
        x = 10 + (day - low).days * (width - 20) / span
        strip.dots.append(Dot(round(x, 1), 10 + (index % ROWS) * 14, item["label"], item["anchor"]))
    strip.ticks = _ticks(low, high, width)
    return strip


def loose_day(value: object) -> dt.date | None:
    """A date from ``2024``, ``2024-03`` or ``2024-03-14…`` (the start of the period)."""
    if not isinstance(value, str):
        return None
    if len(value) == 4 and value.isdigit():
        value += "-01-01"
    elif len(value) == 7:
        value += "-01"
    return parse_day(value)


def _ticks(low: dt.date, high: dt.date, width: int) -> list[tuple[float, str]]:
    span = max((high - low).days, 1)
    if span <= 1:
        return [(10.0, low.isoformat())]
    labels = [(low, low.isoformat()), (high, high.isoformat())]
    if span > 60:
        middle = low + (high - low) / 2
        labels.insert(1, (middle, middle.isoformat()[:7]))
    return [(round(10 + (d - low).days * (width - 20) / span, 1), text) for d, text in labels]
