"""A story's timeline as an inline SVG chart (no script, no external resources): the one
chart the report and the web story page both draw.

Events sit on the upper lane, background facts on the lower one; a date is a dot, an
estimated range a bar spanning it. The axis covers the story's events: background
facts dated before or after them (a law of 1991 behind a 2022 story) are counted at
the edge they fall beyond instead of stretching the axis until the events are squeezed
into one corner. Each mark links to its entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

WIDTH, LANE, MARGIN, EDGE = 960, 34, 24, 70  # EDGE: room at each side for outside counts
_LANES = {"event": 0, "fact": 1}
Scale = Callable[[date], float]
Entry = Mapping[str, Any]  # a timeline entry or event record (date, date_range, text/title)


def timeline_svg(entries: Sequence[Entry], anchors: Sequence[str]) -> Markup:
    """The chart for ``entries``; ``anchors[i]`` is the fragment id of entry ``i``."""
    spans = [_span(entry) for entry in entries]
    events = [s for e, s in zip(entries, spans, strict=True) if s and _is_event(e)]
    dated = events or [span for span in spans if span is not None]
    if not dated:
        return Markup("")
    low = min(start for start, _ in dated)
    high = max(end for _, end in dated)
    if high == low:  # one day: give it some width so the dot sits mid-axis
        low, high = low - timedelta(days=1), high + timedelta(days=1)
    scale = _scale(low, high)
    height = MARGIN * 2 + LANE * len(_LANES) + 18
    marks, before, after = [], [], []
    for entry, span, anchor in zip(entries, spans, anchors, strict=True):
        if span is None:
            continue
        if span[1] < low:
            before.append(anchor)
        elif span[0] > high:
            after.append(anchor)
        else:
            marks.append(_mark(entry, (max(span[0], low), min(span[1], high)), anchor, scale))
    axis = _axis(low, high, scale, height)
    outside = _outside(before, "left") + _outside(after, "right")
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="timeline">{axis}{outside}{"".join(marks)}</svg>'
    )


def _is_event(entry: Entry) -> bool:
    return bool(entry.get("event_id")) or "title" in entry


def _span(entry: Entry) -> tuple[date, date] | None:
    try:
        if entry.get("date"):
            day = date.fromisoformat(str(entry["date"])[:10])
            return day, day
        if entry.get("date_range"):
            low, high = entry["date_range"]
            return date.fromisoformat(low[:10]), date.fromisoformat(high[:10])
    except ValueError:
        return None
    return None


def _scale(low: date, high: date) -> Scale:
    days = max((high - low).days, 1)
    left, width = MARGIN + EDGE, WIDTH - 2 * (MARGIN + EDGE)

    def x(day: date) -> float:
        return left + width * (day - low).days / days

    return x


def _mark(entry: Entry, span: tuple[date, date], anchor: str, x: Scale) -> str:
    kind = "event" if _is_event(entry) else "fact"
    y = MARGIN + _LANES[kind] * LANE + LANE / 2
    text = str(entry.get("text") or entry.get("title") or "")
    label = escape(f"{_label(entry)} — {text[:140]}")
    if span[0] == span[1]:
        shape = f'<circle cx="{x(span[0]):.1f}" cy="{y:.1f}" r="6" class="{kind}"/>'
    else:
        left, right = x(span[0]), max(x(span[1]), x(span[0]) + 4)
        shape = (
            f'<rect x="{left:.1f}" y="{y - 5:.1f}" width="{right - left:.1f}" height="10" '
            f'rx="5" class="{kind} range"/>'
        )
    return f'<a href="#{escape(anchor)}"><title>{label}</title>{shape}</a>'


def _outside(anchors: list[str], side: str) -> str:
    """How many background facts fall beyond the axis on ``side``, linking the nearest."""
    if not anchors:
        return ""
    y = MARGIN + _LANES["fact"] * LANE + LANE / 2 + 4
    words = "earlier" if side == "left" else "later"
    if side == "left":
        x, align, text, target = MARGIN + 4, "start", f"◂ {len(anchors)} {words}", anchors[-1]
    else:
        x, align, text, target = WIDTH - MARGIN - 4, "end", f"{len(anchors)} {words} ▸", anchors[0]
    title = f"{len(anchors)} background fact{'s' if len(anchors) != 1 else ''} {words}"
    return (
        f'<a href="#{escape(target)}"><title>{title} than the events</title>'
        f'<text x="{x}" y="{y:.1f}" text-anchor="{align}" class="outside">{text}</text></a>'
    )


def _axis(low: date, high: date, x: Scale, height: int) -> str:
    baseline = height - MARGIN
    start, end = x(low), x(high)
    ticks = [
        f'<line x1="{start:.1f}" y1="{baseline}" x2="{end:.1f}" y2="{baseline}" class="axis"/>'
    ]
    for day, text in _ticks(low, high):
        ticks.append(
            f'<text x="{x(day):.1f}" y="{baseline + 14}" text-anchor="middle" '
            f'class="tick">{text}</text>'
        )
    lanes = [
        f'<text x="2" y="{MARGIN + i * LANE + LANE / 2 - 8:.1f}" class="lane">{name}s</text>'
        for name, i in _LANES.items()
    ]
    return "".join(ticks + lanes)


def _ticks(low: date, high: date, count: int = 6) -> list[tuple[date, str]]:
    """About ``count`` labelled ticks inside the range: days, month starts or years,
    whichever the span needs. Labels sit centred on their tick; the axis leaves EDGE
    on both sides, so the last one is never cut off."""
    days = (high - low).days
    if days <= 62:
        step = max(1, round(days / count))
        picked = [low + timedelta(d) for d in range(0, days + 1, step)]
        return [(day, day.isoformat()) for day in picked]
    months = (high.year - low.year) * 12 + high.month - low.month
    if months <= 36:
        step = max(1, round(months / count))
        found = []
        for index in range(1, months + 1, step):
            year, month = divmod(low.month - 1 + index, 12)
            day = date(low.year + year, month + 1, 1)
            found.append((day, day.isoformat()[:7]))
        return [t for t in found if low <= t[0] <= high] or [(low, low.isoformat()[:7])]
    years = high.year - low.year
    step = max(1, round(years / count))
    found = [(date(y, 1, 1), str(y)) for y in range(low.year + 1, high.year + 1, step)]
    return found or [(low, str(low.year))]


def _label(entry: Entry) -> str:
    if entry.get("date"):
        return str(entry["date"])
    if entry.get("date_range"):
        low, high = entry["date_range"]
        return f"{low} – {high}"
    return "undated"
