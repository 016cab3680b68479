"""Stories and events: lists with coverage over time, and a story with everything found."""

from __future__ import annotations

from typing import Any

from storyline.browse.analysis import phase_ran
from storyline.browse.articles import article_summary
from storyline.browse.coverage import coverage
from storyline.browse.pages import Page, memo, page_of
from storyline.browse.records import event_record, plain
from storyline.browse.story import DETAIL_ITEMS, read_story
from storyline.model import TimelineEntry
from storyline.store import Store
from storyline.store.fulltext import ArticleFilter
from storyline.store.kinds import STORY_CARD, TIMELINE


def list_stories(store: Store, limit: int, offset: int = 0) -> Page:
    """Stories, most covered first, each with its article count and coverage over time."""
    records = memo(store, "stories", lambda: _story_records(store))
    notes = [] if records or phase_ran(store, "stories") else [_NOT_YET.format("stories")]
    return page_of(records, limit, offset, notes)


_NOT_YET = "no {} in the store yet: not analysed (run `storyline analyze`)"


def _story_records(store: Store) -> list[dict[str, Any]]:
    """Each story with its article count and coverage: as story analysis stored them
    (``STORY_CARD``), or, in a store with stories analysed before cards, from every story's
    articles."""
    stories = list(store.stories())
    cards = {card["id"]: card for card in store.results(STORY_CARD, dict)}
    if any(story.id not in cards for story in stories):
        members = store.story_members()
        cards = {
            story.id: {
                "article_count": len(dated := members.get(story.id, [])),
                "coverage": plain(coverage(day for _, day in dated).record()),
            }
            for story in stories
        }
    records = []
    for story in stories:
        record = plain(story)
        record["article_count"] = cards[story.id]["article_count"]
        record["coverage"] = cards[story.id]["coverage"]
        records.append(record)
    records.sort(key=lambda r: (-r["article_count"], r["title"], r["id"]))
    return records


def story_detail(store: Store, story_id: str) -> dict[str, Any] | None:
    """The story with its events, timeline, entities, articles, quotes, claims and framing
    (:mod:`storyline.browse.story`), read from the view stored by story analysis.

    Each analysis section is a list (possibly empty); ``analysed`` says, per section,
    whether the phase that fills it has run, so an empty list can be told from "not yet".
    Remembered until the store changes (callers must not modify the record).
    """
    return memo(store, f"story:{story_id}", lambda: read_story(store, story_id))


def list_events(store: Store, limit: int, offset: int = 0, story: str | None = None) -> Page:
    """Events by date, all or those of one story."""
    events = list(store.events())
    if story is not None:
        chosen = store.story(story)
        keep = set(chosen.event_ids) if chosen else set()
        events = [e for e in events if e.id in keep or e.story_id == story]
    notes = [] if events or phase_ran(store, "events") else [_NOT_YET.format("events")]
    return page_of([event_record(e) for e in events], limit, offset, notes)


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event record with its articles' summaries."""
    event = store.event(event_id)
    if event is None:
        return None
    record = event_record(event)
    articles, total = store.article_page(ArticleFilter(event=event_id), DETAIL_ITEMS, 0)
    record["articles"] = [article_summary(a) for a in articles]
    record["article_count"] = total
    return record


def list_timeline(store: Store, limit: int, offset: int = 0, story: str | None = None) -> Page:
    """Timeline entries (of one story, or all), in the order the timeline phase wrote them."""
    entries = store.results(TIMELINE, TimelineEntry, story_id=story)
    notes = [] if entries or phase_ran(store, "timeline") else [_NOT_YET.format("timeline")]
    return page_of([plain(e) for e in entries], limit, offset, notes)
