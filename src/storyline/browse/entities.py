"""Entities: a filtered page of summaries, and one entity with its mentions in context."""

from __future__ import annotations

from typing import Any

from storyline.browse.analysis import all_entities, counted_entities, entity_summary, phase_ran
from storyline.browse.pages import Page, check_page, memo, page_of
from storyline.browse.records import entity_record
from storyline.model import Entity, Mention
from storyline.store import Store

CONTEXT_CHARS = 80  # characters shown either side of a mention
# Mentions an entity record shows in context (the first, by article): a wire agency's
# entity in a large archive has hundreds of thousands; ``mention_count`` has them all.
MENTIONS_SHOWN = 200


def list_entities(
    store: Store, limit: int, offset: int = 0, kind: str | None = None, name: str | None = None
) -> Page:
    """Entities (most mentioned first), optionally of one type or containing ``name``."""
    check_page(limit, offset)
    rows, merged = memo(store, "entity-summaries", lambda: _summaries(store))
    if kind or name:
        rows = [r for r in rows if _wanted(r, kind, name)]
    notes = [] if merged or phase_ran(store, "entities") else [_NOT_MERGED]
    return page_of(rows, limit, offset, notes)


_NOT_MERGED = "entities are not merged across articles yet: each article's own are listed"


def _summaries(store: Store) -> tuple[list[dict[str, Any]], bool]:
    """Every entity's summary, most mentioned first: merged entities are read without
    their mentions (counted in SQL), so a page of a large store reads no mention list."""
    rows = counted_entities(store)
    merged = bool(rows)
    if not merged:
        rows = [entity_summary(e) for e in all_entities(store)]
    rows.sort(key=lambda r: (-r["mention_count"], r["name"].lower(), r["id"]))
    return rows, merged


def _wanted(entity: dict[str, Any], kind: str | None, name: str | None) -> bool:
    if kind and entity["type"].lower() != kind.lower():
        return False
    if name:
        needle = name.lower()
        return any(needle in alias.lower() for alias in [entity["name"], *entity["aliases"]])
    return True


def entity_detail(store: Store, entity_id: str) -> dict[str, Any] | None:
    """The entity record, its first MENTIONS_SHOWN mentions each with the article's title
    and some context, and how many mentions and articles it has in all."""
    entity = store.entity(entity_id) or _chain_entity(store, entity_id)
    if entity is None:
        return None
    record = entity_record(entity)
    record["mentions"] = _in_context(store, entity.mentions[:MENTIONS_SHOWN])
    record["mention_count"] = len(entity.mentions)
    record["article_count"] = len({m.article_id for m in entity.mentions})
    return record


def _chain_entity(store: Store, entity_id: str) -> Entity | None:
    return next((e for e in all_entities(store) if e.id == entity_id), None)


def _in_context(store: Store, mentions: list[Mention]) -> list[dict[str, Any]]:
    articles = store.articles_by_id({m.article_id for m in mentions})
    found = []
    for mention in mentions:
        article = articles.get(mention.article_id)
        text = article.text if article else ""
        found.append({
            "article_id": mention.article_id, "start": mention.start, "end": mention.end,
            "text": mention.text, "title": article.title if article else None,
            "before": text[max(0, mention.start - CONTEXT_CHARS) : mention.start],
            "after": text[mention.end : mention.end + CONTEXT_CHARS],
        })  # fmt: skip
    return found
