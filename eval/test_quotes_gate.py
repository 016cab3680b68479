"""Quality gate: direct quotes and their speakers on the PolNeAR dev split (84 articles).

Scoring is defined in eval/polnear.py (first annotator by id; a gold content is a
direct quote when it is enclosed by quote marks; a match covers at least 50 % of the
gold content, one-to-one; speakers count as right through the span, the chain or the
resolved name). Rules were tuned on the train split; this test reads only dev. The
Gender Gap Tracker reports 83.7 F1 / 86.5 % speaker accuracy on its own data.
"""

from __future__ import annotations

from corpora import corpus
from polnear import evaluate, load

# Measured on dev on 2026-11-23 with `python -m pytest eval/test_quotes_gate.py -s`
# (also `python eval/polnear.py dev`): P 0.938, R 0.952, F1 0.945; speaker accuracy
# 0.880 (345/392).
CONTENT_F1_FLOOR = 0.93
SPEAKER_ACCURACY_FLOOR = 0.87


def test_polnear_dev_direct_quotes_meet_floors() -> None:
    items = load(corpus("quotes-polnear"), "dev")
    assert len(items) == 84
    score = evaluate(items)
    print()
    print(score.line())
    assert score.f1 >= CONTENT_F1_FLOOR
    assert score.speaker_accuracy >= SPEAKER_ACCURACY_FLOOR
