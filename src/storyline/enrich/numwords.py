"""Numbers written in words or digits: one shared reader for times and quantities.

``NUMBER`` matches "28", "1,500", "1.26", "2 1/2", "six", "twenty-eight", "a hundred
thirty", "two thousand"; ``parse_number`` turns such a match into a float.
"""

from __future__ import annotations

import math
import re

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Ordinals as words, for "the third quarter", "the 20th century" (digits handled apart).
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip

_WORD = "|".join(sorted([*SMALL, *TENS, *SCALES], key=len, reverse=True))
_LEADING_WORD = "|".join(sorted([*SMALL, *TENS], key=len, reverse=True))
# "twenty-eight", "a hundred thirty", "one hundred and twenty", "two thousand". A number
# never starts with a bare scale word: in "1.34 billion two weeks earlier" (Reuters-21578
# story 109) "billion two" is the end of one number and the start of another.
SPELLED = (
    rf"(?:(?:a|an)\s+(?:hundred|thousand|million|billion)|{_LEADING_WORD})"
    rf"(?:(?:-|\s+|\s+and\s+)(?:{_WORD}))*"
)
# "1,500", "1.26", "28", with an optional fraction: "2 1/2".
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s+1/2|\s+\d/\d)?|\.\d+"
NUMBER = rf"(?:{DIGITS}|(?i:\b{SPELLED}\b))"

_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


def parse_number(text: str) -> float | None:
    """The value of a number in digits or English words; None when it is not one.

    A number too large for a float ("9" written 400 times) is not one either: nothing
    downstream can compare, convert or store infinity.
    """
    cleaned = text.strip().lower().replace(",", "")
    if not cleaned:
        return None
    digits = cleaned[0].isdigit() or cleaned[0] == "."
    value = _parse_digits(cleaned) if digits else _parse_words(cleaned)
    return value if value is not None and math.isfinite(value) else None


def _parse_digits(text: str) -> float | None:
    """Digits with an optional trailing fraction ("2 1/2")."""
    whole, _, fraction = text.partition(" ")
    try:
        value = float(whole)
    except ValueError:
        return None
    if "/" in fraction:
        numerator, _, denominator = fraction.partition("/")
        if numerator.isdigit() and denominator.isdigit() and int(denominator):
            value += int(numerator) / int(denominator)
    return value


def _parse_words(text: str) -> float | None:
    """Sum-and-scale reading of English number words ("two hundred thirty thousand")."""
    total, current, seen = 0.0, 0.0, False
    for word in _TOKEN.findall(text.replace("-", " ")):
        if word in ("and",):
            continue
        if word in ("a", "an"):
            current, seen = current or 1.0, True
        elif word in SMALL or word in TENS:
            current, seen = current + SMALL.get(word, TENS.get(word, 0)), True
        elif word == "hundred":
            current, seen = (current or 1.0) * 100, True
        elif word in SCALES:
            total, current, seen = total + (current or 1.0) * SCALES[word], 0.0, True
        else:
            return None
    return total + current if seen else None
