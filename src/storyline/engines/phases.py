"""Whole-corpus phases on an engine: map on workers where it is natural, reduce here.

- **duplicates** is a map/reduce: workers prepare every article (words, digest, word
  shingles, numbers and names) and compute the MinHash signature of its shingles, the
  expensive two thirds of the phase; the client inserts the signatures into the LSH,
  verifies the candidate pairs and links clusters with the local
  :class:`~storyline.link.duplicates.DuplicateFinder`, in the local order, so the links
  are the local engine's.
- every other phase (entities, dating, events, stories, stories-analysis) runs on the
  client with the local phase function: they read per-article results the workers
  computed (profiles, enrichments), and their clustering is one global pass whose
  result must not depend on how the corpus was cut.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash

from storyline.link.duplicates import (
    MODEL,
    NUM_PERM,
    DuplicateCandidate,
    DuplicateFinder,
    PreparedCandidate,
    ShingleIndex,
    link_duplicates,
    vector_from_bytes,
    write_links,
)

if TYPE_CHECKING:
    from storyline.jobs import CorpusPhase, Reporter
    from storyline.store import Store

# The map: candidates in, per candidate its prepared form and signature, in order.
PrepareMap = Callable[
    [list[DuplicateCandidate]], Iterator[tuple[PreparedCandidate, np.ndarray | None]]
]


def is_duplicates(phase: CorpusPhase) -> bool:
    """True for the local duplicates phase (the one phase with a distributed map)."""
    return phase.run is link_duplicates


class SignedShingleIndex(ShingleIndex):
    """A shingle index that takes the MinHash signatures workers computed.

    ``minhash`` returns the precomputed sketch of a shingle set when there is one
    (identical values: every process draws the same permutations), else computes it.
    """

    def __init__(self, signatures: dict[frozenset[int], np.ndarray]) -> None:
        super().__init__()
        self._signatures = signatures
        self._blank = MinHash(num_perm=NUM_PERM, hashfunc=int)
        self._sketches: dict[frozenset[int], MinHash] = {}

    def minhash(self, shingles: Iterable[int]) -> MinHash:
        key = shingles if isinstance(shingles, frozenset) else frozenset(shingles)
        if (sketch := self._sketches.get(key)) is not None:
            return sketch
        signature = self._signatures.get(key)
        if signature is None:
            return super().minhash(shingles)
        sketch = copy.copy(self._blank)  # shares the permutations, unlike MinHash.copy
        sketch.hashvalues = signature
        self._sketches[key] = sketch
        return sketch


def link_duplicates_mapped(store: Store, reporter: Reporter, prepare: PrepareMap) -> None:
    """The duplicates phase with its per-article work done by ``prepare`` (on workers).

    Mirrors :func:`storyline.link.duplicates.link_duplicates`: the same articles in the
    same order, the same vectors for translations, the same links written.
    """
    articles = list(store.articles())
    vectors = {article_id: vector_from_bytes(blob) for article_id, blob in store.vectors(MODEL)}
    prepared = list(prepare([DuplicateCandidate.from_article(a) for a in articles]))
    signatures = {item.shingles: sig for item, sig in prepared if sig is not None}
    finder = DuplicateFinder(index=SignedShingleIndex(signatures))
    finder.add_prepared((item for item, _ in prepared), vectors)
    write_links(store, articles, finder.links())
    reporter.advance(len(articles))
