"""Agglomerative clustering over a sparse similarity graph, cut at a threshold.

Only pairs given as edges have a similarity; an absent pair counts as below every
threshold. That is what makes it sparse: a corpus is never compared pair by pair.

- :func:`complete_linkage`: two clusters merge only if *every* pair across them is an
  edge at or above the threshold, closest pair of clusters first. This is exactly
  SciPy's complete linkage cut at ``1 - threshold`` (tests check it), without the
  n x n matrix.
- :func:`complete_linkage_table`: the same, given a dense table of every pair's
  similarity (neighbourhoods of a few thousand items).
- :func:`average_linkage`: two clusters merge while the mean similarity over all
  pairs across them (absent pairs counting 0) is at or above the threshold.
- :func:`average_linkage_table`: the same, given a dense table of every pair's sum.

All are deterministic: ties break on the smaller item index, so the same items in
the same order always give the same clusters, whatever order the edges came in.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence

import numpy as np

Edge = tuple[int, int, float]


def complete_linkage(
    size: int,
    edges: Iterable[Edge],
    threshold: float,
    weakest: Callable[[list[int], list[int]], float] | None = None,
) -> list[int]:
    """Cluster labels (the smallest member index of each cluster) for ``size`` items.

    With ``weakest`` (the least similarity over all pairs across two lists of items),
    the edges only say which clusters to consider: when two clusters would merge and
    one of them was no candidate of a neighbour, ``weakest`` computes the missing
    pairs, so every cluster pair the edges connect is judged on all its pairs (exact
    complete linkage). Without it, absent pairs block merges.

    Example:
        >>> complete_linkage(4, [(0, 1, 0.9), (1, 2, 0.8), (0, 2, 0.2), (2, 3, 0.7)], 0.5)
        [0, 0, 2, 2]
    """
    members = [[item] for item in range(size)]

    def joined(a: int, b: int, others: set[int], neighbours: list[dict[int, float]]) -> Scores:
        # The merged similarity to a neighbour is the weaker of the two halves'
        # (complete linkage); a half that was not a neighbour is computed, or, with no
        # ``weakest``, rules the neighbour out.
        found = {}
        for x in others:
            halves = []
            for half in (a, b):
                if x in neighbours[half]:
                    halves.append(neighbours[half][x])
                elif weakest is not None:
                    halves.append(weakest(members[half], members[x]))
                else:
                    halves.append(-1.0)
            found[x] = min(halves)
        members[a] += members[b]
        members[b] = []
        return found

    return _agglomerate(size, edges, threshold, joined)


def complete_linkage_table(
    table: np.ndarray, candidates: np.ndarray, threshold: float
) -> list[int]:
    """:func:`complete_linkage` given every pair's similarity up front (``table``, a
    square array): ``candidates`` (a boolean array of the same shape, a pair being one
    when either of its cells is set) stands for the edges, saying which clusters to
    consider, but a merged cluster's similarities are one vector minimum
    (Lance-Williams), not a computation per neighbour, which is what a dense
    neighbourhood of a few thousand items needs. Both arrays are overwritten (a fit of
    10k items holds 400 MB of table; no copy is made).

    Each cluster keeps its best neighbour (highest similarity, then smallest index), so
    a merge rescans only its own row and the rows whose best it was, where a heap of
    every candidate pair would pop each of them (a day of Reuters wires at 7k: 470k
    pairs for 2k merges). Merging can only lower a neighbour's similarity, so no other
    row's best can rise; only ties with the merged cluster are re-read.

    Example:
        >>> table = np.array([[1, .9, .2, 0], [.9, 1, .8, 0], [.2, .8, 1, .7], [0, 0, .7, 1]])
        >>> candidates = np.zeros((4, 4), dtype=bool)
        >>> candidates[[0, 1, 2], [1, 2, 3]] = True
        >>> complete_linkage_table(table, candidates, 0.5)
        [0, 0, 2, 2]
    """
    size = len(table)
    if not size:
        return []
    limit = np.float64(threshold)  # compared in float64, as the heap's Python floats are
    near = candidates  # neighbouring clusters
    _symmetric(table, near, limit)
    best = np.zeros(size, dtype=np.int64)
    value = np.full(size, -np.inf, dtype=table.dtype)
    _best_neighbours(table, near, np.arange(size), best, value)
    parent = list(range(size))
    while (pair := _best_pair(best, value)) is not None:
        a, b = pair
        parent[b] = a
        # Row and column a take the lower of the two halves, and the candidates of either
        # that are still alike; b leaves every row. Only the cells that change are
        # written: a column is a strided write, a cache miss per row, and four of them a
        # merge were most of a 7k refit's linkage (2.9 s -> 1.5 s).
        lower = np.flatnonzero(table[b] < table[a])
        table[a, lower] = table[b, lower]
        table[lower, a] = table[a, lower]
        joined = (near[a] | near[b]) & (table[a] >= limit)
        joined[[a, b]] = False
        moved = np.flatnonzero(joined != near[a])
        near[a, moved] = near[moved, a] = joined[moved]
        gone = np.flatnonzero(near[b])
        near[b, gone] = near[gone, b] = False
        value[b] = -np.inf
        _best_neighbours(table, near, np.flatnonzero((best == a) | (best == b)), best, value)
        row = np.where(joined, table[a], -np.inf)
        best[(row == value) & (value > -np.inf) & (a < best)] = a
    return [_root(parent, item) for item in range(len(parent))]


Scores = dict[int, float]


def _best_pair(best: np.ndarray, value: np.ndarray) -> tuple[int, int] | None:
    """The pair of clusters to merge next (smaller index first), None when no row has a
    neighbour left: the first row holding the highest value is the pair's smaller index."""
    a = int(value.argmax())
    return None if value[a] == -np.inf else (a, int(best[a]))


# Rows whose best neighbours complete_linkage_table finds at once, and the side of the
# blocks it makes symmetric (both bound temporaries).
_ROWS_AT_ONCE = 1024


def _symmetric(table: np.ndarray, near: np.ndarray, limit: np.float64) -> None:
    """Make ``table`` symmetric and ``near`` the symmetric candidates at ``limit`` or
    above, block by block (no copy of either). Products summed in another order can
    differ in the last bit between (i, j) and (j, i): each pair gets one value (the
    lower), so no merge depends on which cell is read."""
    size = len(table)
    for low in range(0, size, _ROWS_AT_ONCE):
        rows = slice(low, low + _ROWS_AT_ONCE)
        for high in range(low, size, _ROWS_AT_ONCE):
            columns = slice(high, high + _ROWS_AT_ONCE)
            value = np.minimum(table[rows, columns], table[columns, rows].T)
            table[rows, columns], table[columns, rows] = value, value.T
            alike = (near[rows, columns] | near[columns, rows].T) & (value >= limit)
            near[rows, columns], near[columns, rows] = alike, alike.T
    np.fill_diagonal(near, False)


def _best_neighbours(
    table: np.ndarray, near: np.ndarray, rows: np.ndarray, best: np.ndarray, value: np.ndarray
) -> None:
    """Set ``best[rows]`` and ``value[rows]``: each row's most similar neighbour (the
    smallest index among ties) and its similarity (-inf without neighbours)."""
    for start in range(0, len(rows), _ROWS_AT_ONCE):
        chunk = rows[start : start + _ROWS_AT_ONCE]
        scores = np.where(near[chunk], table[chunk], -np.inf)
        best[chunk] = scores.argmax(axis=1)
        value[chunk] = scores[np.arange(len(chunk)), best[chunk]]


def _agglomerate(
    size: int,
    edges: Iterable[Edge],
    threshold: float,
    joined: Callable[[int, int, set[int], list[Scores]], Scores],
) -> list[int]:
    """Merge the closest pair of clusters the edges connect while it is at or above
    ``threshold``; ``joined(a, b, others, neighbours)`` gives the merged cluster's
    similarity to each of ``others`` (the two halves' neighbours) as ``b`` joins ``a``."""
    neighbours: list[Scores] = [{} for _ in range(size)]
    for a, b, value in edges:
        if a != b and value >= threshold:
            neighbours[a][b] = neighbours[b][a] = value
    heap = [(-s, a, b) for a in range(size) for b, s in neighbours[a].items() if a < b]
    heapq.heapify(heap)
    alive = [True] * size
    parent = list(range(size))

    while heap:
        negative, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or neighbours[a].get(b) != -negative:
            continue
        alive[b], parent[b] = False, a
        others = (set(neighbours[a]) | set(neighbours[b])) - {a, b}
        merged = {x: s for x, s in joined(a, b, others, neighbours).items() if s >= threshold}
        for x in others:
            neighbours[x].pop(a, None)
            neighbours[x].pop(b, None)
        neighbours[a], neighbours[b] = merged, {}
        for x, s in merged.items():
            neighbours[x][a] = s
            heapq.heappush(heap, (-s, min(a, x), max(a, x)))
    return [_root(parent, item) for item in range(size)]


def average_linkage(
    size: int, edges: Iterable[Edge], threshold: float, weights: Sequence[int] | None = None
) -> list[int]:
    """Cluster labels (smallest member index) under group-average linkage.

    With ``weights``, item ``i`` stands for a group of ``weights[i]`` elements and an
    edge gives the mean similarity over the element pairs across two items, so
    clustering groups (events into stories) is the average linkage of their elements.

    Example:
        >>> average_linkage(3, [(0, 1, 0.9), (1, 2, 0.5)], 0.2)  # mean {0, 1}-2 is 0.25
        [0, 0, 0]
        >>> average_linkage(3, [(0, 1, 0.9), (1, 2, 0.5)], 0.3)
        [0, 0, 2]
    """
    counts = list(weights) if weights is not None else [1] * size
    sums: list[dict[int, float]] = [{} for _ in range(size)]
    for a, b, similarity in edges:
        if a != b:
            sums[a][b] = sums[b][a] = similarity * counts[a] * counts[b]
    # Only pairs at or above the threshold go on the heap: one below it can never merge
    # (the loop would stop at it), while every pair's sum still counts in later means.
    # A story batch links ~9k units over ~2M pairs, most of them far below the threshold.
    heap = [
        (-mean, a, b, counts[a], counts[b])
        for a in range(size)
        for b, s in sums[a].items()
        if a < b and (mean := s / (counts[a] * counts[b])) >= threshold
    ]
    heapq.heapify(heap)
    alive = [True] * size
    parent = list(range(size))
    while heap:
        _, a, b, size_a, size_b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or (counts[a], counts[b]) != (size_a, size_b):
            continue
        alive[b], parent[b] = False, a
        counts[a] += counts[b]
        merged = sums[a]
        # Only b's neighbours see a sum change; a's others keep theirs (their means
        # fall as a grows, which the loop below re-reads).
        for x, s in sums[b].items():
            if x != a:
                total = merged.get(x, 0.0) + s
                merged[x] = total
                row = sums[x]
                row.pop(b, None)
                row[a] = total
        merged.pop(b, None)
        sums[b] = {}
        size_a = counts[a]
        for x, s in merged.items():
            mean = s / (size_a * counts[x])
            if mean >= threshold:
                entry = (
                    (-mean, a, x, size_a, counts[x]) if a < x else (-mean, x, a, counts[x], size_a)
                )
                heapq.heappush(heap, entry)
    return [_root(parent, item) for item in range(size)]


def average_linkage_table(sums: np.ndarray, counts: np.ndarray, threshold: float) -> list[int]:
    """:func:`average_linkage` given every pair's summed similarity up front: ``sums`` is
    a square float64 array (a pair's similarity times both weights, 0 for a pair with no
    edge) and ``counts`` each item's weight. A merge adds two rows (Lance-Williams), not a
    dictionary per neighbour, which is what a story relink of a few thousand events over
    hundreds of thousands of pairs needs. ``sums`` is overwritten. Same clusters as
    :func:`average_linkage` over the same edges (the same sums in the same order).

    As :func:`complete_linkage_table`, each cluster keeps its best neighbour (highest
    mean, then smallest index): a merged cluster's mean to another lies between its two
    halves' (a weighted mean), so only the rows whose best was a half are rescanned, and
    each other row compares its mean to the merged cluster with its best.

    Example:
        >>> sums = np.array([[0, .9, 0], [.9, 0, .5], [0, .5, 0]])
        >>> average_linkage_table(sums, np.ones(3), 0.3)  # mean {0, 1}-2 is 0.25
        [0, 0, 2]
    """
    if threshold <= 0:  # a pair with no edge has mean 0, which an edge list never merges
        raise ValueError(f"average_linkage_table needs a positive threshold, not {threshold}")
    size = len(sums)
    if not size:
        return []
    weights = np.asarray(counts, dtype=np.float64).copy()
    limit = np.float64(threshold)
    alive = np.ones(size, dtype=bool)
    best = np.zeros(size, dtype=np.int64)
    value = np.full(size, -np.inf)
    _best_means(sums, weights, alive, np.arange(size), best, value, limit)
    parent = list(range(size))
    while (pair := _best_pair(best, value)) is not None:
        a, b = pair
        parent[b] = a
        # Only the cells b has a sum in change (a column is a strided write).
        shared = np.flatnonzero(sums[b])
        sums[a, shared] += sums[b, shared]
        sums[shared, a] = sums[a, shared]
        weights[a] += weights[b]
        alive[b], value[b] = False, -np.inf
        stale = np.flatnonzero(alive & ((best == a) | (best == b)))
        _best_means(sums, weights, alive, np.union1d(stale, [a]), best, value, limit)
        means = sums[a] / (weights * weights[a])
        better = alive & (means >= limit) & ((means > value) | ((means == value) & (a < best)))
        better[a] = False
        best[better], value[better] = a, means[better]
    return [_root(parent, item) for item in range(len(parent))]


def _best_means(
    sums: np.ndarray,
    weights: np.ndarray,
    alive: np.ndarray,
    rows: np.ndarray,
    best: np.ndarray,
    value: np.ndarray,
    limit: np.float64,
) -> None:
    """Set ``best[rows]`` and ``value[rows]``: each row's live neighbour of highest mean
    at ``limit`` or above (the smallest index among ties) and that mean (else -inf)."""
    for start in range(0, len(rows), _ROWS_AT_ONCE):
        chunk = rows[start : start + _ROWS_AT_ONCE]
        means = sums[chunk] / (weights[chunk, None] * weights[None, :])
        means[:, ~alive] = -np.inf
        means[np.arange(len(chunk)), chunk] = -np.inf
        means[means < limit] = -np.inf
        best[chunk] = means.argmax(axis=1)
        value[chunk] = means[np.arange(len(chunk)), best[chunk]]


def _root(parent: list[int], item: int) -> int:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item
