"""Dating undated articles from what they say, and from what the corpus knows.

The extractor gives an undated article a range starting at the latest date it
mentions (``storyline.extract.dates.estimate_range``), or nothing. Once the corpus is
enriched, two kinds of evidence narrow it:

- **a duration since a dated event**: "seven months of protests since a disputed
  presidential election", with the election dated (August 2020) by the article itself
  or by other articles, puts publication seven months after it, give or take half a
  month;
- **a relative date of a one-off event** that other articles date absolutely: "since
  last year's presidential election" in an undated article, and "the 9 August
  presidential polls" in a dated one, put publication in the year after the election.

Then the article inherits from the coverage of its event and its duplicate group
(:mod:`storyline.link.coverage`; the event and duplicate links come from later phases,
so this happens on the orchestrator's next walk of the graph). There an undated
article counts with the range of its own evidence, never with one it inherited.

Other articles count only when they are dated (``metadata`` or ``text``), so dating
never feeds on its own guesses, and when they share at least :data:`RELATED_ENTITIES`
entities with the article (the same election, not any election). Evidence that
contradicts the rest is dropped and said so. The narrowed range replaces the article's
estimate (basis ``estimated``); the evidence is kept as readable lines. A re-dated
article is logged as an ``estimate`` change, so the orchestrator enriches it again and
its relative dates ("last year") are placed anew.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from storyline.enrich.date_claims import EVENT_NOUNS
from storyline.enrich.times import find_times
from storyline.link.coverage import Coverage, inherited, narrowed
from storyline.model import Article, Claim, Enrichment
from storyline.options import AnalyzeOptions
from storyline.progress import Reporter
from storyline.steps import Delta
from storyline.store import Store
from storyline.store.kinds import ARTICLE, DUPLICATE, ENRICHMENT, ENTITY_ARTICLE, EVENT_ARTICLE
from storyline.store.update import PostingsWrite, ResultItem, ResultsWrite, Update

DATING_VERSION = "3"  # 3: undated articles inherit from their event's coverage
EVENT_DATES, NEEDS, COVERED = "date-event", "date-need", "date-covered"
DATING = "dating"  # results kind: per article, its extracted base range and the evidence
# Entities an article must share with a dated one for the latter's date of an event to
# count ("the election" of Belarus, not of the United States).
RELATED_ENTITIES = 2
# Dates of one event closer than this are the same date told differently.
SAME_DATE_DAYS = 31
# How far from the event date a relative reference is tried ("last year", "two years
# ago"): publication within 15 years of the event.
SEARCH_YEARS = 15
# "seven months since": counting is loose, so half a unit either way.
_SINCE = re.compile(r"^[^.!?;]{0,60}?\bsince\b(?P<after>[^.!?;]{0,60})", re.IGNORECASE)
_DURATION = re.compile(r"^P(?P<n>\d+)(?P<unit>[YMWD])$")
_UNIT_DAYS = {"Y": 365.25, "M": 30.44, "W": 7.0, "D": 1.0}
_DATED = ("metadata", "text")
Period = tuple[date, date]


@dataclass(slots=True)
class Dating:
    """What dating found for one article."""

    article_id: str
    base: tuple[str, str] | None  # the extractor's estimate, kept to start over from
    range: tuple[str, str] | None = None
    evidence: list[str] = field(default_factory=list)
    coverage: list[str] = field(default_factory=list)  # what its event's coverage added


def update_dating(
    store: Store, delta: Delta, options: AnalyzeOptions, reporter: Reporter
) -> Update:
    """Narrow the estimated ranges of the undated articles whose evidence may have moved.

    Those are the changed undated articles, the undated articles needing a date of an
    event (the election) that a changed dated article dates, and the undated articles
    whose coverage (:mod:`storyline.link.coverage`) a change touches: the changed
    articles' events and duplicate groups, and whoever inherited from a changed article
    before. The dated articles' dates of events, the undated ones' needs and who
    inherited from whom are kept as postings, so nothing else of the corpus is read.
    """
    changed = (
        set(store.existing_ids())
        if delta.full
        else delta.ids(ARTICLE, ENRICHMENT, ENTITY_ARTICLE, EVENT_ARTICLE, DUPLICATE)
    )
    stored = not delta.full
    articles = store.articles_by_id(changed)
    enrichments = _enrichments(store, articles)
    fresh = {
        a: dated for a, article in articles.items()
        if article.published_basis in _DATED and (dated := _event_periods(enrichments.get(a)))
    }  # fmt: skip
    words = {w for periods in fresh.values() for w in periods}
    if stored:
        words |= {str(key) for key, _, _, _ in store.postings_of(EVENT_DATES, changed)}
    targets = {a for a, article in articles.items() if article.published_basis not in _DATED}
    if stored and words:
        targets |= {member for _, member, _, _ in store.postings(NEEDS, sorted(words))}
    missing = targets - set(articles)
    articles.update(store.articles_by_id(missing))
    enrichments.update(_enrichments(store, {a: articles[a] for a in missing if a in articles}))
    targets &= {a for a, article in articles.items() if article.published_basis not in _DATED}
    needs = {a: _needs(articles[a], enrichments.get(a)) for a in targets}
    corpus = _corpus(store, fresh, {w for n in needs.values() for w in n}, changed, stored)
    previous = _previous(store, targets)
    own: dict[str, Dating] = {}
    for article_id in sorted(targets):
        base = _base(articles[article_id], previous.get(article_id))
        own[article_id] = date_article(
            articles[article_id], enrichments.get(article_id), corpus, base
        )
    # Articles whose own range moved date the rest of their event anew.
    moved = {a for a, d in own.items() if _range(previous.get(a)) != d.range}
    inheriting = _Coverage(store, articles, own)
    extra = inheriting.heirs(changed | moved, stored) - targets
    inheriting.load(extra)
    update = Update(count=len(targets | extra))
    results: list[ResultItem] = []
    covered: list[tuple[str, str, None, None]] = []
    for article_id in sorted(targets | extra):
        article = inheriting.articles[article_id]
        dating = own.get(article_id) or inheriting.stored_dating(article_id)
        coverage = inheriting.coverage(article_id)
        enrichment = enrichments.get(article_id) or inheriting.enrichment(article_id)
        found = combine(article, enrichment, dating, coverage)
        covered += [(c.article_id, article_id, None, None) for c in coverage]
        results.append((article_id, None, article_id, _record(dating, found)))
        if found != article.published_range:
            update.estimates[article_id] = found
    gone = sorted(changed - set(articles))
    done = targets | extra
    update.results.append(
        ResultsWrite(DATING, results, articles=sorted(done | changed) if stored else None)
    )
    update.postings += [
        PostingsWrite(
            EVENT_DATES,
            [(w, a, None, json.dumps(p).encode()) for a, d in fresh.items() for w, p in d.items()],
            remove=sorted(changed),
            clear=not stored,
        ),
        PostingsWrite(
            NEEDS,
            [(w, a, None, None) for a, own_needs in needs.items() for w in own_needs],
            remove=sorted(targets | set(gone) | changed),
            clear=not stored,
        ),
        PostingsWrite(
            COVERED, covered, remove=sorted(done | set(gone) | changed), clear=not stored
        ),
    ]
    reporter.advance(len(done))
    return update


def combine(
    article: Article,
    enrichment: Enrichment | None,
    dating: Dating,
    coverage: list[Coverage],
) -> tuple[str, str] | None:
    """The article's estimate: what the coverage of its event says, within its own range,
    narrowed by the days it names; the evidence joins ``dating``'s.

    Against dated coverage the extractor's estimate bounds the article from below only
    (it does not predate the latest date it mentions; the upper end is a guess: on
    Timeline17 that guess contradicted the coverage 17 times and was right once). A
    range from the article's own evidence that contradicts the coverage wins: the
    coverage is only as good as the event clustering (on Timeline17 they disagreed
    twice, each right once), and coverage that an incremental run clusters differently
    from a full one must not move what the article's own words say.
    """
    own = dating.range or dating.base
    found = inherited(coverage)
    if found is None:
        return own
    period, window, why = found
    dated = any(c.dated for c in coverage)
    for bound, label in ((dating.range, "its own evidence"), (dating.base, "the dates it names")):
        low, high = (_day(bound[0]), _day(bound[1])) if bound else (None, None)
        if low is None or high is None:
            continue
        if dated and bound is dating.base:
            high = max(high, period[1])  # the extractor's upper end is a guess
        both = (max(low, period[0]), min(high, period[1]))
        if both[0] <= both[1]:
            period = both
        else:
            dating.coverage.append(f"ignored: {why} (contradicts {label})")
            return own
        if bound is dating.range:
            break  # the evidence's range already lies within the extractor's
    dating.coverage.append(f"appeared with {why}")
    narrower = narrowed(article.text, enrichment.times if enrichment else [], period, window)
    if narrower is not None:
        period = narrower[0]
        dating.coverage.append(f"narrowed by {narrower[1]}")
    return period[0].isoformat(), period[1].isoformat()


class _Coverage:
    """Each article's coverage (its event's other articles and its duplicate group), with
    what dating knows of the undated ones (computed now, or stored)."""

    def __init__(self, store: Store, articles: dict[str, Article], own: dict[str, Dating]):
        self.store = store
        self.articles = dict(articles)
        self.own = own
        self._groups: dict[str, set[str]] = {}
        self._stored: dict[str, dict[str, Any]] = {}
        self._enrichments: dict[str, Enrichment] = {}

    def _group_of(self, ids: set[str]) -> None:
        """Fill the coverage group (event members and their copies) of ``ids``."""
        wanted = {a for a in ids if a not in self._groups}
        if not wanted:
            return
        self._fetch(wanted)
        known = {a: self.articles[a] for a in wanted if a in self.articles}
        events = {a.event_id for a in known.values() if a.event_id}
        members = {e.id: set(e.article_ids) for e in self.store.events(sorted(events))}
        originals = {a.duplicate_of or a.id for a in known.values()}
        seeds = {m for ms in members.values() for m in ms} | originals
        copies = set(self.store.copies_of(sorted(seeds)))
        self._fetch(seeds | copies)
        copies_of: dict[str, set[str]] = defaultdict(set)
        for copy in copies:
            if copy in self.articles:
                copies_of[self.articles[copy].duplicate_of or copy].add(copy)
        for article_id, article in known.items():
            group = set(members.get(article.event_id or "", set()))
            group.add(article.duplicate_of or article_id)
            group |= {c for m in group for c in copies_of.get(m, set())}
            self._groups[article_id] = {m for m in group if m in self.articles} - {article_id}
        for article_id in wanted - set(known):
            self._groups[article_id] = set()

    def _fetch(self, ids: set[str]) -> None:
        missing = ids - set(self.articles)
        if missing:
            self.articles.update(self.store.articles_by_id(missing))

    def heirs(self, sources: set[str], stored: bool) -> set[str]:
        """Undated articles whose coverage may have moved with ``sources``."""
        self._group_of(sources)
        found = {m for s in sources for m in self._groups.get(s, set())} | sources
        if stored and sources:
            found |= {m for _, m, _, _ in self.store.postings(COVERED, sorted(sources))}
        self._fetch(found)
        return {a for a in found if a in self.articles and _undated(self.articles[a])}

    def load(self, ids: set[str]) -> None:
        """What dating stored of ``ids`` and of their coverage's undated articles."""
        self._group_of(ids | set(self.own))
        groups = {m for a in ids | set(self.own) for m in self._groups.get(a, set())}
        wanted = (ids | groups) - set(self.own) - set(self._stored)
        wanted = {a for a in wanted if a in self.articles and _undated(self.articles[a])}
        for record in self.store.results_of_articles(DATING, dict, sorted(wanted)):
            self._stored[str(record["article_id"])] = record
        found = self.store.enrichments(sorted(ids - set(self._enrichments)))
        self._enrichments.update({e.article_id: e for e in found if not e.skipped})

    def stored_dating(self, article_id: str) -> Dating:
        record = self._stored.get(article_id)
        dating = Dating(article_id, _base(self.articles[article_id], record))
        found = (record or {}).get("range")
        dating.range = (str(found[0]), str(found[1])) if found else None
        added = set((record or {}).get("coverage", []))
        dating.evidence = [e for e in (record or {}).get("evidence", []) if e not in added]
        return dating

    def enrichment(self, article_id: str) -> Enrichment | None:
        return self._enrichments.get(article_id)

    def coverage(self, article_id: str) -> list[Coverage]:
        """What the other articles of its coverage say of when they appeared."""
        self._group_of({article_id})
        own = self.articles[article_id]
        found = []
        for other_id in sorted(self._groups.get(article_id, set())):
            other = self.articles[other_id]
            copy = (other.duplicate_of or other.id) == (own.duplicate_of or own.id)
            if not _undated(other):
                day = _day(other.published or "")
                if day is not None:
                    found.append(Coverage(other_id, (day, day), True, copy))
                continue
            dating = self.own.get(other_id)
            span = dating.range if dating else _range(self._stored.get(other_id))
            if span and (low := _day(span[0])) and (high := _day(span[1])):
                found.append(Coverage(other_id, (low, high), False, copy))
        return found


def own_ranges(store: Store, articles: Iterable[Article]) -> dict[str, tuple[str, str] | None]:
    """The range each estimated article's own evidence gives, where its stored estimate
    came from its event's coverage instead (the others' estimates are their own).

    Event linking places an article by this, not by the inherited range: that range
    only says which event the article was placed in, so a refit honouring it would
    judge the placement by itself, and an article the first fit put with the wrong
    event could never join the right one (on ECB+, whose articles carry no publication
    dates, event B³ F1 0.900 with inherited ranges, 0.909 with the articles' own).
    """
    wanted = sorted(a.id for a in articles if a.published_basis == "estimated")
    found: dict[str, tuple[str, str] | None] = {}
    for record in store.results_of_articles(DATING, dict, wanted) if wanted else []:
        if record.get("coverage") and record.get("article_id"):
            own = record.get("range") or record.get("base")
            found[str(record["article_id"])] = (str(own[0]), str(own[1])) if own else None
    return found


def _undated(article: Article) -> bool:
    return article.published_basis not in _DATED


def _range(record: dict[str, Any] | None) -> tuple[str, str] | None:
    found = (record or {}).get("range")
    return (str(found[0]), str(found[1])) if found else None


def _enrichments(store: Store, articles: dict[str, Article]) -> dict[str, Enrichment]:
    return {e.article_id: e for e in store.enrichments(sorted(articles)) if not e.skipped}


def _event_periods(enrichment: Enrichment | None) -> dict[str, list[list[str]]]:
    """A dated article's absolute dates of one-off events: event word -> periods."""
    found: dict[str, list[list[str]]] = defaultdict(list)
    for claim in enrichment.claims if enrichment else []:
        period = _absolute(claim)
        if period:
            event = str((claim.normalized or {})["event"])
            found[event].append([period[0].isoformat(), period[1].isoformat()])
    return dict(found)


def _needs(article: Article, enrichment: Enrichment | None) -> set[str]:
    """The events whose date elsewhere in the corpus could date this undated article."""
    if enrichment is None:
        return set()
    found = {
        str(claim.normalized["event"])
        for claim in enrichment.claims
        if claim.kind == "date" and claim.normalized and claim.normalized.get("event")
    }
    for time in enrichment.times:
        since = _SINCE.match(article.text[time.end : time.end + 140])
        if time.type == "DURATION" and since and (event := _event_word(since.group("after"))):
            found.add(event)
    return found


def _corpus(
    store: Store,
    fresh: dict[str, dict[str, list[list[str]]]],
    words: set[str],
    changed: set[str],
    stored: bool,
) -> EventDates:
    """What the corpus's dated articles say of the ``words`` events, and their entities."""
    dates: dict[str, list[tuple[Period, str]]] = defaultdict(list)
    for article_id, events in fresh.items():
        for word, periods in events.items():
            if word in words:
                dates[word] += [(_period(p), article_id) for p in periods]
    if stored and words:
        for key, member, _, payload in store.postings(EVENT_DATES, sorted(words)):
            if member not in changed and payload is not None:
                dates[str(key)] += [(_period(p), member) for p in json.loads(payload)]
    return EventDates(dict(dates), store)


def _period(pair: list[str]) -> Period:
    return date.fromisoformat(pair[0]), date.fromisoformat(pair[1])


def _previous(store: Store, targets: set[str]) -> dict[str, dict[str, Any]]:
    """The last dating of each target (its base is still good unless re-extracted)."""
    found = store.results_of_articles(DATING, dict, sorted(targets))
    return {str(d["article_id"]): d for d in found}


def date_article(
    article: Article,
    enrichment: Enrichment | None,
    corpus: EventDates,
    base: tuple[str, str] | None,
) -> Dating:
    """The narrowed range of one undated article and why (pure but for ``corpus``)."""
    dating = Dating(article.id, base)
    if enrichment is None:
        return dating
    low = _day(base[0]) if base else None
    periods: list[tuple[Period, str]] = []
    for claim in enrichment.claims:
        # Every date claim is tried, placed or not: once dated, "last year" is placed
        # against the estimate, and it must keep counting (absolute dates place nothing).
        if claim.kind == "date":
            periods += corpus.placed_by_reference(article, claim)
    periods += _since_durations(article, enrichment, corpus)
    found = _intersect(periods, low, dating.evidence)
    if found:
        dating.range = (found[0].isoformat(), found[1].isoformat())
    return dating


class EventDates:
    """The corpus's absolute dates of one-off events, from dated articles' claims, and the
    entities of the articles involved (read from the store as they are asked for)."""

    def __init__(self, dates: dict[str, list[tuple[Period, str]]], store: Store) -> None:
        self._dates = dates
        self._store = store
        self._entities: dict[str, set[str]] = {}

    def _entities_of(self, ids: Iterable[str]) -> None:
        wanted = [a for a in ids if a not in self._entities]
        if wanted:
            found = self._store.entities_of_articles(wanted)
            self._entities.update({a: found.get(a, set()) for a in wanted})

    def dates_of(self, event: str, article: Article) -> list[tuple[Period, str]]:
        """Dates other, related, dated articles give the event."""
        self._entities_of([article.id, *(other for _, other in self._dates.get(event, []))])
        own = self._entities.get(article.id, set())
        return [
            (period, other)
            for period, other in self._dates.get(event, [])
            if other != article.id
            and len(own & self._entities.get(other, set())) >= RELATED_ENTITIES
        ]

    def placed_by_reference(self, article: Article, claim: Claim) -> list[tuple[Period, str]]:
        """Publication periods that make ``claim``'s relative date meet the corpus's date."""
        event = str((claim.normalized or {}).get("event"))
        dated = consensus(self.dates_of(event, article))
        if not dated:
            return []
        target = (min(p[0] for p, _ in dated), max(p[1] for p, _ in dated))
        text = article.text[claim.start : claim.end]
        found = publication_matching(text, target)
        if found is None:
            return []
        why = (
            f"'{text}' ({claim.subject}) with the {event} dated "
            f"{_show(target)} by {len({a for _, a in dated})} other article(s)"
        )
        return [(found, why)]


def consensus(dated: list[tuple[Period, str]]) -> list[tuple[Period, str]]:
    """The dates most articles agree on, when articles date an event differently.

    Dates within :data:`SAME_DATE_DAYS` of each other count as one ("9 August" and
    "August 20" are one election, misdated by one outlet); of the groups this makes,
    the one most articles support wins (then more claims, then the earliest).

    Example:
        >>> d = lambda s: date.fromisoformat(s)
        >>> found = consensus([((d("2020-08-09"),) * 2, "a"), ((d("2020-08-20"),) * 2, "b"),
        ...                    ((d("2021-01-01"), d("2021-12-31")), "b")])
        >>> sorted(a for _, a in found)
        ['a', 'b']
    """
    groups: list[list[tuple[Period, str]]] = []
    for item in sorted(dated, key=lambda item: item[0]):
        if groups and item[0][0] - max(p[1] for p, _ in groups[-1]) <= timedelta(SAME_DATE_DAYS):
            groups[-1].append(item)
        else:
            groups.append([item])
    if not groups:
        return []
    return max(groups, key=lambda g: (len({a for _, a in g}), len(g), -g[0][0][0].toordinal()))


def publication_matching(text: str, target: Period) -> Period | None:
    """The publication days for which the relative date ``text`` falls on ``target``.

    Tried month by month within :data:`SEARCH_YEARS` of the target.

    Example:
        >>> publication_matching("last year", (date(2020, 8, 9), date(2020, 8, 9)))
        (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    """
    matching = []
    for year in range(target[0].year - SEARCH_YEARS, target[1].year + SEARCH_YEARS + 1):
        for month in range(1, 13):
            reference = date(year, month, 15)
            placed = find_times(text, "", reference.isoformat(), None)
            if not placed or placed[0].range is None:
                continue
            low, high = (date.fromisoformat(d) for d in placed[0].range)
            if low <= target[1] and target[0] <= high:
                matching.append((year, month))
    if not matching or len(matching) > 12 * 2 * SEARCH_YEARS:
        return None  # nothing matches, or the text does not depend on the reference
    (first_year, first_month), (last_year, last_month) = matching[0], matching[-1]
    last_day = calendar.monthrange(last_year, last_month)[1]
    return date(first_year, first_month, 1), date(last_year, last_month, last_day)


def _since_durations(
    article: Article, enrichment: Enrichment, corpus: EventDates
) -> list[tuple[Period, str]]:
    """Periods from "<duration> … since <event>" with the event dated."""
    found = []
    for time in enrichment.times:
        match = _DURATION.match(time.value or "") if time.type == "DURATION" else None
        since = _SINCE.match(article.text[time.end : time.end + 140]) if match else None
        event = _event_word(since.group("after")) if since else None
        if not (match and event):
            continue
        dated = _own_dates(enrichment, event) or [
            p for p, _ in consensus(corpus.dates_of(event, article))
        ]
        if not dated:
            continue
        target = (min(p[0] for p in dated), max(p[1] for p in dated))
        count, unit = int(match.group("n")), match.group("unit")
        span = timedelta(days=count * _UNIT_DAYS[unit])
        slack = timedelta(days=_UNIT_DAYS[unit] / 2)
        period = (target[0] + span - slack, target[1] + span + slack)
        found.append((period, f"'{time.text}' since the {event} of {_show(target)}"))
    return found


def _event_word(text: str) -> str | None:
    for word in re.findall(r"[a-z]+", text.lower())[:6]:
        if word in EVENT_NOUNS:
            return EVENT_NOUNS[word]
    return None


def _own_dates(enrichment: Enrichment, event: str) -> list[Period]:
    return [
        period
        for claim in enrichment.claims
        if (period := _absolute(claim)) and (claim.normalized or {}).get("event") == event
    ]


def _absolute(claim: Claim) -> Period | None:
    """A date claim's period when its value is a calendar date ("2020-08"), not relative."""
    normalized = claim.normalized or {}
    span, value = normalized.get("range"), str(normalized.get("value") or "")
    if claim.kind != "date" or not span or not re.match(r"^\d{4}", value):
        return None
    return date.fromisoformat(str(span[0])), date.fromisoformat(str(span[1]))  # type: ignore[index]


def _intersect(
    periods: list[tuple[Period, str]], low: date | None, evidence: list[str]
) -> Period | None:
    """The intersection of the periods (and ``low``), dropping any that contradict it."""
    if not periods:
        return None
    current: Period | None = None
    for period, why in sorted(periods, key=lambda p: p[0][1] - p[0][0]):
        start = max(period[0], low) if low else period[0]
        candidate = (start, period[1]) if current is None else (
            max(current[0], start), min(current[1], period[1])
        )  # fmt: skip
        if candidate[0] > candidate[1]:
            evidence.append(f"ignored: {why} (contradicts the rest)")
            continue
        current = candidate
        evidence.append(why)
    return current


def _base(article: Article, previous: dict[str, Any] | None) -> tuple[str, str] | None:
    """The extractor's estimate: the article's range, unless that is what dating wrote
    last time (the article was not extracted again since), then the base kept then."""
    if previous is None:
        return article.published_range
    written = previous.get("estimate", previous.get("range") or previous.get("base"))
    if (tuple(written) if written else None) != article.published_range:
        return article.published_range
    base = previous.get("base")
    return (str(base[0]), str(base[1])) if base else None


def _record(dating: Dating, estimate: tuple[str, str] | None) -> dict[str, Any]:
    return {
        "article_id": dating.article_id,
        "base": list(dating.base) if dating.base else None,
        "range": list(dating.range) if dating.range else None,  # its own evidence's
        "estimate": list(estimate) if estimate else None,  # with its coverage's
        "evidence": dating.evidence + dating.coverage,
        "coverage": dating.coverage,
    }


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _show(period: Period) -> str:
    if period[0] == period[1]:
        return period[0].isoformat()
    return f"{period[0].isoformat()} to {period[1].isoformat()}"
