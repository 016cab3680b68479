"""The seeds: four events (two Sochi meetings months apart, one video summit reported
twice, one forum speech) in one story, whatever order the articles arrive in."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from storyline import jobs
from storyline.graph import step_names
from storyline.store import SqliteStore

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"
# By file: 000 and 001 report the video summit, 002 the forum speech, 003 the Sochi
# meeting of 14 September 2020, 004 the Sochi meeting of 22 February 2021.
EXPECTED = {frozenset({"000", "001"}), frozenset({"002"}), frozenset({"003"}), frozenset({"004"})}


def analysed(folder: Path, files: list[Path]) -> SqliteStore:
    store = jobs.open_store(folder / "seeds.db")
    jobs.ingest([str(f) for f in files], store)
    jobs.analyze(store)
    return store


def events_by_file(store: SqliteStore) -> set[frozenset[str]]:
    name = {a.id: Path(a.source_path).name[:3] for a in store.articles()}
    return {frozenset(name[a] for a in event.article_ids) for event in store.events()}


@pytest.fixture(scope="module")
def seed_files() -> list[Path]:
    if not SEEDS.exists():
        pytest.skip("../shared/corpora/seeds not found")
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def seeds(analysed_seeds: SqliteStore) -> SqliteStore:
    return analysed_seeds


def test_seeds_make_four_events_in_one_story(seeds: SqliteStore) -> None:
    assert events_by_file(seeds) == EXPECTED
    (story,) = seeds.stories()
    assert sorted(story.event_ids) == sorted(e.id for e in seeds.events())


def test_events_are_dated_or_given_honest_ranges(seeds: SqliteStore) -> None:
    name = {a.id: Path(a.source_path).name[:3] for a in seeds.articles()}
    by_file = {frozenset(name[a] for a in e.article_ids): e for e in seeds.events()}
    assert by_file[frozenset({"003"})].date == "2020-09-14"
    assert by_file[frozenset({"002"})].date == "2022-07-01"  # "on Friday told a forum"
    sochi = by_file[frozenset({"004"})].date_range
    assert sochi is not None and sochi[0] <= "2021-02-22" <= sochi[1]
    summit = by_file[frozenset({"000", "001"})].date_range  # really 4 November 2021
    assert summit is not None and summit[0] <= "2021-11-04" <= summit[1]


def test_undated_articles_get_their_evidence(seeds: SqliteStore) -> None:
    dating = {d["article_id"]: d for d in seeds.results("dating", dict)}
    name = {a.id: Path(a.source_path).name[:3] for a in seeds.articles()}
    evidence = {name[a]: " ".join(d["evidence"]) for a, d in dating.items()}
    assert "seven months" in evidence["004"] and "election" in evidence["004"]
    assert "last year" in evidence["000"]


def test_both_reports_of_the_video_summit_are_ranged(seeds: SqliteStore) -> None:
    # 001 says nothing that dates it; it inherits what its event's other report (000,
    # "since last year's election") says, widened by how far coverage spreads.
    ranges = {Path(a.source_path).name[:3]: a.published_range for a in seeds.articles()}
    for key in ("000", "001"):
        found = ranges[key]
        assert found is not None and found[0] <= "2021-11-04" <= found[1]
    dating = {d["article_id"]: d for d in seeds.results("dating", dict)}
    name = {a.id: Path(a.source_path).name[:3] for a in seeds.articles()}
    (inherited,) = [d for a, d in dating.items() if name[a] == "001"]
    assert any(line.startswith("appeared with 1 undated article") for line in inherited["evidence"])


def test_arrival_order_and_increments_do_not_change_the_events(
    tmp_path: Path, seed_files: list[Path]
) -> None:
    shuffled = seed_files[:]
    random.Random(5).shuffle(shuffled)
    store = jobs.open_store(tmp_path / "stream.db")
    for chunk in (shuffled[:3], shuffled[3:4], shuffled[4:]):
        jobs.ingest([str(f) for f in chunk], store)
        jobs.analyze(store)
    assert events_by_file(store) == EXPECTED


def test_analysing_again_with_nothing_new_redoes_nothing(seeds: SqliteStore) -> None:
    summary = jobs.analyze(seeds)
    assert set(summary.skipped) == set(step_names())
    assert all(count == 0 for count in summary.steps.values())
