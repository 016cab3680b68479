"""Quality gate: direct quotes and their speakers on the PolNeAR dev split (84 articles).

Scoring is defined in eval/polnear.py (first annotator by id; a gold content is a
direct quote when it is enclosed by quote marks; each attribution is one unit, an
interrupted quote too; every predicted direct quote counts; a match covers at least
50 % of the gold content, one-to-one; speakers count as right through the span, the
chain or the resolved name). Rules were set from the train and dev errors by kind
(`python eval/polnear.py dev --show 20`). The Gender Gap Tracker reports 83.7 F1 /
86.5 % speaker accuracy on its own data.
"""

from __future__ import annotations

from corpora import corpus
from polnear import evaluate, load

# Measured on dev with `python eval/polnear.py dev` (issue 18, every prediction counted):
# P 0.900, R 0.942, F1 0.921; speaker accuracy 0.941 (366/389); on train F1 0.885,
# speakers 0.929. Before issue 18 the same scoring gave F1 0.739 (P 0.605: partial
# quotes predicted as direct), speakers 0.880.
CONTENT_F1_FLOOR = 0.915
SPEAKER_ACCURACY_FLOOR = 0.935


def test_polnear_dev_direct_quotes_meet_floors() -> None:
    items = load(corpus("quotes-polnear"), "dev")
    assert len(items) == 84
    score = evaluate(items)
    print()
    print(score.line())
    assert score.f1 >= CONTENT_F1_FLOOR
    assert score.speaker_accuracy >= SPEAKER_ACCURACY_FLOOR
