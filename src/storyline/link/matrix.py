"""Term profiles as sparse matrices, for similarities of many pairs at once.

:class:`TermProfile.similarity` compares two articles in Python; linking a corpus
compares hundreds of thousands of pairs, so :class:`ProfileMatrix` stacks the profiles'
fields into SciPy CSR matrices over one shared column index and computes the same
similarity for arrays of pairs, or for blocks of rows, in compiled code.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from scipy import sparse

from storyline.link.terms import FIELDS, TermProfile, Terms

# Pairs per vectorised batch: bounds the temporary row copies (~100 terms per row).
PAIR_CHUNK = 50_000
# Pairs whose block of products is computed at once, when the block has at most
# BLOCK_SPREAD cells per pair (a dense float32 block of 200k x 8 cells: 6.4 MB).
BLOCK_PAIRS, BLOCK_SPREAD = 200_000, 8


class ProfileMatrix:
    """One CSR matrix per field; row ``i`` is the ``i``-th profile given.

    ``weights`` says how much each field counts (default: all equally, as
    :meth:`TermProfile.similarity`).

    Example:
        >>> from storyline.link.terms import weigh
        >>> a = TermProfile("a", weigh(["oder", "flood"]), weigh(["oder"]), weigh(["ostrava"]))
        >>> b = TermProfile("b", weigh(["oder", "dam"]), weigh(["oder"]), weigh(["ostrava"]))
        >>> matrix = ProfileMatrix([a, b])
        >>> round(float(matrix.pairs(np.array([0]), np.array([1]))[0]), 3)
        0.886
        >>> round(a.similarity(b), 3)
        0.886
        >>> round(float(ProfileMatrix([b]).against(a, np.array([0]))[0]), 3)
        0.886
    """

    def __init__(
        self, profiles: Sequence[TermProfile], weights: dict[str, float] | None = None
    ) -> None:
        self.weights = weights or {name: 1.0 for name in FIELDS}
        total = sum(self.weights.values())
        used = [name for name, weight in self.weights.items() if weight]
        built = {name: _csr([getattr(p, name) for p in profiles]) for name in used}
        self._size = len(profiles)
        # Each field's term keys, and where its columns start in the stacked matrices.
        self._vocabulary = {name: keys for name, (_, keys) in built.items()}
        widths = [matrix.shape[1] for matrix, _ in built.values()]
        self._offsets = dict(zip(built, np.cumsum([0, *widths[:-1]]).tolist(), strict=True))
        # The fields side by side, plain and weighted: one product is the weighted sum
        # over the fields (a product per field took twice as long).
        plain = [matrix for matrix, _ in built.values()]
        scaled = [matrix * (self.weights[name] / total) for name, (matrix, _) in built.items()]
        self._plain = _side_by_side(plain, len(profiles))
        self._weighted = _side_by_side(scaled, len(profiles))
        self._plain_t: sparse.csr_matrix | None = None  # for blocks, converted once
        self._weighted_t: sparse.csr_matrix | None = None  # for outside profiles, too

    def __len__(self) -> int:
        return self._size

    def pairs(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Similarity of each pair ``(rows[k], columns[k])``.

        Pairs are taken by row; where a chunk's rows and columns are few for its pairs
        (stories: 4,478 summed stories and events in 4M candidate pairs on a 200k
        archive), their block of products is computed at once and the pairs read off
        it, instead of copying each row's terms once per pair (10x faster there).
        """
        found = np.zeros(len(rows), dtype=np.float64)
        for chunk, block in row_blocks(rows, columns, BLOCK_PAIRS):
            if block is None:
                found[chunk] = self._pair_by_pair(rows[chunk], columns[chunk])
                continue
            wanted_rows, at_row, wanted_columns, at_column = block
            product = self._weighted[wanted_rows] @ self._plain[wanted_columns].T
            found[chunk] = product.toarray()[at_row, at_column]
        return found

    def _pair_by_pair(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        found = np.zeros(len(rows), dtype=np.float64)
        for start in range(0, len(rows), PAIR_CHUNK):
            left, right = rows[start : start + PAIR_CHUNK], columns[start : start + PAIR_CHUNK]
            product = self._weighted[left].multiply(self._plain[right])
            found[start : start + len(left)] = np.asarray(product.sum(axis=1)).ravel()
        return found

    def against(self, profile: TermProfile, rows: np.ndarray) -> np.ndarray:
        """Similarity of an outside ``profile`` (no row of this matrix) to each of
        ``rows``: its terms this matrix has never seen add nothing to any pair."""
        columns: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        for name, vocabulary in self._vocabulary.items():
            terms: Terms = getattr(profile, name)
            if not len(vocabulary) or not len(terms.keys):
                continue
            at = np.searchsorted(vocabulary, terms.keys)
            at[at == len(vocabulary)] = 0
            known = vocabulary[at] == terms.keys
            columns.append(self._offsets[name] + at[known])
            weights.append(terms.weights[known].astype(np.float32))
        if not columns:
            return np.zeros(len(rows), dtype=np.float64)
        # By the profile's terms, not by the rows: a new article is scored against the
        # ~1,000 members of its candidate events, and its ~30 terms' columns hold fewer
        # entries than those rows do.
        if self._weighted_t is None:
            self._weighted_t = self._weighted.T.tocsr()
        query = np.concatenate(weights)
        scores = self._weighted_t[np.concatenate(columns)].T @ query
        return np.asarray(scores, dtype=np.float64)[rows]

    def block(self, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        """Dense ``len(rows) x len(self)`` float32 similarities of ``rows`` to every item."""
        if self._plain_t is None:
            self._plain_t = self._plain.T.tocsr()
        return (self._weighted[np.asarray(rows, dtype=np.int64)] @ self._plain_t).toarray()  # type: ignore[no-any-return]


def _side_by_side(matrices: list[sparse.csr_matrix], rows: int) -> sparse.csr_matrix:
    if not matrices:
        return sparse.csr_matrix((rows, 1), dtype=np.float32)
    return sparse.hstack(matrices, format="csr", dtype=np.float32)


Block = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def row_blocks(
    rows: np.ndarray, columns: np.ndarray, size: int, spread: int | None = None
) -> Iterator[tuple[np.ndarray, Block | None]]:
    """The pairs ``(rows[k], columns[k])`` in chunks of ``size``, taken by row: each
    chunk's positions, and its block (distinct rows, each pair's row among them, distinct
    columns, each pair's column among them) when the block has at most ``spread`` cells
    per pair (default :data:`BLOCK_SPREAD`), else None (too sparse: pair by pair)."""
    spread = BLOCK_SPREAD if spread is None else spread
    order = np.argsort(rows, kind="stable")
    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        wanted_rows, at_row = np.unique(rows[chunk], return_inverse=True)
        wanted_columns, at_column = np.unique(columns[chunk], return_inverse=True)
        dense = len(wanted_rows) * len(wanted_columns) <= spread * len(chunk)
        yield chunk, (wanted_rows, at_row, wanted_columns, at_column) if dense else None


def _csr(vectors: list[Terms]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Stack sparse vectors into rows over a compact column index; with the term key
    of each column."""
    sizes = np.fromiter((len(v) for v in vectors), dtype=np.int64, count=len(vectors))
    indptr = np.concatenate([[0], np.cumsum(sizes)])
    if not len(vectors) or indptr[-1] == 0:
        empty = np.zeros(0, dtype=np.int64)
        return sparse.csr_matrix((len(vectors), 1), dtype=np.float32), empty
    keys = np.concatenate([v.keys for v in vectors])
    data = np.concatenate([v.weights for v in vectors]).astype(np.float32)
    vocabulary, columns = np.unique(keys, return_inverse=True)
    matrix = sparse.csr_matrix(
        (data, columns.astype(np.int32), indptr), shape=(len(vectors), int(columns.max()) + 1)
    )
    return matrix, vocabulary
