"""The JSON export fixed by CONTRACT.md (``schema: storyline/1``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.browse.records import (
    analysis_record,
    article_record,
    chain_entities,
    claim_record,
    entity_record,
    event_record,
    plain,
    quote_record,
    time_record,
)
from storyline.link.authors import AuthorIndex
from storyline.model import TimelineEntry, chain_entity_index
from storyline.store import Store
from storyline.store.kinds import CLAIM_GROUPS, DATING, QUOTE_GROUPS, TIMELINE

SCHEMA = "storyline/1"


def build_export(store: Store) -> dict[str, Any]:
    """The whole export as one JSON-ready object."""
    enrichments = list(store.enrichments())
    entities = list(store.entities()) or chain_entities(enrichments)
    speakers = chain_entity_index(entities, enrichments)
    quote_groups = _groups(store, QUOTE_GROUPS)
    claim_groups = _groups(store, CLAIM_GROUPS)
    dating = {d["article_id"]: list(d["evidence"]) for d in store.results(DATING, dict)}
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
        "timeline": [plain(t) for t in store.results(TIMELINE, TimelineEntry)],
        "claims": [claim_record(c, claim_groups) for e in enrichments for c in e.claims],
        "times": [time_record(t) for e in enrichments for t in e.times],
    }


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


__all__ = [
    "SCHEMA",
    "analysis_record",
    "article_record",
    "build_export",
    "chain_entities",
    "claim_record",
    "entity_record",
    "event_record",
    "plain",
    "quote_record",
    "time_record",
    "write_json",
]
