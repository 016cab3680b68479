"""Candidate pairs: shared top terms within the time gap, vectorised and one by one."""

from __future__ import annotations

import random

from storyline.link.candidates import (
    FIRM_RANGE_DAYS,
    NO_END,
    TermIndex,
    candidate_chunks,
    candidate_pairs,
    gap_days,
    top_keys,
    top_terms,
    when_of,
)
from storyline.link.terms import profile_article
from storyline.model import Article

WORDS = [
    "flood",
    "oder",
    "ostrava",
    "dam",
    "mayor",
    "rain",
    "prague",
    "bridge",
    "army",
    "rescue",
    "boat",
    "school",
]


def test_when_is_the_publication_day_or_a_firm_range() -> None:
    day = when_of("2020-09-14", None)
    assert day is not None and day[0] == day[1]
    firm = when_of(None, ("2021-02-15", "2021-04-16"))
    assert firm is not None and firm[1] - firm[0] <= FIRM_RANGE_DAYS
    loose = when_of(None, ("2020-09-11", "2021-09-20"))  # the extractor's one-year guess
    assert loose is not None and loose[1] == NO_END
    assert when_of(None, None) is None


def test_gap_is_zero_for_overlaps_and_unknown_dates() -> None:
    assert gap_days((10, 20), (15, 30)) == 0
    assert gap_days((10, 20), (25, 30)) == 5
    assert gap_days(None, (25, 30)) == 0


def random_items(seed: int, count: int) -> tuple[list, list]:
    rng = random.Random(seed)
    profiles, whens = [], []
    for index in range(count):
        text = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + "."
        profiles.append(profile_article(Article(str(index), "x", text, language="en")))
        start = rng.choice([None, rng.randint(0, 60)])
        whens.append(None if start is None else (start, start + rng.choice([0, 0, 3])))
    return profiles, whens


def test_vectorised_pairs_are_exactly_the_brute_force_ones() -> None:
    for seed in range(5):
        profiles, whens = random_items(seed, 40)
        left, right = candidate_pairs(profiles, whens, max_gap=7)
        tops = [set(top_terms(p).tolist()) for p in profiles]
        expected = {
            (i, j)
            for i in range(len(profiles))
            for j in range(i + 1, len(profiles))
            if tops[i] & tops[j] and gap_days(whens[i], whens[j]) <= 7
        }
        assert set(zip(left.tolist(), right.tolist(), strict=True)) == expected
        as_found = {
            (min(i, j), max(i, j))
            for first, second in candidate_chunks(profiles, whens, 7, chunk=50, unique=False)
            for i, j in zip(first.tolist(), second.tolist(), strict=True)
        }
        assert as_found == expected


def test_index_finds_the_same_pairs_one_item_at_a_time() -> None:
    profiles, whens = random_items(11, 40)
    index, found = TermIndex(max_gap=7), set()
    for position, (profile, when) in enumerate(zip(profiles, whens, strict=True)):
        found |= {(other, position) for other in index.candidates(profile, when)}
        index.add(profile, when)
    left, right = candidate_pairs(profiles, whens, max_gap=7)
    assert found == set(zip(left.tolist(), right.tolist(), strict=True))


def test_an_items_keys_as_a_list_are_its_top_terms() -> None:
    texts = [
        "Chancellor Angela Merkel met President Emmanuel Macron in Paris on Monday.",
        "Oil prices rose on Tuesday after OPEC agreed to cut output by a million barrels.",
        "",
    ]
    for number, text in enumerate(texts):
        profile = profile_article(Article(f"a{number}", "a.txt", text, language="en"))
        assert top_keys(profile) == top_terms(profile).tolist()
