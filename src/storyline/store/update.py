"""What a corpus phase asks the store to write, as one value the orchestrator applies.

Phases compute; they never write. Each returns an :class:`Update` holding every write
of its run, which the orchestrator applies in one transaction together with the
phase's new cursor, so a phase either lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.model import Entity, Event, Story
from storyline.store.postings import Posting

ResultItem = tuple[str, str | None, str | None, Any]  # id, story id, article id, record


@dataclass(slots=True)
class ResultsWrite:
    """Results of ``kind`` to replace by ``items``: all of them, or only those of the
    given ``stories``, or only those of the given ``articles``."""

    kind: str
    items: Sequence[ResultItem]
    stories: list[str] | None = None
    articles: list[str] | None = None


@dataclass(slots=True)
class PostingsWrite:
    """A phase index update: drop a space (``clear``), or the postings of ``remove``
    members and of ``remove_keys`` keys; then add ``add``; add ``counts`` to its counters."""

    space: str
    add: Sequence[Posting] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    remove_keys: list[Any] = field(default_factory=list)
    clear: bool = False
    counts: dict[Any, int] = field(default_factory=dict)


@dataclass(slots=True)
class Update:
    """Every write of one corpus phase run (all optional)."""

    duplicates: dict[str, str | None] = field(default_factory=dict)  # article -> original
    event_ids: dict[str, str | None] = field(default_factory=dict)  # article -> event
    estimates: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    entities_deleted: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    events_deleted: list[str] = field(default_factory=list)
    # Written without logging a change (their story, their summary): nothing that reads
    # events or stories has to redo anything for them.
    events_quiet: list[Event] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    stories_deleted: list[str] = field(default_factory=list)
    stories_quiet: list[Story] = field(default_factory=list)
    results: list[ResultsWrite] = field(default_factory=list)
    postings: list[PostingsWrite] = field(default_factory=list)
    changes: dict[str, set[str]] = field(default_factory=dict)  # logged as they are
    count: int = 0  # how many items the phase (re)computed, for the summary

    def log(self, kind: str, ids: set[str] | list[str]) -> None:
        self.changes.setdefault(kind, set()).update(ids)
