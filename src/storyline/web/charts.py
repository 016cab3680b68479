"""Coverage sparklines for inline SVG (the story timeline is export/charts.py, shared
with the report). Functions return numbers and labels; templates draw them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
