"""Quality gate: people, organisations and places merged across ECB+ documents (B³).

Scoring is defined in eval/ecbplus_entities.py: gold HUMAN / NON_HUMAN / LOC mentions of
the selected sentences, each taking the entity of the smallest predicted mention over
it; gold mentions without one are singletons. Most ECB+ entity mentions are common noun
phrases ("the actress", "a jewellery store in central Paris") that no named-entity chain
covers, so recall is bounded by coverage; the baselines on the same predicted mentions
say what the cross-document merging adds.
"""

from __future__ import annotations

from ecbplus_entities import evaluate

from storyline.store import SqliteStore

# Measured on 2026-11-23 with `python -m pytest eval/test_ecbplus_entities_gate.py -s`
# (also `python eval/ecbplus_entities.py STORE.db`): 5380 gold mentions, 4062 located in
# the text, 1744 on a predicted mention (32.4 %); merged P 0.947 R 0.316 F1 0.474;
# exact names P 0.946 R 0.315 F1 0.472; per article P 0.989 R 0.241 F1 0.387.
MERGED_F1_FLOOR = 0.47
COVERED_FLOOR = 1700


def test_ecbplus_cross_document_entities_meet_floor(ecbplus_store: SqliteStore) -> None:
    scores = evaluate(ecbplus_store)
    print()
    print("\n".join(scores.lines()))
    assert scores.covered >= COVERED_FLOOR
    assert scores.scores["merged"][2] >= MERGED_F1_FLOOR
    assert scores.scores["merged"][2] >= scores.scores["per article"][2]
