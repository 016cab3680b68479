"""Quality gate: Russian entities on factRuEval-2016 devset through the enrichment stage.

Scoring is defined in eval/factrueval.py (gold as natasha's evaluation adapts it;
token-level F1 per type, the measure behind slovnet's published 0.959 / 0.915 / 0.825
PER / LOC / ORG, which are on factRu's test set; this gate reads only the devset). The
names CRF that reads slovnet's names again is trained on this devset
(eval/train_names.py), so the gate scores by cross-validation: each fifth of the
documents goes through the whole enrichment stage with a model trained on the rest.
"""

from __future__ import annotations

from corpora import corpus
from train_names import LANGUAGES, cross_validate, prepared

from storyline.enrich.ru.pipeline import NAMES_MODEL, pipeline_name

# Measured with `python eval/train_names.py ru --no-write` (5 folds, 122 documents):
# token F1 PER 0.972, LOC 0.927, ORG 0.815 (span F1 0.951 / 0.927 / 0.806). Before the
# CRF, the pipeline on slovnet's names: 0.964 / 0.909 / 0.787; slovnet alone, scored the
# same way (`python eval/factrueval.py --model-only`): 0.960 / 0.905 / 0.771.
TOKEN_F1_FLOORS = {"PER": 0.96, "LOC": 0.91, "ORG": 0.80}


def test_factrueval_devset_entities_meet_floors_on_documents_each_model_never_saw() -> None:
    corpus("ner-ru-factrueval")  # skips without the shared corpora
    units = prepared(LANGUAGES["ru"])
    assert len(units) == 122
    score = cross_validate(LANGUAGES["ru"], units, folds=5)
    print()
    print("\n".join(score.lines()))
    for kind, floor in TOKEN_F1_FLOORS.items():
        assert score.token[kind].f1 >= floor, (kind, score.token[kind].f1)


def test_the_pipeline_ships_and_names_its_model() -> None:
    assert NAMES_MODEL.exists() and "CRF" in pipeline_name()
