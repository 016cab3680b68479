"""The story record is stored when the story is analysed, kept in step by incremental
analysis, and is what every reader (web page, API, report) shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline import jobs
from storyline.api.settings import ServerSettings
from storyline.browse.story import read_story, stored_findings, story_entities, story_record
from storyline.export.report import render_html
from storyline.server import create_app
from storyline.store import SqliteStore
from storyline.store.kinds import STORY_VIEW

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"


def _rebuilt(store: SqliteStore, story_id: str) -> dict:
    """The record assembled from the store now, as for a store analysed before views."""
    story = store.story(story_id)
    assert story is not None
    events = list(store.events(store.story_event_ids(story_id)))
    return story_record(store, story, events, stored_findings(store, story_id))


def _the_seed_story(store: SqliteStore) -> dict:
    (story,) = store.stories()
    record = read_story(store, story.id)
    assert record is not None
    return record


def _stored(store: SqliteStore) -> dict[str, dict]:
    return {view["id"]: view for view in store.results(STORY_VIEW, dict)}


@pytest.fixture
def seeds() -> list[Path]:
    files = sorted((CORPORA / "seeds").glob("*.txt"))
    if not files:
        pytest.skip("../shared/corpora/seeds not found")
    return files


def test_every_story_has_a_stored_view_equal_to_its_assembly(
    analysed_seeds: SqliteStore,
) -> None:
    stored = _stored(analysed_seeds)
    stories = list(analysed_seeds.stories())
    assert stories and set(stored) == {s.id for s in stories}
    for story in stories:
        rebuilt = _rebuilt(analysed_seeds, story.id)
        assert rebuilt["timeline"]
        # The stored row keeps the timeline apart; reading the story puts it back.
        assert stored[story.id] == {**rebuilt, "timeline": []}
        read = read_story(analysed_seeds, story.id)
        assert read is not None and read.pop("analysed")
        assert read == rebuilt


def test_the_story_page_lists_its_first_articles_as_the_oldest_first_article_list(
    analysed_seeds: SqliteStore,
) -> None:
    from storyline.browse.story import DETAIL_ITEMS
    from storyline.store.fulltext import ArticleFilter

    record = _the_seed_story(analysed_seeds)
    where = ArticleFilter(story=record["id"])
    listed, count = analysed_seeds.article_page(where, DETAIL_ITEMS, 0, "oldest")
    shown = [a["id"] for a in record["articles"]]
    assert shown == [a.id for a in listed][: len(shown)]
    assert record["article_count"] == count and len(shown) == min(count, DETAIL_ITEMS)


def test_the_story_span_is_its_events_not_its_background_facts(
    analysed_seeds: SqliteStore,
) -> None:
    record = _the_seed_story(analysed_seeds)
    event_days = [e["date"] or e["date_range"][0] for e in record["events"]]
    assert record["span"] == {"first": min(event_days)[:10], "last": max(event_days)[:10]}
    facts = [t for t in record["timeline"] if not t["event_id"] and (t["date"] or t["date_range"])]
    earliest_fact = min((t["date"] or t["date_range"][0]) for t in facts)
    assert earliest_fact < record["span"]["first"]  # the seeds' 1991 law stays out of it


def test_report_and_web_page_count_the_same_outlets(analysed_seeds: SqliteStore) -> None:
    record = _the_seed_story(analysed_seeds)
    outlets = {o["outlet"] for o in record["outlets"]}
    report = render_html(analysed_seeds)
    assert f"<b>{len(outlets)}</b>outlets" in report
    app = create_app(ServerSettings(db=Path(str(analysed_seeds.path))))
    with TestClient(
        app, base_url="http://127.0.0.1:8000", headers={"accept": "text/html"}
    ) as client:
        page = client.get(f"/stories/{record['id']}").text
    assert f"from {len(outlets)} outlets" in page
    assert all(outlet in page and outlet in report for outlet in outlets)


def test_pages_change_after_ingesting_more_and_analysing_incrementally(
    tmp_path: Path, seeds: list[Path]
) -> None:
    db = tmp_path / "grow.db"
    with jobs.open_store(db) as store:
        jobs.ingest([str(p) for p in seeds[:3]], store)
        jobs.analyze(store)
        before = {sid: view["article_count"] for sid, view in _stored(store).items()}
    app = create_app(ServerSettings(db=db))
    with TestClient(
        app, base_url="http://127.0.0.1:8000", headers={"accept": "text/html"}
    ) as client:
        listing = client.get("/api/stories").json()
        assert sum(s["article_count"] for s in listing["items"]) == sum(before.values())
        with jobs.open_store(db) as store:  # a second writer, as `storyline analyze` is
            jobs.ingest([str(p) for p in seeds[3:]], store)
            jobs.analyze(store)
            after = _stored(store)
            for story_id, view in after.items():  # the stored views are current
                assert view == {**_rebuilt(store, story_id), "timeline": []}
            total = store.counts()["articles"]
        grown = client.get("/api/stories").json()
        counts = {s["id"]: s["article_count"] for s in grown["items"]}
        assert sum(counts.values()) > sum(before.values())
        assert sum(counts.values()) <= total
        for story_id, view in after.items():
            page = client.get(f"/api/stories/{story_id}").json()["story"]
            assert page["article_count"] == view["article_count"] == counts[story_id]
            html_page = client.get(f"/stories/{story_id}").text
            assert f"{view['article_count']} articles " in html_page


def test_a_story_counts_its_entities_in_its_own_articles(analysed_seeds: SqliteStore) -> None:
    """The story page's entity counts are mentions in the story's articles, not in the
    archive (the seeds are one story: two of its articles stand for a smaller one)."""
    (story,) = analysed_seeds.stories()
    ids = sorted(analysed_seeds.story_article_ids(story.id))[:2]
    records = story_entities(analysed_seeds, story, ids)
    assert records and {r["id"] for r in records} == set(story.entity_ids)
    fewer = 0
    for record in records:
        entity = analysed_seeds.entity(record["id"])
        assert entity is not None
        inside = [m for m in entity.mentions if m.article_id in ids]
        assert record["mention_count"] == len(inside)
        assert record["article_count"] == len({m.article_id for m in inside})
        fewer += len(inside) < len(entity.mentions)
    assert fewer  # the archive-wide counts would differ
