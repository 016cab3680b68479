"""Placing readings on the calendar: against the publication date or the previous date.

The rules, in one place:
- "last year", "yesterday", "two weeks ago", "this week" count from the publication date.
- "three years later", "the following year", "that day", "a year earlier" count from the
  anchor: the last date the text mentioned before them (the publication date when none).
- A date without its year ("9 August", "in January", "the third quarter") or a bare
  weekday ("on Thursday") is the latest such date on or before publication, unless the
  clause is in the future tense ("will meet on Thursday"), then the first one on or
  after it. News reports the past; a Saturday article's "on Thursday" is two days before.
- "last Friday" is strictly before the publication day, "next Friday" strictly after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from storyline.enrich.timex.periods import (
    ORDER,
    Granularity,
    OutOfCalendar,
    Period,
    containing,
    shift,
)
from storyline.enrich.timex.readings import Reading

# An anchor at quarter/month granularity is what "a year earlier" compares with only
# when it was mentioned close by: in the same or the previous sentence.
ANCHOR_SENTENCE_WINDOW = 1
_PLACEHOLDERS = {
    "century": "XX", "decade": "XXX", "year": "XXXX", "half": "XXXX-HX", "season": "XXXX-XX",
    "quarter": "XXXX-QX", "month": "XXXX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE",
    "day": "XXXX-XX-XX",
}  # fmt: skip


@dataclass(slots=True)
class Context:
    """What a reading is placed against."""

    reference: date | None  # the publication date (or one end of its estimated range)
    anchor: Period | None = None  # the last date the text mentioned
    anchor_sentence: int = -10
    sentence: int = 0
    future: bool = False  # the mention's clause is in the future tense


@dataclass(slots=True)
class Placed:
    value: str | None
    period: Period | None = None


def resolve(reading: Reading, context: Context) -> Placed:
    """The TimeML value of the reading and the calendar period it covers (if any).

    A reading that lands outside years 1-9999 ("1000000000 days ago", "next year" in an
    article dated 9999) has no value: it stays a mention, unplaced.
    """
    try:
        return _resolve(reading, context)
    except (OutOfCalendar, OverflowError):
        return Placed(None)
    except ValueError as error:  # datetime.date(10000, 1, 1): "year 10000 is out of range"
        if "out of range" not in str(error):
            raise
        return Placed(None)


def _resolve(reading: Reading, context: Context) -> Placed:
    if reading.kind == "literal":
        return _literal(reading, context)
    if reading.kind == "fixed" and reading.period is not None:
        return Placed(reading.period.value + reading.suffix, reading.period)
    if context.reference is None and not (reading.base == "anchor" and context.anchor):
        return Placed(_placeholder(reading))
    period = (
        _relative(reading, context) if reading.kind == "relative" else _recurring(reading, context)
    )
    return Placed(period.value + reading.suffix, period)


def _literal(reading: Reading, context: Context) -> Placed:
    if reading.value == "PRESENT_REF" and context.reference is not None:
        return Placed(reading.value, Period("day", context.reference))
    return Placed(reading.value)


def _placeholder(reading: Reading) -> str:
    """The value with what the missing publication date would have told written as X."""
    if reading.weekday is not None:
        return f"XXXX-WXX-{reading.weekday}{reading.suffix}"
    if reading.kind == "partial" and reading.instance is not None and reading.cycle == 1:
        known = reading.instance(2000).value
        return "XXXX" + known[4:] + reading.suffix
    if reading.instance is not None:  # "January this year"
        return "XXXX" + reading.instance(2000).value[4:]
    return _PLACEHOLDERS[reading.granularity] + reading.suffix


def _base(reading: Reading, context: Context) -> Period:
    if reading.base == "anchor" and context.anchor is not None:
        return context.anchor
    assert context.reference is not None
    return Period("day", context.reference)


def _relative(reading: Reading, context: Context) -> Period:
    """ "last year", "three years later", "a year earlier", "the quarter"."""
    if reading.keep_anchor_granularity and _recent_fine_anchor(reading, context):
        assert context.anchor is not None
        kept = context.anchor
        if reading.granularity != "year":  # "the year-ago quarter" after a day: its quarter
            kept = containing(reading.granularity, kept.start)
        return shift(kept, reading.offset, reading.unit or "year")
    base, granularity, fallback = _relative_base(reading, context)
    period = containing(granularity, base.start)
    if fallback:
        period = shift(period, reading.fallback_offset)
    period = shift(period, reading.offset, reading.unit or granularity)
    if reading.instance is not None:
        return reading.instance(period.start.year)
    return period


def _relative_base(reading: Reading, context: Context) -> tuple[Period, Granularity, bool]:
    """The period counted from, the granularity to count in, and whether to fall back.

    An anchor coarser than asked ("the next day" after "in 1991"), or a quarter
    reading whose anchor is not a quarter, gives way to the publication date (then
    ``fallback_offset`` applies: "the quarter" is the one just ended).
    """
    base, granularity = _base(reading, context), reading.granularity
    if reading.base != "anchor":
        return base, granularity, False
    unusable = ORDER.index(base.granularity) < ORDER.index(granularity) or (
        reading.fallback_offset != 0 and base.granularity != granularity
    )
    if context.anchor is None or (unusable and context.reference is not None):
        assert context.reference is not None
        return Period("day", context.reference), granularity, True
    if unusable:
        return base, base.granularity, False
    return base, granularity, False


def _recent_fine_anchor(reading: Reading, context: Context) -> bool:
    """The anchor is finer than a year (a quarter, a month, a day) and mentioned close before."""
    anchor = context.anchor
    close = context.sentence - context.anchor_sentence <= ANCHOR_SENTENCE_WINDOW
    if anchor is None or not close or anchor.granularity in ("century", "decade", "year"):
        return False
    if reading.granularity != "year":  # "the year-ago quarter" needs a quarter before it
        return anchor.granularity == reading.granularity
    return True


def _recurring(reading: Reading, context: Context) -> Period:
    """A weekday, weekend or yearless date: the instance the direction (or tense) picks."""
    reference = context.reference
    anchor = context.anchor
    if reading.base == "anchor" and anchor is not None and anchor.granularity == "day":
        reference = anchor.start
    assert reference is not None
    candidates = _candidates(reading, reference)
    period = _pick(candidates, reference, _direction(reading, context))
    return shift(period, reading.offset, reading.unit or "year") if reading.offset else period


def _direction(reading: Reading, context: Context) -> str:
    """Weekdays and weekends: past unless future tense. Yearless dates: the nearest
    instance unless future tense. "last/this/next April": last year's, this year's, next year's.
    """
    day_cycle = reading.weekday is not None or reading.instance is None
    if reading.direction == "tense" and day_cycle:
        return "future" if context.future else "past"
    if reading.direction == "tense":
        return "nearest" if context.future else "nearest_past"
    if reading.direction == "nearest":
        return "middle"
    return reading.direction


def _candidates(reading: Reading, reference: date) -> list[Period]:
    if reading.weekday is not None:
        monday = reference - timedelta(days=reference.weekday())
        days = (monday + timedelta(days=7 * week + reading.weekday - 1) for week in (-1, 0, 1))
        return [Period("day", day) for day in days]
    if reading.instance is None:  # "the weekend"
        this_weekend = containing("weekend", reference)
        return [shift(this_weekend, step) for step in (-1, 0, 1)]
    return [reading.instance(reference.year + reading.cycle * step) for step in (-1, 0, 1)]


def _pick(candidates: list[Period], reference: date, direction: str) -> Period:
    if direction == "past":
        chosen = [p for p in candidates if p.start <= reference]
        return chosen[-1] if chosen else candidates[0]
    if direction == "future":
        chosen = [p for p in candidates if p.end >= reference]
        return chosen[0] if chosen else candidates[-1]
    if direction == "before":
        chosen = [p for p in candidates if p.end < reference]
        return chosen[-1] if chosen else candidates[0]
    if direction == "after":
        chosen = [p for p in candidates if p.start > reference]
        return chosen[0] if chosen else candidates[-1]
    if direction == "middle":
        return candidates[1]
    if direction == "nearest_past":
        return min(candidates, key=lambda p: _distance(p, reference, FUTURE_DISTANCE_WEIGHT, 1))
    return min(candidates, key=lambda p: _distance(p, reference, 1, FUTURE_DISTANCE_WEIGHT))


# News reports the past: a yearless date counts as nearer when it lies before the
# publication date: a future distance counts triple. In a future-tense clause the
# past distance counts triple instead ("will meet in November", said in May).
# TimeBank value accuracy is flat in it (weights 2/3/4: 0.843/0.842/0.843, 2026-11-23,
# eval/timebank.py); 3 keeps "in January" of a September article in the past, as the
# seeds need. Re-run eval/timebank.py before changing.
FUTURE_DISTANCE_WEIGHT = 3


def _distance(period: Period, reference: date, future_weight: int, past_weight: int) -> int:
    if period.start <= reference <= period.end:
        return 0
    if period.end < reference:
        return (reference - period.end).days * past_weight
    return (period.start - reference).days * future_weight
