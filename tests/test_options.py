"""Analyze options: how many processes the language stage forks when nobody asks."""

from __future__ import annotations

import threading

import pytest

from storyline import options
from storyline.options import AUTO_LANGUAGE_PROCESSES, AnalyzeOptions


def test_the_language_stage_runs_in_as_many_processes_as_asked() -> None:
    assert AnalyzeOptions(n_process=1).language_processes() == 1
    assert AnalyzeOptions(n_process=3).language_processes() == 3


@pytest.mark.parametrize(("cores", "expected"), [(1, 1), (2, 2), (64, AUTO_LANGUAGE_PROCESSES)])
def test_unasked_it_takes_a_process_per_core_up_to_a_cap(
    monkeypatch: pytest.MonkeyPatch, cores: int, expected: int
) -> None:
    monkeypatch.setattr(options, "usable_cores", lambda: cores)
    assert AnalyzeOptions().language_processes() == expected


def test_unasked_it_forks_nothing_from_a_thread_that_is_not_the_main_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The API's ingest jobs analyse on a worker thread of the server: a fork there would
    copy that thread alone, with any lock another thread held at that moment held for
    ever in the copy."""
    monkeypatch.setattr(options, "usable_cores", lambda: 8)
    found: list[int] = []
    thread = threading.Thread(target=lambda: found.append(AnalyzeOptions().language_processes()))
    thread.start()
    thread.join()
    assert found == [1]
    assert AnalyzeOptions(n_process=2).language_processes() == 2  # asked: as asked
