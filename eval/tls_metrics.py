"""Timeline summarisation metrics: date F1 and alignment-based ROUGE-1/2.

Variant, documented because TLS papers differ in it:

* **Date F1**: the predicted and gold timelines' date sets, exact day match.
* **Alignment ROUGE-N F** (Martschat & Markert, CoNLL 2017, "align+ m:1" as used
  by news-tls, Gholipour Ghalandari & Ifrim, ACL 2020): for precision, every
  predicted date is aligned to the gold date that maximises
  ``date_weight × ROUGE-N F`` of their texts, where
  ``date_weight = 1 / (|days between them| + 1)``; its clipped n-gram overlap
  with that gold date's text, times ``date_weight``, counts as matched, over
  the predicted timeline's total n-grams. Recall aligns the other way (gold to
  predicted) over the gold timeline's total n-grams. F is their harmonic mean.
  Tokens: lower-cased words and numbers (PTB brackets such as ``-LRB-`` and
  punctuation dropped), no stemming, no stopword removal.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

Timeline = Mapping[date, Sequence[str]]
_TOKEN = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
_PTB = re.compile(r"-[lr][rcs]b-")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(_PTB.sub(" ", text.lower()))


def ngrams(text: str, n: int) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def date_f1(predicted: Timeline, gold: Timeline) -> float:
    hits = len(set(predicted) & set(gold))
    if not hits:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def alignment_rouge(predicted: Timeline, gold: Timeline, n: int) -> tuple[float, float, float]:
    """(precision, recall, F) of alignment-based ROUGE-``n``."""
    pred = {day: ngrams(" ".join(texts), n) for day, texts in predicted.items()}
    ref = {day: ngrams(" ".join(texts), n) for day, texts in gold.items()}
    precision = _aligned_share(pred, ref)
    recall = _aligned_share(ref, pred)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _aligned_share(
    source: dict[date, Counter[tuple[str, ...]]], target: dict[date, Counter[tuple[str, ...]]]
) -> float:
    """Weighted overlap of each source date with its best target date, over source n-grams."""
    total = sum(sum(grams.values()) for grams in source.values())
    if not total or not target:
        return 0.0
    matched = 0.0
    for day, grams in source.items():
        matched += max(_weighted_overlap(day, grams, other, target[other]) for other in target)[1]
    return matched / total


def _weighted_overlap(
    day: date, grams: Counter[tuple[str, ...]], other: date, other_grams: Counter[tuple[str, ...]]
) -> tuple[float, float]:
    """(alignment score, weighted overlap) of one source date with one target date."""
    weight = 1.0 / (abs((day - other).days) + 1)
    overlap = sum((grams & other_grams).values())
    size = sum(grams.values()) + sum(other_grams.values())
    f_score = 2 * overlap / size if size else 0.0
    return weight * f_score, weight * overlap
