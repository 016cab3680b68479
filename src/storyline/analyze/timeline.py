"""A story's timeline: its events on their dates, and the facts its articles date.

Entries come from two places. Each event is an entry on its date (or its range
when only estimated). Each sentence that dates something else ("On February 24
of this year, Lukashenko gave Russia permission…") is a background fact; the same
fact told by several articles becomes one entry citing all of them.

The timeline-summarisation form (Timeline17's task) is :mod:`storyline.analyze.tls`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.analyze.claims import word_overlap
from storyline.analyze.context import StoryContext
from storyline.analyze.summaries import Sentence
from storyline.model import Article, Citation, Enrichment, Event, TimelineEntry, TimeMention

Similarity = Callable[[str, str], float]
# Two sentences with the same date tell the same fact from this similarity on
# (word overlap of content words; see tests/analyze/test_timeline.py).
SAME_FACT = 0.5
# Periods longer than this are not dates a timeline can place ("the 1990s").
MAX_PERIOD_DAYS = 366


# What separates a factbox line's date from its text: "April 25 - …", "June 1: …".
_DATE_LABEL = re.compile(r"\s*(?:-{1,2}|–|—|:)\s+")


@dataclass(slots=True)
class DatedSentence:
    """A sentence and the period it refers to."""

    period: tuple[date, date]
    sentence: Sentence
    explicit: bool = True  # False: dated only by its article's publication date
    published: date | None = None  # the day the article citing it was published

    @property
    def granularity(self) -> str:
        days = (self.period[1] - self.period[0]).days
        return "day" if days == 0 else "month" if days <= 31 else "year"


def story_timeline(context: StoryContext, similar: Similarity | None = None) -> list[TimelineEntry]:
    """The story's events and background facts, by date."""
    entries = [_event_entry(context, event) for event in context.events]
    facts = background_facts(context, similar or word_overlap)
    return sorted(entries + facts, key=_entry_order)


def background_facts(context: StoryContext, similar: Similarity) -> list[TimelineEntry]:
    """Dated sentences that are not about the article's own event, merged across articles."""
    candidates = [
        dated
        for article_id, enrichment in context.enrichments.items()
        for dated in dated_sentences(context.articles[article_id], enrichment)
        if dated.explicit and not _is_own_event(context.event_of(article_id), dated.period)
    ]
    merged: list[list[DatedSentence]] = []
    # Only sentences of one period can tell one fact: each is compared within its period.
    of_period: dict[tuple[date, date], list[list[DatedSentence]]] = {}
    for dated in sorted(candidates, key=lambda d: (d.period, d.sentence.order)):
        groups = of_period.setdefault(dated.period, [])
        home = next((group for group in groups if _same_fact(group[0], dated, similar)), None)
        if home is None:
            merged.append([dated])
            groups.append(merged[-1])
        elif all(d.sentence.citation != dated.sentence.citation for d in home):
            home.append(dated)
    return [_fact_entry(context.story.id, group) for group in merged]


def dated_sentences(article: Article, enrichment: Enrichment) -> list[DatedSentence]:
    """Each sentence with each placeable period it mentions."""
    starts = [start for start, _ in enrichment.sentences]
    found: list[DatedSentence] = []
    for time in enrichment.times:
        period = placeable_period(time)
        index = bisect.bisect_right(starts, time.start) - 1
        if period is None or index < 0:
            continue
        sentence = _after_date_label(sentence_at(article, enrichment, index), time, article.text)
        found.append(DatedSentence(period, sentence, published=publication_day(article)))
    return found


def _after_date_label(sentence: Sentence, time: TimeMention, text: str) -> Sentence:
    """A factbox line without its date label: "April 25 - The Coast Guard says …" is the
    Coast Guard's sentence dated April 25 (the entry shows the date already)."""
    start = sentence.citation.start
    if text[start : time.start].strip(" *•\\-–—") or time.end > sentence.citation.end:
        return sentence
    label = _DATE_LABEL.match(text, time.end)
    if label is None or label.end() >= sentence.citation.end:
        return sentence
    citation = Citation(sentence.citation.article_id, label.end(), sentence.citation.end)
    return Sentence(text[label.end() : citation.end].strip(), citation, sentence.order)


def publication_day(article: Article) -> date | None:
    try:
        return date.fromisoformat(article.published[:10]) if article.published else None
    except ValueError:
        return None


def placeable_period(time: TimeMention) -> tuple[date, date] | None:
    """The period a DATE mention refers to, when it is short enough to place."""
    if time.type != "DATE" or time.range is None:
        return None
    try:
        low, high = date.fromisoformat(time.range[0]), date.fromisoformat(time.range[1])
    except ValueError:
        return None
    return (low, high) if 0 <= (high - low).days <= MAX_PERIOD_DAYS else None


def sentence_at(article: Article, enrichment: Enrichment, index: int) -> Sentence:
    start, end = enrichment.sentences[index]
    order = (article.published or "", article.id, f"{start:09d}")
    return Sentence(article.text[start:end].strip(), Citation(article.id, start, end), order)


def _is_own_event(event: Event | None, period: tuple[date, date]) -> bool:
    """Whether a mentioned period is the article's own event (its date, give or take a day)."""
    window = _event_period(event)
    if window is None:
        return False
    slack = timedelta(days=1)
    return window[0] - slack <= period[0] and period[1] <= window[1] + slack


def _event_period(event: Event | None) -> tuple[date, date] | None:
    if event is None:
        return None
    if event.date:
        day = date.fromisoformat(event.date[:10])
        return day, day
    if event.date_range:
        return date.fromisoformat(event.date_range[0]), date.fromisoformat(event.date_range[1])
    return None


def _same_fact(first: DatedSentence, other: DatedSentence, similar: Similarity) -> bool:
    if first.period != other.period:
        return False
    return similar(first.sentence.text, other.sentence.text) >= SAME_FACT


def _fact_entry(story_id: str, group: list[DatedSentence]) -> TimelineEntry:
    head = group[0]
    low, high = head.period
    granularity = head.granularity
    return TimelineEntry(
        date=low.isoformat() if granularity == "day" else None,
        date_range=None if granularity == "day" else (low.isoformat(), high.isoformat()),
        granularity=granularity,  # type: ignore[arg-type]
        text=head.sentence.text,
        story_id=story_id,
        event_id=None,
        citations=[d.sentence.citation for d in group],
    )


def _event_entry(context: StoryContext, event: Event) -> TimelineEntry:
    citations = [
        Citation(str(item["article_id"]), int(item["start"]), int(item["end"]))  # type: ignore[call-overload]
        for item in event.summary
    ]
    granularity = "day" if event.date else _range_granularity(event.date_range)
    return TimelineEntry(
        date=event.date,
        date_range=event.date_range,
        granularity=granularity,  # type: ignore[arg-type]
        text=event.title,
        story_id=context.story.id,
        event_id=event.id,
        citations=citations,
    )


def _range_granularity(date_range: tuple[str, str] | None) -> str:
    if date_range is None:
        return "year"
    days = (date.fromisoformat(date_range[1]) - date.fromisoformat(date_range[0])).days
    return "day" if days == 0 else "month" if days <= 31 else "year"


def _entry_order(entry: TimelineEntry) -> tuple[str, int]:
    key = entry.date or (entry.date_range[0] if entry.date_range else "9999")
    return key, 0 if entry.event_id else 1
