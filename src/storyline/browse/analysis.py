"""What the language stage found, as contract records: quotes, claims, times, entities.

Quotes, claims and times live inside each article's enrichment; entities are the merged
ones when the link stage has run, else each article's chains (as the JSON export does).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from storyline.browse.pages import memo
from storyline.browse.records import (
    chain_entities,
    claim_record,
    entity_record,
    quote_record,
    time_record,
)
from storyline.model import Enrichment, Entity, chain_entity_index
from storyline.store import Store
from storyline.store.kinds import CLAIM_GROUPS, QUOTE_GROUPS

# Section of the UI -> the whole-corpus phase (``storyline.jobs.corpus_phases``) that
# fills it; a section counts as analysed once that phase has finished.
SECTION_PHASES = {
    "entities": "entities",
    "events": "events",
    "stories": "stories",
    "timeline": "stories-analysis",
    "claims": "stories-analysis",
    "quotes": "stories-analysis",
    "framing": "stories-analysis",
}


def phase_ran(store: Store, section: str) -> bool:
    """True when the whole-corpus phase that fills ``section`` has finished at least once."""
    phase = SECTION_PHASES.get(section, section)
    return any(entry.split(":", 1)[0] == phase for entry in store.state_token().split("|"))


def enrichments_of(store: Store, article_ids: list[str] | None) -> list[Enrichment]:
    """The enrichments of ``article_ids`` (all of them for None), memoised for all."""
    if article_ids is None:
        return memo(store, "enrichments", lambda: list(store.enrichments()))
    return list(store.enrichments(article_ids))


def quotes_of(store: Store, article_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Quote records (with ``speaker`` names resolved) of the articles, in article order."""
    if article_ids is None:
        return memo(store, "quotes", lambda: _quotes(store, None))
    return _quotes(store, article_ids)


def _quotes(store: Store, article_ids: list[str] | None) -> list[dict[str, Any]]:
    enrichments = enrichments_of(store, article_ids)
    return quote_records(store, enrichments, _groups(store, QUOTE_GROUPS))


def quote_records(
    store: Store,
    enrichments: Iterable[Enrichment],
    groups: dict[str, dict[str, Any]],
    mentions: dict[tuple[str, int, int], str] | None = None,
    headers: dict[str, Entity] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Quote records of the enrichments, each with its ``group_id`` from ``groups`` and
    its ``speaker`` named: the merged entity's name (read without its mentions), else the
    article's own chain, else the words the article attributes it to. ``mentions`` (of
    the enrichments' articles, or more) and entity ``headers`` are what the caller has
    read already; ``limit``: only the first so many quotes."""
    quoted = _first_quoted([e for e in enrichments if e.quotes], limit)
    if not quoted:
        return []
    ids = {e.article_id for e in quoted}
    by_mention = mentions if mentions is not None else store.mention_index(ids)
    if any(article_id in ids for article_id, _, _ in by_mention):
        speakers = chain_entity_index(by_mention, quoted)
        named = {q.speaker_id for e in quoted for q in e.quotes if q.speaker_id}
        found = entity_headers(store, set(speakers.values()) | named, headers or {})
        names = {entity_id: entity.name for entity_id, entity in found.items()}
    else:  # entities not merged yet: each article's chains
        chains = chain_entities(quoted)
        speakers = chain_entity_index(chains, quoted)
        names = {entity.id: entity.name for entity in chains}
    every = (quote_record(q, speakers, groups) for e in quoted for q in e.quotes)
    records = list(islice(every, limit))
    for record in records:
        record["speaker"] = names.get(record["speaker_id"]) or record["speaker_text"]
    return records


def entity_headers(store: Store, ids: Iterable[str], held: dict[str, Entity]) -> dict[str, Entity]:
    """Headers of the entities ``ids``: those in ``held`` (read already), the rest read."""
    wanted = list(dict.fromkeys(ids))
    found = {i: held[i] for i in wanted if i in held}
    found.update(store.entity_headers([i for i in wanted if i not in held]))
    return found


def _first_quoted(quoted: list[Enrichment], limit: int | None) -> list[Enrichment]:
    """The enrichments holding the first ``limit`` quotes (all for None): a story's page
    shows a few hundred of its thousands, and names only their speakers."""
    if limit is None:
        return quoted
    taken, count = [], 0
    for enrichment in quoted:
        if count >= limit:
            break
        taken.append(enrichment)
        count += len(enrichment.quotes)
    return taken


def claims_of(store: Store, article_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Claim records, with the group and agreement the story analyses assigned."""
    if article_ids is None:
        return memo(store, "claims", lambda: _claims(store, None))
    return _claims(store, article_ids)


def _claims(store: Store, article_ids: list[str] | None) -> list[dict[str, Any]]:
    groups = _groups(store, CLAIM_GROUPS)
    enrichments = enrichments_of(store, article_ids)
    return [claim_record(c, groups) for e in enrichments for c in e.claims]


def times_of(enrichment: Enrichment) -> list[dict[str, Any]]:
    return [time_record(time) for time in enrichment.times]


def entity_summary(entity: Entity) -> dict[str, Any]:
    """An entity without its mentions list (which can be long), but with their count."""
    record = entity_record(entity)
    record["mention_count"] = len(record.pop("mentions"))
    record["article_count"] = len({m.article_id for m in entity.mentions})
    return record


def counted_entities(store: Store, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Summaries of merged entities (all when None) with archive-wide counts taken in SQL:
    no mention list is read ("Reuters" has one per wire of the archive)."""
    counts = store.entity_mention_counts(ids)
    headers = store.entity_headers(counts)
    return [
        counted_summary(headers[entity_id], mentions, articles)
        for entity_id, (mentions, articles) in counts.items()
        if entity_id in headers
    ]


def counted_summary(entity: Entity, mentions: int, articles: int) -> dict[str, Any]:
    """An entity read without its mentions, with the counts of them given."""
    record = entity_record(entity)
    del record["mentions"]
    record["mention_count"], record["article_count"] = mentions, articles
    return record


def all_entities(store: Store) -> list[Entity]:
    """Merged entities, else every article's chains (memoised)."""
    merged = memo(store, "entities", lambda: list(store.entities()))
    return merged or memo(store, "chains", lambda: chain_entities(enrichments_of(store, None)))


def _groups(store: Store, kind: str) -> dict[str, dict[str, Any]]:
    # Every quote's or claim's group in the corpus: read once per store state, since a
    # story page needs a few of them and a large store holds hundreds of thousands.
    return memo(store, f"groups:{kind}", lambda: {i["id"]: i for i in store.results(kind, dict)})
