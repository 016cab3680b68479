"""Checkable numbers in an article: money, counts, percentages and ages, as ``Claim``\\ s.

Each claim carries its value normalised (``{"value": 1.26e9, "unit": "EUR"}``) and what
it is about (``subject``). Money is also given in US dollars and euros at the ECB rate
of the publication date, so "€1.26bn" and "$1.5 billion" in two articles can be
compared. Years, dates and durations are times (``enrich.times``), never counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from storyline.enrich.quantity import patterns
from storyline.enrich.quantity.currency import convert, latest_rate_date
from storyline.enrich.quantity.patterns import Quantity
from storyline.enrich.quantity.subjects import (
    is_subject,
    noun_phrase_after,
    noun_phrase_before_of,
    subject_from_doc,
)
from storyline.enrich.times import find_times, publication_day
from storyline.extract.dates import estimate_range
from storyline.model import Claim, content_hash

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Numbers listed together share what follows them: "six, seven road maps", "10 or 12 dead".
_LIST_JOINER = re.compile(r"\s*(?:,|or|and|to|-|–)\s*")
# "out of 33", "of a total of 33": the whole the previous count is part of.
_TOTAL_LEAD = re.compile(r"(?i:\bout\s+of|\bof\s+a\s+total\s+of)\s+$")
# The count a total refers to is close before it, in the same clause.
TOTAL_WINDOW_CHARS = 60


def find_numbers(
    text: str,
    article_id: str,
    published: str | None,
    doc: Doc | None = None,
    time_spans: Sequence[tuple[int, int]] | None = None,
) -> list[Claim]:
    """Money, counts, percentages and ages in ``text``, each with its subject.

    Args:
        text: the article's cleaned text; offsets in the result point into it.
        article_id: copied into each claim and part of its id.
        published: ISO publication date, the date of the exchange rates used.
        doc: a spaCy parse of ``text``; when given, subjects come from its dependencies.
        time_spans: the temporal expressions' offsets when the caller has found them
            already (they do not depend on the publication date); else found here.

    Returns:
        Claims in text order. A bare number is kept only when something it counts
        can be found; years and numbers inside temporal expressions are left out.

    Example:
        >>> found = find_numbers("They signed 28 programs.", "a", None)
        >>> [(c.kind, c.value, c.subject) for c in found]
        [('count', 28.0, 'programs')]
    """
    if time_spans is None:
        time_spans = [(m.start, m.end) for m in find_times(text, article_id, published, None, doc)]
    taken = list(time_spans)
    quantities: list[Quantity] = []
    for found in (
        patterns.find_money(text), patterns.find_percentages(text), patterns.find_ages(text),
        patterns.find_numbers(text),
    ):  # fmt: skip
        for quantity in sorted(found, key=lambda q: q.start - q.end):
            if not _overlaps(quantity, taken):
                quantities.append(quantity)
                taken.append((quantity.start, quantity.end))
    quantities.sort(key=lambda q: q.start)
    subjects = _subjects(text, quantities, doc)
    rate_date = _rate_date(published, text)
    claims = []
    for quantity, subject in zip(quantities, subjects, strict=True):
        if quantity.kind == "count" and subject is None:
            continue  # a number counting nothing we can name is not checkable
        claims.append(_claim(article_id, quantity, subject, rate_date))
    return claims


def _overlaps(quantity: Quantity, taken: list[tuple[int, int]]) -> bool:
    return any(start < quantity.end and quantity.start < end for start, end in taken)


def _subjects(text: str, quantities: list[Quantity], doc: Doc | None) -> list[str | None]:
    """Each quantity's subject; listed numbers share the last one's, totals the previous count's."""
    subjects = [_subject(text, quantity, doc) for quantity in quantities]
    for index in range(len(quantities) - 2, -1, -1):
        this, following = quantities[index], quantities[index + 1]
        listed = _LIST_JOINER.fullmatch(text[this.end : following.start])
        if this.kind == following.kind == "count" and listed and subjects[index + 1]:
            subjects[index] = subjects[index + 1]
    for index in range(1, len(quantities)):
        quantity, before = quantities[index], quantities[index - 1]
        is_total = _TOTAL_LEAD.search(text[max(0, quantity.start - 20) : quantity.start])
        close = quantity.start - before.end <= TOTAL_WINDOW_CHARS
        if quantity.kind == before.kind == "count" and is_total and close and not subjects[index]:
            subjects[index] = subjects[index - 1]
            quantity.unit = "total"
    return subjects


def _subject(text: str, quantity: Quantity, doc: Doc | None) -> str | None:
    found = _found_subject(text, quantity, doc)
    return found if is_subject(found) else None


def _found_subject(text: str, quantity: Quantity, doc: Doc | None) -> str | None:
    if doc is not None:
        parsed = subject_from_doc(doc, quantity.start, quantity.end, quantity.kind)
        if is_subject(parsed):
            return parsed
    if quantity.kind == "age":
        return _age_subject(text, quantity)
    if quantity.kind == "money":
        before = noun_phrase_before_of(text, quantity.start)
        return before or noun_phrase_after(text, quantity.end)
    if quantity.kind == "percent":
        return (
            noun_phrase_after(text, quantity.end) if text.startswith(" of", quantity.end) else None
        )
    return noun_phrase_after(text, quantity.end)


def _age_subject(text: str, quantity: Quantity) -> str | None:
    """ "The 69-year-old Russian leader", or the name before "Lukashenko, 67,"."""
    name = re.search(r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*),\s$", text[: quantity.start])
    if name:
        return name.group(1)
    return noun_phrase_after(text, quantity.end, proper=True)


def _rate_date(published: str | None, text: str) -> date:
    """The day whose exchange rates apply: publication, else the middle of the range
    estimated from the dates the text mentions, else the latest day the rates cover."""
    day = publication_day(published)
    if day is not None:
        return day
    estimate = estimate_range(text)
    if estimate:
        first, last = (date.fromisoformat(end[:10]) for end in estimate)
        return first + (last - first) / 2
    return latest_rate_date()


def _claim(article_id: str, quantity: Quantity, subject: str | None, on: date) -> Claim:
    normalized: dict[str, object] = {"value": quantity.value, "unit": quantity.unit}
    unit = quantity.unit
    if quantity.kind == "money":
        normalized.update(_in_dollars_and_euros(quantity.value, str(quantity.unit), on))
    if quantity.kind == "count":
        normalized = {"value": quantity.value}
        if quantity.unit == "total":
            normalized["role"] = "total"
        unit = None
    return Claim(
        id=content_hash(article_id, str(quantity.start), str(quantity.end)),
        kind=quantity.kind, value=quantity.value, unit=unit, article_id=article_id,
        start=quantity.start, end=quantity.end, subject=subject, normalized=normalized,
    )  # fmt: skip


def _in_dollars_and_euros(value: float, currency: str, on: date) -> dict[str, object]:
    """``usd`` and ``eur`` amounts and the ``rate_date`` used; nothing for unquoted currencies."""
    converted: dict[str, object] = {}
    for target, key in (("USD", "usd"), ("EUR", "eur")):
        if currency == target:
            converted[key] = value
            continue
        result = convert(value, currency, target, on)
        if result is not None:
            converted[key], converted["rate_date"] = result[0], result[1].isoformat()
    return converted
