"""What an event record says: its title, date (or range), places and entities.

- **title**: the headline of the member most like the others (the event's medoid).
- **date**: the day the happening took place, voted on by the members: each dated
  article votes for its publication day, and more strongly for the days its own
  sentences name within the week before publication ("on Friday told a forum"); the
  lead's dates weigh most. Ties go to the earliest day. An event with no dated
  member gets the range its members' estimated ranges share (or span, when they
  share none), or no date at all.
- **places** and **entity_ids**: the members' most widely mentioned places and
  entities (cross-document entities when that phase has run).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from storyline.model import Article, Enrichment, Entity, Event, MentionIndex, chain_entity_index

if TYPE_CHECKING:
    from storyline.link.terms import TermProfile
    from storyline.store import Store

# How much each piece of evidence counts towards an event's day: a date named in the
# lead, one named further down, the publication day itself. A lead that says "on
# Friday" outweighs a Saturday paper's own date; a passing "yesterday" in paragraph
# four does not (seeds: the forum speech on Friday 1 July 2022, published Saturday).
LEAD_VOTE, BODY_VOTE, PUBLICATION_VOTE = 1.0, 0.5, 0.75
LEAD_SENTENCES = 2
# A date an article names counts for its event only within this many days before the
# article's publication: older dates are background ("the August 2020 election").
EVENT_DATE_WINDOW_DAYS = 7
MAX_PLACES, MAX_ENTITIES = 5, 12
# Members compared for the medoid title: big events would otherwise cost n^2.
MEDOID_SAMPLE = 30
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})


def describe_events(
    store: Store,
    groups: dict[str, list[str]],
    articles: dict[str, Article] | None = None,
    profiles: dict[str, TermProfile] | None = None,
) -> list[Event]:
    """Event records for ``groups`` (event id -> member article ids).

    Reads only the members: their articles (unless given), enrichments and the
    entities their mentions belong to.
    """
    wanted = sorted({a for members in groups.values() for a in members})
    if articles is None or not set(wanted) <= set(articles):
        articles = {**(articles or {}), **store.articles_by_id(wanted)}
    # Articles given as headers (no text) whose title is missing: their text names them.
    untitled = [a for a in wanted if a in articles and not _can_title(articles[a])]
    if untitled:
        articles = {**articles, **store.articles_by_id(untitled)}
    enrichments = {e.article_id: e for e in store.enrichments(wanted) if not e.skipped}
    by_mention = store.mention_index(wanted)
    entities = store.entity_headers(set(by_mention.values()))
    mentioned = _entities_by_article(by_mention, enrichments.values())
    events = []
    for event_id, members in groups.items():
        own = [articles[a] for a in members if a in articles]
        if not own:
            continue
        day, period = event_date(own, enrichments)
        events.append(
            Event(
                id=event_id,
                title=event_title(own, profiles),
                article_ids=sorted(a.id for a in own),
                date=day,
                date_range=period,
                places=_top_names(own, mentioned, entities, PLACE_TYPES, MAX_PLACES),
                entity_ids=_top_ids(own, mentioned, entities, NAMED_TYPES, MAX_ENTITIES),
            )
        )
    return events


def _can_title(article: Article) -> bool:
    return bool((article.title or "").strip() or article.text)


def event_title(members: list[Article], profiles: dict[str, TermProfile] | None = None) -> str:
    """The headline of the medoid member (ties: earliest, then smallest id)."""
    ordered = sorted(members, key=lambda a: (a.published or "9999", a.id))
    titled = [a for a in ordered if (a.title or "").strip()] or ordered
    sample = titled[:MEDOID_SAMPLE]
    if profiles and len(sample) > 2 and all(a.id in profiles for a in sample):

        def centrality(article: Article) -> float:
            own = profiles[article.id]
            return sum(own.similarity(profiles[o.id]) for o in sample if o is not article)

        best = max(sample, key=centrality)
    else:
        best = sample[0]
    return (best.title or best.text[:120]).strip()


def event_date(
    members: list[Article], enrichments: dict[str, Enrichment]
) -> tuple[str | None, tuple[str, str] | None]:
    """``(date, date_range)`` of an event from its members (see the module doc)."""
    votes: dict[date, float] = {}
    for article in members:
        published = _day(article.published)
        if published is None:
            continue
        votes[published] = votes.get(published, 0.0) + PUBLICATION_VOTE
        enrichment = enrichments.get(article.id)
        if enrichment:
            for day, weight in _named_days(enrichment, published):
                votes[day] = votes.get(day, 0.0) + weight
    if votes:
        best = max(votes, key=lambda day: (votes[day], -day.toordinal()))
        return best.isoformat(), None
    return None, _shared_range(members)


def _named_days(enrichment: Enrichment, published: date) -> Iterable[tuple[date, float]]:
    lead_end = _lead_end(enrichment)
    earliest = published - timedelta(days=EVENT_DATE_WINDOW_DAYS)
    for time in enrichment.times:
        if time.type != "DATE" or not time.value or len(time.value) != 10:
            continue
        day = _day(time.value)
        if day is not None and earliest <= day <= published:
            yield day, LEAD_VOTE if time.start < lead_end else BODY_VOTE


def _lead_end(enrichment: Enrichment) -> int:
    sentences = enrichment.sentences[:LEAD_SENTENCES]
    return sentences[-1][1] if sentences else 0


def _shared_range(members: list[Article]) -> tuple[str, str] | None:
    ranges = [a.published_range for a in members if a.published_range]
    if not ranges:
        return None
    low, high = max(r[0] for r in ranges), min(r[1] for r in ranges)
    if low > high:
        low, high = min(r[0] for r in ranges), max(r[1] for r in ranges)
    return (low, high)


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _entities_by_article(
    entities: Iterable[Entity] | MentionIndex, enrichments: Iterable[Enrichment]
) -> dict[str, Counter[str]]:
    """Article id -> entity id -> how many of its mentions the article has."""
    enrichments = list(enrichments)
    index = chain_entity_index(entities, enrichments)
    found: dict[str, Counter[str]] = {}
    for enrichment in enrichments:
        counts = found.setdefault(enrichment.article_id, Counter())
        for chain in enrichment.chains:
            entity = index.get((chain.article_id, chain.index))
            if entity:
                counts[entity] += len(chain.mentions)
    return found


def _ranked(
    members: list[Article], mentioned: dict[str, Counter[str]], entities: dict[str, Entity],
    types: frozenset[str],
) -> list[str]:  # fmt: skip
    articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for article in members:
        for entity_id, count in mentioned.get(article.id, Counter()).items():
            if entity_id in entities and entities[entity_id].type in types:
                articles[entity_id] += 1
                mentions[entity_id] += count
    return sorted(articles, key=lambda e: (-articles[e], -mentions[e], entities[e].name))


def _top_ids(
    members: list[Article], mentioned: dict[str, Counter[str]], entities: dict[str, Entity],
    types: frozenset[str], limit: int,
) -> list[str]:  # fmt: skip
    return _ranked(members, mentioned, entities, types)[:limit]


def _top_names(
    members: list[Article], mentioned: dict[str, Counter[str]], entities: dict[str, Entity],
    types: frozenset[str], limit: int,
) -> list[str]:  # fmt: skip
    return [entities[e].name for e in _top_ids(members, mentioned, entities, types, limit)]
