"""Quality gate: story timelines against Timeline17's journalist timelines.

CI runs the two quickest stories (about two minutes); the full run over all eight
is `.venv/bin/python eval/timeline17.py --n-process 2` (measured 2026-11-23: mean
date F1 0.585, AR1-F 0.170, AR2-F 0.046; news-tls reports 0.544, 0.120 and 0.035 on
the full Timeline17 with its "datewise" method).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import corpus
from timeline17 import score_story

SAMPLE = ("haiti_bbc", "bpoil_washingtonpost")
# Measured on SAMPLE 2026-11-23 (haiti 0.909/0.318/0.084, washingtonpost
# 0.333/0.076/0.020); re-run `eval/timeline17.py haiti_bbc bpoil_washingtonpost`.
DATE_F1_FLOOR, ROUGE1_FLOOR, ROUGE2_FLOOR = 0.60, 0.19, 0.05


@pytest.mark.slow
def test_timeline17_sample_meets_floors(tmp_path: Path) -> None:
    root = corpus("timeline17")
    scores = [score_story(root / name, n_process=2, workdir=tmp_path) for name in SAMPLE]
    for score in scores:
        print(
            f"\n{score.story}: date F1 {score.date_f1:.3f} AR1-F {score.rouge1:.3f} AR2-F {score.rouge2:.3f}"
        )
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    assert mean([s.date_f1 for s in scores]) >= DATE_F1_FLOOR
    assert mean([s.rouge1 for s in scores]) >= ROUGE1_FLOOR
    assert mean([s.rouge2 for s in scores]) >= ROUGE2_FLOOR
