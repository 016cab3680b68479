"""Temporal expressions in any language with a :class:`TimeWords` table.

The English recogniser (:mod:`storyline.enrich.timex`) is a large rule table; other
languages get a smaller one built here from their words: dates ("14 сентября 2020
года", "14. September", "14 septembre"), months and years with their prepositions
("в сентябре", "im Jahr 2020", "en 2020"), weekdays ("в пятницу", "am Donnerstag",
"jeudi"), days around publication ("вчера", "gestern", "hier"), units counted from
publication ("в прошлом году", "vergangenes Jahr", "l'année dernière"), shifts ("три
года назад", "vor drei Jahren", "il y a trois ans") and durations ("семь месяцев").
Each is read into the same :class:`~storyline.enrich.timex.readings.Reading` and
placed on the calendar by the same resolver (:func:`storyline.enrich.times.place_candidates`),
so "в пятницу" published on Saturday 2022-07-02 is 2022-07-01, as "on Friday" is.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from storyline.enrich.multilingual.parsed import Parsed
from storyline.enrich.times import place_candidates
from storyline.enrich.timex.duration_rules import duration_value
from storyline.enrich.timex.periods import Granularity, Period
from storyline.enrich.timex.readings import Direction, Reading
from storyline.enrich.timex.recognise import Candidate
from storyline.enrich.timex.rule import Rule
from storyline.model import TimeMention

YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])"
DURATION_UNITS = {"year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour"}


@dataclass(frozen=True, slots=True)
class TimeWords:
    """A language's words for dates, as lower-case forms mapped to what they mean.

    Attributes:
        months: every written form of each month ("сентября", "сентябре" -> 9).
        weekdays: every form of each weekday ("пятницу" -> 5; 1 is Monday).
        weekday_before / weekday_after: words before or after a weekday that belong to
            the expression, as regular expressions mapped to how the day is placed
            ("в" -> by tense, "vergangenen" -> before publication, "prochain" -> after).
        year_relative: phrases after a month or date naming its year from publication
            ("прошлого года" -> -1, "dieses Jahres" -> 0).
        days: words for days around publication ("вчера" -> -1).
        relative: phrases naming a unit counted from publication, as regular
            expressions mapped to (granularity, offset): "в прошлом году" -> (year, -1).
        units: every form of each unit word ("лет", "года" -> year).
        numbers: number words ("три" -> 3).
        ago: a pattern around ``{amount} {unit}`` for "… ago" (counted back), e.g.
            ``"{amount}\\s+{unit}\\s+назад"``; ``later`` the same for "in … time".
        year_before / year_after: what stands around a bare year to make it a date
            ("в … году", "im Jahr …", "en …").
        month_before: prepositions of a yearless month ("в", "im", "en").
        day_suffix: what follows a day number ("." in German, "er" in French "1er").
    """

    months: dict[str, int]
    weekdays: dict[str, int]
    days: dict[str, int]
    relative: dict[str, tuple[Granularity, int]]
    units: dict[str, str]
    numbers: dict[str, int]
    ago: str
    later: str
    weekday_before: dict[str, Direction] = field(default_factory=dict)
    weekday_after: dict[str, Direction] = field(default_factory=dict)
    year_relative: dict[str, int] = field(default_factory=dict)
    year_before: str = ""
    year_after: str = ""
    month_before: str = ""
    day_suffix: str = ""
    extra: tuple[Rule, ...] = ()


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _day(year: int, month: int, day: int) -> Period:
    return Period("day", date(year, month, min(day, calendar.monthrange(year, month)[1])))


def build_rules(words: TimeWords) -> tuple[Rule, ...]:
    """The recogniser rules of one language."""
    month = rf"(?P<month>{_alternatives(list(words.months))})"
    weekday = rf"(?P<weekday>{_alternatives(list(words.weekdays))})"
    day = rf"(?P<day>{DAY}){words.day_suffix}"
    amount = rf"(?P<amount>\d+(?:[.,]\d+)?|{_alternatives(list(words.numbers))})"
    unit = rf"(?P<unit>{_alternatives(list(words.units))})"
    month_of = words.months.__getitem__

    def month_number(match: re.Match[str]) -> int:
        return month_of(match.group("month").casefold())

    def full_date(match: re.Match[str], text: str) -> Reading | None:
        return Reading("fixed", period=_day(int(match.group("year")), month_number(match),
                                            int(match.group("day"))))  # fmt: skip

    def numeric_date(match: re.Match[str], text: str) -> Reading | None:
        day_number, month_number_, year = (int(match.group(k)) for k in ("d", "m", "year"))
        if not (1 <= month_number_ <= 12 and 1 <= day_number <= 31):
            return None
        return Reading("fixed", period=_day(year, month_number_, day_number))

    def day_month(match: re.Match[str], text: str) -> Reading | None:
        number, month_ = int(match.group("day")), month_number(match)
        return Reading("partial", instance=lambda year: _day(year, month_, number))

    def month_year(match: re.Match[str], text: str) -> Reading | None:
        return Reading("fixed", period=Period("month", date(int(match.group("year")),
                                                            month_number(match), 1)))  # fmt: skip

    def month_alone(match: re.Match[str], text: str) -> Reading | None:
        month_ = month_number(match)
        return Reading("partial", granularity="month",
                       instance=lambda year: Period("month", date(year, month_, 1)))  # fmt: skip

    def year(match: re.Match[str], text: str) -> Reading | None:
        return Reading("fixed", period=Period("year", date(int(match.group("year")), 1, 1)))

    def modifier(table: dict[str, Direction], written: str | None) -> Direction:
        if not written:
            return "tense"
        folded = re.sub(r"\s+", " ", written.casefold())
        return next((d for p, d in table.items() if re.fullmatch(p, folded)), "tense")

    def weekday_(match: re.Match[str], text: str) -> Reading | None:
        direction = modifier(words.weekday_before, match.group("before"))
        if direction == "tense":
            direction = modifier(words.weekday_after, match.group("after"))
        return Reading("partial", weekday=words.weekdays[match.group("weekday").casefold()],
                       direction=direction)  # fmt: skip

    def year_offset(match: re.Match[str]) -> int:
        folded = re.sub(r"\s+", " ", match.group("yrel").casefold())
        return next((o for p, o in words.year_relative.items() if re.fullmatch(p, folded)), 0)

    def month_relative_year(match: re.Match[str], text: str) -> Reading | None:
        month_ = month_number(match)
        number = int(match.group("day")) if match.group("day") else None
        return Reading(
            "relative", granularity="year", unit="year", offset=year_offset(match),
            instance=lambda year: _day(year, month_, number) if number
            else Period("month", date(year, month_, 1)),
        )  # fmt: skip

    def deictic(match: re.Match[str], text: str) -> Reading | None:
        return Reading("relative", granularity="day",
                       offset=words.days[match.group("word").casefold()])  # fmt: skip

    def relative(granularity: Granularity, offset: int) -> Callable[..., Reading | None]:
        def build(match: re.Match[str], text: str) -> Reading | None:
            return Reading("relative", granularity=granularity, offset=offset)

        return build

    def shifted(sign: int) -> Callable[..., Reading | None]:
        def build(match: re.Match[str], text: str) -> Reading | None:
            count = _amount(match.group("amount"), words)
            granularity = words.units[match.group("unit").casefold()]
            if count is None or granularity == "hour":
                return Reading("relative", granularity="day", anchors=False)
            return Reading("relative", granularity=granularity,  # type: ignore[arg-type]
                           offset=sign * max(int(count), 1))  # fmt: skip

        return build

    def duration(match: re.Match[str], text: str) -> Reading | None:
        count = _amount(match.group("amount"), words)
        unit_ = words.units[match.group("unit").casefold()]
        return Reading("literal", type="DURATION", value=duration_value(count, unit_),
                       anchors=False)  # fmt: skip

    rules = [
        _rule(
            "full_date", rf"{day}\s+{month}\s+(?P<year>{YEAR})(?:\s*{words.year_after})?", full_date
        ),
        _rule(
            "numeric_date", rf"(?P<d>{DAY})\.(?P<m>0?[1-9]|1[0-2])\.(?P<year>{YEAR})", numeric_date
        ),
        _rule(
            "month_year",
            rf"(?:{words.month_before}\s+)?{month}\s+(?P<year>{YEAR})"
            rf"(?:\s*{words.year_after})?",
            month_year,
        ),
        _rule("day_month", rf"{day}\s+{month}", day_month),
        _rule("month", rf"{words.month_before}\s+{month}", month_alone),
        _rule(
            "weekday",
            rf"(?:(?P<before>{_patterns(words.weekday_before)})\s+)?{weekday}"
            rf"(?:\s+(?P<after>{_patterns(words.weekday_after)}))?",
            weekday_,
        ),
        _rule("deictic", rf"(?P<word>{_alternatives(list(words.days))})", deictic),
        _rule("ago", words.ago.format(amount=amount, unit=unit), shifted(-1)),
        _rule("later", words.later.format(amount=amount, unit=unit), shifted(1)),
        _rule("duration", rf"{amount}\s+{unit}", duration),
    ]
    if words.year_relative:
        rules.append(_rule(
            "month_relative_year",
            rf"(?:{day}\s+|(?:{words.month_before})\s+)?{month}\s+"
            rf"(?P<yrel>{_patterns(words.year_relative)})", month_relative_year,
        ))  # fmt: skip
    if words.year_before:
        rules.append(_rule("year", rf"{words.year_before}\s+(?P<year>{YEAR})"
                           rf"(?:\s*{words.year_after})?", year))  # fmt: skip
    if words.year_after:
        rules.append(_rule("year_after", rf"(?P<year>{YEAR})\s*{words.year_after}", year))
    for index, (phrase, (granularity, offset)) in enumerate(words.relative.items()):
        rules.append(_rule(f"relative{index}", phrase, relative(granularity, offset)))
    return (*rules, *words.extra)


def _patterns(table: Iterable[str]) -> str:
    """Alternatives of regular expressions (a pattern matching nothing when empty)."""
    return "|".join(f"(?:{p})" for p in table) or r"(?!x)x"


def _rule(name: str, pattern: str, build: Callable[..., Reading | None]) -> Rule:
    """A case-insensitive rule on word boundaries."""
    return Rule(name, re.compile(rf"(?<![\w$€£¥#@-])(?i:{pattern})(?![\w%])"), build)


def _amount(text: str, words: TimeWords) -> float | None:
    key = text.casefold()
    if key in words.numbers:
        return float(words.numbers[key])
    try:
        return float(key.replace(",", "."))
    except ValueError:
        return None


def recognise(rules: tuple[Rule, ...], text: str) -> list[Candidate]:
    """Every expression the rules find, longest first, none overlapping, in text order."""
    found: list[tuple[int, int, int, Candidate]] = []
    for order, current in enumerate(rules):
        for match in current.pattern.finditer(text):
            if match.end() <= match.start():
                continue
            reading = current.build(match, text)
            if reading is not None:
                candidate = Candidate(match.start(), match.end(), reading, current.name)
                found.append((match.start() - match.end(), order, match.start(), candidate))
    chosen: list[Candidate] = []
    for _, _, _, candidate in sorted(found, key=lambda item: item[:3]):
        if not any(c.start < candidate.end and candidate.start < c.end for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def find_times(
    parsed: Parsed,
    article_id: str,
    published: str | None,
    published_range: tuple[str, str] | None,
    rules: tuple[Rule, ...],
    future: re.Pattern[str] | None = None,
) -> list[TimeMention]:
    """Temporal expressions of a parsed article, placed against its publication date.

    A clause in the future tense (a future verb form in the parse, or the language's
    ``future`` cue before the expression in its sentence) places weekdays and yearless
    dates forward, as in English.
    """
    text = parsed.text
    candidates = recognise(rules, text)
    if not candidates:
        return []
    sentences = [start for start, _ in parsed.sentences] or [0]
    futures = [_is_future(parsed, c, future) for c in candidates]
    return place_candidates(
        text, article_id, published, published_range, candidates, sentences, futures
    )


def _is_future(parsed: Parsed, candidate: Candidate, future: re.Pattern[str] | None) -> bool:
    sentence = parsed.sentence_of(candidate.start)
    start = parsed.sentences[sentence][0] if parsed.sentences else 0
    end = parsed.sentences[sentence][1] if parsed.sentences else len(parsed.text)
    for token in parsed.tokens_between(start, end):
        if token.feats.get("Tense") == "Fut" and token.pos in ("VERB", "AUX"):
            return True
    window = parsed.text[start : candidate.start]
    return bool(future and future.search(window))
