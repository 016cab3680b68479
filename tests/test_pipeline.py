from storyline.model import ReadFailure
from storyline.pipeline import Pipeline, batched


def test_batched_splits_into_fixed_size_lists() -> None:
    assert list(batched(range(5), 2)) == [[0, 1], [2, 3], [4]]


def test_pipeline_applies_stages_in_order() -> None:
    pipeline = Pipeline([lambda b: [x + 1 for x in b], lambda b: [x * 10 for x in b]])
    assert [r.records for r in pipeline.run([1, 2])] == [[20, 30]]


def test_pipeline_sets_failures_aside_and_never_hands_them_to_stages() -> None:
    seen: list[object] = []

    def halve(batch: list[int]) -> list[object]:
        seen.extend(batch)
        return [x // 2 if x % 2 == 0 else ReadFailure(str(x), "odd") for x in batch]

    failure = ReadFailure("in", "unreadable")
    (result,) = Pipeline([halve], batch_size=10).run([2, failure, 3])
    assert seen == [2, 3]
    assert result.records == [1]
    assert result.failures == [failure, ReadFailure("3", "odd")]
