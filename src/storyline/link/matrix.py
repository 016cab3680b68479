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
        self._plain = {name: matrix for name, (matrix, _) in built.items()}
        self._vocabulary = {name: keys for name, (_, keys) in built.items()}
        self._fields = {
            name: matrix * (self.weights[name] / total) for name, matrix in self._plain.items()
        }
        self._stack: tuple[sparse.csr_matrix, sparse.csr_matrix] | None = None

    def __len__(self) -> int:
        return next(iter(self._plain.values())).shape[0] if self._plain else 0

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
            for name, weighted in self._fields.items():
                product = weighted[wanted_rows] @ self._plain[name][wanted_columns].T
                found[chunk] += product.toarray()[at_row, at_column]
        return found

    def _pair_by_pair(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        found = np.zeros(len(rows), dtype=np.float64)
        for start in range(0, len(rows), PAIR_CHUNK):
            left, right = rows[start : start + PAIR_CHUNK], columns[start : start + PAIR_CHUNK]
            for name, weighted in self._fields.items():
                product = weighted[left].multiply(self._plain[name][right])
                found[start : start + len(left)] += np.asarray(product.sum(axis=1)).ravel()
        return found

    def against(self, profile: TermProfile, rows: np.ndarray) -> np.ndarray:
        """Similarity of an outside ``profile`` (no row of this matrix) to each of
        ``rows``: its terms this matrix has never seen add nothing to any pair."""
        found = np.zeros(len(rows), dtype=np.float64)
        for name, weighted in self._fields.items():
            terms: Terms = getattr(profile, name)
            vocabulary = self._vocabulary[name]
            if not len(vocabulary) or not len(terms.keys):
                continue
            at = np.searchsorted(vocabulary, terms.keys)
            at[at == len(vocabulary)] = 0
            known = vocabulary[at] == terms.keys
            query = np.zeros(weighted.shape[1], dtype=np.float32)
            query[at[known]] = terms.weights[known]
            found += weighted[rows] @ query
        return found

    def block(self, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        """Dense ``len(rows) x len(self)`` float32 similarities of ``rows`` to every item."""
        weighted, plain = self._stacked()
        return (weighted[np.asarray(rows, dtype=np.int64)] @ plain).toarray()  # type: ignore[no-any-return]

    def _stacked(self) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """The weighted fields side by side, and the plain ones transposed the same way:
        one product gives the sum over fields (half the time of a product per field, and
        the transpose is converted once, not per call)."""
        if self._stack is None:
            names = list(self._fields)
            weighted = sparse.hstack([self._fields[n] for n in names], format="csr")
            plain = sparse.hstack([self._plain[n] for n in names], format="csr").T.tocsr()
            self._stack = weighted, plain
        return self._stack


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
