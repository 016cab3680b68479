"""Finding quantities: money ("€1.26bn", "$1.5 billion", "seventy million dollars"),
percentages, ages ("69-year-old") and bare numbers that may count something."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from storyline.enrich.numwords import DIGITS, SPELLED, parse_number
from storyline.enrich.quantity.currency import CENTS, CODE, SYMBOL, WORD, currency_of

# Short scales stick to the number ("€600m", "$1.5bn"); word scales follow a space.
SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6, "bn": 1e9,
    "b": 1e9, "bln": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12, "lakh": 1e5, "lakhs": 1e5,
    "crore": 1e7, "crores": 1e7, "cr": 1e7,
}  # fmt: skip
_SCALE = (
    r"(?:(?P<short>(?i:bn|mn|mln|tn|cr|m|b|k))\b|"
    r"\s+(?P<word>(?i:thousand|million|mln|billion|bln|trillion|lakhs?|crores?)))"
)
_NUMBER = rf"(?P<number>{DIGITS}|(?i:{SPELLED}))"
# A number stands alone: not inside a word or code ("G7", "COVID-19", "F-16", "3rd").
_BEFORE = r"(?<![\w.,/$€£¥₹₽-])"
_AFTER = r"(?![\w%]|[.,]\d|-\w)"
_NATIONALITY = (
    r"(?:(?i:US|U\.S\.|American|Canadian|Australian|Hong\s+Kong|Belarusian|Russian|Indian|"
    r"Swiss|Korean|Brazilian)\s+)"
)


@dataclass(slots=True)
class Quantity:
    """One quantity found; ``value`` is scaled (1.26e9 for "€1.26bn")."""

    start: int
    end: int
    kind: str  # money | percent | age | count
    value: float
    unit: str | None = None
    number_end: int = 0  # where the number itself ends, for the subject that follows


MONEY_PATTERNS = [
    re.compile(rf"(?P<symbol>{SYMBOL})\s?{_NUMBER}{_SCALE}?{_AFTER}"),
    re.compile(rf"(?<![\w])(?P<code>{CODE})\s?{_NUMBER}{_SCALE}?{_AFTER}"),
    re.compile(
        rf"{_BEFORE}{_NUMBER}{_SCALE}?[\s-]+(?P<currency>{_NATIONALITY}?(?:{WORD}|{CODE}))\b"
    ),
]
PERCENT = re.compile(
    rf"{_BEFORE}{_NUMBER}\s?(?P<unit>%|(?i:percentage\s+points?|per\s*cent|percent|pct)\b)"
)
AGE_PATTERNS = [
    re.compile(rf"{_BEFORE}{_NUMBER}[-\s](?i:years?|yr)[-\s](?i:old)\b"),
    re.compile(rf"\b(?i:aged)\s+{_NUMBER}{_AFTER}"),
    # "Lukashenko, 67, said": a name, then the age between commas.
    re.compile(r"\b[A-Z][a-z]+,\s(?P<number>\d{1,3}),(?=\s)"),
]
NUMBER = re.compile(
    rf"{_BEFORE}{_NUMBER}(?:\s+(?P<word>(?i:thousand|million|mln|billion|bln)))?{_AFTER}"
)
# Bare four-digit numbers in this range are years, never counts.
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")


def _scaled(match: re.Match[str]) -> float | None:
    number = parse_number(match.group("number"))
    if number is None:
        return None
    groups = match.groupdict()
    scale = (groups.get("short") or groups.get("word") or "").lower()
    value = number * SCALES.get(scale, 1.0)
    return value if math.isfinite(value) else None  # "$1e300 trillion" is no amount


def find_money(text: str) -> list[Quantity]:
    found = []
    for pattern in MONEY_PATTERNS:
        for match in pattern.finditer(text):
            value = _scaled(match)
            groups = match.groupdict()
            currency = currency_of(groups.get("symbol") or groups.get("code") or groups["currency"])
            if value is None or currency is None:
                continue
            if (groups.get("currency") or "").lower().endswith(CENTS):
                value /= 100
            found.append(
                Quantity(match.start(), match.end(), "money", value, currency, match.end())
            )
    return found


def find_percentages(text: str) -> list[Quantity]:
    found = []
    for match in PERCENT.finditer(text):
        value = parse_number(match.group("number"))
        if value is not None:
            points = "point" in match.group("unit").lower()
            unit = "percentage points" if points else "%"
            found.append(Quantity(match.start(), match.end(), "percent", value, unit, match.end()))
    return found


def find_ages(text: str) -> list[Quantity]:
    found = []
    for pattern in AGE_PATTERNS:
        for match in pattern.finditer(text):
            value = parse_number(match.group("number"))
            start = match.start() if pattern is not AGE_PATTERNS[-1] else match.start("number")
            end = match.end() if pattern is not AGE_PATTERNS[-1] else match.end("number")
            if value is not None and 0 < value < 130:
                found.append(Quantity(start, end, "age", value, "years", end))
    return found


def _in_name(text: str, start: int, raw: str) -> bool:
    """A capitalised number word inside a sentence is part of a name ("Group of Seven")."""
    if not raw[0].isupper() or raw[0].isdigit():
        return False
    before = text[max(0, start - 3) : start]
    return not (start == 0 or re.search(r"(?:[.!?:\n][\"”’)]?\s*|^\s*)$", before))


def find_numbers(text: str) -> list[Quantity]:
    """Every other standalone number, as a possible count (years left out)."""
    found = []
    for match in NUMBER.finditer(text):
        raw = match.group("number")
        if _YEAR.fullmatch(raw) or _in_name(text, match.start(), raw):
            continue
        value = _scaled(match)
        if value is not None:
            found.append(Quantity(match.start(), match.end(), "count", value, None, match.end()))
    return found
