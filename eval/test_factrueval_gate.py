"""Quality gate: Russian entities on factRuEval-2016 devset through the enrichment stage.

Scoring is defined in eval/factrueval.py (gold as natasha's evaluation adapts it;
token-level F1 per type, the measure behind slovnet's published 0.959 / 0.915 / 0.825
PER / LOC / ORG, which are on factRu's test set; this gate reads only the devset).
"""

from __future__ import annotations

from corpora import corpus
from factrueval import evaluate, load

# Measured on the devset (122 documents) with `python eval/factrueval.py`:
# token F1 PER 0.964, LOC 0.909, ORG 0.787 (span F1 0.925 / 0.909 / 0.737).
# natasha alone (its spans, no chain building) scores 0.957 / 0.909 / 0.778.
TOKEN_F1_FLOORS = {"PER": 0.95, "LOC": 0.90, "ORG": 0.77}


def test_factrueval_devset_entities_meet_floors() -> None:
    documents = load(corpus("ner-ru-factrueval"))
    assert len(documents) == 122
    score = evaluate(documents)
    print()
    print("\n".join(score.lines()))
    for kind, floor in TOKEN_F1_FLOORS.items():
        assert score.token[kind].f1 >= floor, (kind, score.token[kind].f1)
