"""The timeline metrics on timelines small enough to score by hand."""

from datetime import date

import pytest
from tls_metrics import alignment_rouge, date_f1, tokens

D1, D2, D3 = date(2010, 4, 20), date(2010, 4, 21), date(2010, 5, 1)


def test_tokens_drop_ptb_brackets_and_punctuation() -> None:
    assert tokens("BP -LRB- the firm -RRB- said , `` no '' .") == [
        "bp",
        "the",
        "firm",
        "said",
        "no",
    ]


def test_identical_timelines_score_one() -> None:
    timeline = {D1: ["the rig exploded"], D3: ["the well was capped"]}
    assert date_f1(timeline, timeline) == 1.0
    assert alignment_rouge(timeline, timeline, 1) == (1.0, 1.0, 1.0)


def test_date_f1_counts_exact_days() -> None:
    assert date_f1({D1: ["a"], D2: ["b"]}, {D1: ["a"], D3: ["c"]}) == pytest.approx(0.5)


def test_a_day_off_halves_the_credit() -> None:
    precision, recall, _ = alignment_rouge({D2: ["rig exploded"]}, {D1: ["rig exploded"]}, 1)
    assert (precision, recall) == (pytest.approx(0.5), pytest.approx(0.5))


def test_bigrams_need_word_order() -> None:
    _, _, f_bigram = alignment_rouge({D1: ["exploded rig"]}, {D1: ["rig exploded"]}, 2)
    _, _, f_unigram = alignment_rouge({D1: ["exploded rig"]}, {D1: ["rig exploded"]}, 1)
    assert (f_bigram, f_unigram) == (0.0, 1.0)


def test_many_predicted_dates_may_align_to_one_gold_date() -> None:
    predicted = {D1: ["rig exploded"], D2: ["rig exploded again"]}
    precision, recall, _ = alignment_rouge(predicted, {D1: ["rig exploded"]}, 1)
    assert precision == pytest.approx((2 + 2 * 0.5) / 5)
    assert recall == pytest.approx(1.0)
