"""Profile matrices: similarities of many pairs at once, as TermProfile.similarity gives."""

from __future__ import annotations

import random

import numpy as np

from storyline.link import matrix
from storyline.link.matrix import ProfileMatrix
from storyline.link.terms import TermProfile, weigh

WORDS = [f"w{i}" for i in range(60)]


def profiles(count: int, seed: int) -> list[TermProfile]:
    rng = random.Random(seed)
    found = []
    for index in range(count):
        words = rng.sample(WORDS, rng.randint(0, 12))
        found.append(TermProfile(f"a{index}", weigh(words), weigh(words[:3]), weigh(words[-2:])))
    return found


def test_dense_and_sparse_pairs_give_each_pair_its_similarity(monkeypatch) -> None:
    items = profiles(40, seed=3)
    grid = ProfileMatrix(items)
    rng = np.random.default_rng(5)
    # Every pair of a few rows (one dense block) and pairs scattered over all rows.
    dense = np.array([(i, j) for i in range(5) for j in range(40)])
    scattered = rng.integers(0, 40, size=(300, 2))
    for pairs in (dense, scattered, np.concatenate([scattered, dense])):
        rows, columns = pairs[:, 0], pairs[:, 1]
        expected = [items[i].similarity(items[j]) for i, j in pairs]
        assert np.allclose(grid.pairs(rows, columns), expected, atol=1e-5)
        monkeypatch.setattr(matrix, "BLOCK_SPREAD", 0)  # every chunk pair by pair
        assert np.allclose(grid.pairs(rows, columns), expected, atol=1e-5)
        monkeypatch.undo()


def test_no_pairs_no_similarities() -> None:
    empty = np.zeros(0, dtype=np.int64)
    assert len(ProfileMatrix(profiles(3, seed=1)).pairs(empty, empty)) == 0


def test_a_block_gives_each_pair_its_similarity() -> None:
    items = profiles(30, seed=4)
    grid = ProfileMatrix(items)
    expected = np.array([[a.similarity(b) for b in items] for a in items])
    assert np.allclose(grid.block([7, 0, 29]), expected[[7, 0, 29]], atol=1e-5)
    assert np.allclose(grid.block(np.arange(30)), expected, atol=1e-5)
    weighted = ProfileMatrix(items, weights={"full": 1.0, "lead": 0.0, "names": 3.0})
    heavy = [[(a.full.dot(b.full) + 3 * a.names.dot(b.names)) / 4 for b in items] for a in items]
    assert np.allclose(weighted.block(np.arange(30)), heavy, atol=1e-5)
