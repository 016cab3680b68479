"""The seeds' one story, as a journalist reads it: a dated timeline, the quote board,
claims that agree or conflict across outlets (issue: the story)."""

from __future__ import annotations

from tests.conftest import seed_name

from storyline.analyze.claims import ClaimGroup
from storyline.analyze.phases import CLAIM_CHECKS, STATEMENTS, TIMELINE
from storyline.analyze.quotes import Statement
from storyline.model import TimelineEntry
from storyline.store import SqliteStore


def story_id(store: SqliteStore) -> str:
    (story,) = store.stories()
    return story.id


def test_timeline_holds_the_four_events_and_dated_background_facts(
    analysed_seeds: SqliteStore,
) -> None:
    entries = analysed_seeds.results(TIMELINE, TimelineEntry, story_id=story_id(analysed_seeds))
    events = [e for e in entries if e.event_id]
    assert len(events) == 4
    assert {e.date for e in events if e.date} == {"2020-09-14", "2022-07-01"}
    ranges = [e.date_range for e in events if e.date_range]
    assert any(r[0] <= "2021-02-22" <= r[1] for r in ranges)  # the second Sochi meeting
    assert any(r[0] <= "2021-11-04" <= r[1] for r in ranges)  # the video summit
    facts = {e.date for e in entries if not e.event_id}
    assert {"2022-02-24", "2020-08-09"} <= facts  # permission to use Belarus; the election
    assert all(e.citations for e in entries)


def test_claims_agree_on_the_loan_and_conflict_on_the_election(analysed_seeds: SqliteStore) -> None:
    checks = analysed_seeds.results(CLAIM_CHECKS, ClaimGroup, story_id=story_id(analysed_seeds))
    by_kind = {(c.kind, c.subject): c for c in checks if len(c.claim_ids) > 1}
    loans = [c for (kind, _), c in by_kind.items() if kind == "money"]
    assert loans and all(c.agreement == "agree" for c in loans)
    elections = [c for (kind, _), c in by_kind.items() if kind == "date"]
    assert any(c.agreement == "conflict" for c in elections)
    counts = [c for (kind, _), c in by_kind.items() if kind == "count"]
    assert any(c.agreement == "agree" for c in counts)  # 28 programs / 28 points


def test_the_two_translations_of_putins_sentence_are_one_statement(
    analysed_seeds: SqliteStore,
) -> None:
    name = seed_name(analysed_seeds)
    statements = analysed_seeds.results(STATEMENTS, Statement, story_id=story_id(analysed_seeds))
    shared = [
        s for s in statements
        if {name[w.quote.article_id] for w in s.wordings} == {"000", "001"}
        and any("interfere in the internal affairs" in w.quote.text for w in s.wordings)
    ]  # fmt: skip
    assert len(shared) == 1 and len(shared[0].wordings) == 2
