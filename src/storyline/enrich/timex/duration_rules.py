"""Rules for durations ("seven months", "the past two years", "for years") and sets
("every week", "daily", "each July"), with TimeML values (``P7M``, ``PXY``, ``P1W``).
"""

from __future__ import annotations

import re

from storyline.enrich.timex.lexicon import (
    AMOUNT,
    DAY_PARTS,
    MONTH,
    SEASONS,
    UNIT_WORD,
    UNITS,
    VAGUE_AMOUNT,
    WEEKDAY,
)  # fmt: skip
from storyline.enrich.timex.readings import Reading
from storyline.enrich.timex.rule import (
    Rule,
    amount,
    month_number,
    preceded_by,
    rule,
    weekday_number,
)

# Units below a day take TimeML's "T" marker (PT5H); decades and centuries are written
# in years (P20Y), as TimeBank does.
_TIME_UNITS = {"hour", "minute", "second"}
_YEARS_IN = {"decade": 10, "century": 100}


def _unit(text: str) -> str:
    word = text.lower().rstrip("s")
    return "century" if word == "centurie" else word


# Units ISO 8601 lacks, in units it has: a quarter is 3 months (P9M for "three quarters"),
# a decade 10 years, a fortnight 2 weeks, a weekend 2 days.
_CONVERSIONS = {
    "quarter": (3, "month"), "decade": (10, "year"), "century": (100, "year"),
    "fortnight": (2, "week"), "weekend": (2, "day"),
}  # fmt: skip
# A fraction is carried down one unit when that makes it whole ("2 1/2 years" = P2Y6M).
_SMALLER = {"year": (12, "month"), "week": (7, "day"), "day": (24, "hour"),
            "hour": (60, "minute"), "minute": (60, "second")}  # fmt: skip


def duration_value(count: float | None, unit: str) -> str:
    """TimeML duration: P7M, PT5H, P20Y (two decades), P2Y6M, PXY (unknown count)."""
    if count is None:
        letter = UNITS[unit][0]
        return f"{'PT' if unit in _TIME_UNITS else 'P'}X{letter}"
    if unit in _CONVERSIONS:
        factor, unit = _CONVERSIONS[unit]
        count *= factor
    whole = int(count)
    parts: list[tuple[float, str]] = [(whole, unit)] if whole else []
    if count != whole and unit in _SMALLER:
        factor, smaller = _SMALLER[unit]
        parts.append(((count - whole) * factor, smaller))
    elif count != whole:
        parts = [(count, unit)]
    return _format_duration(parts)


def _format_duration(parts: list[tuple[float, str]]) -> str:
    date_part = "".join(f"{n:g}{UNITS[u][0]}" for n, u in parts if u not in _TIME_UNITS)
    time_part = "".join(f"{n:g}{UNITS[u][0]}" for n, u in parts if u in _TIME_UNITS)
    return "P" + date_part + (f"T{time_part}" if time_part else "")


# A number right before "a year" makes it a rate ("$5 a year", "twice a year").
_RATE_LEAD = re.compile(
    r"(?:\d|%|\b(?i:percent|times|once|twice|thrice|cents?|dollars?|pounds?|euros?|each))\s+$"
)


def _duration(match: re.Match[str], text: str) -> Reading | None:
    """ "seven months", "the past two years", "a couple of years", "several weeks"."""
    raw_amount = match.group("amount")
    unit = _unit(match.group("unit"))
    plural = match.group("unit").lower().endswith("s")
    count = amount(raw_amount) if raw_amount else (None if plural else 1.0)
    if raw_amount and count is None and not re.match(VAGUE_AMOUNT, raw_amount):
        return None
    if not raw_amount and not match.group("edge"):
        return None
    if count is not None and (count <= 0 or _looks_like_year(raw_amount, plural)):
        return None  # "the 1988 quarter" is a year's quarter, not 1988 quarters
    if unit == "second" and raw_amount and raw_amount.lower() in ("a", "an"):
        return None  # "a second term": the ordinal, not one second
    if match.group("half"):
        count = (count or 1.0) + 0.5
    value = duration_value(count, unit)
    is_rate = raw_amount and raw_amount.lower() in ("a", "an", "per")
    if is_rate and _RATE_LEAD.search(text[max(0, match.start() - 16) : match.start()]):
        return Reading("literal", type="SET", value=value, anchors=False)
    return Reading("literal", type="DURATION", value=value, anchors=False)


def _looks_like_year(raw_amount: str | None, plural: bool) -> bool:
    return (
        bool(raw_amount)
        and not plural
        and re.fullmatch(r"1[5-9]\d\d|20\d\d", raw_amount or "") is not None
    )


def _bare_plural(match: re.Match[str], text: str) -> Reading | None:
    """ "for years", "in weeks", "over decades": an unknown number of units."""
    if not preceded_by(
        text, match.start(), r"for|in|over|within|after|took|take|takes|lasted|last"
    ):
        return None
    return Reading(
        "literal",
        type="DURATION",
        value=duration_value(None, _unit(match.group("unit"))),
        anchors=False,
    )


_ADVERB_SETS = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "biannually": "P6M",
    "semiannually": "P6M",
}  # fmt: skip


def _adverb_set(match: re.Match[str], text: str) -> Reading:
    """ "daily", "weekly", "annually". ("quarterly" is left out: in business news it is
    nearly always "quarterly dividend/report", untagged in TimeBank: 1 of 11.)"""
    return Reading("literal", type="SET", value=_ADVERB_SETS[match.group(0).lower()], anchors=False)


def _every(match: re.Match[str], text: str) -> Reading | None:
    """ "every week", "each year", "every other month", "every two years", "per day"."""
    raw = (match.group("n") or "").lower()
    count = 2.0 if raw == "other" else amount(raw) if raw else 1.0
    unit = _unit(match.group("unit"))
    if unit in DAY_PARTS:
        return Reading("literal", type="SET", value=f"XXXX-XX-XXT{DAY_PARTS[unit]}", anchors=False)
    return Reading("literal", type="SET", value=duration_value(count, unit), anchors=False)


def _every_name(match: re.Match[str], text: str) -> Reading:
    """ "each July", "every Thursday", "every summer"."""
    groups = match.groupdict()
    if groups.get("weekday"):
        value = f"XXXX-WXX-{weekday_number(groups['weekday'])}"
    elif groups.get("month"):
        value = f"XXXX-{month_number(groups['month']):02d}"
    else:
        value = f"XXXX-{SEASONS[groups['season'].lower()]}"
    return Reading("literal", type="SET", value=value, anchors=False)


_EDGE = (
    r"(?P<edge>(?i:first|last|past|next|coming|previous|final|latest|recent|following|"
    r"preceding|ensuing|remaining|entire|whole|full))"
)
_FILLER = (
    r"(?:(?i:more|additional|full|straight|consecutive|trading|business|working|calendar|"
    r"long|short)\s+)"
)

RULES: list[Rule] = [
    rule(
        "duration",
        rf"(?:(?i:the|its|their|his|her)\s+)?(?:{_EDGE}\s+)?(?:(?P<amount>{AMOUNT}|"
        rf"{VAGUE_AMOUNT})[-\s]+)?{_FILLER}?(?P<unit>{UNIT_WORD})(?P<half>\s+(?i:an"
        rf"d\s+a\s+half))?(?:-(?i:long))?(?:\s+(?i:ahead))?",
        _duration,
    ),
    rule(
        "bare_plural",
        r"(?P<unit>(?i:seconds|minutes|hours|days|weeks|months|years|decades|centu"
        r"ries))",
        _bare_plural,
    ),
    rule(
        "adverb_set",
        r"(?i:hourly|daily|nightly|weekly|biweekly|monthly|annually|yearly|biannua"
        r"lly|semiannually)",
        _adverb_set,
    ),
    rule(
        "every",
        rf"(?i:every|each|per)\s+(?:(?P<n>(?i:other)|{AMOUNT})\s+)?(?P<unit>{UNIT_WORD}"
        rf"|(?i:mornings?|afternoons?|evenings?))",
        _every,
    ),
    rule(
        "every_name",
        rf"(?i:every|each)\s+(?:(?P<weekday>{WEEKDAY})|(?P<month>{MONTH})|(?P<seaso"
        rf"n>(?i:spring|summer|fall|autumn|winter)))",
        _every_name,
    ),
]  # fmt: skip
