"""B³ scoring used by the ECB+ gates, on partitions small enough to check by hand."""

from ecbplus import bcubed


def test_bcubed_is_perfect_for_identical_partitions():
    gold = {"a": "1", "b": "1", "c": "2"}
    assert bcubed({"a": "x", "b": "x", "c": "y"}, gold) == (1.0, 1.0, 1.0)


def test_bcubed_all_in_one_cluster_keeps_full_recall_and_loses_precision():
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    precision, recall, _ = bcubed({item: "one" for item in gold}, gold)
    assert recall == 1.0
    assert precision == 0.5


def test_bcubed_singletons_keep_full_precision():
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    precision, recall, _ = bcubed({item: item for item in gold}, gold)
    assert precision == 1.0
    assert abs(recall - (1 / 3 * 3 + 1) / 4) < 1e-9
