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
