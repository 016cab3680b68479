"""Everything one story's analyses read, gathered once from the store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from storyline.model import (
    Article,
    Chain,
    Enrichment,
    Entity,
    Event,
    Story,
    chain_entity_index,
)
from storyline.store import Store


@dataclass(slots=True)
class StoryContext:
    """A story with its events, articles (duplicates left out), enrichments and entities."""

    story: Story
    events: list[Event]
    articles: dict[str, Article]
    enrichments: dict[str, Enrichment]
    entities: dict[str, Entity]
    chain_entity: dict[tuple[str, int], str] = field(default_factory=dict)
    event_ids: dict[str, str] = field(default_factory=dict)  # article id -> its event's id
    _by_id: tuple[list[Event], dict[str, Event]] | None = None  # for the events list as is
    # Every article of the story as read, duplicates too (the story's page lists them),
    # and the entity mentions of all of them (the page counts its entities in all).
    read: dict[str, Article] = field(default_factory=dict)
    mentions: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def event_of(self, article_id: str) -> Event | None:
        if not self.event_ids:  # built once; summaries later replace events, never ids
            self.event_ids = {a: e.id for e in reversed(self.events) for a in e.article_ids}
        # By id, not by a scan of the events: a long story asks for each dated sentence.
        if self._by_id is None or self._by_id[0] is not self.events:
            self._by_id = (self.events, {e.id: e for e in reversed(self.events)})
        event_id = self.event_ids.get(article_id)
        return self._by_id[1].get(event_id) if event_id is not None else None

    def chains(self) -> Iterator[tuple[Article, Chain]]:
        for article_id, enrichment in self.enrichments.items():
            for chain in enrichment.chains:
                yield self.articles[article_id], chain

    def entity_of(self, chain: Chain) -> Entity | None:
        found = self.chain_entity.get((chain.article_id, chain.index))
        return self.entities.get(found) if found else None


def story_contexts(store: Store, stories: Iterable[Story]) -> Iterator[StoryContext]:
    """One context per story; articles linked as duplicates stay out of the analyses.
    Reads only what each story holds."""
    for story in stories:
        own = list(store.events(store.story_event_ids(story.id)))
        article_ids = [a for event in own for a in event.article_ids]
        read = store.articles_by_id(article_ids)
        articles = {a.id: a for a in read.values() if a.duplicate_of is None}
        enrichments = {e.article_id: e for e in store.enrichments(articles) if not e.skipped}
        by_mention = store.mention_index(read)
        entities = store.entity_headers(set(by_mention.values()))
        index = chain_entity_index(by_mention, enrichments.values())
        yield StoryContext(
            story, own, articles, enrichments, entities, index, read=read, mentions=by_mention
        )
