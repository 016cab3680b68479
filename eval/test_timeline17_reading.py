"""Reading Timeline17 gold timelines and scoring with tilse, on files made here."""

import json
from datetime import date
from pathlib import Path

import pytest
from tilse_scores import PRF, TimelineScores, mean_scores, score_timeline
from timeline17 import gold_timelines, sentences_per_date

D1, D2 = date(2010, 4, 20), date(2010, 4, 22)


def _write(folder: Path, name: str, items: list[dict[str, str]]) -> None:
    (folder / f"{name}.timeline.json").write_text(json.dumps(items), "utf-8")


def test_every_gold_timeline_of_a_folder_is_read(tmp_path: Path) -> None:
    _write(tmp_path, "bbc.txt", [{"date": "2010-04-20", "text": " The rig explodes . "}])
    _write(tmp_path, "guardian.txt", [{"date": "2010-04-22", "text": " The rig sinks . "}])
    assert [(name, list(gold)) for name, gold in gold_timelines(tmp_path)] == [
        ("bbc.txt", [D1]),
        ("guardian.txt", [D2]),
    ]


def test_a_folder_without_gold_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no \\*.timeline.json"):
        gold_timelines(tmp_path)


def test_sentences_are_the_gold_lines_and_the_last_is_counted_once(tmp_path: Path) -> None:
    text = " Explosion and fire on the rig .  Eleven people are reported missing . "
    _write(
        tmp_path,
        "t",
        [{"date": "2010-04-20", "text": text}, {"date": "2010-04-22", "text": " It sinks . "}],
    )
    ((_, gold),) = gold_timelines(tmp_path)
    assert gold[D1] == ["Explosion and fire on the rig .", "Eleven people are reported missing ."]
    assert sentences_per_date(gold) == 2  # (2 + 1) / 2 rounds to 2 (news-tls: Python's round)


def test_entries_of_one_date_are_merged(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "t",
        [{"date": "2010-04-20", "text": " A . "}, {"date": "2010-04-20", "text": " B . "}],
    )
    ((_, gold),) = gold_timelines(tmp_path)
    assert gold == {D1: ["A .", "B ."]}


def test_tilse_gives_identical_timelines_full_marks() -> None:
    timeline = {D1: ["BP 's rig exploded in the Gulf ."], D2: ["The burning rig sank ."]}
    found = score_timeline(timeline, timeline)
    assert (found.rouge1.f, found.rouge2.f, found.dates.f) == (1.0, 1.0, 1.0)


def test_tilse_stems_and_drops_stopwords() -> None:
    found = score_timeline({D1: ["The rigs exploded"]}, {D1: ["a rig explodes"]})
    assert found.rouge1.f == pytest.approx(1.0)


def test_an_empty_prediction_scores_zero() -> None:
    found = score_timeline({}, {D1: ["The rig exploded ."]})
    assert (found.rouge1.f, found.dates.recall) == (0.0, 0.0)


def test_the_mean_is_f_of_mean_precision_and_recall() -> None:
    one = TimelineScores(PRF(1.0, 0.0), PRF(0.0, 0.0), PRF(1.0, 1.0))
    two = TimelineScores(PRF(0.0, 1.0), PRF(0.0, 0.0), PRF(1.0, 1.0))
    assert mean_scores([one, two]).rouge1.f == pytest.approx(0.5)
