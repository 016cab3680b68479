"""Story linking: events of one affair together, whatever their dates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storyline.link.stories import (
    EventTerms,
    describe_story,
    group_events,
    summed_similarity,
)
from storyline.link.story_phase import terms_from_bytes, terms_to_bytes
from storyline.link.terms import profile_article
from storyline.model import Article, Event


def terms(event_id: str, *texts: str) -> EventTerms:
    profiles = [
        profile_article(Article(f"{event_id}{i}", "x", t, language="en"))
        for i, t in enumerate(texts)
    ]
    return EventTerms.of(event_id, profiles)


def three_meetings_and_a_rehab() -> tuple[EventTerms, EventTerms, EventTerms, EventTerms]:
    """Three events of one affair and one of another."""
    return (
        terms("meeting", "Putin met Lukashenko in Sochi on integration of Belarus and Russia."),
        terms("summit", "Putin and Lukashenko held a video summit on Belarus-Russia ties."),
        terms("talks", "Lukashenko and Putin agreed on Belarus-Russia integration steps."),
        terms("rehab", "Lindsay Lohan checked into the Betty Ford rehab clinic."),
    )


def test_events_of_one_affair_form_a_story_and_others_their_own() -> None:
    events = [
        terms(
            "meeting", "Putin met Lukashenko in Sochi to discuss integration of Belarus and Russia."
        ),
        terms("summit", "Putin and Lukashenko held a video summit on Belarus-Russia integration."),
        terms("rehab", "Lindsay Lohan checked into the Betty Ford rehab clinic."),
    ]
    labels = group_events(events)
    assert labels[0] == labels[1] != labels[2]


def test_story_is_titled_after_its_most_covered_event_and_lists_events_by_date() -> None:
    small = Event("e1", "Sochi talks", ["a"], date="2020-09-14", entity_ids=["putin"])
    big = Event(
        "e2",
        "Video summit",
        ["b", "c"],
        date_range=("2021-01-01", "2021-12-31"),
        entity_ids=["putin", "eu"],
    )
    story = describe_story("s", [big, small])
    assert story.title == "Video summit"
    assert story.event_ids == ["e1", "e2"]
    assert story.entity_ids[0] == "putin"


def _with_vectors(event_id: str, text: str, language: str, *vectors: list[float]) -> EventTerms:
    profile = profile_article(Article(event_id, "x", text, language=language))
    units = [np.array(v, dtype=np.float32) / np.linalg.norm(v) for v in vectors]
    return EventTerms.of(event_id, [profile] * len(vectors), units)


def test_close_vectors_add_to_the_similarity_and_far_ones_take_away() -> None:
    text = "Belarus erhält Milliarden, sagt Putin."
    base = _with_vectors("a", text, "de", [1, 0, 0])
    close = _with_vectors("b", text, "de", [1, 0, 0])
    far = _with_vectors("c", text, "de", [0, 1, 0])
    terms_only = summed_similarity(EventTerms(base.event_id, base.sums, 1),
                                   EventTerms(close.event_id, close.sums, 1))  # fmt: skip
    assert summed_similarity(base, close) > terms_only > summed_similarity(base, far)


def test_stored_event_sums_keep_their_vectors() -> None:
    event = _with_vectors("ru", "Кредит Минску обсудили в Сочи.", "ru", [1, 0.2, 0], [1, 0.3, 0])
    again = terms_from_bytes("ru", terms_to_bytes(event))
    assert again.with_vector == 2 and again.size == 2
    assert again.vector is not None and event.vector is not None
    assert np.allclose(again.vector, event.vector)


def test_a_long_story_relinks_as_one_unit_that_weighs_as_its_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyline.link import story_phase

    monkeypatch.setattr(story_phase, "UNIT_EVENTS", 2)
    meeting, summit, talks, rehab = three_meetings_and_a_rehab()
    unit = EventTerms.united([meeting, summit])
    mean = (
        meeting.size * summed_similarity(meeting, talks)
        + summit.size * summed_similarity(summit, talks)
    ) / (meeting.size + summit.size)
    assert summed_similarity(unit, talks) == pytest.approx(mean, rel=1e-5)

    events = [Event(e.event_id, e.event_id, [e.event_id]) for e in (meeting, summit, talks, rehab)]
    every = [meeting, summit, talks, rehab]
    labels = story_phase._link_units(
        events, every, {"story": {"meeting", "summit"}}, changed={"talks", "rehab"}
    )
    assert labels[0] == labels[1] == labels[2] != labels[3]
    # A batch does not split a long story, even one that event by event would not hold.
    odd = {"story": {"meeting", "rehab"}}
    assert group_events(every)[0] != group_events(every)[3]
    labels = story_phase._link_units(events, every, odd, changed={"summit", "talks"})
    assert labels[0] == labels[3]


def test_a_neighbour_story_stays_whole_and_a_story_a_changed_event_was_in_is_relinked() -> None:
    from storyline.link import story_phase

    meeting, summit, talks, rehab = three_meetings_and_a_rehab()
    every = [meeting, summit, talks, rehab]
    events = [Event(e.event_id, e.event_id, [e.event_id]) for e in every]
    assert group_events(every)[0] != group_events(every)[3]
    # Two short stories: one the batch's events were never in (a neighbour), one that held
    # "talks", which changed. The neighbour is not split; the other is relinked event by
    # event, so its ill-matched member leaves it.
    before = {"neighbour": {"meeting", "rehab"}, "touched": {"summit", "talks"}}
    labels = story_phase._link_units(events, every, before, changed={"talks"})
    assert labels[0] == labels[3]
    before = {"touched": {"meeting", "rehab", "talks"}, "other": {"summit"}}
    labels = story_phase._link_units(events, every, before, changed={"talks"})
    assert labels[0] != labels[3]
    assert labels[0] == labels[2]


def test_deleting_articles_is_not_growth_that_relinks_the_recent_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline import jobs
    from storyline.link import story_phase

    seeds = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/corpora/seeds not found")
    relinks: list[int | None] = []
    relink = story_phase._relink

    def recorded(store: Any, stories: Any, changed: Any, mark: int | None, **kw: Any) -> Any:
        relinks.append(mark)
        return relink(store, stories, changed, mark, **kw)

    monkeypatch.setattr(story_phase, "_relink", recorded)
    store = jobs.open_store(tmp_path / "seeds.db")
    jobs.ingest([str(seeds)], store)
    jobs.analyze(store)
    events = list(store.events())
    assert len(events) >= 3 and relinks[-1] is not None  # the first analyze relinks all
    # One article from each of two events: two events change, none is new.
    jobs.delete(store, [events[0].article_ids[0], events[1].article_ids[0]])
    jobs.analyze(store)
    assert relinks[-1] is None  # their neighbourhood, not the recent stories
