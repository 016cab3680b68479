"""The JSON export fixed by CONTRACT.md (``schema: storyline/1``)."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

from storyline.link.authors import AuthorIndex
from storyline.model import (
    Article,
    Claim,
    Enrichment,
    Entity,
    Event,
    Quote,
    TimelineEntry,
    TimeMention,
    chain_entity_index,
    content_hash,
)
from storyline.store import Store
from storyline.store.codec import encode

SCHEMA = "storyline/1"
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


def build_export(store: Store) -> dict[str, Any]:
    """The whole export as one JSON-ready object."""
    enrichments = list(store.enrichments())
    entities = list(store.entities()) or chain_entities(enrichments)
    speakers = chain_entity_index(entities, enrichments)
    quote_groups = _groups(store, "quote_group")
    claim_groups = _groups(store, "claim_group")
    dating = {d["article_id"]: list(d["evidence"]) for d in store.results("dating", dict)}
    analyses = {e.article_id: analysis_record(e) for e in enrichments}
    bylines = AuthorIndex(entities)
    authored: dict[str, list[str]] = {}
    articles = []
    for article in store.articles():
        record = article_record(article, dating.get(article.id))
        record["analysis"] = analyses.get(article.id)
        # Extension: each byline's PERSON entity (or null), parallel to ``authors``.
        record["author_ids"] = bylines.links(article.authors)
        for entity_id in filter(None, record["author_ids"]):
            authored.setdefault(entity_id, []).append(article.id)
        articles.append(record)
    return {
        "schema": SCHEMA,
        "articles": articles,
        "entities": [
            {**entity_record(e), "authored": sorted(authored.get(e.id, []))} for e in entities
        ],
        "quotes": [quote_record(q, speakers, quote_groups) for e in enrichments for q in e.quotes],
        "events": [event_record(e) for e in store.events()],
        "stories": [plain(s) for s in store.stories()],
        "timeline": [plain(t) for t in store.results("timeline", TimelineEntry)],
        "claims": [claim_record(c, claim_groups) for e in enrichments for c in e.claims],
        "times": [time_record(t) for e in enrichments for t in e.times],
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
    return typing.cast(dict[str, Any], json.loads(encode(record)))


def _groups(store: Store, kind: str) -> dict[str, dict[str, Any]]:
    """Group assignments written by the story analyses, by quote or claim id."""
    return {item["id"]: item for item in store.results(kind, dict)}


def write_json(store: Store, out: str | Path) -> Path:
    """Write the export to ``out`` (UTF-8, atomically via a temporary file)."""
    path = Path(out)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(build_export(store), ensure_ascii=False, indent=1), "utf-8")
    temporary.replace(path)
    return path
