"""A story's timeline as an inline SVG chart (no script, no external resources).

Events sit on the upper lane, background facts on the lower one; a date is a
dot, an estimated range a bar spanning it. Each mark links to its entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from markupsafe import Markup, escape

from storyline.model import TimelineEntry

WIDTH, LANE, MARGIN = 960, 34, 24
_LANES = {"event": 0, "fact": 1}
Scale = Callable[[date], float]


def timeline_svg(entries: Sequence[TimelineEntry], anchors: Sequence[str]) -> Markup:
    """The chart for ``entries``; ``anchors[i]`` is the fragment id of entry ``i``."""
    spans = [_span(entry) for entry in entries]
    dated = [span for span in spans if span is not None]
    if not dated:
        return Markup("")
    low = min(start for start, _ in dated)
    high = max(end for _, end in dated)
    scale = _scale(low, high)
    height = MARGIN * 2 + LANE * len(_LANES) + 18
    marks = [
        _mark(entry, span, anchor, scale)
        for entry, span, anchor in zip(entries, spans, anchors, strict=True)
        if span is not None
    ]
    axis = _axis(low, high, scale, height)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="timeline">{axis}{"".join(marks)}</svg>'
    )


def _span(entry: TimelineEntry) -> tuple[date, date] | None:
    try:
        if entry.date:
            day = date.fromisoformat(entry.date[:10])
            return day, day
        if entry.date_range:
            return date.fromisoformat(entry.date_range[0]), date.fromisoformat(entry.date_range[1])
    except ValueError:
        return None
    return None


def _scale(low: date, high: date) -> Scale:
    days = max((high - low).days, 1)

    def x(day: date) -> float:
        return MARGIN + (WIDTH - 2 * MARGIN) * (day - low).days / days

    return x


def _mark(entry: TimelineEntry, span: tuple[date, date], anchor: str, x: Scale) -> str:
    lane = _LANES["event" if entry.event_id else "fact"]
    y = MARGIN + lane * LANE + LANE / 2
    label = escape(f"{_label(entry)} — {entry.text[:140]}")
    kind = "event" if entry.event_id else "fact"
    if span[0] == span[1]:
        shape = f'<circle cx="{x(span[0]):.1f}" cy="{y:.1f}" r="6" class="{kind}"/>'
    else:
        left, right = x(span[0]), max(x(span[1]), x(span[0]) + 4)
        shape = (
            f'<rect x="{left:.1f}" y="{y - 5:.1f}" width="{right - left:.1f}" height="10" '
            f'rx="5" class="{kind} range"/>'
        )
    return f'<a href="#{escape(anchor)}"><title>{label}</title>{shape}</a>'


def _axis(low: date, high: date, x: Scale, height: int) -> str:
    baseline = height - MARGIN
    end = WIDTH - MARGIN
    ticks = [f'<line x1="{MARGIN}" y1="{baseline}" x2="{end}" y2="{baseline}" class="axis"/>']
    for day in _ticks(low, high):
        ticks.append(
            f'<text x="{x(day):.1f}" y="{baseline + 14}" class="tick">{day.isoformat()[:7]}</text>'
        )
    lanes = [
        f'<text x="2" y="{MARGIN + i * LANE + LANE / 2 + 4:.1f}" class="lane">{name}s</text>'
        for name, i in _LANES.items()
    ]
    return "".join(ticks + lanes)


def _ticks(low: date, high: date, count: int = 6) -> list[date]:
    """About ``count`` month starts spread over the range (both ends included)."""
    months = (high.year - low.year) * 12 + high.month - low.month
    step = max(1, round(months / count))
    ticks = []
    index = 0
    while index <= months:
        year, month = divmod(low.month - 1 + index, 12)
        ticks.append(date(low.year + year, month + 1, 1))
        index += step
    return [t for t in ticks if low.replace(day=1) <= t <= high] or [low]


def _label(entry: TimelineEntry) -> str:
    if entry.date:
        return entry.date
    if entry.date_range:
        return f"{entry.date_range[0]} – {entry.date_range[1]}"
    return "undated"
