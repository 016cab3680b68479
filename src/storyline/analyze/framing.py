"""Framing: how each outlet names and describes a story's key actors.

"Belarusian ruler" in one outlet, "dictator" in another, "President" in a third:
the words are the article's own (names as written, descriptors from appositives
and modifiers the language stage collected), grouped per actor and outlet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from storyline.analyze.context import StoryContext
from storyline.model import Mention

# A story's key actors: the people mentioned most across its articles. Five fit a
# table a reader scans at a glance.
KEY_ACTORS = 5
_REFERENCES = ("PRONOUN",)


@dataclass(slots=True)
class FramingRow:
    """One actor as one outlet (or article) refers to them."""

    story_id: str
    entity_id: str
    actor: str
    outlet: str
    article_ids: list[str] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)  # surface form -> count
    descriptors: dict[str, int] = field(default_factory=dict)


def framing(context: StoryContext) -> list[FramingRow]:
    """Rows per key actor and outlet, actors by prominence, outlets by name."""
    actors = key_actors(context)
    rows: dict[tuple[str, str], FramingRow] = {}
    for article, chain in context.chains():
        entity = context.entity_of(chain)
        if entity is None or entity.id not in actors:
            continue
        outlet = article.outlet or "unknown outlet"
        row = rows.setdefault(
            (entity.id, outlet), FramingRow(context.story.id, entity.id, entity.name, outlet)
        )
        _add(row, article.id, chain.mentions, chain.descriptors)
    order = {entity_id: rank for rank, entity_id in enumerate(actors)}
    return sorted(rows.values(), key=lambda r: (order[r.entity_id], r.outlet))


def key_actors(context: StoryContext) -> list[str]:
    """Entity ids of the most mentioned people in the story."""
    counts: Counter[str] = Counter()
    for _, chain in context.chains():
        entity = context.entity_of(chain)
        if entity is not None and entity.type == "PERSON":
            counts[entity.id] += len(chain.mentions)
    return [entity_id for entity_id, _ in counts.most_common(KEY_ACTORS)]


def _add(row: FramingRow, article_id: str, mentions: list[Mention], descriptors: list[str]) -> None:
    if article_id not in row.article_ids:
        row.article_ids.append(article_id)
    names = Counter(row.names)
    names.update(m.text for m in mentions if m.label not in _REFERENCES)
    row.names = dict(names)
    found = Counter(row.descriptors)
    found.update(descriptor.lower() for descriptor in descriptors)
    row.descriptors = dict(found)
