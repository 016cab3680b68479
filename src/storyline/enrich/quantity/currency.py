"""Currencies: which one a symbol or word names, and conversion at the ECB's daily rates.

Rates come from the ECB history bundled with the ``currencyconverter`` package (no
download). A date outside a currency's history falls back to its nearest bound, a
missing day (weekend, holiday) is interpolated; the date the rate was taken at is
recorded beside the converted amounts.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from currency_converter import CurrencyConverter  # type: ignore[import-untyped]

# Symbols and prefixes before an amount. "$" alone is the US dollar, as in most English
# news; other dollars carry their prefix (C$, A$, HK$).
SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD",
    "AU$": "AUD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "Rs": "INR", "Rs.": "INR", "₽": "RUB", "₺": "TRY", "zł": "PLN",
    "R$": "BRL", "CHF": "CHF", "Fr.": "CHF",
}  # fmt: skip
# Words after an amount ("1.5 billion dollars", "600 million Belarusian rubles").
WORDS = {
    "dollar": "USD", "us dollar": "USD", "u.s. dollar": "USD", "american dollar": "USD",
    "canadian dollar": "CAD", "australian dollar": "AUD", "hong kong dollar": "HKD",
    "euro": "EUR", "pound": "GBP", "pound sterling": "GBP", "sterling": "GBP", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "ruble": "RUB", "rouble": "RUB", "russian ruble": "RUB",
    "belarusian ruble": "BYN", "rupee": "INR", "indian rupee": "INR", "swiss franc": "CHF",
    "franc": "CHF", "zloty": "PLN", "korean won": "KRW", "lira": "TRY", "rand": "ZAR",
    "krona": "SEK", "krone": "NOK", "hryvnia": "UAH", "peso": "MXN", "brazilian real": "BRL",
    "shekel": "ILS", "cent": "USD",
    # Wire-service shorthand ("1.23 dlrs", "13 cts", "50 mln stg").
    "dlr": "USD", "ct": "USD", "stg": "GBP",
}  # fmt: skip
# Words whose amount is in hundredths of the currency they name.
CENTS = ("cent", "cents", "ct", "cts")
CODES = (
    "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "CNY", "RUB", "INR", "BYN",
    "UAH", "PLN", "TRY", "SEK", "NOK", "DKK", "KRW", "BRL", "MXN", "ZAR", "HKD", "SGD",
)  # fmt: skip


def _alternatives(keys: list[str]) -> str:
    return "|".join(re.escape(key) for key in sorted(keys, key=lambda k: (-len(k), k)))


SYMBOL = _alternatives(list(SYMBOLS))
WORD = rf"(?i:{_alternatives(list(WORDS))})(?:e?s)?"
CODE = "|".join(CODES)


def currency_of(text: str) -> str | None:
    """ISO code for a symbol, code or currency word ("€", "EUR", "euros", "Belarusian rubles")."""
    cleaned = re.sub(r"\s+", " ", text.strip())
    if cleaned in SYMBOLS:
        return SYMBOLS[cleaned]
    if cleaned.upper() in CODES:
        return cleaned.upper()
    phrase = cleaned.lower()
    for words in (phrase, phrase.split(" ")[-1]):  # "Canadian cents": at least "cents"
        for candidate in (words, words.removesuffix("s"), words.removesuffix("es")):
            if candidate in WORDS:
                return WORDS[candidate]
    return None


@lru_cache(maxsize=1)
def converter() -> CurrencyConverter:
    """The bundled ECB history, loaded once per process."""
    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def convert(amount: float, source: str, target: str, on: date) -> tuple[float, date] | None:
    """``amount`` of ``source`` in ``target`` at the rate of ``on`` (or the nearest date
    the history has), with the date used; None for a currency the ECB does not quote."""
    rates = converter()
    if source not in rates.currencies or target not in rates.currencies:
        return None
    used = _rate_date(on, source, target)
    return float(rates.convert(amount, source, target, date=used)), used


def _rate_date(on: date, *currencies: str) -> date:
    """``on`` clamped into the history every currency shares (EUR is the reference)."""
    bounds = [converter().bounds[c] for c in currencies if c != "EUR"]
    if not bounds:
        return on
    first = max(b.first_date for b in bounds)
    last = min(b.last_date for b in bounds)
    return min(max(on, first), last)


def latest_rate_date() -> date:
    """The last day of the bundled history: the rate date when an article has no date."""
    return converter().bounds["USD"].last_date
