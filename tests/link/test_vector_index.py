from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from storyline.jobs import open_store
from storyline.link.embed import MODEL
from storyline.link.vector_index import SIDECAR_SUFFIX, VectorIndex, index_path
from storyline.model import Article
from storyline.store import SqliteStore

Writer = Callable[[SqliteStore, list[str]], list[Article]]


def _unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def _store_vectors(store: SqliteStore, vectors: dict[str, np.ndarray]) -> None:
    store.write_vectors(MODEL, [(i, v.tobytes()) for i, v in vectors.items()])


def _fill(store: SqliteStore, add_articles: Writer) -> list[str]:
    ids = [a.id for a in add_articles(store, ["rain", "dam", "chess"])]
    _store_vectors(
        store, dict(zip(ids, [_unit(1, 0, 0), _unit(1, 0.2, 0), _unit(0, 0, 1)], strict=True))
    )
    return ids


def test_in_memory_store_gets_an_index_built_from_its_vectors(add_articles: Writer) -> None:
    store = open_store(":memory:")
    rain, dam, chess = _fill(store, add_articles)
    index = VectorIndex.for_store(store)
    assert index.path is None and len(index) == 3
    hits = index.search(_unit(1, 0, 0), 2)
    assert [h[0] for h in hits] == [rain, dam] and abs(hits[0][1] - 1.0) < 1e-5


def test_index_is_saved_beside_the_database_and_reused_while_fresh(
    tmp_path: Path, add_articles: Writer
) -> None:
    store = open_store(tmp_path / "news.db")
    rain, _, _ = _fill(store, add_articles)
    built = VectorIndex.for_store(store)
    assert built.path == index_path(store) == tmp_path / "news.db.usearch"
    assert built.path.exists() and (tmp_path / f"news.db{SIDECAR_SUFFIX}").exists()
    reopened = VectorIndex.for_store(store)
    assert reopened.cursor == built.cursor and reopened.search(_unit(1, 0, 0), 1)[0][0] == rain


@pytest.fixture
def saved(tmp_path: Path, add_articles: Writer) -> tuple[SqliteStore, list[str]]:
    """A store of three articles whose index was saved beside it, and their ids."""
    store = open_store(tmp_path / "news.db")
    ids = _fill(store, add_articles)
    VectorIndex.for_store(store)
    return store, ids


def test_stale_index_follows_new_changed_and_removed_vectors(
    saved: tuple[SqliteStore, list[str]], add_articles: Writer
) -> None:
    store, (rain, dam, chess) = saved
    (storm,) = add_articles(store, ["storm"])  # written after the index was saved
    _store_vectors(store, {storm.id: _unit(0, 1, 0), chess: _unit(1, 0, 0.01)})
    index = VectorIndex.for_store(store)
    assert len(index) == 4 and index.search(_unit(0, 1, 0), 1)[0][0] == storm.id
    assert dict(index.search(_unit(1, 0, 0), 4))[chess] > 0.99  # the changed vector


def test_an_index_only_other_results_changed_since_is_mapped_not_written_again(
    saved: tuple[SqliteStore, list[str]],
) -> None:
    store, (rain, _, _) = saved
    written = index_path(store).stat().st_mtime_ns  # type: ignore[union-attr]
    store.log_changes("event", ["e1"])  # the log moves on; no vector changed
    index = VectorIndex.for_store(store)
    assert index.cursor == store.last_change() and index.search(_unit(1, 0, 0), 1)[0][0] == rain
    assert index_path(store).stat().st_mtime_ns == written  # type: ignore[union-attr]
    assert VectorIndex.load(index_path(store), MODEL).cursor == store.last_change()  # type: ignore[arg-type, union-attr]


def test_missing_or_corrupt_index_file_is_rebuilt_from_the_store(
    tmp_path: Path, add_articles: Writer
) -> None:
    store = open_store(tmp_path / "news.db")
    rain, _, _ = _fill(store, add_articles)
    path = VectorIndex.for_store(store).path
    assert path is not None
    path.write_bytes(b"not an index")
    assert VectorIndex.for_store(store).search(_unit(1, 0, 0), 1)[0][0] == rain
    path.unlink()
    assert len(VectorIndex.for_store(store)) == 3 and path.exists()


def test_vectors_of_another_model_and_zero_vectors_are_left_out(add_articles: Writer) -> None:
    store = open_store(":memory:")
    rain, dam, chess = _fill(store, add_articles)
    store.write_vectors("other-model", [(rain, _unit(0, 1, 0).tobytes())])
    _store_vectors(store, {dam: np.zeros(3, dtype=np.float32)})
    index = VectorIndex.for_store(store)
    assert len(index) == 2 and dam not in index.keys
    assert VectorIndex.for_store(store, "other-model").search(_unit(0, 1, 0), 5) == [(rain, 1.0)]


def test_empty_store_gives_an_empty_index() -> None:
    assert VectorIndex.for_store(open_store(":memory:")).search(_unit(1, 0), 3) == []
