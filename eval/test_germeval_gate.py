"""Quality gate: German entities on GermEval 2014 dev through the enrichment stage.

Scoring is defined in eval/germeval.py (outer chunks, PER / LOC / ORG, exact match).
Nothing in the German pipeline was tuned on this set; the shared task's best system
reached about 0.79 F1 over all four outer classes on its test set (a trained CRF; ours
is a tagger with rules and gazetteers).
"""

from __future__ import annotations

from corpora import corpus
from germeval import evaluate, load

# Measured on dev (2,200 sentences) with `python eval/germeval.py`: chunk F1 PER 0.543,
# LOC 0.643, ORG 0.391 (micro 0.548).
CHUNK_F1_FLOORS = {"PER": 0.52, "LOC": 0.62, "ORG": 0.37}


def test_germeval_dev_entities_meet_floors() -> None:
    sentences = load(corpus("ner-de-germeval2014"))
    assert len(sentences) == 2200
    score = evaluate(sentences)
    print()
    print("\n".join(score.lines()))
    for kind, floor in CHUNK_F1_FLOORS.items():
        assert score.chunk[kind].f1 >= floor, (kind, score.chunk[kind].f1)
