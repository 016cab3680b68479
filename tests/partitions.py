"""B³ agreement between two partitions of the same items (the ECB+ gates' measure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping


def bcubed_f1(predicted: Mapping[str, str], reference: Mapping[str, str]) -> float:
    """B³ F1 of ``predicted`` against ``reference`` (item -> cluster label), same items."""
    assert predicted.keys() == reference.keys(), "partitions of different items"
    ours, theirs = _members(predicted), _members(reference)
    precision = recall = 0.0
    for item in predicted:
        overlap = len(ours[predicted[item]] & theirs[reference[item]])
        precision += overlap / len(ours[predicted[item]])
        recall += overlap / len(theirs[reference[item]])
    precision, recall = precision / len(predicted), recall / len(predicted)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _members(partition: Mapping[str, str]) -> dict[str, set[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    for item, label in partition.items():
        members[label].add(item)
    return members
