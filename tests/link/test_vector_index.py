import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from storyline.jobs import open_store
from storyline.link import vector_index
from storyline.link.embed import MODEL
from storyline.link.vector_index import SIDECAR_SUFFIX, VectorIndex, index_files, index_path
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


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


def _files(store: SqliteStore) -> list[Path]:
    """The store's index files: main, delta, sidecar."""
    path = index_path(store)
    assert path is not None
    return index_files(path)


def test_new_vectors_go_to_a_delta_beside_the_mapped_main_file_until_it_is_folded_in(
    saved: tuple[SqliteStore, list[str]], add_articles: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, (rain, dam, chess) = saved
    path, delta, _ = _files(store)
    main_written = _mtime(path)
    monkeypatch.setattr(vector_index, "COMPACT_SHARE", 1.0)  # fold in past 3 new vectors
    (storm,) = add_articles(store, ["storm"])
    _store_vectors(store, {storm.id: _unit(0, 1, 0), chess: _unit(1, 0, 0.01)})
    index = VectorIndex.for_store(store)
    assert _mtime(path) == main_written and delta.exists()  # the main file is not rewritten
    reopened = VectorIndex.load(path, MODEL)
    assert reopened is not None and len(reopened) == 4 and reopened.removed
    assert [h[0] for h in reopened.search(_unit(0, 1, 0), 1)] == [storm.id]
    assert [h[0] for h in reopened.search(_unit(1, 0, 0), 4)].count(chess) == 1
    assert dict(index.search(_unit(1, 0, 0), 4))[chess] > 0.99  # the changed vector

    more = add_articles(store, ["hail", "snow"])
    _store_vectors(store, {a.id: _unit(0, 1, i + 1) for i, a in enumerate(more)})
    folded = VectorIndex.for_store(store)  # 4 in the delta > 1.0 x 3 in the main file
    assert _mtime(path) != main_written and not delta.exists()
    assert not folded.removed and folded.delta is None and len(folded) == 6
    reread = VectorIndex.load(path, MODEL)
    assert reread is not None
    for query in (_unit(1, 0, 0), _unit(0, 1, 0), _unit(0, 1, 2)):
        assert reread.search(query, 6) == folded.search(query, 6) == index_search(store, query)


def index_search(store: SqliteStore, query: np.ndarray) -> list[tuple[str, float]]:
    """The same search over an index built afresh from the store (in memory)."""
    fresh = VectorIndex()
    fresh.sync(store)
    return fresh.search(query, 6)


def test_an_article_changed_but_not_its_vector_leaves_the_files_alone(
    saved: tuple[SqliteStore, list[str]],
) -> None:
    store, (rain, _, _) = saved
    path, delta, _ = _files(store)
    written = _mtime(path)
    store.log_changes("article", [rain])  # e.g. its duplicate or event link moved
    index = VectorIndex.for_store(store)
    assert _mtime(path) == written and not delta.exists()
    assert index.cursor == store.last_change() and not index.removed


def test_an_index_saved_before_deltas_existed_is_read_not_rebuilt(
    saved: tuple[SqliteStore, list[str]],
) -> None:
    store, (rain, _, _) = saved
    path, _, sidecar = _files(store)
    old = json.loads(sidecar.read_text())
    for name in ("main_upto", "removed", "main_count", "delta_count"):
        del old[name]
    sidecar.write_text(json.dumps(old | {"format": 2}))
    written = _mtime(path)
    index = VectorIndex.for_store(store)
    assert _mtime(path) == written and index.search(_unit(1, 0, 0), 1)[0][0] == rain
