"""Timeline summarisation (Timeline17's task): the ``length`` days that matter most in
a date range, each told in ``per_date`` sentences.

Candidates are every sentence that dates a day (a time expression the language stage
placed on one day; a factbox line without its "April 25 -" label), and the first
``LEADING_SENTENCES`` sentences of each article that date nothing themselves, on its
publication day and the day before (news-tls's "datewise" collector does the same).

**Which days.** A day scores by how many articles bring it up, and by when they do:
each article mentioning it counts once, and ``LATER_WEIGHT`` more when it was published
over ``LATER_DAYS`` after the day (a day still recalled later is a turning point of the
story, not just the news of that day); a mention of a day still ahead when the article
appeared (a plan, a scheduled hearing) counts nothing; each article published that day
adds ``PUBLICATION_WEIGHT``.

**Which sentences.** Lines repeated word for word in several articles (site furniture,
a wire's factbox) are one candidate, and dropped when they date nothing; datelines and
fragments ("LONDON | Wed Jun 9 , 2010 3:02 pm EDT") are not prose and not candidates.
A day's candidates are summarised by MMR over their TF-IDF vectors
(:mod:`storyline.analyze.summaries`).

Tried and left out, measured on the same timelines: the story's events' summary
sentences as candidates on the event's day (AR-1 0.155 -> 0.151) or as extra weight of
the day (date F1 down); one TF-IDF vocabulary for the whole collection (AR-1 0.148).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from datetime import date, timedelta

from storyline.analyze.summaries import MAX_WORDS, MIN_WORDS, Sentence, mmr, tfidf_vectors
from storyline.analyze.timeline import DatedSentence, dated_sentences, publication_day, sentence_at
from storyline.model import Article, Enrichment

# Day weights, set on Timeline17's eight dev timelines (eval/timeline17.py; date F1
# 0.585 -> 0.689 with distinct articles instead of sentences, then these). Not swept
# finely: 2 and 0.25 are the round values of a coarse grid.
LATER_WEIGHT = 2.0
LATER_DAYS = 7
PUBLICATION_WEIGHT = 0.25
# Leading sentences of an article stand for its publication day and the day before
# (news-tls's datewise collector takes the first 5 and 2 days).
LEADING_SENTENCES = 5
PUBLICATION_DAYS = 2
# Prose has function words: a candidate needs this many lowercase words.
MIN_LOWERCASE_WORDS = 4
# Relevance against novelty in a day's summary (MMR).
MMR_WEIGHT = 0.7
# A line found word for word in this many articles is furniture or a factbox line.
REPEATED_LINE_ARTICLES = 3


def tls_candidates(
    articles: Mapping[str, Article], enrichments: Iterable[Enrichment]
) -> list[DatedSentence]:
    """Every dated sentence of a collection (duplicates and skipped articles left out)."""
    found: list[DatedSentence] = []
    for enrichment in enrichments:
        article = articles.get(enrichment.article_id)
        if article is None or enrichment.skipped or article.duplicate_of:
            continue
        dated = dated_sentences(article, enrichment)
        own = {d.sentence.citation.start for d in dated if d.granularity == "day"}
        found += dated + publication_sentences(article, enrichment, own)
    return _without_furniture(found)


def publication_sentences(
    article: Article, enrichment: Enrichment, skip: Set[int] = frozenset()
) -> list[DatedSentence]:
    """An article's leading sentences that date nothing themselves, on its publication
    day and the ``PUBLICATION_DAYS - 1`` days before (news of "yesterday")."""
    day = publication_day(article)
    if day is None:
        return []
    found = []
    for index in range(min(LEADING_SENTENCES, len(enrichment.sentences))):
        sentence = sentence_at(article, enrichment, index)
        if sentence.citation.start in skip:
            continue
        for back in range(PUBLICATION_DAYS):
            when = day - timedelta(days=back)
            found.append(DatedSentence((when, when), sentence, False, day))
    return found


def tls_timeline(
    candidates: Sequence[DatedSentence],
    length: int,
    date_range: tuple[date, date] | None = None,
    per_date: int = 1,
) -> dict[date, list[Sentence]]:
    """The ``length`` days that score highest (within ``date_range``), each summarised."""
    by_day: defaultdict[date, list[DatedSentence]] = defaultdict(list)
    for item in candidates:
        if item.granularity == "day" and _within(item.period[0], date_range):
            by_day[item.period[0]].append(item)
    scores = day_scores(by_day)
    chosen = sorted(scores, key=lambda day: (-scores[day], day))[:length]
    return {day: _summary(by_day[day], per_date) for day in sorted(chosen)}


def day_scores(by_day: Mapping[date, Sequence[DatedSentence]]) -> dict[date, float]:
    """Each day's weight from the articles that mention it and those published on it."""
    scores: dict[date, float] = {}
    for day, items in by_day.items():
        score, counted = 0.0, set()
        for item in items:
            article = item.sentence.citation.article_id
            if article in counted:
                continue
            counted.add(article)
            score += _mention_weight(day, item)
        scores[day] = score
    return scores


def _mention_weight(day: date, item: DatedSentence) -> float:
    if not item.explicit:
        return PUBLICATION_WEIGHT if item.published == day else 0.0
    if item.published is None:
        return 1.0
    if item.published < day:
        return 0.0  # still ahead when written: a plan, not yet an event
    return 1.0 + (LATER_WEIGHT if item.published - day > timedelta(days=LATER_DAYS) else 0.0)


def _summary(items: Sequence[DatedSentence], per_date: int) -> list[Sentence]:
    pool = _unique(d.sentence for d in items)
    candidates = [s for s in pool if _readable(s.text)] or pool
    if len(candidates) <= per_date:
        return sorted(candidates, key=lambda s: s.order)
    chosen = mmr(tfidf_vectors([s.text for s in candidates]), per_date, MMR_WEIGHT)
    return sorted((candidates[i] for i in chosen), key=lambda s: s.order)


def _readable(text: str) -> bool:
    """A sentence of prose: not a fragment, a run-on, or a dateline ("LONDON | Wed Jun 9 ,
    2010 3:02 pm EDT"), which has almost no lowercase words."""
    words = text.split()
    lowercase = sum(word.isalpha() and word.islower() for word in words)
    return MIN_WORDS <= len(words) <= MAX_WORDS and lowercase >= MIN_LOWERCASE_WORDS


def _without_furniture(found: list[DatedSentence]) -> list[DatedSentence]:
    """One candidate per repeated line; repeated lines that date nothing are dropped."""
    articles: defaultdict[str, set[str]] = defaultdict(set)
    for item in found:
        articles[item.sentence.text].add(item.sentence.citation.article_id)
    kept, seen = [], set()
    for item in found:
        text = item.sentence.text
        if len(articles[text]) >= REPEATED_LINE_ARTICLES:
            if not item.explicit or (text, item.period) in seen:
                continue
            seen.add((text, item.period))
        kept.append(item)
    return kept


def _unique(sentences: Iterable[Sentence]) -> list[Sentence]:
    seen: dict[str, Sentence] = {}
    for sentence in sentences:
        seen.setdefault(sentence.text, sentence)
    return list(seen.values())


def _within(day: date, date_range: tuple[date, date] | None) -> bool:
    return date_range is None or date_range[0] <= day <= date_range[1]
