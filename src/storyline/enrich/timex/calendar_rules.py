"""Rules for calendar names: full dates, months, years, decades, centuries, quarters, seasons.

Each rule reads a match into a ``Reading``: ``fixed`` when the year is written,
``partial`` when it must come from the publication date ("9 August", "the third quarter").
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from dateutil.easter import easter

from storyline.enrich.timex.lexicon import (
    DAY_NUMBER,
    MONTH,
    SEASONS,
    SPOKEN_YEAR,
    WEEKDAY,
    YEAR,
)  # fmt: skip
from storyline.enrich.timex.periods import Period, season
from storyline.enrich.timex.readings import Direction, Reading
from storyline.enrich.timex.rule import Rule, month_number, ordinal_number, preceded_by, rule
from storyline.extract.dates import parse_full_date

_ORDINAL_DAY = (
    r"(?i:(?:twenty|thirty)-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"thirtieth)"
)
_WEEKDAY_LEAD = rf"(?:{WEEKDAY},?\s+)?"
_YEAR_OR_SPOKEN = rf"(?:(?P<year>{YEAR})|(?P<spoken>{SPOKEN_YEAR}))"
# "this/last/next" before a month or season: which instance around the publication date.
_MODIFIER = r"(?P<mod>(?i:this\s+past|this\s+coming|last|next|this|past|coming))"
_MODIFIER_DIRECTION: dict[str, Direction] = {
    "this": "nearest", "last": "before", "past": "before", "this past": "before",
    "next": "after", "coming": "after", "this coming": "after",
}  # fmt: skip
_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip


def _day(year: int, month: int, day: int) -> Period:
    """The day, clamped into the month (29 February in a common year is the 28th)."""
    return Period("day", date(year, month, min(day, calendar.monthrange(year, month)[1])))


def spoken_year(text: str) -> int | None:
    """1996 for "nineteen ninety-six", 2005 for "two thousand and five"."""
    from storyline.enrich.numwords import parse_number

    words = re.sub(r"\s+", " ", text.lower().strip())
    if words.startswith("two thousand"):
        return int(parse_number(words.replace(" and ", " ")) or 0) or None
    head, _, tail = words.partition(" ")
    century, rest = parse_number(head), parse_number(tail)
    if century is None or rest is None:
        return None
    return int(century * 100 + rest)


def _year(match: re.Match[str]) -> int | None:
    if match.groupdict().get("year"):
        return int(match.group("year"))
    spoken = match.groupdict().get("spoken")
    return spoken_year(spoken) if spoken else None


def _direction(match: re.Match[str]) -> Direction:
    modifier = re.sub(r"\s+", " ", (match.groupdict().get("mod") or "").lower())
    return _MODIFIER_DIRECTION.get(modifier, "tense")


def _day_of_month(match: re.Match[str]) -> int | None:
    return ordinal_number(match.group("day"))


def _full_date(match: re.Match[str], text: str) -> Reading | None:
    day, year = _day_of_month(match), _year(match)
    if day is None or year is None or not 1 <= day <= 31:
        return None
    return Reading("fixed", period=_day(year, month_number(match.group("month")), day))


def _iso_date(match: re.Match[str], text: str) -> Reading | None:
    year, month, day = (int(match.group(key)) for key in ("year", "m", "d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Reading("fixed", period=_day(year, month, day))


def _numeric_date(match: re.Match[str], text: str) -> Reading | None:
    parsed = parse_full_date(match.group(0))
    return Reading("fixed", period=Period("day", parsed.date())) if parsed else None


def _month_day(match: re.Match[str], text: str) -> Reading | None:
    day, month = _day_of_month(match), month_number(match.group("month"))
    if day is None or not 1 <= day <= 31:
        return None
    return Reading(
        "partial", instance=lambda year: _day(year, month, day), direction=_direction(match)
    )


def _month_year(match: re.Match[str], text: str) -> Reading | None:
    year = _year(match)
    if year is None:
        return None
    return Reading(
        "fixed", period=Period("month", date(year, month_number(match.group("month")), 1))
    )


def _month_relative_year(match: re.Match[str], text: str) -> Reading:
    """ "January this year", "June last year": a month of a year counted from publication."""
    month = month_number(match.group("month"))
    offset = {"last": -1, "this": 0, "next": 1}[match.group("rel").lower()]
    return Reading(
        "relative",
        granularity="year",
        unit="year",
        offset=offset,
        instance=lambda year: Period("month", date(year, month, 1)),
    )


def _month_day_relative_year(match: re.Match[str], text: str) -> Reading | None:
    """ "February 24 of this year", "March 3 last year"."""
    day, month = _day_of_month(match), month_number(match.group("month"))
    if day is None or not 1 <= day <= 31:
        return None
    offset = {"last": -1, "this": 0, "next": 1}[match.group("rel").lower()]
    return Reading(
        "relative",
        granularity="year",
        unit="year",
        offset=offset,
        instance=lambda year: _day(year, month, day),
    )


# Month names that are also common words: alone they need a preposition or modifier.
_AMBIGUOUS_MONTHS = {"may", "march"}
_MONTH_PREPOSITIONS = (
    r"in|since|until|till|by|from|during|through|before|after|of|early|late|mid|to|and|"
    r"between|last|next|this|past"
)


def _month(match: re.Match[str], text: str) -> Reading | None:
    name = match.group("month").lower().rstrip(".")
    has_context = match.group("mod") or preceded_by(text, match.start(), _MONTH_PREPOSITIONS)
    if name in _AMBIGUOUS_MONTHS and not has_context:
        return None
    month = month_number(name)
    return Reading(
        "partial",
        instance=lambda year: Period("month", date(year, month, 1)),
        granularity="month",
        direction=_direction(match),
    )


def _year_rule(match: re.Match[str], text: str) -> Reading | None:
    year = _year(match)
    return Reading("fixed", period=Period("year", date(year, 1, 1))) if year else None


def _spoken_year_rule(match: re.Match[str], text: str) -> Reading | None:
    """ "nineteen ninety-six" always; "two thousand (five)" and "twenty ten" are also counts,
    so they need "in"/"the year"/a month before them."""
    spoken = match.group("spoken").lower()
    if spoken.startswith(("nineteen", "eighteen")):
        return _year_rule(match, text)
    if not preceded_by(text, match.start(), rf"in|year|of|since|until|by|{MONTH}"):
        return None
    return _year_rule(match, text)


def _decade(match: re.Match[str], text: str) -> Reading | None:
    groups = match.groupdict()
    if groups.get("full"):
        start = int(groups["full"]) // 10 * 10
        return Reading("fixed", period=Period("decade", date(start, 1, 1)))
    tens = int(groups["short"][0]) if groups.get("short") else _DECADE_WORDS[groups["word"].lower()]
    return Reading(
        "partial",
        instance=lambda year: Period("decade", date(year // 100 * 100 + tens * 10, 1, 1)),
        granularity="decade",
        direction="past",
        cycle=100,
    )


def _century(match: re.Match[str], text: str) -> Reading | None:
    number = ordinal_number(match.group("nth"))
    if number is None or not 1 <= number <= 21:
        return None
    return Reading("fixed", period=Period("century", date(max((number - 1) * 100, 1), 1, 1)))


def _quarter(match: re.Match[str], text: str) -> Reading | None:
    quarter = ordinal_number(match.group("q"))
    if quarter is None or not 1 <= quarter <= 4:
        return None
    year = match.group("year1") or match.group("year2")
    shift = -1 if match.group("ago") else 0
    month = 3 * (quarter - 1) + 1
    if year:
        return Reading("fixed", period=Period("quarter", date(int(year) + shift, month, 1)))
    relative_year = {"last": -1, "this": 0, "next": 1}.get((match.group("rel") or "").lower())
    if relative_year is not None:
        return Reading(
            "relative",
            granularity="year",
            unit="year",
            offset=relative_year,
            instance=lambda y: Period("quarter", date(y, month, 1)),
        )
    return Reading(
        "partial",
        instance=lambda y: Period("quarter", date(y, month, 1)),
        granularity="quarter",
        offset=shift,
        unit="year",
    )


def _half(match: re.Match[str], text: str) -> Reading | None:
    half = 1 if match.group("h").lower() == "first" else 2
    month = 1 if half == 1 else 7
    year = match.group("year")
    if year:
        return Reading("fixed", period=Period("half", date(int(year), month, 1)))
    return Reading(
        "partial", instance=lambda y: Period("half", date(y, month, 1)), granularity="half"
    )


def _season(match: re.Match[str], text: str) -> Reading | None:
    code = SEASONS[match.group("season").lower()]
    year = _year(match)
    if year:
        return Reading("fixed", period=season(code, year))
    context = match.group("mod") or match.group("det")
    if not context and not preceded_by(
        text, match.start(), r"in|during|since|until|by|early|late|mid"
    ):
        return None
    return Reading(
        "partial",
        instance=lambda y: season(code, y),
        granularity="season",
        direction=_direction(match),
    )


def _thanksgiving(year: int) -> Period:
    """US Thanksgiving: the fourth Thursday of November."""
    first = date(year, 11, 1)
    return Period("day", date(year, 11, 1 + (3 - first.weekday()) % 7 + 21))


def _election_day(year: int) -> Period:
    """US Election Day: the Tuesday after the first Monday of November."""
    first = date(year, 11, 1)
    return Period("day", date(year, 11, 2 + (1 - first.weekday()) % 7))


_HOLIDAYS = {
    "christmas eve": lambda y: Period("day", date(y, 12, 24)),
    "christmas": lambda y: Period("day", date(y, 12, 25)),
    "new year's eve": lambda y: Period("day", date(y, 12, 31)),
    "new year's": lambda y: Period("day", date(y, 1, 1)),
    "halloween": lambda y: Period("day", date(y, 10, 31)),
    "valentine's": lambda y: Period("day", date(y, 2, 14)),
    "thanksgiving": _thanksgiving,
    "election": _election_day,
    "easter": lambda y: Period("day", easter(y)),
}


def _holiday(match: re.Match[str], text: str) -> Reading | None:
    name = re.sub(r"\s+", " ", match.group("holiday").lower()).replace("’", "'")
    instance = _HOLIDAYS[name]
    year = _year(match)
    if year:
        return Reading("fixed", period=instance(year))
    return Reading("partial", instance=instance, direction=_direction(match))


RULES: list[Rule] = [
    rule(
        "full_date_mdy",
        rf"{_WEEKDAY_LEAD}(?P<month>{MONTH})\s+(?P<day>{DAY_NUMBER}|{_ORDINAL_DAY})"
        rf",?\s+{_YEAR_OR_SPOKEN}",
        _full_date,
    ),
    rule(
        "full_date_dmy",
        rf"{_WEEKDAY_LEAD}(?:(?i:the)\s+)?(?P<day>{DAY_NUMBER}|{_ORDINAL_DAY})\s+(?"
        rf":(?i:of)\s+)?(?P<month>{MONTH}),?\s+{_YEAR_OR_SPOKEN}",
        _full_date,
    ),
    rule("iso_date", rf"(?P<year>{YEAR})-(?P<m>\d\d)-(?P<d>\d\d)", _iso_date),
    rule("numeric_date", rf"\d{{1,2}}[./]\d{{1,2}}[./]{YEAR}", _numeric_date),
    rule(
        "month_day",
        rf"{_WEEKDAY_LEAD}(?:{_MODIFIER}\s+)?(?P<month>{MONTH})\s+(?P<day>{DAY_NUMBER}"
        rf"|{_ORDINAL_DAY})",
        _month_day,
    ),
    rule(
        "day_month",
        rf"{_WEEKDAY_LEAD}(?:(?i:the)\s+)?(?P<day>{DAY_NUMBER}|{_ORDINAL_DAY})\s+(?"
        rf":(?i:of)\s+)?(?P<month>{MONTH})",
        _month_day,
    ),
    rule("month_year", rf"(?P<month>{MONTH}),?\s+(?:(?i:of)\s+)?{_YEAR_OR_SPOKEN}", _month_year),
    rule(
        "month_relative_year",
        rf"(?P<month>{MONTH})\s+(?:(?i:of)\s+)?(?P<rel>(?i:this|last|next))\s+(?i:y"
        rf"ear)",
        _month_relative_year,
    ),
    rule(
        "month_day_relative_year",
        rf"(?P<month>{MONTH})\s+(?P<day>{DAY_NUMBER}|{_ORDINAL_DAY}),?\s+(?:(?i:of)"
        rf"\s+)?(?P<rel>(?i:this|last|next))\s+(?i:year)",
        _month_day_relative_year,
    ),
    rule(
        "day_month_relative_year",
        rf"(?:(?i:the)\s+)?(?P<day>{DAY_NUMBER}|{_ORDINAL_DAY})\s+(?:(?i:of)\s+)?(?"
        rf"P<month>{MONTH}),?\s+(?:(?i:of)\s+)?(?P<rel>(?i:this|last|next))\s+(?i:y"
        rf"ear)",
        _month_day_relative_year,
    ),
    rule("month", rf"(?:{_MODIFIER}\s+)?(?P<month>{MONTH})", _month),
    rule("the_year", rf"(?i:the\s+year)\s+{_YEAR_OR_SPOKEN}", _year_rule),
    rule("year", rf"(?:(?i:fiscal)\s+)?(?P<year>{YEAR})(?!\s*(?:%|percent))", _year_rule),
    rule("spoken_year", rf"(?P<spoken>{SPOKEN_YEAR})", _spoken_year_rule),
    rule(
        "decade",
        r"(?:(?i:the)\s+)?(?:(?P<full>1[5-9]\d0|20\d0)'?s|'(?P<short>\d0)'?s|(?P<w"
        r"ord>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nin"
        r"eties)))",
        _decade,
    ),
    rule(
        "century",
        r"(?:(?i:the)\s+)?(?P<nth>\d{1,2}(?:st|nd|rd|th)|(?i:first|second|third|fo"
        r"urth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
        r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentie"
        r"th|twenty-first))[-\s](?i:century)",
        _century,
    ),
    rule(
        "quarter",
        rf"(?:(?i:the)\s+)?(?:(?P<year1>{YEAR})\s+|(?P<rel>(?i:this|last|next))\s+("
        rf"?i:year's)\s+|(?i:its|their|fiscal)\s+)?(?:(?P<ago>(?i:year-ago|year-ear"
        rf"lier|prior-year|year-before))\s+)?(?:(?i:fiscal)[-\s])?(?P<q>(?i:first|s"
        rf"econd|third|fourth|1st|2nd|3rd|4th))[-\s](?:(?i:fiscal)[-\s])?(?i:quarte"
        rf"r)(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<year2>{YEAR}))?",
        _quarter,
    ),
    rule(
        "half",
        rf"(?:(?i:the)\s+)?(?P<h>(?i:first|second|last))[-\s](?i:half)(?:\s+(?i:of)"
        rf"\s+(?P<year>{YEAR}))?",
        _half,
    ),
    rule(
        "season",
        rf"(?:{_MODIFIER}\s+)?(?P<det>(?i:the)\s+)?(?P<season>(?i:spring|summer|fal"
        rf"l|autumn|winter))(?:\s+(?:(?i:of)\s+)?{_YEAR_OR_SPOKEN})?",
        _season,
    ),
    rule(
        "holiday",
        rf"(?:{_MODIFIER}\s+)?(?P<holiday>(?i:christmas\s+eve|christmas|new\s+year["
        rf"'’]s\s+eve|new\s+year['’]s|halloween|valentine['’]s|thanksgiving|electio"
        rf"n(?=\s+[Dd]ay)|easter))(?:\s+(?i:day))?(?:,?\s+{_YEAR_OR_SPOKEN})?",
        _holiday,
    ),
]  # fmt: skip
