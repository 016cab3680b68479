"""Quality gate: German entities on GermEval 2014 dev through the enrichment stage.

Scoring is defined in eval/germeval.py (outer chunks, PER / LOC / ORG, exact match). The
German names CRF is trained on these very sentences (eval/train_names.py: no other German
named-entity data is within reach), so the gate scores it by cross-validation: each fifth
of the articles is tagged, through the whole enrichment stage, by a model trained on the
other four. The shared task's best system reached about 0.79 F1 over all four outer
classes on its test set, trained on 24,000 sentences (ours: 1,760 a fold).
"""

from __future__ import annotations

from corpora import corpus
from train_names import LANGUAGES, cross_validate, prepared

from storyline.enrich.de.pipeline import NAMES_MODEL, pipeline_name

# Measured with `python eval/train_names.py de --no-write` (5 folds, 2,200 sentences):
# chunk F1 PER 0.759, LOC 0.694, ORG 0.513 (micro 0.678). The rules and gazetteers alone
# (no model): PER 0.543, LOC 0.643, ORG 0.391 (micro 0.548).
CHUNK_F1_FLOORS = {"PER": 0.73, "LOC": 0.67, "ORG": 0.49}


def test_germeval_dev_entities_meet_floors_on_sentences_each_model_never_saw() -> None:
    corpus("ner-de-germeval2014")  # skips without the shared corpora
    units = prepared(LANGUAGES["de"])
    score = cross_validate(LANGUAGES["de"], units, folds=5)
    assert score.sentences == 2200
    print()
    print("\n".join(score.lines()))
    for kind, floor in CHUNK_F1_FLOORS.items():
        assert score.chunk[kind].f1 >= floor, (kind, score.chunk[kind].f1)


def test_the_pipeline_ships_and_names_its_model() -> None:
    assert NAMES_MODEL.exists() and "CRF" in pipeline_name()
