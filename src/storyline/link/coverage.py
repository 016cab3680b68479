"""When an undated article appeared, from the coverage of its event (pure functions).

Articles about one event are published close together, and a translation or a near
copy of an article close to it. So an undated article inherits a publication range
from the other articles of its event and of its duplicate group (its *coverage*):

- a dated one (``metadata`` or ``text``) was published on its day;
- an undated one counts only with a range of its own evidence (dating's narrowed
  range, never an inherited one, so no article feeds on another's inheritance).

The coverage's days span ``[first, last]``; the article appeared from
:data:`BEFORE_DAYS` before the first to :data:`AFTER_DAYS` after the last. What the
article reports narrows that: "on Thursday" in an article whose event the coverage
dates to one week can only have been written on the days after that week's Thursday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from storyline.enrich.times import find_times
from storyline.model import TimeMention

Period = tuple[date, date]
# How far an article on an event appears from the other coverage's publication days.
# Measured on Timeline17 (MJ_bbc, haiti_bbc, their events as storyline forms them): of
# 253 dated members of events with other dated members, 56 % appear within the others'
# span, 71 % within a day of it, 91 % within 7 days, all within 14 (as many before
# and after).
BEFORE_DAYS, AFTER_DAYS = 7, 7
# Narrowing by a day reference is tried only for inherited ranges this short: in a
# longer range every day is some Thursday's aftermath, so nothing narrows.
NARROW_MAX_DAYS = 45
# A day reference ("on Thursday", "yesterday") speaks of the days just before
# publication; further back it is not read as the event's day.
REFERENCE_DAYS = 7
# Day references tried per article (the first ones: the lead tells the event's day).
MAX_REFERENCES = 6
_PROBE = date(2001, 1, 17)  # any day: a relative reference moves with it


@dataclass(frozen=True, slots=True)
class Coverage:
    """One other article of the event: when it appeared, and how that is known."""

    article_id: str
    period: Period  # its publication day (twice), or its own evidence's range
    dated: bool
    copy: bool = False  # a near copy or translation of the article (its duplicate group)


def inherited(coverage: list[Coverage]) -> tuple[Period, Period, str] | None:
    """The publication range the coverage gives, the event's window, and why.

    The window is when the event itself can have happened: from :data:`BEFORE_DAYS`
    before the first report to the last one.

    Example:
        >>> d = date.fromisoformat
        >>> found = inherited([Coverage("a", (d("2021-11-05"), d("2021-11-05")), True)])
        >>> found[0]
        (datetime.date(2021, 10, 29), datetime.date(2021, 11, 12))
        >>> found[2]
        '1 dated article (published 2021-11-05) of its event or duplicate group'
    """
    if not coverage:
        return None
    low = min(c.period[0] for c in coverage)
    high = max(c.period[1] for c in coverage)
    period = (low - timedelta(BEFORE_DAYS), high + timedelta(AFTER_DAYS))
    window = (low - timedelta(BEFORE_DAYS), high)
    dated = [c for c in coverage if c.dated]
    ranged = [c for c in coverage if not c.dated]
    parts = []
    if dated:
        days = _show((min(c.period[0] for c in dated), max(c.period[1] for c in dated)))
        parts.append(f"{len(dated)} dated article{'s' * (len(dated) > 1)} (published {days})")
    if ranged:
        days = _show((min(c.period[0] for c in ranged), max(c.period[1] for c in ranged)))
        parts.append(f"{len(ranged)} undated article{'s' * (len(ranged) > 1)} (dated {days})")
    why = " and ".join(parts) + " of its event or duplicate group"
    return period, window, why


def narrowed(
    text: str, times: list[TimeMention], period: Period, window: Period
) -> tuple[Period, str] | None:
    """The days of ``period`` on which the article's day references fall in ``window``.

    A reference such as "on Thursday" or "yesterday" names a day relative to the
    publication day; the article can only have appeared on the days that make one of
    its references land on the event (within ``window``, and at most
    :data:`REFERENCE_DAYS` before). None when nothing narrows or nothing fits.

    Example:
        >>> d = date.fromisoformat
        >>> times = find_times("The summit on Thursday.", "a", "2021-11-06", None)
        >>> narrowed("The summit on Thursday.", times, (d("2021-11-01"), d("2021-11-15")),
        ...          (d("2021-11-01"), d("2021-11-05")))[0]
        (datetime.date(2021, 11, 4), datetime.date(2021, 11, 10))
    """
    if (period[1] - period[0]).days > NARROW_MAX_DAYS:
        return None
    references = [t for t in times if _is_day_reference(text, t)][:MAX_REFERENCES]
    if not references:
        return None
    kept: list[date] = []
    used: set[str] = set()
    day = period[0]
    while day <= period[1]:
        for time in references:
            placed = _placed(text, time, day)
            fits = placed and window[0] <= placed <= window[1] and placed <= day
            if placed and fits and (day - placed).days <= REFERENCE_DAYS:
                kept.append(day)
                used.add(time.text)
                break
        day += timedelta(1)
    if not kept or (kept[0], kept[-1]) == period:
        return None
    said = ", ".join(f"'{t}'" for t in sorted(used))
    return (kept[0], kept[-1]), f"{said} with the event between {_show(window)}"


def _is_day_reference(text: str, time: TimeMention) -> bool:
    """A day named relative to the publication day, other than that day itself ("on
    Thursday", "yesterday"; not "now", "today" or "11:20 am", which date the writing,
    not the event): placed elsewhere from a day a week later.

    Tried against two fixed days, not the article's value (an article without any
    date has its "on Thursday" unplaced)."""
    if time.type not in ("DATE", "TIME"):  # "Friday night" is a TIME
        return False
    probes = (_PROBE, _PROBE + timedelta(7))
    placed = [_placed(text, time, probe) for probe in probes]
    if placed[0] is None or placed[1] is None or placed[0] == placed[1]:
        return False
    return placed[0] != probes[0] or placed[1] != probes[1]


def _placed(text: str, time: TimeMention, published: date) -> date | None:
    """The day ``time`` names when the article appeared on ``published``."""
    start = max(text.rfind(".", 0, time.start) + 1, time.start - 200, 0)
    end = time.end
    found = find_times(text[start:end], "", published.isoformat(), None)
    for mention in found:
        if mention.end == end - start and mention.range and mention.range[0] == mention.range[1]:
            return date.fromisoformat(mention.range[0])
    return None


def _show(period: Period) -> str:
    if period[0] == period[1]:
        return period[0].isoformat()
    return f"{period[0].isoformat()} to {period[1].isoformat()}"
