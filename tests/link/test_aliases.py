"""Name keys and matching rules; the pairs here are the tuning set of the thresholds."""

from __future__ import annotations

import pytest

from storyline.link.aliases import (
    SURNAME_SIMILARITY,
    compatible,
    given_agree,
    less_specific,
    parse_person,
    plain_key,
    similarity,
    word_key,
)
from storyline.link.persons import similar_surnames

SAME_KEY = [
    ("Lukashenko", "Lukashenka"),
    ("Zelensky", "Zelenskyy"),
    ("Zelensky", "Zelenskiy"),
    ("Navalny", "Navalnyi"),
    ("Yevgeny", "Evgeny"),
    ("Aleksandr", "Alexandr"),
    ("Khodorkovsky", "Hodorkovskiy"),
]
SIMILAR_SURNAMES = [("Tikhanovskaya", "Tsikhanouskaya"), ("Medvedev", "Medvedew")]
AGREEING_GIVEN = [("Alexander", "Alyaksandr"), ("Svetlana", "Svyatlana"), ("Mohamed", "Muhammad"),
                  ("George", "G"), ("Sergei", "Sergey")]  # fmt: skip
DIFFERENT_GIVEN = [("Hillary", "Bill"), ("John", "Joan"), ("George", "Jeb"), ("John", "Jane")]


def person(name: str):  # type: ignore[no-untyped-def]
    parsed = parse_person(name)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(("a", "b"), SAME_KEY)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert word_key(a) == word_key(b)


@pytest.mark.parametrize(("a", "b"), SIMILAR_SURNAMES)
def test_transliterated_surnames_are_similar(a: str, b: str) -> None:
    assert similarity(word_key(a), word_key(b)) >= SURNAME_SIMILARITY


@pytest.mark.parametrize(("a", "b"), AGREEING_GIVEN)
def test_given_name_variants_agree(a: str, b: str) -> None:
    assert given_agree(word_key(a), word_key(b))


@pytest.mark.parametrize(("a", "b"), DIFFERENT_GIVEN)
def test_different_given_names_disagree(a: str, b: str) -> None:
    assert not given_agree(word_key(a), word_key(b))


def test_titles_honorifics_and_suffixes_are_not_name_parts() -> None:
    assert person("President Vladimir Putin") == person("Vladimir Putin")
    assert person("Mr. Lukashenko").given == ""
    assert person("Martin Luther King Jr.").suffix == "jr"
    assert person("Bashar al-Assad").surname == person("Assad").surname


def test_middle_initials_tell_the_bushes_apart() -> None:
    assert not compatible(person("George W. Bush"), person("George H. W. Bush"))
    assert compatible(person("George Bush"), person("George W. Bush"))
    assert less_specific(person("Bush"), person("George W. Bush"))
    assert not less_specific(person("George W. Bush"), person("George Bush"))


def test_similar_surnames_need_fuzzy_matching_switched_on() -> None:
    a, b = person("Svetlana Tikhanovskaya"), person("Svetlana Tsikhanouskaya")
    assert not compatible(a, b)
    assert compatible(a, b, fuzzy_surname=True)


def test_similar_surnames_are_found_within_blocks() -> None:
    keys = [word_key(w) for w in ("Tikhanovskaya", "Tsikhanouskaya", "Putin", "Clinton")]
    pairs = {(a, b) for a, b, _ in similar_surnames(keys) if a != b}
    assert (word_key("Tikhanovskaya"), word_key("Tsikhanouskaya")) in pairs | {
        (b, a) for a, b in pairs
    }
    assert all(word_key("Putin") not in pair for pair in pairs)


def test_plain_keys_fold_case_accents_dots_and_the() -> None:
    assert plain_key("The U.S.") == plain_key("US") == "us"
    assert plain_key("Zürich") == "zurich"


def test_keys_meet_across_scripts_and_romanisations() -> None:
    from storyline.link.aliases import word_key

    spellings = ["Лукашенко", "Lukashenko", "Lukaschenko", "Łukaszenka", "Лукашэнка", "Lukashenka"]
    assert {word_key(name) for name in spellings} == {"lukasenko"}
    assert word_key("Зеленский") == word_key("Zelensky") == word_key("Зеленський")


def test_cyrillic_given_names_agree_with_their_english_forms() -> None:
    from storyline.link.aliases import compatible, parse_person

    russian, english = parse_person("Александр Лукашенко"), parse_person("Alexander Lukashenko")
    assert russian is not None and english is not None
    assert compatible(russian, english)
    assert not compatible(russian, parse_person("Виктор Лукашенко"))
