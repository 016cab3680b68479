"""The records every reader shows: articles, entities, quotes, claims, events, times, as
JSON-ready dicts with the field names CONTRACT.md fixes (``schema: storyline/1``).

The JSON export, the API, the web pages and the report all shape records here.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any

from storyline.model import (
    Article,
    Claim,
    Enrichment,
    Entity,
    Event,
    Quote,
    TimeMention,
    content_hash,
)
from storyline.store.codec import encode, loads

# Mentions that refer to an entity without naming it; not aliases.
_REFERENCES = ("PRONOUN", "TITLE")


def article_record(article: Article, evidence: list[str] | None = None) -> dict[str, Any]:
    """One article as the contract names its fields (plus additive extensions).

    Extensions: ``authors`` (bylines as a list of names; wire agencies stay in
    ``credits``), ``author`` (the same joined with "; ", as before), ``modified`` (the
    last update the page states, apart from ``published``), ``notes`` (e.g. "cleaning
    doubtful: …"), ``comments``, ``published_evidence``.
    ``evidence`` says why an estimated ``published_range`` is what it is (the dating
    phase's readable lines), as the extension ``published_evidence``.
    """
    return {
        "id": article.id,
        "source_path": article.source_path,
        "external_id": article.external_id,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "published_range": list(article.published_range) if article.published_range else None,
        "published_basis": article.published_basis,
        "language": article.language,
        "text": article.text,
        "removed": article.removed,
        "credits": article.credits,
        "duplicate_of": article.duplicate_of,
        "event_id": article.event_id,
        # Extensions to the contract (additive, same schema version):
        "authors": article.authors,
        "author": article.author or ("; ".join(article.authors) or None),
        "modified": article.modified,
        "notes": article.notes,
        "comments": article.comments,
        "published_evidence": evidence or [],
    }


def analysis_record(enrichment: Enrichment) -> dict[str, Any]:
    """Which language pipeline analysed an article, or why none did (an extension:
    ``analysis`` of each article, null before the language stage has run)."""
    return {
        "pipeline": enrichment.pipeline,
        "language": enrichment.pipeline.split(":")[0] if enrichment.pipeline else None,
        "skipped": enrichment.skipped,
        "version": enrichment.version,
    }


def chain_entities(enrichments: list[Enrichment]) -> list[Entity]:
    """Each article's chains as entities, for a store whose entities are not merged yet."""
    return [
        Entity(
            id=content_hash(chain.article_id, str(chain.index)),
            name=chain.name,
            type=chain.type,
            aliases=sorted({m.text for m in chain.mentions if m.label not in _REFERENCES}),
            mentions=chain.mentions,
        )
        for enrichment in enrichments
        for chain in enrichment.chains
    ]


def entity_record(entity: Entity) -> dict[str, Any]:
    record = plain(entity)
    record["mentions"] = [
        {"article_id": m.article_id, "start": m.start, "end": m.end, "text": m.text}
        for m in entity.mentions
    ]
    return record


def quote_record(
    quote: Quote, speakers: dict[tuple[str, int], str], groups: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    record = plain(quote)
    if quote.speaker_id is None and quote.speaker_chain is not None:
        record["speaker_id"] = speakers.get((quote.article_id, quote.speaker_chain))
    record["group_id"] = groups.get(quote.id, {}).get("group_id", quote.group_id)
    return record


def claim_record(claim: Claim, groups: dict[str, dict[str, Any]]) -> dict[str, Any]:
    record = plain(claim)
    record.update({k: v for k, v in groups.get(claim.id, {}).items() if k != "id"})
    return record


def event_record(event: Event) -> dict[str, Any]:
    return plain(event)


def time_record(time: TimeMention) -> dict[str, Any]:
    return plain(time)


def plain(record: Any) -> dict[str, Any]:
    """A record as a JSON-ready dict (tuples become lists)."""
    return typing.cast(dict[str, Any], loads(encode(record)))


def plain_all(records: Iterable[Any]) -> list[dict[str, Any]]:
    """:func:`plain` of each record, in one pass (a long story has thousands)."""
    return typing.cast(list[dict[str, Any]], loads(encode(list(records))))
