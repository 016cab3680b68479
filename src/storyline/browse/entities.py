"""Entities: a filtered page of summaries, and one entity with its mentions in context."""

from __future__ import annotations

from typing import Any

from storyline.browse.analysis import all_entities, entity_summary, phase_ran
from storyline.browse.pages import Page, page_of
from storyline.browse.records import entity_record
from storyline.model import Entity, Mention
from storyline.store import Store

CONTEXT_CHARS = 80  # characters shown either side of a mention


def list_entities(
    store: Store, limit: int, offset: int = 0, kind: str | None = None, name: str | None = None
) -> Page:
    """Entities (most mentioned first), optionally of one type or containing ``name``."""
    entities = [e for e in all_entities(store) if _wanted(e, kind, name)]
    entities.sort(key=lambda e: (-len(e.mentions), e.name.lower(), e.id))
    page = page_of([entity_summary(e) for e in entities], limit, offset, _notes(store))
    return page


def _wanted(entity: Entity, kind: str | None, name: str | None) -> bool:
    if kind and entity.type.lower() != kind.lower():
        return False
    if name:
        needle = name.lower()
        return any(needle in alias.lower() for alias in [entity.name, *entity.aliases])
    return True


def _notes(store: Store) -> list[str]:
    if not list(store.entities()) and not phase_ran(store, "entities"):
        return ["entities are not merged across articles yet: each article's own are listed"]
    return []


def entity_detail(store: Store, entity_id: str) -> dict[str, Any] | None:
    """The entity record, its mentions each with the article's title and some context."""
    entity = store.entity(entity_id) or _chain_entity(store, entity_id)
    if entity is None:
        return None
    record = entity_record(entity)
    record["mentions"] = _in_context(store, entity.mentions)
    record["article_count"] = len({m.article_id for m in entity.mentions})
    return record


def _chain_entity(store: Store, entity_id: str) -> Entity | None:
    return next((e for e in all_entities(store) if e.id == entity_id), None)


def _in_context(store: Store, mentions: list[Mention]) -> list[dict[str, Any]]:
    articles = {m.article_id: store.article(m.article_id) for m in mentions}
    found = []
    for mention in mentions:
        article = articles[mention.article_id]
        text = article.text if article else ""
        found.append({
            "article_id": mention.article_id, "start": mention.start, "end": mention.end,
            "text": mention.text, "title": article.title if article else None,
            "before": text[max(0, mention.start - CONTEXT_CHARS) : mention.start],
            "after": text[mention.end : mention.end + CONTEXT_CHARS],
        })  # fmt: skip
    return found
