"""Money, percentages and counts in languages with a :class:`NumberWords` table.

"$1,5 млрд", "500 млрд рублей", "1,26 Mrd. Euro", "3 milliards d'euros", "5 %",
"12 процентов", "28 Programme" become the same :class:`~storyline.model.Claim`\\ s the
English path writes, money normalised to US dollars and euros at the ECB rate of the
publication day (:mod:`storyline.enrich.quantity.currency`). A count needs a noun
right after it (its subject); years and numbers inside time expressions are never
counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from storyline.enrich.multilingual.lexicon import NumberWords
from storyline.enrich.multilingual.parsed import Parsed
from storyline.enrich.quantity.currency import SYMBOLS, convert, latest_rate_date
from storyline.model import Claim, content_hash

_COUNT_NOUNS = frozenset({"NOUN"})
# Thousands separated by a space, a no-break space, a dot (decimal comma languages) or
# a comma (decimal point), then an optional decimal part.
_NUMBER_COMMA = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER_POINT = r"\d{1,3}(?:[ \u00a0\u202f,]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SYMBOL = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))


@dataclass(slots=True)
class _Amount:
    kind: str
    start: int
    end: int
    value: float
    unit: str | None


def find_numbers(
    parsed: Parsed,
    article_id: str,
    published: str | None,
    words: NumberWords,
    time_spans: Sequence[tuple[int, int]] = (),
) -> list[Claim]:
    """Money, percentages and counts of a parsed article, in text order."""
    text = parsed.text
    taken = list(time_spans)
    found: list[_Amount] = []
    for amount in [*_money(text, words), *_percentages(text, words), *_counts(parsed, words)]:
        if not any(s < amount.end and amount.start < e for s, e in taken):
            found.append(amount)
            taken.append((amount.start, amount.end))
    on = date.fromisoformat(published[:10]) if published else latest_rate_date()
    claims = []
    for amount in sorted(found, key=lambda a: a.start):
        subject = _subject(parsed, amount, words)
        if amount.kind == "count" and subject is None:
            continue
        claims.append(_claim(article_id, amount, subject, on))
    return claims


def parse_amount(number: str, words: NumberWords) -> float | None:
    """ "1 500,5" -> 1500.5 with a decimal comma; "1,500.5" -> 1500.5 with a point."""
    cleaned = re.sub(r"[ \u00a0\u202f]", "", number)
    if words.decimal_comma:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _number(words: NumberWords) -> str:
    return _NUMBER_COMMA if words.decimal_comma else _NUMBER_POINT


def _keys(table: Iterable[str]) -> str:
    keys = sorted(table, key=len, reverse=True)
    return "|".join(re.escape(k) + ("" if k.endswith(".") else r"(?!\w)") for k in keys)


def _money(text: str, words: NumberWords) -> list[_Amount]:
    number = _number(words)
    scale = rf"(?:\s*(?P<scale>{_keys(words.scales)}))?"
    currency = rf"(?P<currency>{_keys(words.currencies_after)})"
    patterns = [
        # "$1,5 млрд", "€ 3 Mio.", "1,26 Mrd. €"
        rf"(?P<symbol>{_SYMBOL})\s?(?P<number>{number}){scale}",
        # "500 млрд рублей", "1,26 Mrd. Euro", "3 milliards d'euros", "10 Mio. €"
        rf"(?P<number>{number}){scale}\s*(?:(?i:de|d['’])\s*)?(?:{currency}|(?P<symbol>{_SYMBOL}))",
    ]
    found = []
    for pattern in patterns:
        for match in re.finditer(rf"(?<![\w.,]){pattern}", text, flags=re.IGNORECASE):
            value = parse_amount(match.group("number"), words)
            symbol, word = match.groupdict().get("symbol"), match.groupdict().get("currency")
            unit = SYMBOLS.get(symbol or "") or words.currencies_after.get((word or "").casefold())
            if value is None or unit is None:
                continue
            multiplier = words.scales.get((match.group("scale") or "").casefold(), 1.0)
            found.append(_Amount("money", match.start(), match.end(), value * multiplier, unit))
    return found


def _percentages(text: str, words: NumberWords) -> list[_Amount]:
    signs = "|".join(re.escape(p) for p in sorted(words.percent, key=len, reverse=True))
    pattern = rf"(?<![\w.,])(?P<number>{_number(words)})\s?(?:%|(?i:{signs})(?!\w))"
    found = []
    for match in re.finditer(pattern, text):
        value = parse_amount(match.group("number"), words)
        if value is not None:
            found.append(_Amount("percent", match.start(), match.end(), value, "%"))
    return found


def _counts(parsed: Parsed, words: NumberWords) -> list[_Amount]:
    """Numbers followed by a noun, with a scale word between if any ("5 млн человек")."""
    pattern = re.compile(rf"(?<![\w.,])(?P<number>{_number(words)})(?![\w])"
                         rf"(?:\s*(?P<scale>{_keys(words.scales)}))?")  # fmt: skip
    found = []
    for match in pattern.finditer(parsed.text):
        value = parse_amount(match.group("number"), words)
        if value is None or re.fullmatch(r"1[5-9]\d\d|20\d\d", match.group("number")):
            continue
        multiplier = words.scales.get((match.group("scale") or "").casefold(), 1.0)
        found.append(_Amount("count", match.start(), match.end(), value * multiplier, None))
    return found


def _subject(parsed: Parsed, amount: _Amount, words: NumberWords) -> str | None:
    """The noun after the amount ("28 программ" -> "программа"), for counts; for money
    and percentages the noun before it when there is one in the clause."""
    index = parsed.token_index(amount.end)
    following = parsed.tokens[index : index + 3]
    if amount.kind == "count":
        for token in following[:2]:
            if token.pos in _COUNT_NOUNS and token.start - amount.end < 4:
                return token.lemma or token.text
            if token.pos not in ("ADJ",):
                return None
        return None
    at = parsed.token_index(amount.start)
    units = {*words.scales, *words.currencies_after, *words.percent}
    nouns = [
        t for t in parsed.tokens[max(0, at - 6) : at]
        if t.pos in _COUNT_NOUNS and t.text.casefold() not in units
    ]  # fmt: skip
    return (nouns[-1].lemma or nouns[-1].text) if nouns else None


def _claim(article_id: str, amount: _Amount, subject: str | None, on: date) -> Claim:
    normalized: dict[str, object] = {"value": amount.value, "unit": amount.unit}
    if amount.kind == "money" and amount.unit:
        for target, key in (("USD", "usd"), ("EUR", "eur")):
            if amount.unit == target:
                normalized[key] = amount.value
                continue
            result = convert(amount.value, amount.unit, target, on)
            if result is not None:
                normalized[key], normalized["rate_date"] = result[0], result[1].isoformat()
    if amount.kind == "count":
        normalized = {"value": amount.value}
    return Claim(
        id=content_hash(article_id, str(amount.start), str(amount.end)),
        kind=amount.kind, value=amount.value,
        unit=None if amount.kind == "count" else amount.unit, article_id=article_id,
        start=amount.start, end=amount.end, subject=subject, normalized=normalized,
    )  # fmt: skip
