from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze.claims import word_overlap
from storyline.analyze.quotes import QuoteView, group_quotes
from storyline.model import Quote


def _view(qid: str, article: str, text: str, speaker: str | None = "putin",
          kind: str = "direct") -> QuoteView:  # fmt: skip
    return QuoteView(Quote(qid, article, text, 0, len(text), kind=kind), speaker)  # type: ignore[arg-type]


def test_two_translations_of_one_sentence_are_one_statement() -> None:
    views = [
        _view("a", "x", "We will jointly oppose all attempts to interfere in the internal affairs "
                        "of our sovereign states"),
        _view("b", "y", "Together we will oppose all attempts to interfere in the internal "
                        "affairs of our sovereign states"),
    ]  # fmt: skip
    (statement,) = group_quotes(views)
    assert [v.quote.id for v in statement.wordings] == ["a", "b"]


def test_different_speakers_never_share_a_statement() -> None:
    text = "We will continue to support the brotherly people without any doubt"
    assert len(group_quotes([_view("a", "x", text), _view("b", "y", text, "lukashenko")])) == 2


def test_unrelated_statements_of_one_speaker_stay_apart() -> None:
    views = [
        _view("a", "x", "We passed this test and our relations are stronger than ever"),
        _view("b", "y", "All the others are ready to be signed by the two governments"),
    ]
    assert len(group_quotes(views)) == 2


def test_scare_quotes_are_not_statements() -> None:
    assert group_quotes([_view("a", "x", "elder brother", kind="scare")]) == []


WORDS = ["oppose", "attempts", "sovereign", "states", "support", "people", "union", "gas"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS + ["the", "we", "all"]), min_size=2, max_size=7),
            st.sampled_from(["x", "y", "z"]),
            st.sampled_from([None, "putin", "lukashenko"]),
        ),
        max_size=12,
    )
)
def test_candidate_pairs_group_as_comparing_every_pair(quotes: list) -> None:
    views = [_view(str(i), article, " ".join(words), speaker)
             for i, (words, article, speaker) in enumerate(quotes)]  # fmt: skip
    every_pair = lambda a, b: word_overlap(a, b)  # noqa: E731  (not the fast path's function)
    fast = group_quotes(views)
    slow = group_quotes(views, every_pair)
    assert [[v.quote.id for v in s.wordings] for s in fast] == [
        [v.quote.id for v in s.wordings] for s in slow
    ]


def _translated(qid: str, article: str, text: str, language: str | None,
                speaker: str | None = "lukashenko") -> QuoteView:  # fmt: skip
    quote = Quote(qid, article, text, 0, len(text))
    return QuoteView(quote, speaker, language=language)


# Hand-written translation pairs (the same statement) and unrelated statements of one
# story: what TRANSLATION_MATCH separates.
TRANSLATIONS = [
    (
        "We agreed on a loan of 1.5 billion dollars",
        "Мы договорились о кредите в 1,5 миллиарда долларов",
    ),
    (
        "We agreed on a loan of 1.5 billion dollars",
        "Wir haben uns auf einen Kredit von 1,5 Milliarden Dollar geeinigt",
    ),
    (
        "We agreed on a loan of 1.5 billion dollars",
        "Nous avons convenu d’un prêt de 1,5 milliard de dollars",
    ),
    (
        "The West is putting unprecedented pressure on Belarus",
        "Запад оказывает беспрецедентное давление на Белоруссию",
    ),
    (
        "Russia will always support Belarus in difficult times",
        "Россия всегда поддержит Белоруссию в трудные времена",
    ),
    ("This is a test of our friendship", "Это испытание нашей дружбы"),
    (
        "We will not allow anyone to interfere in our affairs",
        "Мы не позволим никому вмешиваться в наши дела",
    ),
]
UNRELATED = [
    (
        "We agreed on a loan of 1.5 billion dollars",
        "Запад оказывает беспрецедентное давление на Белоруссию",
    ),
    (
        "Russia will always support Belarus in difficult times",
        "Мы договорились о кредите в 1,5 миллиарда долларов",
    ),
    ("This is a test of our friendship", "Мы не позволим никому вмешиваться в наши дела"),
    ("The sanctions are illegal and will fail", "Мы не позволим никому вмешиваться в наши дела"),
]


def test_multilingual_similarity_separates_translations_from_other_statements() -> None:
    from storyline.analyze.quotes import TRANSLATION_MATCH
    from storyline.link.embed import SentenceSimilarity

    similar = SentenceSimilarity()
    assert min(similar(a, b) for a, b in TRANSLATIONS) >= TRANSLATION_MATCH
    assert max(similar(a, b) for a, b in UNRELATED) < TRANSLATION_MATCH


def test_a_statement_stands_next_to_its_translations() -> None:
    from storyline.link.embed import SentenceSimilarity

    views = [
        _translated("en", "a", "We agreed on a loan of 1.5 billion dollars", "en"),
        _translated("ru", "b", "Мы договорились о кредите в 1,5 миллиарда долларов", "ru"),
        _translated(
            "de", "c", "Wir haben uns auf einen Kredit von 1,5 Milliarden Dollar geeinigt", "de"
        ),
        _translated("other", "d", "Запад оказывает беспрецедентное давление на Белоруссию", "ru"),
    ]
    statements = group_quotes(views, translations=SentenceSimilarity())
    assert sorted(v.quote.id for v in statements[0].wordings) == ["de", "en", "ru"]
    assert [v.quote.id for v in statements[1].wordings] == ["other"]


def test_without_a_translation_similarity_languages_stay_apart() -> None:
    views = [
        _translated("en", "a", "We agreed on a loan of 1.5 billion dollars", "en"),
        _translated("ru", "b", "Мы договорились о кредите в 1,5 миллиарда долларов", "ru"),
    ]
    assert len(group_quotes(views)) == 2


def test_translations_of_different_speakers_stay_apart() -> None:
    views = [
        _translated("en", "a", "We agreed on a loan of 1.5 billion dollars", "en", "putin"),
        _translated("ru", "b", "Мы договорились о кредите в 1,5 миллиарда долларов", "ru"),
    ]
    assert len(group_quotes(views, translations=lambda a, b: 1.0)) == 2


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["en", "en-GB", "ru", "de", None]),
            st.sampled_from(["putin", "lukashenko", None]),
            st.integers(min_value=2, max_value=6),
        ),
        max_size=30,
    )
)
def test_translation_candidates_are_every_pair_across_languages(
    quotes: list[tuple[str | None, str | None, int]],
) -> None:
    from itertools import combinations

    from storyline.analyze.quotes import MIN_WORDS, _base, _speakers_fit, _translation_pairs

    views = [
        _translated(f"q{n}", f"a{n}", " ".join(["word"] * size), language, speaker)
        for n, (language, speaker, size) in enumerate(quotes)
    ]
    usable = [
        i for i, v in enumerate(views) if v.language and len(v.quote.text.split()) >= MIN_WORDS
    ]
    expected = [
        (i, j)
        for i, j in combinations(usable, 2)
        if _base(views[i].language) != _base(views[j].language)
        and _speakers_fit(views[i], views[j])
    ]
    assert _translation_pairs(views) == expected
