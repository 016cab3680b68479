import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.errors import QueryError
from storyline.search.query import parse_query
from storyline.store import SqliteStore
from storyline.store.fulltext import ArticleFilter


def test_words_phrases_prefixes_and_exclusions_become_fts5() -> None:
    assert parse_query('"oil spill" BP -Gulf elect*').fts() == (
        '"oil spill" AND "BP" AND "elect"* NOT "Gulf"'
    )


def test_any_term_form_groups_alternatives_before_exclusions() -> None:
    assert parse_query("oil gas -coal").fts(any_term=True) == '("oil" OR "gas") NOT "coal"'


def test_operators_and_punctuation_are_searched_as_words() -> None:
    # Words joined by punctuation stay together as a phrase, as in "U.S." or "e-mail".
    expected = '"NEAR a" AND "b" AND "OR" AND "unclosed"'
    assert parse_query('NEAR(a b) OR "unclosed').fts() == expected


def test_query_without_words_is_refused_with_advice() -> None:
    with pytest.raises(QueryError, match="at least one word"):
        parse_query(' "" -- * ')


@given(st.text(max_size=40))
def test_any_text_is_valid_fts5_or_refused(text: str) -> None:
    store = SqliteStore(":memory:")
    try:
        expression = parse_query(text).fts()
    except QueryError:
        return
    store.match_articles(expression, ArticleFilter(), 5)
    store.match_articles(parse_query(text).fts(any_term=True), ArticleFilter(), 5)
