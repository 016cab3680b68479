"""One story as every reader shows it: the record the web page, the API, the report and
``story_detail`` share, built once when the story is analysed and stored (``STORY_VIEW``).

The record is assembled from the story, its events and what story analysis found
(:class:`Findings`). The analysis phase hands its findings over before they are written
(``analyze.phases``); a store analysed before views were stored gives them from its
results, so both paths build the same record.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from storyline.browse.analysis import counted_summary, entity_headers, phase_ran, quote_records
from storyline.browse.articles import article_summary
from storyline.browse.coverage import coverage
from storyline.browse.records import claim_record, plain, plain_all
from storyline.model import Article, Enrichment, Entity, Event, Story, TimelineEntry
from storyline.store import Store
from storyline.store.kinds import (
    ABSTRACTS,
    CLAIM_CHECKS,
    CLAIM_GROUPS,
    FRAMING,
    QUOTE_GROUPS,
    STORY_VIEW,
    TIMELINE,
)

DETAIL_ITEMS = 200  # articles, quotes and claims a story record carries; the rest by API
# Bumped when the record's shape changes: older stored views are rebuilt. 2: entities
# counted in the story's articles; 3: the timeline stored apart (``read_story``).
VIEW_VERSION = 3


@dataclass(slots=True)
class Findings:
    """What story analysis found for one story, as plain records."""

    # plain, or the entries as found when the record is built to be stored
    timeline: list[dict[str, Any]] | list[TimelineEntry] = field(default_factory=list)
    quote_groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # quote id ->
    claim_groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim id ->
    # claim group id -> its check, as a dict or as the record (made plain when shown)
    checks: dict[str, Any] = field(default_factory=dict)
    framing: list[dict[str, Any]] = field(default_factory=list)
    abstract: dict[str, Any] | None = None


@dataclass(slots=True)
class Known:
    """What the caller has already read of a story, so the record does not read it again
    (the story analyses hold all of it): articles by id (text may be absent), the
    enrichments of the analysed ones, the entity mentions (``mention_index``) of every
    article in ``articles`` and the headers of the entities those name."""

    articles: dict[str, Article]
    enrichments: Iterable[Enrichment]
    mentions: dict[tuple[str, int, int], str]
    entities: dict[str, Entity]


def stored_findings(store: Store, story_id: str) -> Findings:
    """The findings of a story as its last analysis wrote them."""
    quote_groups = store.results(QUOTE_GROUPS, dict, story_id=story_id)
    claim_groups = store.results(CLAIM_GROUPS, dict, story_id=story_id)
    return Findings(
        timeline=stored_timeline(store, story_id),
        quote_groups={g["id"]: g for g in quote_groups},
        claim_groups={g["id"]: g for g in claim_groups},
        checks={c["id"]: c for c in store.results(CLAIM_CHECKS, dict, story_id=story_id)},
        framing=store.results(FRAMING, dict, story_id=story_id),
        abstract=next(iter(store.results(ABSTRACTS, dict, story_id=story_id)), None),
    )


def stored_timeline(store: Store, story_id: str) -> list[dict[str, Any]]:
    """The story's timeline entries as its last analysis stored them, plain (as
    ``plain(entry)`` gives them: the stored JSON is what ``plain`` makes)."""
    return store.results(TIMELINE, dict, story_id=story_id)


def read_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """The story's record: the stored view when there is a current one, else built now."""
    story = store.story(story_id)
    if story is None:
        return None
    stored = store.results(STORY_VIEW, dict, story_id=story_id)
    if stored and stored[0].get("view_version") == VIEW_VERSION:
        record = stored[0]
        # Stored apart from the row (``story_record(..., to_store=True)``), as its own rows.
        record["timeline"] = stored_timeline(store, story_id)
    else:
        events = list(store.events(store.story_event_ids(story_id)))
        record = story_record(store, story, events, stored_findings(store, story_id))
    record["analysed"] = {s: phase_ran(store, s) for s in ("timeline", "claims", "framing")}
    return record


def story_record(
    store: Store,
    story: Story,
    events: list[Event],
    findings: Findings,
    known: Known | None = None,
    to_store: bool = False,
) -> dict[str, Any]:
    """The story with its events (by date, with months to jump to), span, timeline,
    entities, articles, the outlets and languages that covered it, quotes, claims and
    framing. ``known`` saves reading again what the caller holds. With ``to_store`` it
    is the row the analysis stores: without the timeline (``read_story`` adds it from
    the story's timeline results; ``findings.timeline`` may then hold the entries as
    found, read only for the articles they cite) and not made plain (tuples stay, the
    row is encoded as it is stored)."""
    # The story's articles (as ``story_article_ids``) from its events in hand: the
    # query reads every event's article list again.
    listed = {a for event in events for a in event.article_ids}
    ids = sorted(listed | store.event_article_ids([event.id for event in events]))
    held = known.articles if known is not None else {}
    read = store.article_headers([i for i in ids if i not in held])  # no text shown
    articles = {i: found for i in ids if (found := held.get(i) or read.get(i)) is not None}
    enrichments = known.enrichments if known is not None else store.enrichments(ids)
    # Reposts and skipped articles stay out, as they do from story analysis.
    by_article = {
        e.article_id: e
        for e in enrichments
        if e.article_id in articles
        and articles[e.article_id].duplicate_of is None
        and not e.skipped
    }
    ordered = sorted(events, key=_event_order)
    record = plain(story)
    record["view_version"] = VIEW_VERSION
    record.update(_articles_part(articles))
    record["events"] = _event_summaries(ordered)
    record["months"] = _months(record["events"])
    record["span"] = span([*ordered])
    record["timeline"] = [] if to_store else findings.timeline
    mentions = _mentions(store, ids, known)
    headers = known.entities if known is not None else {}
    record["entities"] = story_entities(store, story, ids, mentions, headers)
    quotes = quote_records(
        store, by_article.values(), findings.quote_groups, mentions, headers, DETAIL_ITEMS
    )
    every_claim = (c for e in by_article.values() for c in e.claims)
    claims = [claim_record(c, findings.claim_groups) for c in islice(every_claim, DETAIL_ITEMS)]
    record.update({
        "quote_count": sum(len(e.quotes) for e in by_article.values()), "quotes": quotes,
        "claim_count": sum(len(e.claims) for e in by_article.values()), "claims": claims,
        "analysed_articles": len(by_article),
        "framing": findings.framing, "abstract": findings.abstract,
    })  # fmt: skip
    record["checks"] = _checks(record["claims"], findings.checks)
    record["sources"] = _sources(record, articles, findings.timeline)
    return record if to_store else plain(record)  # JSON-ready, as stored and read back


def _mentions(store: Store, ids: list[str], known: Known | None) -> dict[tuple[str, int, int], str]:
    """The entity mentions of the story's articles: those the caller holds, the rest read."""
    if known is None:
        return store.mention_index(ids)
    rest = [i for i in ids if i not in known.articles]
    return {**known.mentions, **store.mention_index(rest)} if rest else known.mentions


def story_entities(
    store: Store,
    story: Story,
    article_ids: list[str],
    mentions: dict[tuple[str, int, int], str] | None = None,
    headers: dict[str, Entity] | None = None,
) -> list[dict[str, Any]]:
    """The story's entities, counted in the story's articles: a page of one story says how
    often it names someone (and reading every archive-wide mention of "Reuters" made the
    view cost grow with the archive, not the story). ``mentions`` (of those articles, or
    more) and ``headers`` are what the caller has read already."""
    if mentions is None:
        mentions = store.mention_index(article_ids)
    inside = set(article_ids)
    counts: Counter[str] = Counter()
    articles: defaultdict[str, set[str]] = defaultdict(set)
    for (article_id, _, _), entity_id in mentions.items():
        if article_id in inside:
            counts[entity_id] += 1
            articles[entity_id].add(article_id)
    headers = entity_headers(store, story.entity_ids, headers or {})
    return [
        counted_summary(entity, counts[entity.id], len(articles[entity.id]))
        for entity in sorted(headers.values(), key=lambda e: (e.name, e.id))
    ]


def _articles_part(articles: dict[str, Article]) -> dict[str, Any]:
    # The story's first articles as the store's "oldest" article list orders them (its
    # date, undated last, then id), from the articles in hand rather than one more query.
    shown = sorted(articles.values(), key=_oldest_first)[:DETAIL_ITEMS]
    dates = [_article_date(a) for a in articles.values()]
    return {
        "article_count": len(articles),
        "articles": [article_summary(a) for a in shown],
        "coverage": coverage(dates).record(),
        "outlets": _outlets(articles.values()),
        "languages": _languages(articles.values()),
    }


def _oldest_first(article: Article) -> tuple[bool, str, str]:
    """As fulltext's ``oldest`` order: ``substr(coalesce(published, published_from), 1, 10)``."""
    day = article.published
    if day is None and article.published_range:
        day = article.published_range[0]
    return (day is None, (day or "")[:10], article.id)


def _article_date(article: Article) -> str | None:
    if article.published:
        return article.published
    return article.published_range[0] if article.published_range else None


def _outlets(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """Each outlet that covered the story: how many articles, first and last date."""
    found: dict[str, list[str | None]] = defaultdict(list)
    for article in articles:
        if article.outlet:
            found[article.outlet].append(_article_date(article))
    rows = []
    for outlet, dates in found.items():
        known = sorted(d[:10] for d in dates if d)
        first, last = (known[0], known[-1]) if known else (None, None)
        rows.append({"outlet": outlet, "articles": len(dates), "first": first, "last": last})
    return sorted(rows, key=lambda r: (-r["articles"], r["outlet"]))


def _languages(articles: Iterable[Article]) -> list[dict[str, Any]]:
    counts = Counter(a.language or "unknown" for a in articles)
    return [{"language": lang, "articles": n} for lang, n in counts.most_common()]


def _event_order(event: Event) -> tuple[str, str]:
    return (event.date or (event.date_range or ("~",))[0], event.id)


def _event_summaries(events: list[Event]) -> list[dict[str, Any]]:
    records = plain_all(events)
    for record, event in zip(records, events, strict=True):
        record["article_count"] = len(set(event.article_ids))
    return records


def _event_day(event: dict[str, Any] | Event) -> str | None:
    if isinstance(event, Event):
        return event.date or (event.date_range[0] if event.date_range else None)
    return event.get("date") or (event.get("date_range") or [None])[0]


def span(events: Iterable[dict[str, Any] | Event]) -> dict[str, str] | None:
    """First and last date of the story's events (background facts do not count)."""
    days = sorted(d for e in events if (d := _event_day(e)))
    if not days:
        return None
    return {"first": days[0][:10], "last": days[-1][:10]}


def _months(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The months the events fall in, with how many, for a page to jump between."""
    counts = Counter((_event_day(e) or "undated")[:7] for e in events)
    return [{"month": month, "events": n} for month, n in counts.items()]


def _checks(claims: list[dict[str, Any]], checks: dict[str, Any]) -> list[dict]:
    """Claims about the same fact together (conflicts first), with the check's verdict."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        groups.setdefault(claim.get("group_id") or claim["id"], []).append(claim)
    order = {"conflict": 0, "agree": 1, "single": 2}
    result = []
    for key, members in groups.items():
        check = _plain_check(checks.get(key))
        result.append({
            "id": key, "claims": members,
            "agreement": check.get("agreement") or members[0].get("agreement") or "single",
            "internal": bool(check.get("internal")),
            "kind": check.get("kind") or members[0]["kind"],
            "subject": check.get("subject") or members[0].get("subject") or "",
        })  # fmt: skip
    return sorted(result, key=lambda g: (order.get(g["agreement"], 3), g["id"]))


def _plain_check(check: Any) -> dict[str, Any]:
    """What the page reads of a check (stored: a dict; just found: a ClaimGroup, whose
    compared pairs, thousands in a long story, are not made plain for nothing)."""
    if check is None or isinstance(check, dict):
        return check or {}
    return {name: getattr(check, name) for name in ("agreement", "internal", "kind", "subject")}


def _sources(
    record: dict[str, Any], articles: dict[str, Article], timeline: list[Any]
) -> dict[str, dict]:
    """Outlet and title of every article a shown quote, claim or timeline line cites."""
    cited = {item["article_id"] for item in record["quotes"] + record["claims"]}
    cited |= {article_id for entry in timeline for article_id in _cited(entry)}
    cited |= {s["article_id"] for s in record.get("summary") or [] if "article_id" in s}
    return {
        i: {
            "outlet": articles[i].outlet,
            "title": articles[i].title,
            "published": _article_date(articles[i]),
        }
        for i in sorted(cited)
        if i in articles
    }


def _cited(entry: dict[str, Any] | TimelineEntry) -> list[str]:
    """The articles a timeline entry cites, plain or as found."""
    if isinstance(entry, TimelineEntry):
        return [citation.article_id for citation in entry.citations]
    return [citation["article_id"] for citation in entry.get("citations", [])]


def quote_board(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Speakers (most quoted first), each with their statements; a statement reported by
    several articles (same ``group_id``) is one entry with every report."""
    by_speaker: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for quote in quotes:
        speaker = quote.get("speaker") or "Unattributed"
        key = quote.get("group_id") or quote["id"]
        by_speaker[speaker].setdefault(key, []).append(quote)
    board = [
        {"speaker": speaker, "statements": list(statements.values()),
         "count": sum(len(reports) for reports in statements.values())}
        for speaker, statements in by_speaker.items()
    ]  # fmt: skip
    return sorted(board, key=lambda s: (s["speaker"] == "Unattributed", -s["count"], s["speaker"]))


def view_item(record: dict[str, Any]) -> tuple[str, str, None, dict[str, Any]]:
    """The stored-view result row of a story record."""
    return (record["id"], record["id"], None, record)


def card_item(record: dict[str, Any]) -> tuple[str, str, None, dict[str, Any]]:
    """The story-list row of a story record: its article count and coverage, stored beside
    the view so that the list reads a few numbers per story, not every story's articles
    (3.2 s at 200k, the list's first request after each analyze)."""
    card = {key: record[key] for key in ("id", "article_count", "coverage")}
    return (record["id"], record["id"], None, card)
