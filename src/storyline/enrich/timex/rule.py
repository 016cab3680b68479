"""A recogniser rule (a pattern and how to read its match) and helpers the rule tables share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storyline.enrich.numwords import ORDINALS, parse_number
from storyline.enrich.timex.lexicon import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from storyline.enrich.timex.readings import Reading

Build = Callable[[re.Match[str], str], Reading | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """``pattern`` finds candidates; ``build(match, text)`` reads one, or refuses it (None)."""

    name: str
    pattern: re.Pattern[str]
    build: Build


def rule(name: str, pattern: str, build: Build) -> Rule:
    """A rule whose pattern must start and end on word boundaries.

    A hyphenated prefix is allowed in front ("mid-September", "post-1959"); the
    recogniser reads it from the ``prefix`` group.
    """
    prefix = r"(?:(?P<prefix>(?i:mid|early|late|pre|post))-)?"
    return Rule(name, re.compile(rf"(?<![\w$€£¥#@-]){prefix}{pattern}(?![\w%]|-\w)"), build)


def month_number(name: str) -> int:
    """1-12 for a month name or abbreviation ("Sept.", "AUGUST")."""
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key[:4] if key.startswith("sept") else key[:3]]


def weekday_number(name: str) -> int:
    """1 (Monday) to 7 (Sunday) for a weekday name or abbreviation."""
    key = name.lower().rstrip(".,")[:3]
    return next(number for day, number in WEEKDAYS.items() if day.startswith(key))


_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)$")
_ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30}
_ORDINAL_WORDS = {
    **ORDINALS, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, **_ORDINAL_TENS,
}  # fmt: skip


def ordinal_number(text: str) -> int | None:
    """3 for "3rd", "third", "twenty-third"; None otherwise."""
    word = _ORDINAL_SUFFIX.sub("", text.strip().lower())
    if word.isdigit():
        return int(word)
    if word in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word]
    tens, _, unit = word.partition("-")
    tens_value = {"twenty": 20, "thirty": 30}.get(tens)
    return tens_value + ORDINALS[unit] if tens_value and unit in ORDINALS else None


def amount(text: str | None) -> float | None:
    """The number of units: 2 for "two", 1 for "a", None for vague amounts ("several")."""
    if text is None:
        return 1.0
    cleaned = re.sub(r"\s+", " ", text.strip().lower())
    if cleaned in ("a", "an", "one"):
        return 1.0
    if cleaned in ("a couple of", "couple of", "a couple"):
        return 2.0
    if cleaned == "a half":
        return 0.5
    return parse_number(cleaned)


def preceded_by(text: str, start: int, words: str, span: int = 24) -> bool:
    """True when the word(s) right before ``start`` match the regex alternatives ``words``."""
    return re.search(rf"(?i:\b(?:{words}))\s+$", text[max(0, start - span) : start]) is not None


def followed_by(text: str, end: int, pattern: str, span: int = 24) -> bool:
    """True when the text right after ``end`` starts with ``pattern``."""
    return re.match(pattern, text[end : end + span]) is not None
