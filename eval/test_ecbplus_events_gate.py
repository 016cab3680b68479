"""Quality gate: events and stories on ECB+ (B³ F1 against `subtopic` and `topic`).

ECB+ has no publication dates, so this measures linking by text alone: each topic is
two real-world events of one kind (two rehab check-ins, two Sochi-like summits), which
events must keep apart and stories must join. Full figures (train/dev/all splits):
`.venv/bin/python eval/ecbplus_events.py --split all`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ecbplus_events import in_batches, link, order_agreement, score

from storyline.store import SqliteStore

# Measured 2026-12-06 on all 771 articles (dev + train, `eval/ecbplus_events.py`):
# events B³ F1 0.909 (P 0.925, R 0.894, 81 events for 66 subtopics; dev 0.965, train
# 0.890); stories 0.938 (P 0.956, R 0.921, 36 stories for 33 topics; dev 1.000, train
# 0.917; 0.927 before the stories counted the multilingual vectors). Short of the 0.93 /
# 0.96 issue 18 asks for: four train topics (Klitschko's two title defences, the Angels'
# and the Red Sox's offers to Teixeira, Bush's Endangered Species rule and Obama's
# reversal, Microsoft's IE patches of 2008 and 2013) are two happenings told in the same
# words, with no publication dates to keep them apart.
# Since undated articles inherit dates from their event's coverage (issue 16), events
# measured 0.900 (P 0.911, R 0.890): a refit honoured the inherited ranges, so an
# article the first fit put with the wrong event could not join the right one. Placed by
# their own evidence's ranges (2026-12-07): events 0.909 (P 0.925, R 0.894, 81 events;
# dev 0.965, train 0.890), stories unchanged at 0.938.
EVENT_F1_FLOOR = 0.905
STORY_F1_FLOOR = 0.935
# Shuffled arrival, half fitted and half assigned then refined, against the fit: 1.000
# (assigned only, not refined: 0.895).
ORDER_FLOOR = 0.95
# The articles fed in 10 shuffled batches, the link phases run incrementally after each
# (2026-12-07): events 0.909, stories 0.938, as the rebuild. 20 batches: 0.906 / 0.938;
# 20 and 50 batches with the periodic refits and relinks turned off: 0.913 and 0.912 /
# 0.938. Keeping an archive current costs no quality against the gold here.
BATCHES = 10
BATCHED_EVENT_FLOOR, BATCHED_STORY_FLOOR = 0.90, 0.935


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


def test_ecbplus_fed_in_batches_scores_as_a_rebuild(
    ecbplus_store: SqliteStore, tmp_path: Path
) -> None:
    scores = score(in_batches(ecbplus_store, tmp_path, BATCHES))
    print("\n" + "\n".join(scores.lines()))
    assert scores.events[2] >= BATCHED_EVENT_FLOOR
    assert scores.stories[2] >= BATCHED_STORY_FLOOR
