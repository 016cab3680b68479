import pytest
from sample_analysis import write_sample

from storyline.errors import QueryError
from storyline.search import ArticleFilter, SearchOptions, search, unmark
from storyline.store import SqliteStore


def test_hits_carry_snippet_marks_as_offsets(store: SqliteStore) -> None:
    write_sample(store)
    hit = search(store, "evacuating").hits[0]
    assert [hit.snippet[a:b] for a, b in hit.snippet_marks] == ["evacuating"]


def test_every_word_is_required_then_any_word_with_a_note(store: SqliteStore) -> None:
    write_sample(store)
    assert search(store, "dam homes").total == 2
    result = search(store, "chess flooding")
    assert result.matched == "any" and result.total == 3  # porter: flooding ~ floods
    assert "any of them" in result.notes[0]


def test_sentence_hits_come_from_enrichments_else_none(store: SqliteStore) -> None:
    sample = write_sample(store)
    hits = {hit.article_id: hit for hit in search(store, "dam").hits}
    flood = hits[sample.flood_1.id]
    assert flood.sentences and flood.sentences[0].text.startswith("The Oder dam near Ostrava broke")
    assert hits[sample.hostile.id].sentences is None


def test_filters_restrict_hits(store: SqliteStore) -> None:
    sample = write_sample(store)
    options = SearchOptions(where=ArticleFilter(outlet="Prague News"))
    assert [h.article_id for h in search(store, "dam", options).hits] == [sample.flood_2.id]


def test_paging_keeps_total_and_checks_bounds(store: SqliteStore) -> None:
    write_sample(store)
    page = search(store, "dam", SearchOptions(limit=1, offset=1))
    assert page.total == 3 and len(page.hits) == 1
    with pytest.raises(QueryError, match="limit"):
        search(store, "dam", SearchOptions(limit=0))


def test_unmark_turns_markers_into_offsets() -> None:
    assert unmark("a \x02bc\x03 d \x02e\x03") == ("a bc d e", [(2, 4), (7, 8)])
