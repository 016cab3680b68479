"""Finding temporal expressions: run every rule, keep the longest non-overlapping matches,
widen them over modifiers ("mid-", "nearly") and join times of day to their days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from storyline.enrich.timex import calendar_rules, duration_rules, relative_rules
from storyline.enrich.timex.readings import Reading

# Ties (same length) go to the earlier table: a calendar name beats a relative reading,
# which beats a duration ("last year" is a date, not a year-long duration).
RULES = [*calendar_rules.RULES, *relative_rules.RULES, *duration_rules.RULES]


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    reading: Reading
    rule: str


def recognise(text: str) -> list[Candidate]:
    """Every temporal expression in the text, in order, none overlapping."""
    found: list[tuple[int, int, int, Candidate]] = []
    for order, current in enumerate(RULES):
        for match in current.pattern.finditer(text):
            reading = _with_prefix(current.build(match, text), match)
            if reading is not None and match.end() > match.start():
                candidate = Candidate(match.start(), match.end(), reading, current.name)
                found.append((match.start() - match.end(), order, match.start(), candidate))
    chosen: list[Candidate] = []
    for _, _, _, candidate in sorted(found, key=lambda item: item[:3]):
        if not any(c.start < candidate.end and candidate.start < c.end for c in chosen):
            chosen.append(candidate)
    chosen.sort(key=lambda c: c.start)
    return _join_times_of_day(text, [_widen(text, c) for c in chosen])


def _with_prefix(reading: Reading | None, match: re.Match[str]) -> Reading | None:
    """ "mid-November": the reading narrowed to the part; "post-1959" keeps its value."""
    prefix = (match.group("prefix") or "").lower()
    if reading is None or prefix not in ("mid", "early", "late") or reading.kind == "literal":
        return reading
    return replace(reading, part=prefix)


# "mid-September 2020", "the end of 1990", "early next year": a part of the period.
_PART_BEFORE = re.compile(
    r"(?<![\w-])(?P<part>(?i:early|mid|late|(?:the\s+)?(?:start|beginning|middle|end)\s+of))[-\s]+$"
)
_PARTS = {"early": "early", "mid": "mid", "late": "late", "start": "start", "beginning": "start",
          "middle": "mid", "end": "end"}  # fmt: skip
# "nearly four years ago", "more than four hours": kept in the span, the value unchanged.
_APPROXIMATELY_BEFORE = re.compile(
    r"(?<![\w-])(?i:about|around|almost|nearly|roughly|approximately|some|more\s+than|less\s+than|over|"
    r"under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|within|only|just)\s+$"
)


def _widen(text: str, candidate: Candidate) -> Candidate:
    before = text[max(0, candidate.start - 24) : candidate.start]
    reading = candidate.reading
    part = _PART_BEFORE.search(before)
    if part and reading.type == "DATE" and reading.part is None and reading.kind != "literal":
        words = part.group("part").lower()
        key = next(word for word in _PARTS if word in words)
        widened = replace(reading, part=_PARTS[key])
        return Candidate(
            candidate.start - len(part.group(0)), candidate.end, widened, candidate.rule
        )
    approximately = _APPROXIMATELY_BEFORE.search(before)
    if approximately and (reading.type == "DURATION" or candidate.rule == "shifted"):
        return replace(candidate, start=candidate.start - len(approximately.group(0)))
    return candidate


_JOINER = re.compile(r"\s*(?:,\s*)?(?:(?i:on|at|of)\s+)?$")


def _join_times_of_day(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """ "10 p.m. Wednesday", "Friday at 10:35 a.m.": one TIME on that day."""
    joined: list[Candidate] = []
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if previous and _JOINER.fullmatch(text[previous.end : candidate.start]):
            day, clock = _day_and_clock(previous, candidate)
            if day is not None and clock is not None:
                reading = replace(day.reading, suffix=clock.reading.suffix, type="TIME")
                joined[-1] = Candidate(previous.start, candidate.end, reading, day.rule)
                continue
        joined.append(candidate)
    return joined


def _day_and_clock(
    first: Candidate, second: Candidate
) -> tuple[Candidate | None, Candidate | None]:
    for day, clock in ((first, second), (second, first)):
        if clock.reading.time_of_day and _is_day(day.reading):
            return day, clock
    return None, None


def _is_day(reading: Reading) -> bool:
    """A reading that names one day and has no time of day yet."""
    if reading.suffix or reading.type not in ("DATE",):
        return False
    if reading.kind == "fixed":
        return reading.period is not None and reading.period.granularity == "day"
    if reading.kind == "partial":
        return reading.weekday is not None or reading.granularity == "day"
    return reading.kind == "relative" and reading.granularity == "day" and reading.base == "dct"
