"""Quality gate: story timelines against Timeline17's journalist timelines, scored with
tilse as news-tls scores them (eval/tilse_scores.py: ROUGE-1.5.5 "align+ m:1", Porter
stems, stopwords removed; date F1).

CI builds the stores of two quick stories from scratch (a few minutes); the full run
over the eight dev timelines is
`.venv/bin/python eval/timeline17.py --cache /tmp/t17 --n-process 2` (README: figures
per story). news-tls DATEWISE reports 0.120 / 0.035 / 0.544 on the full Timeline17,
SUnSET (2025) 0.136 / 0.044 / 0.576.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import corpus
from tilse_scores import mean_scores
from timeline17 import score_story

SAMPLE = ("haiti_bbc", "bpoil_washingtonpost")
# Measured on SAMPLE (issue 18) with `eval/timeline17.py haiti_bbc bpoil_washingtonpost`:
# haiti 0.255 / 0.073 / 0.909, washingtonpost 0.082 / 0.011 / 0.583, mean 0.173 / 0.043 /
# 0.746 (AR1-F / AR2-F / date F1; before issue 18 about 0.133 / 0.043 / 0.621).
ROUGE1_FLOOR, ROUGE2_FLOOR, DATE_F1_FLOOR = 0.165, 0.040, 0.72


@pytest.mark.slow
def test_timeline17_sample_meets_floors(tmp_path: Path) -> None:
    root = corpus("timeline17")
    scores = [s for name in SAMPLE for s in score_story(root / name, 2, cache=tmp_path)]
    for score in scores:
        found = score.tilse
        print(
            f"\n{score.story}: AR1-F {found.rouge1.f:.3f} AR2-F {found.rouge2.f:.3f} "
            f"date F1 {found.dates.f:.3f}"
        )
    mean = mean_scores([s.tilse for s in scores])
    assert mean.rouge1.f >= ROUGE1_FLOOR
    assert mean.rouge2.f >= ROUGE2_FLOOR
    assert mean.dates.f >= DATE_F1_FLOOR
