"""Timeline scores as news-tls reports them: tilse's ROUGE-1.5.5 "align+ m:1" and date F1.

The setting of news-tls's ``experiments/evaluate.py`` (Gholipour Ghalandari & Ifrim,
ACL 2020), which the published Timeline17 figures use:

* ROUGE-1/2 by the original Perl script (ROUGE-1.5.5 shipped inside tilse's ``pyrouge``;
  it needs Perl's XML::DOM, Debian's ``libxml-dom-perl``), Porter stemming (``-m``),
  stopwords removed (``-s``), raw counts (``-t 2``), through
  ``TimelineRougeEvaluator.evaluate_align_date_content_costs_many_to_one`` (Martschat &
  Markert, EACL 2017): each date aligned to the date of the other timeline with the
  lowest date × content cost, its counts weighted by ``1 / (days apart + 1)``.
* Date F1: exact days shared by the predicted and the reference timeline.
* One score per reference timeline; the mean over timelines averages precision and
  recall and takes F of the averages (news-tls's ``get_average_results``).

Sentences are whitespace-tokenised strings (Timeline17 is PTB-tokenised already).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

Timeline = Mapping[date, Sequence[str]]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True, slots=True)
class TimelineScores:
    rouge1: PRF
    rouge2: PRF
    dates: PRF


ZERO = PRF(0.0, 0.0)


def score_timeline(predicted: Timeline, reference: Timeline) -> TimelineScores:
    """AR-1, AR-2 ("align+ m:1") and date precision/recall of one predicted timeline."""
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation import rouge

    predicted = {day: list(texts) for day, texts in predicted.items() if texts}
    dates = _date_scores(set(predicted), set(reference))
    if not predicted:  # tilse's alignment needs at least one predicted date
        return TimelineScores(ZERO, ZERO, dates)
    evaluator = rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])
    found = evaluator.evaluate_align_date_content_costs_many_to_one(
        TilseTimeline(predicted),
        GroundTruth([TilseTimeline({day: list(texts) for day, texts in reference.items()})]),
    )
    return TimelineScores(_prf(found["rouge_1"]), _prf(found["rouge_2"]), dates)


def mean_scores(scores: Sequence[TimelineScores]) -> TimelineScores:
    """news-tls's average: mean precision and mean recall, F of the two means."""

    def mean(pick: str) -> PRF:
        values = [getattr(s, pick) for s in scores]
        n = max(len(values), 1)
        return PRF(sum(v.precision for v in values) / n, sum(v.recall for v in values) / n)

    return TimelineScores(mean("rouge1"), mean("rouge2"), mean("dates"))


def _date_scores(predicted: set[date], reference: set[date]) -> PRF:
    shared = len(predicted & reference)
    return PRF(shared / len(predicted) if predicted else 0.0, shared / len(reference))


def _prf(found: Mapping[str, float]) -> PRF:
    return PRF(float(found["precision"]), float(found["recall"]))
