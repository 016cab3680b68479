"""Story linking: events of one affair together, whatever their dates."""

from __future__ import annotations

from storyline.link.stories import EventTerms, describe_story, group_events
from storyline.link.terms import profile_article
from storyline.model import Article, Event


def terms(event_id: str, *texts: str) -> EventTerms:
    profiles = [
        profile_article(Article(f"{event_id}{i}", "x", t, language="en"))
        for i, t in enumerate(texts)
    ]
    return EventTerms.of(event_id, profiles)


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
