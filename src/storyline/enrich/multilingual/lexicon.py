"""The words of one language that the shared annotators look for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.enrich.timex.rule import Rule


@dataclass(frozen=True, slots=True)
class NumberWords:
    """How a language writes amounts: scale words, currencies, percent signs.

    Keys are lower-case; a key ending in "." must be written with its full stop.
    ``decimal_comma`` says "1,5" is one and a half (German, Russian, French) and "1.000"
    a thousand.
    """

    scales: dict[str, float]
    currencies_after: dict[str, str]  # "рублей" -> RUB, "euro" -> EUR
    percent: tuple[str, ...]  # words after a number that make it a percentage
    decimal_comma: bool = True


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Words of a language for chains, quotes, times and numbers.

    Attributes:
        code: ISO 639-1 code of the language.
        speech_lemmas: lemmas of verbs (or nouns) that introduce speech ("сказать",
            "sagen", "déclarer").
        according: phrases that put a source before what it said ("по словам",
            "laut", "selon"); matched case-insensitively before a name.
        according_after: postpositions after the source ("zufolge").
        complementizers: words opening a reported clause ("что", "dass", "que").
        titles: lower-case words that stand before a name without being part of it
            ("президент", "Kanzlerin", "M.").
        pronouns: lower-case personal pronouns that may stand for a speaker.
        time_rules: the recogniser rules of temporal expressions.
        future: a pattern of future-tense cues in the clause before a time expression.
        numbers: how amounts are written.
    """

    code: str
    speech_lemmas: frozenset[str]
    according: tuple[str, ...]
    complementizers: frozenset[str]
    titles: frozenset[str]
    pronouns: frozenset[str]
    time_rules: tuple[Rule, ...]
    numbers: NumberWords
    according_after: tuple[str, ...] = ()
    future: re.Pattern[str] | None = None
    dialogue_dashes: bool = False
