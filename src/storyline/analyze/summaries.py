"""Extractive summaries: the sentences that best cover a set, each one cited.

Maximal Marginal Relevance (Carbonell & Goldstein, 1998) over TF-IDF sentence
vectors: relevance is similarity to the centroid of all candidate sentences,
redundancy the highest similarity to a sentence already chosen. Sentences come
back in reading order (by date, then article, then position), not by score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storyline.model import Citation

# Relevance vs novelty; 0.7 is the common choice in the MMR literature and kept
# news-tls's near-duplicate wire sentences out of Timeline17 summaries.
MMR_LAMBDA = 0.7
# Sentences shorter than this are headlines, bylines or fragments, longer ones are
# run-ons from broken sentence splits; neither makes a readable summary line.
MIN_WORDS, MAX_WORDS = 6, 60
# Sentence vectors of up to this many cells are chosen from as a dense array (2 MB).
DENSE_CELLS = 250_000


@dataclass(slots=True)
class Sentence:
    """A candidate sentence with where it comes from."""

    text: str
    citation: Citation
    order: tuple[str, ...] = ()  # reading order key, e.g. (date, article id, offset)

    def record(self) -> dict[str, object]:
        """The contract's summary item: ``{text, article_id, start, end}``."""
        return {
            "text": self.text,
            "article_id": self.citation.article_id,
            "start": self.citation.start,
            "end": self.citation.end,
        }


def summarize(sentences: Sequence[Sentence], size: int) -> list[Sentence]:
    """Up to ``size`` sentences covering ``sentences`` with little repetition.

    Example:
        >>> cite = Citation("a", 0, 1)
        >>> texts = ["Oil spilled into the gulf for weeks after the explosion.",
        ...          "Oil spilled into the gulf for many weeks after the blast.",
        ...          "BP agreed to pay twenty billion dollars into a fund for victims."]
        >>> [s.text[:6] for s in summarize([Sentence(t, cite) for t in texts], 2)]
        ['Oil sp', 'BP agr']
    """
    candidates = [s for s in sentences if MIN_WORDS <= len(s.text.split()) <= MAX_WORDS]
    candidates = candidates or list(sentences)
    if len(candidates) <= size:
        return sorted(candidates, key=lambda s: s.order)
    vectors = tfidf_vectors([s.text for s in candidates])
    chosen = mmr(vectors, size)
    return sorted((candidates[i] for i in chosen), key=lambda s: s.order)


def mmr(vectors: np.ndarray | sparse.spmatrix, size: int, weight: float = MMR_LAMBDA) -> list[int]:
    """Indices of ``size`` rows chosen by Maximal Marginal Relevance (rows L2-normalised).

    ``vectors`` may be sparse: a large story's TF-IDF matrix never becomes dense; a small
    one does, where a sparse product per step costs more than the dense one.
    """
    if isinstance(vectors, sparse.spmatrix) and vectors.shape[0] * vectors.shape[1] <= DENSE_CELLS:
        vectors = vectors.toarray()
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    relevance = _column(vectors @ centroid)
    chosen: list[int] = []
    redundancy = np.zeros(vectors.shape[0])
    available = np.ones(vectors.shape[0], dtype=bool)
    for _ in range(min(size, vectors.shape[0])):
        scores = np.where(available, weight * relevance - (1 - weight) * redundancy, -np.inf)
        best = int(np.argmax(scores))
        chosen.append(best)
        available[best] = False
        redundancy = np.maximum(redundancy, _column(vectors @ vectors[best].T))
    return chosen


def _column(product: np.ndarray | sparse.spmatrix) -> np.ndarray:
    dense = product.toarray() if sparse.issparse(product) else np.asarray(product)  # type: ignore[union-attr]
    return dense.ravel()


# English words with stopwords left out, built once: a vectorizer given the word list
# tokenises every stopword again to check it (a fifth of a small summary's time).
_WORDS = TfidfVectorizer(stop_words="english").build_analyzer()


def tfidf_vectors(texts: list[str]) -> sparse.csr_matrix:
    """scikit-learn's ``TfidfVectorizer(sublinear_tf=True, stop_words="english")`` rows.

    scikit-learn's analyzer finds the words; counting and weighting (sublinear tf,
    smoothed idf, unit rows) are done here because its vectorizer's and transformer's
    set-up and input checks cost several times the arithmetic on the few sentences of an
    event (a stream batch summarises ~1,500 sets, most of one or two articles).
    """
    vectors = _counts(texts)
    if vectors is None:  # only stopwords: every sentence is equally (ir)relevant
        return sparse.identity(len(texts), format="csr")
    np.log(vectors.data, out=vectors.data)
    vectors.data += 1.0
    frequency = np.bincount(vectors.indices, minlength=vectors.shape[1])
    idf = np.log((len(texts) + 1) / (frequency + 1)) + 1.0
    vectors.data *= idf[vectors.indices]
    norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
    vectors.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(vectors.indptr))
    return vectors


def _counts(texts: list[str]) -> sparse.csr_matrix | None:
    """``CountVectorizer(analyzer=_WORDS).fit_transform(texts)`` as float64 (columns in
    alphabetical order, each row's sorted); None when no text has a word."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    data: list[int] = []
    indptr = [0]
    for text in texts:
        for word, count in Counter(_WORDS(text)).items():
            indices.append(vocabulary.setdefault(word, len(vocabulary)))
            data.append(count)
        indptr.append(len(indices))
    if not vocabulary:
        return None
    column = np.empty(len(vocabulary), dtype=np.int32)
    column[[vocabulary[word] for word in sorted(vocabulary)]] = np.arange(len(vocabulary))
    counts = sparse.csr_matrix(
        (np.array(data, dtype=np.float64), column[indices], np.array(indptr)),
        shape=(len(texts), len(vocabulary)),
    )
    counts.sort_indices()
    return counts
