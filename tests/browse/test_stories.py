"""The story list: article counts and coverage as story analysis stored them."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from storyline.browse.coverage import coverage
from storyline.browse.records import plain
from storyline.browse.stories import list_stories
from storyline.jobs import open_store
from storyline.store import SqliteStore
from storyline.store.kinds import STORY_CARD


def _counted(store: SqliteStore) -> dict[str, tuple[int, dict[str, Any]]]:
    """Each story's article count and coverage, from every story's articles."""
    members = store.story_members()
    return {
        story.id: (
            len(found := members.get(story.id, [])),
            plain(asdict(coverage(d for _, d in found))),
        )
        for story in store.stories()
    }


def _listed(store: SqliteStore) -> dict[str, tuple[int, dict[str, Any]]]:
    page = list_stories(store, 100)
    return {r["id"]: (r["article_count"], r["coverage"]) for r in page.items}


def test_the_list_reads_the_stored_cards_which_equal_counting_the_articles(
    analysed_seeds: SqliteStore,
) -> None:
    cards = analysed_seeds.results(STORY_CARD, dict)
    assert {card["id"] for card in cards} == {story.id for story in analysed_seeds.stories()}
    assert _listed(analysed_seeds) == _counted(analysed_seeds)


def test_a_store_analysed_before_cards_lists_its_stories_from_their_articles(
    analysed_seeds: SqliteStore, tmp_path: Path
) -> None:
    copy = tmp_path / "older.db"
    with sqlite3.connect(str(analysed_seeds.path)) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the seeds store is in WAL mode: a file copy may miss pages
        target.execute("DELETE FROM results WHERE kind = ?", (STORY_CARD,))
    older = open_store(copy)
    assert not older.results(STORY_CARD, dict)
    assert _listed(older) == _counted(older) == _counted(analysed_seeds)
