"""Temporal expressions in an article, normalised to TimeML values and calendar ranges.

A rule-based recogniser in the spirit of HeidelTime: patterns find the expressions
(``enrich.timex`` rule tables), each is read into what it means ("the Thursday before
publication", "three years after the previous date"), then placed on the calendar
against the publication date, or against the previous date the text mentioned for
anaphoric ones ("three years later"). The placing rules are in ``timex.resolve``.

When only an estimated ``published_range`` is known, every expression is placed against
both ends of it: the value keeps what both agree on (``XXXX-01`` for "in January" when
the year is uncertain) and the range covers every possibility.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import TYPE_CHECKING

from storyline.enrich.timex.periods import Period, narrow
from storyline.enrich.timex.readings import Reading
from storyline.enrich.timex.recognise import Candidate, recognise
from storyline.enrich.timex.resolve import Context, Placed, resolve
from storyline.model import TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Future-tense cues in the clause before a mention ("will meet on Thursday"). A later
# past cue ("said Thursday it will") wins, so reported speech stays in the past.
_FUTURE_CUES = re.compile(
    r"(?i:\b(?:will|shall|wo|going\s+to|set\s+to|scheduled\s+(?:to|for)|due\s+(?:to|on)|"
    r"expected\s+to|plans?\s+to|planned\s+to|planning\s+to|intends?\s+to|is\s+to|are\s+to|until|till)\b|'ll\b)"
)
_PAST_CUES = re.compile(r"(?i:\b(?:said|says|told|announced|reported|added|was|were|had|did)\b)")
# How far back the tense cue may be: about a clause (calibrated on TimeBank's weekdays,
# 80 characters keeps "said Friday it will" in the past and "will resume Monday" future).
TENSE_WINDOW_CHARS = 80
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n")


def find_times(
    text: str,
    article_id: str,
    published: str | None,
    published_range: tuple[str, str] | None,
    doc: Doc | None = None,
) -> list[TimeMention]:
    """Every temporal expression in ``text`` with its TimeML type, value and date range.

    Args:
        text: the article's cleaned text; offsets in the result point into it.
        article_id: copied into each mention.
        published: ISO publication date (or datetime), the reference for "yesterday".
        published_range: ``[from, to]`` when the date is only estimated.
        doc: a spaCy parse of ``text``; when given, its sentences and verb tenses are used.

    Returns:
        Mentions in text order; ``range`` is ``[from, to]`` ISO dates for dates and
        intervals, None for durations, sets and unresolvable values.

    Example:
        >>> [(m.text, m.value) for m in find_times("He left on Friday.", "a", "2022-07-02", None)]
        [('Friday', '2022-07-01')]
    """
    candidates = recognise(text)
    if not candidates:
        return []
    sentences = _sentence_starts(text, doc)
    futures = [_is_future(text, c, sentences, doc) for c in candidates]
    return place_candidates(
        text, article_id, published, published_range, candidates, sentences, futures
    )


def place_candidates(
    text: str,
    article_id: str,
    published: str | None,
    published_range: tuple[str, str] | None,
    candidates: list[Candidate],
    sentences: list[int],
    futures: list[bool],
) -> list[TimeMention]:
    """Place recognised expressions on the calendar (any language's recogniser).

    ``sentences`` are the sentence start offsets, ``futures`` whether each candidate's
    clause speaks of the future.
    """
    passes = [
        _place_all(candidates, sentences, futures, reference)
        for reference in _references(published, published_range)
    ]
    return [
        _mention(text, article_id, candidate, [placed[index] for placed in passes])
        for index, candidate in enumerate(candidates)
    ]


def _references(
    published: str | None, published_range: tuple[str, str] | None
) -> list[date | None]:
    """The publication date, else both ends of its estimate, else nothing."""
    day = publication_day(published)
    if day is not None:
        return [day]
    if published_range:
        ends = [publication_day(end) for end in published_range]
        if ends[0] is not None and ends[1] is not None:
            return list(ends)
    return [None]


def publication_day(published: str | None) -> date | None:
    """The day an ISO date or datetime names; None when it names none (posted metadata
    is free text: "2020-13-45" must leave the article undated, not fail it)."""
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _place_all(
    candidates: list[Candidate], sentences: list[int], futures: list[bool], reference: date | None
) -> list[tuple[Placed, date | None]]:
    """Resolve in text order, moving the anchor to each date placed."""
    context = Context(reference=reference)
    placed: list[tuple[Placed, date | None]] = []
    for candidate, future in zip(candidates, futures, strict=True):
        context.sentence = bisect.bisect_right(sentences, candidate.start)
        context.future = future
        result = resolve(candidate.reading, context)
        placed.append((result, reference))
        if candidate.reading.anchors and result.period is not None:
            context.anchor, context.anchor_sentence = result.period, context.sentence
    return placed


def _mention(
    text: str, article_id: str, candidate: Candidate, placed: list[tuple[Placed, date | None]]
) -> TimeMention:
    reading = candidate.reading
    values = [result.value for result, _ in placed]
    ranges = [_range(reading, result.period, reference) for result, reference in placed]
    value = values[0]
    for other in values[1:]:
        value = merge_values(value, other)
    known = [r for r in ranges if r is not None]
    span = (
        (min(r[0] for r in known).isoformat(), max(r[1] for r in known).isoformat())
        if known
        else None
    )
    kind = "TIME" if reading.type == "DATE" and reading.suffix.startswith("T") else reading.type
    return TimeMention(
        article_id, candidate.start, candidate.end, text[candidate.start : candidate.end],
        kind, value, span,
    )  # fmt: skip


def _range(
    reading: Reading, period: Period | None, reference: date | None
) -> tuple[date, date] | None:
    """The days the expression covers, narrowed by early/mid/late or by "earlier this …"."""
    if period is None:
        return None
    if reading.part == "before" and reference is not None:
        return period.start, max(min(period.end, reference), period.start)
    if reading.part == "after" and reference is not None:
        return min(max(period.start, reference), period.end), period.end
    part = reading.part if reading.part not in ("before", "after") else None
    return narrow(period, part)


def merge_values(first: str | None, second: str | None) -> str | None:
    """What two values agree on: digits of differing components become X
    ("2021-01" and "2020-01" give "XXXX-01"; "2020-W36" and "2021-W37" give "XXXX-WXX")."""
    if first is None or second is None or first == second:
        return first if first == second else None
    left, right = first.split("-"), second.split("-")
    if len(left) != len(right):
        return None
    merged = (a if a == b else re.sub(r"\d", "X", a) for a, b in zip(left, right, strict=True))
    return "-".join(merged)


def _sentence_starts(text: str, doc: Doc | None) -> list[int]:
    if doc is not None:
        return [sentence.start_char for sentence in doc.sents]
    return [0, *(match.end() for match in _SENTENCE_END.finditer(text))]


def _is_future(text: str, candidate: Candidate, sentences: list[int], doc: Doc | None) -> bool:
    """Whether the mention's clause speaks of the future (see ``timex.resolve``)."""
    if doc is not None:
        return _doc_future(doc, candidate.start, candidate.end)
    sentence_start = sentences[bisect.bisect_right(sentences, candidate.start) - 1]
    window = text[max(sentence_start, candidate.start - TENSE_WINDOW_CHARS) : candidate.start]
    future = [m.start() for m in _FUTURE_CUES.finditer(window)]
    past = [m.start() for m in _PAST_CUES.finditer(window)]
    return bool(future) and (not past or future[-1] > past[-1])


def _doc_future(doc: Doc, start: int, end: int) -> bool:
    """The verb governing the mention has a "will"/"shall" auxiliary or is "going to"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    auxiliaries = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
    return bool(auxiliaries & {"will", "shall", "'ll", "wo"}) or _going_to(verb)


def _going_to(verb: object) -> bool:
    head = getattr(verb, "head", None)
    return head is not None and getattr(head, "lower_", "") in (
        "going",
        "scheduled",
        "set",
        "due",
        "expected",
    )
