"""Term profiles: pure per article, stable keys, background and corpus weighting."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.link.matrix import ProfileMatrix
from storyline.link.terms import (
    CorpusWeights,
    TermProfile,
    background_idf,
    names,
    profile_article,
    term_key,
)
from storyline.model import Article

FLOOD = "Floods hit Ostrava on Monday. The Oder rose 3 metres, the mayor Jan Novak said."


def article(text: str, article_id: str = "a", title: str | None = None) -> Article:
    return Article(article_id, f"{article_id}.txt", text, title=title, language="en")


def test_profile_depends_on_the_article_alone() -> None:
    first = profile_article(article(FLOOD, title="Floods in Ostrava"))
    again = profile_article(article(FLOOD, title="Floods in Ostrava"))
    assert first.to_bytes() == again.to_bytes()


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_profile_round_trips_through_bytes(text: str) -> None:
    profile = profile_article(article(text))
    back = TermProfile.from_bytes("a", profile.to_bytes())
    assert back.to_bytes() == profile.to_bytes()
    assert abs(back.similarity(profile) - profile.similarity(profile)) < 1e-6


def test_identical_texts_are_fully_alike_and_unrelated_ones_not() -> None:
    flood = profile_article(article(FLOOD))
    same = profile_article(article(FLOOD, "b"))
    other = profile_article(article("Lindsay Lohan checked into the Betty Ford clinic.", "c"))
    assert same.similarity(flood) > 0.99
    assert other.similarity(flood) < 0.05


def test_names_are_capitalised_words_inside_sentences_and_numbers() -> None:
    found = names(["Floods hit Ostrava on Monday and 3 towns.", "THE ODER ROSE 3 METRES"])
    assert found == ["ostrava", "monday", "#3", "#3"]


def test_names_in_other_scripts_are_romanised() -> None:
    russian = names(["Встреча: Путин принял Лукашенко в Сочи."])
    english = names(["Meeting: Putin received Lukashenko in Sochi."])
    assert russian == english == ["putin", "lukashenko", "sochi"]


def test_term_keys_are_stable_64_bit_hashes() -> None:
    assert term_key("ostrava") == term_key("ostrava") != term_key("oder")
    assert -(2**63) <= term_key("ostrava") < 2**63


def test_background_idf_weighs_rare_words_more() -> None:
    assert background_idf("lukashenko") > background_idf("navy") > background_idf("the")


def test_corpus_weights_discount_what_every_article_says() -> None:
    texts = [
        "Putin met Lukashenko in Sochi for talks on a loan.",
        "Putin met Lukashenko online and signed 28 programmes.",
        "Putin spoke at a forum about sanctions.",
    ]
    profiles = [profile_article(article(t, str(i))) for i, t in enumerate(texts)]
    weights = CorpusWeights(profiles)
    assert weights.idf(term_key("putin")) < weights.idf(term_key("sochi"))
    before = profiles[0].similarity(profiles[2])
    after = weights.weigh(profiles[0]).similarity(weights.weigh(profiles[2]))
    assert after < before  # sharing only "Putin" counts for less


def test_weighing_profiles_at_once_gives_each_the_same_weights() -> None:
    texts = [FLOOD, "Putin met Lukashenko in Sochi for talks on a loan.", "", "Rain in Prague."]
    profiles = [profile_article(article(t, str(i))) for i, t in enumerate(texts)]
    weights = CorpusWeights(profiles[:2])
    for fields in (("full", "names"), ("lead",)):
        together = weights.weigh_all(profiles, fields)
        for profile, weighed in zip(profiles, together, strict=True):
            alone = weights.weigh(profile, fields)
            for name in ("full", "lead", "names"):
                a, b = getattr(alone, name), getattr(weighed, name)
                assert np.array_equal(a.keys, b.keys) and np.array_equal(a.weights, b.weights)
    assert weights.weigh_all([]) == []


def test_matrix_similarities_equal_the_profiles_own() -> None:
    texts = [FLOOD, "The Oder floods Ostrava again.", "Rain in Prague.", ""]
    profiles = [profile_article(article(t, str(i))) for i, t in enumerate(texts)]
    matrix = ProfileMatrix(profiles)
    rows, columns = np.array([0, 0, 1, 2, 3]), np.array([1, 2, 2, 3, 0])
    expected = [profiles[i].similarity(profiles[j]) for i, j in zip(rows, columns, strict=True)]
    assert np.allclose(matrix.pairs(rows, columns), expected, atol=1e-6)
    assert np.allclose(matrix.block([0, 1])[:, 2], [expected[1], expected[2]], atol=1e-6)


def test_japanese_korean_and_chinese_are_segmented_into_words() -> None:
    from storyline.link.terms import words

    assert words("東京都に住んでいます", "ja")[:2] == ["東京", "都"]
    assert "서울" in words("서울에 삽니다", "ko")
    assert "北京" in words("我住在北京", "zh")


def test_profile_without_a_segmenter_weighs_every_word_as_unseen(monkeypatch) -> None:
    from storyline.link import terms

    monkeypatch.setattr(terms, "segmenter_available", lambda language: False)
    profile = terms.profile_article(Article("a", "a.txt", "東京都に住んでいます。", language="ja"))
    assert len(profile.full) > 0
    assert terms._language("ja") == "und"


def test_words_keep_combining_marks() -> None:
    from storyline.link.terms import words

    assert words("नमस्ते भारत", "hi") == ["नमस्ते", "भारत"]
