"""Quality gate: temporal expressions on TimeBank 1.2 + AQUAINT (TempEval-3 training set).

Relaxed span F1 (any overlap, one-to-one) and value accuracy on the matched spans,
each document normalised against its own creation date (``dct``). HeidelTime reached
relaxed F1 0.90 and value F1 0.78 (value accuracy on matched about 0.86) at TempEval-3.
Scoring is in ``eval/timebank.py``; run it directly for the per-type table and a list
of misses in /tmp/timebank_misses.txt.
"""

from __future__ import annotations

from corpora import corpus
from timebank import score_file

# Measured on 2026-11-23 with `pytest eval/test_timex_gate.py -s` (256 documents, 1,822
# TIMEX3): relaxed span F1 0.939 (P 0.923, R 0.956), value accuracy 0.842 (DATE 0.849,
# TIME 0.615, DURATION 0.829, SET 0.786). Floors sit a little under the measurement
# so harmless rule changes pass; re-run before changing either.
SPAN_F1_FLOOR = 0.93
VALUE_ACCURACY_FLOOR = 0.83


def test_timebank_relaxed_span_f1_and_value_accuracy_meet_floors() -> None:
    score = score_file(corpus("temporal-timebank") / "timex3.jsonl")
    print()
    print("\n".join(score.lines()))
    assert score.gold == 1822, "the corpus changed: re-measure and re-pin the floors"
    assert score.f1 >= SPAN_F1_FLOOR
    assert score.value_accuracy >= VALUE_ACCURACY_FLOOR
