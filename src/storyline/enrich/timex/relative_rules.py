"""Rules for expressions placed relative to the publication date or a previous date.

"yesterday", "last week", "earlier this month", "on Thursday", "three years later",
"a year ago", "10:35 a.m.", "this morning", "now", "recently".
"""

from __future__ import annotations

import re

from storyline.enrich.timex.lexicon import (
    AMOUNT,
    DAY_PARTS,
    UNIT_WORD,
    VAGUE_AMOUNT,
    WEEKDAY,
    WEEKDAY_PLURAL,
)  # fmt: skip
from storyline.enrich.timex.periods import Granularity
from storyline.enrich.timex.readings import Base, Direction, Reading
from storyline.enrich.timex.rule import Rule, amount, rule, weekday_number

_UNIT_GRANULARITY: dict[str, Granularity] = {
    "day": "day", "week": "week", "weekend": "weekend", "month": "month", "quarter": "quarter",
    "year": "year", "decade": "decade", "century": "century", "period": "quarter",
}  # fmt: skip
# "this/last/next/the following …": counted from the publication date ("dct") or from
# the previous date in the text ("anchor"), and by how many units.
_UNIT_MODIFIERS: dict[str, tuple[Base, int]] = {
    "this": ("dct", 0), "current": ("dct", 0), "present": ("dct", 0),
    "last": ("dct", -1), "past": ("dct", -1), "previous": ("dct", -1), "latest": ("dct", -1),
    "next": ("dct", 1), "coming": ("dct", 1), "the next": ("dct", 1),
    "the following": ("anchor", 1), "the previous": ("anchor", -1), "the prior": ("anchor", -1),
    "the preceding": ("anchor", -1), "that": ("anchor", 0), "the same": ("anchor", 0),
    "the": ("anchor", 0), "that same": ("anchor", 0),
}  # fmt: skip
# "earlier this week" keeps the days up to publication; "later this year" those after.
_PARTS = {
    "early": "early", "mid": "mid", "late": "late", "earlier": "before", "later": "after",
    "the end of": "end", "the start of": "start", "the beginning of": "start",
    "the middle of": "mid", "end of": "end",
}  # fmt: skip
_PART = (
    r"(?P<part>(?i:earlier|early|later|late|mid|(?:the\s+)?(?:end|start|beginning|middle)\s+of))"
)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").lower()).strip()


def _unit_relative(match: re.Match[str], text: str) -> Reading | None:
    modifier, unit = _norm(match.group("mod")), _norm(match.group("unit"))
    granularity = _UNIT_GRANULARITY[unit]
    base, offset = _UNIT_MODIFIERS[modifier]
    if modifier == "the next" and unit == "day":
        base = (
            "anchor"  # "the next day" is the day after the one just told; "the next year" is ours
        )
    if modifier == "the" and unit in ("day", "period"):
        return None  # "the day", "the period": too often not a date of the story
    if modifier == "the" and unit == "weekend":
        return _weekend(match, text)
    # A quarter called "the quarter"/"the latest quarter" in a report published after it
    # is the one just ended: when no quarter was mentioned before, it is the previous one.
    fallback = (
        -1 if unit in ("quarter", "period") and (base == "anchor" or modifier == "latest") else 0
    )
    return Reading(
        "relative",
        base=base,
        granularity=granularity,
        offset=offset,
        part=_PARTS.get(_norm(match.group("part"))),
        fallback_offset=fallback,
    )


def _weekend(match: re.Match[str], text: str) -> Reading:
    """ "the weekend", "over the weekend": the nearest weekend, by tense."""
    return Reading("partial", granularity="weekend", direction="tense")


_DAY_OFFSETS = {
    "today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "the day before yesterday": -2,
    "the day after tomorrow": 2, "this": 0, "last": -1,
}  # fmt: skip


def _deictic_day(match: re.Match[str], text: str) -> Reading:
    """today, yesterday, tomorrow, tonight, this morning, last night, yesterday afternoon."""
    word = _norm(match.group("day"))
    day_part = _norm(match.groupdict().get("dp")) or ("tonight" if word == "tonight" else "")
    suffix = f"T{DAY_PARTS[day_part]}" if day_part else ""
    return Reading(
        "relative",
        type="TIME" if suffix else "DATE",
        granularity="day",
        offset=_DAY_OFFSETS[word],
        suffix=suffix,
        part=_PARTS.get(_norm(match.group("part"))),
    )


_WEEKDAY_MODIFIERS: dict[str, tuple[Direction, Base]] = {
    "last": ("before", "dct"), "past": ("before", "dct"), "this past": ("before", "dct"),
    "next": ("after", "dct"), "coming": ("after", "dct"), "this coming": ("after", "dct"),
    "this": ("nearest", "dct"), "the previous": ("before", "anchor"),
    "the following": ("after", "anchor"), "the next": ("after", "anchor"),
}  # fmt: skip


def _weekday(match: re.Match[str], text: str) -> Reading:
    """ "Thursday", "last Friday", "Wednesday night"; plural "Tuesdays" is a set."""
    number = weekday_number(match.group("weekday") or match.group("plural"))
    day_part = _norm(match.group("dp"))
    suffix = f"T{DAY_PARTS[day_part]}" if day_part else ""
    if match.group("plural") or match.group("dp_plural"):
        return Reading("literal", type="SET", value=f"XXXX-WXX-{number}{suffix}", anchors=False)
    direction, base = _WEEKDAY_MODIFIERS.get(_norm(match.group("mod")), ("tense", "dct"))
    return Reading(
        "partial",
        type="TIME" if suffix else "DATE",
        weekday=number,
        direction=direction,
        base=base,
        suffix=suffix,
        part=_PARTS.get(_norm(match.group("part"))),
    )


# "ago" counts back from publication; "earlier"/"later" from the previous date mentioned.
_SHIFTS: dict[str, tuple[Base, int]] = {
    "ago": ("dct", -1), "back": ("dct", -1), "from now": ("dct", 1), "hence": ("dct", 1),
    "earlier": ("anchor", -1), "before": ("anchor", -1), "later": ("anchor", 1),
    "after": ("anchor", 1),
}  # fmt: skip


def _shifted(match: re.Match[str], text: str) -> Reading | None:
    """ "three years later", "two weeks ago", "a year earlier", "several years ago"."""
    unit = _norm(match.group("unit")).rstrip("s").replace("centurie", "century")
    base, sign = _SHIFTS[_norm(match.group("dir"))]
    count = amount(match.group("amount"))
    if count is None:  # vague: "several years ago"
        return Reading("literal", value="PAST_REF" if sign < 0 else "FUTURE_REF", anchors=False)
    granularity = _UNIT_GRANULARITY.get(unit)
    # "a year earlier/ago" compares with the period just mentioned (the financial idiom
    # "up from $5m a year earlier"); it does not move the narrative, so it anchors nothing.
    idiom = unit == "year" and count == 1
    if granularity is None:  # hours, minutes: the day itself
        return Reading("relative", base=base, granularity="day", anchors=False)
    return Reading(
        "relative",
        base=base,
        granularity=granularity,
        offset=sign * max(int(count), 1),
        keep_anchor_granularity=idiom,
        anchors=not idiom,
    )


def _year_ago_adjective(match: re.Match[str], text: str) -> Reading:
    """ "the year-earlier quarter", "year-ago levels": the period just mentioned a year
    before, else the publication's year (or its previous quarter) a year before."""
    noun = _norm(match.group("noun"))
    return Reading(
        "relative",
        granularity="quarter" if noun == "quarter" else "year",
        unit="year",
        offset=-1,
        keep_anchor_granularity=True,
        fallback_offset=-1 if noun == "quarter" else 0,
        anchors=False,
    )


def _year_end(match: re.Match[str], text: str) -> Reading:
    """ "year-end", "the end of the year": the end of the publication's year."""
    return Reading("relative", granularity="year", part="end")


def _clock(match: re.Match[str], text: str) -> Reading | None:
    """ "10:35 a.m.", "10 p.m.", "noon", "midnight", "4 in the morning": a time on the day."""
    groups = match.groupdict()
    if groups.get("named"):
        hour, minute = (12, 0) if _norm(groups["named"]) in ("noon", "midday") else (24, 0)
    else:
        hour, minute = int(groups["h"]), int(groups.get("min") or 0)
        meridiem = _norm(groups.get("ampm") or groups.get("dp")).replace(".", "").replace(" ", "")
        if hour > 24 or minute > 59 or (meridiem and not 1 <= hour <= 12):
            return None
        if meridiem in ("pm", "afternoon", "evening", "night") and hour < 12:
            hour += 12
        elif meridiem in ("am", "morning") and hour == 12:
            hour = 0
    # Alone, a clock time is on the day last mentioned ("Friday ... at 10:35 a.m."),
    # else on the publication day.
    return Reading(
        "relative",
        type="TIME",
        base="anchor",
        granularity="day",
        suffix=f"T{hour:02d}:{minute:02d}",
        anchors=False,
        time_of_day=True,
    )


_REFERENCES = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PRESENT_REF",
    "currently": "PRESENT_REF", "presently": "PRESENT_REF", "at present": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "recently": "PAST_REF",
    "lately": "PAST_REF", "the past": "PAST_REF", "in the past": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF", "in future": "FUTURE_REF",
}  # fmt: skip


def _reference(match: re.Match[str], text: str) -> Reading:
    return Reading("literal", value=_REFERENCES[_norm(match.group(0))], anchors=False)


_MOD = (
    r"(?P<mod>(?i:this|current|present|last|past|previous|latest|next|coming|the\s+next|"
    r"the\s+following|the\s+previous|the\s+prior|the\s+preceding|that\s+same|that|"
    r"the\s+same|the))"
)
_REFERENCE = "|".join(
    sorted((key.replace(" ", r"\s+") for key in _REFERENCES), key=len, reverse=True)
)
# "before"/"after" only end a clause ("the day before."): followed by a noun they name an event.
_DIRECTION = (
    r"(?P<dir>(?i:ago|earlier|later|from\s+now|hence|(?:back|before|after)(?=\s*[,.;:!?)])))"
)
_DAY_PART = r"(?P<dp>(?i:mid-?afternoon|mid-?morning|morning|afternoon|evening|night))"
_MERIDIEM = r"(?P<ampm>(?i:a\.\s?m\.|p\.\s?m\.|a\.\s?m\b|p\.\s?m\b|am\b|pm\b))"

RULES: list[Rule] = [
    rule(
        "unit_relative",
        rf"(?:{_PART}(?:\s+(?i:in|on))?\s+)?(?:(?i:the)\s+)?{_MOD}\s+(?:(?i:fiscal)"
        rf"[-\s]+)?(?P<unit>(?i:weekend|week|month|quarter|year|decade|century|day|"
        rf"period))",
        _unit_relative,
    ),
    rule(
        "deictic_day",
        rf"(?:{_PART}[-\s]+)?(?P<day>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+"
        rf"after\s+tomorrow|today|yesterday|tomorrow|tonight))(?:\s+{_DAY_PART})?",
        _deictic_day,
    ),
    rule("this_day_part", rf"(?:{_PART}\s+)?(?P<day>(?i:this))\s+{_DAY_PART}", _deictic_day),
    rule("last_night", r"(?P<part>)(?P<day>(?i:last))\s+(?P<dp>(?i:night))", _deictic_day),
    rule(
        "weekday",
        rf"(?:{_PART}\s+)?(?:(?P<mod>(?i:this\s+past|this\s+coming|last|next|this|c"
        rf"oming|past|the\s+previous|the\s+following|the\s+next))\s+)?(?:(?P<weekda"
        rf"y>{WEEKDAY})|(?P<plural>{WEEKDAY_PLURAL}))(?:\s+{_DAY_PART}(?P<dp_plural"
        rf">s)?)?",
        _weekday,
    ),
    rule(
        "shifted",
        rf"(?P<amount>{AMOUNT}|{VAGUE_AMOUNT})[-\s]+(?P<unit>{UNIT_WORD})\s+{_DIRECTION}",
        _shifted,
    ),
    rule(
        "bare_ago",
        r"(?P<amount>)(?P<unit>(?i:years|months|weeks|days|decades|centuries))\s+("
        r"?P<dir>(?i:ago|earlier|later))",
        _shifted,
    ),
    rule(
        "year_ago_adjective",
        r"(?:(?i:the)\s+)?(?:(?i:comparable|same)\s+)?(?i:year-(?:ago|earlier|befo"
        r"re))(?:\s+(?P<noun>(?i:quarter|period)))?",
        _year_ago_adjective,
    ),
    rule(
        "year_end",
        r"(?i:(?:the\s+)?(?:fiscal\s+)?year[-\s]end|year['’]s\s+end|the\s+end\s+of"
        r"\s+the\s+year)",
        _year_end,
    ),
    rule(
        "clock",
        rf"(?P<h>\d{{1,2}})(?::(?P<min>[0-5]\d))?\s*{_MERIDIEM}(?:\s+(?i:[ECMP][SD]"
        rf"T|GMT|UTC))?",
        _clock,
    ),
    rule(
        "clock_in_the",
        rf"(?P<h>\d{{1,2}})(?::(?P<min>[0-5]\d))?\s+(?i:in\s+the)\s+{_DAY_PART}",
        _clock,
    ),
    rule("clock_named", r"(?P<named>(?i:noon|midday|midnight))", _clock),
    rule("reference", rf"(?i:{_REFERENCE})", _reference),
]  # fmt: skip
