"""An approximate nearest-neighbour index (usearch HNSW, cosine) over stored article vectors.

The store holds the vectors; the index is a cache beside the database file
(``<db>.usearch`` and a ``<db>.usearch.json`` sidecar with the model, how far into the
store's change log it is synced (``cursor``) and the article id of each key). An index
may hold one language only (``<db>.usearch.de``), for finding translations. Opening it
for a store checks the sidecar:

- same model and synced to the newest change: the saved index is used as is;
- behind, but within the change log the store still keeps: the vectors of the articles
  changed since are replaced (work proportional to what changed), and the files saved;
- missing or unreadable files, another model, or behind the pruned log: rebuilt from
  the store's vectors.

The main file is memory-mapped, never rewritten for a batch: vectors added since go to a
small delta index (``<db>.usearch.delta``) and removed ones are only marked, until the
delta holds :data:`COMPACT_SHARE` of the main file (or :data:`COMPACT_REMOVED` are marked)
and both are folded into a new main file. At 200k articles the main file is 450 MB: reading
and writing it whole for each 1,000-article batch took 2.4 s each way, several times an
analyze (benchmarks/synthetic.py).

A ``:memory:`` store gets an in-memory index, built from its vectors.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from usearch.index import Index

from storyline.link.embed import MODEL
from storyline.store import Store
from storyline.store.kinds import ARTICLE, vector_kind

INDEX_SUFFIX = ".usearch"
# The sidecar of the main index (a language's index has ``.usearch.de.json``).
SIDECAR_SUFFIX = INDEX_SUFFIX + ".json"
DELTA_SUFFIX = ".delta"
_FORMAT = 3  # bump when the sidecar's layout changes: older files are rebuilt
_READABLE = (2, 3)  # format 2 is 3 without a delta
# The delta is folded into the main file once it holds this share of the main file's
# vectors (rewriting the main file then costs a tenth of it per batch, amortised) ...
COMPACT_SHARE = 0.1
# ... or once this many of the main file's vectors are removed (a search asks the main
# file for that many more neighbours when the removed ones come first).
COMPACT_REMOVED = 1_000


def index_path(store: Store, language: str | None = None) -> Path | None:
    """Where the index of ``store`` lives: beside its database file (None in memory)."""
    path = str(getattr(store, "path", "") or "")
    if not path or path == ":memory:" or path.startswith("file::memory:"):
        return None
    return Path(path + INDEX_SUFFIX + (f".{language}" if language else ""))


def index_files(path: Path) -> list[Path]:
    """The files of the index at ``path``: main file, delta and sidecar."""
    return [path, _delta_path(path), _sidecar_path(path)]


@dataclass(slots=True)
class VectorIndex:
    """Article vectors of one model, searchable by cosine similarity.

    Keys below ``main_upto`` are in the main index (``index``, possibly memory-mapped),
    the others in ``delta``; ``removed`` are keys of the main index no longer valid.

    Example:
        >>> from storyline.jobs import open_store
        >>> index = VectorIndex.for_store(open_store(":memory:"))
        >>> index.add(["a", "b"], np.eye(2, 4, dtype=np.float32))
        >>> index.search(np.array([1, 0, 0, 0], dtype=np.float32), 1)
        [('a', 1.0)]
    """

    model: str = MODEL
    path: Path | None = None
    cursor: int = -1  # the store change this index is synced to (-1: unknown)
    keys: dict[str, int] = field(default_factory=dict)
    ids: dict[int, str] = field(default_factory=dict)
    next_key: int = 0
    index: Index | None = None
    language: str | None = None  # only articles in this language, when set
    delta: Index | None = None
    main_upto: int = 0
    removed: set[int] = field(default_factory=set)
    changed: bool = False  # vectors added or removed since the files were written

    @classmethod
    def for_store(
        cls,
        store: Store,
        model: str = MODEL,
        path: Path | None = None,
        language: str | None = None,
    ) -> VectorIndex:
        """The index of ``store``'s vectors of ``model``, loaded, updated or rebuilt.

        Args:
            store: where the vectors are.
            model: the stored model name (``storyline.link.embed.MODEL``).
            path: the index file; default beside the database (in memory for ``:memory:``).
            language: index only the articles in this language.
        """
        path = path or index_path(store, language)
        head = store.last_change()
        sidecar = _read_sidecar(path) if path else None
        loaded = cls._from_sidecar(path, sidecar, model, language) if path and sidecar else None
        if loaded is not None and loaded.cursor == head:
            return loaded
        if loaded is not None and loaded.cursor >= max(store.pruned_upto(), 0):
            kinds = [vector_kind(model), ARTICLE]
            loaded.update(store, sorted(store.changed(kinds, loaded.cursor, head)))
            loaded.cursor = head
            loaded.save()
            return loaded
        index = cls(model, path, language=language)
        index.sync(store)
        index.cursor = head
        if path:
            index.save()
        return index

    @classmethod
    def load(cls, path: Path, model: str, language: str | None = None) -> VectorIndex | None:
        """The index saved at ``path``, or None when missing, unreadable or of another model.
        Its main file is memory-mapped (read as searched, written only when compacted)."""
        sidecar = _read_sidecar(path)
        return cls._from_sidecar(path, sidecar, model, language) if sidecar else None

    @classmethod
    def _from_sidecar(
        cls, path: Path, sidecar: dict[str, Any], model: str, language: str | None
    ) -> VectorIndex | None:
        if (
            sidecar.get("model") != model
            or sidecar.get("format") not in _READABLE
            or sidecar.get("language") != language
        ):
            return None
        keys = {str(k): int(v) for k, v in sidecar["keys"].items()}
        index = cls(model, path, int(sidecar["cursor"]), keys, {v: k for k, v in keys.items()})
        index.language = language
        index.next_key = int(sidecar["next_key"])
        index.main_upto = int(sidecar.get("main_upto", index.next_key))
        index.removed = {int(key) for key in sidecar.get("removed", [])}
        main_count = int(sidecar.get("main_count", len(keys)))
        delta_count = int(sidecar.get("delta_count", 0))
        if main_count:
            index.index = _restore(path, view=True)
            if index.index is None or len(index.index) != main_count:
                return None
        if delta_count:
            index.delta = _restore(_delta_path(path))
            if index.delta is None or len(index.delta) != delta_count:
                return None
        if main_count + delta_count - len(index.removed) != len(keys):
            return None
        return index

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def ndim(self) -> int:
        """The vectors' dimensions (0 while the index is empty)."""
        inner = self.index if self.index is not None else self.delta
        return int(inner.ndim) if inner is not None else 0

    def add(self, ids: list[str], vectors: np.ndarray) -> None:
        """Add (or replace) the vectors of ``ids``; zero vectors (empty texts) are left out."""
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1)
        self.remove([i for i in ids if i in self.keys])
        keep = np.linalg.norm(matrix, axis=1) > 0
        if not keep.any():
            return
        kept = [article_id for article_id, ok in zip(ids, keep, strict=True) if ok]
        keys = np.arange(self.next_key, self.next_key + len(kept), dtype=np.uint64)
        if self.delta is None:
            self.delta = Index(ndim=matrix.shape[1], metric="cos", dtype="f32")
        self.delta.add(keys, matrix[keep])
        for key, article_id in zip(keys.tolist(), kept, strict=True):
            self.keys[article_id], self.ids[key] = key, article_id
        self.next_key += len(kept)
        self.cursor, self.changed = -1, True  # no longer known to match the store

    def remove(self, ids: list[str]) -> None:
        """Forget the vectors of ``ids`` (unknown ids are ignored)."""
        keys = [self.keys.pop(i) for i in ids if i in self.keys]
        fresh = [key for key in keys if key >= self.main_upto]
        if fresh and self.delta is not None:
            self.delta.remove(np.array(fresh, dtype=np.uint64))
        self.removed.update(key for key in keys if key < self.main_upto)
        for key in keys:
            del self.ids[key]
        self.changed = self.changed or bool(keys)

    def search(self, vector: np.ndarray, k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` nearest articles to ``vector`` with their cosine similarity, best first."""
        if not self.keys or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        found = self._search_main(query, k)
        if self.delta is not None and len(self.delta):
            matches: Any = self.delta.search(query, min(k, len(self.delta)))
            found += zip(matches.keys.tolist(), matches.distances.tolist(), strict=True)
        found.sort(key=lambda item: (item[1], item[0]))
        return [(self.ids[key], round(1.0 - distance, 6)) for key, distance in found[:k]]

    def _search_main(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self.index is None or not len(self.index):
            return []
        # Removed vectors are still in the main file: ask past them, a few first.
        for wanted in (k + min(len(self.removed), k), k + len(self.removed)):
            matches: Any = self.index.search(query, min(wanted, len(self.index)))
            pairs = zip(matches.keys.tolist(), matches.distances.tolist(), strict=True)
            found = [(key, distance) for key, distance in pairs if key not in self.removed]
            if len(found) >= k or wanted >= len(self.index) or not self.removed:
                return found
        return found

    def vectors(self, ids: list[str]) -> np.ndarray:
        """The indexed vectors of ``ids`` (all indexed), one row each."""
        rows = np.zeros((len(ids), self.ndim), dtype=np.float32)
        keys = np.array([self.keys[article_id] for article_id in ids], dtype=np.uint64)
        for inner, part in (
            (self.index, keys < self.main_upto),
            (self.delta, keys >= self.main_upto),
        ):
            if inner is not None and part.any():
                rows[part] = np.asarray(inner.get(keys[part]), dtype=np.float32).reshape(
                    -1, self.ndim
                )
        return rows

    def update(self, store: Store, ids: list[str]) -> None:
        """Bring the vectors of ``ids`` in line with what the store holds now (gone:
        removed); those whose vector is unchanged (an article's other fields changed) are
        left alone, so the files are not written for them."""
        wanted = set(store.articles_in_language(ids, self.language)) if self.language else ids
        found = list(store.vectors(self.model, wanted))
        present = {article_id for article_id, _ in found}
        self.remove([i for i in ids if i in self.keys and i not in present])
        if not found:
            return
        found_ids = [article_id for article_id, _ in found]
        matrix = np.frombuffer(b"".join(blob for _, blob in found), dtype=np.float32)
        matrix = matrix.reshape(len(found), -1)
        same = (set(found_ids) & self.keys.keys()) - set(self._changed(found_ids, matrix))
        rows = [row for row, article_id in enumerate(found_ids) if article_id not in same]
        if rows:
            self.add([found_ids[row] for row in rows], matrix[rows])

    def sync(self, store: Store) -> None:
        """Bring the index in line with ``store``: drop gone or changed vectors, add new ones."""
        ids, matrix = _stored_vectors(store, self.model, self.language)
        position = {article_id: row for row, article_id in enumerate(ids)}
        self.remove([i for i in list(self.keys) if i not in position])
        self.remove(self._changed(ids, matrix))
        new = [row for row, article_id in enumerate(ids) if article_id not in self.keys]
        if new:
            self.add([ids[row] for row in new], matrix[new])

    def _changed(self, ids: list[str], matrix: np.ndarray) -> list[str]:
        """Ids whose indexed vector differs from the stored one."""
        known = [(row, article_id) for row, article_id in enumerate(ids) if article_id in self.keys]
        if not known or not self.ndim:
            return []
        indexed = self.vectors([article_id for _, article_id in known])
        stored = matrix[[row for row, _ in known]]
        stored = stored / np.maximum(np.linalg.norm(stored, axis=1, keepdims=True), 1e-12)
        indexed = indexed / np.maximum(np.linalg.norm(indexed, axis=1, keepdims=True), 1e-12)
        differs = ~np.all(np.isclose(indexed, stored, atol=1e-5), axis=1)
        return [article_id for (_, article_id), bad in zip(known, differs, strict=True) if bad]

    def save(self) -> None:
        """Write what changed beside the database (nothing in memory): the delta, or a new
        main file when the delta is due to be folded in; then the sidecar."""
        if self.path is None:
            return
        delta_path = _delta_path(self.path)
        if self.changed and self._due():
            self._compact()  # the delta is folded in: its file goes below
            if self.index is not None:
                _save_atomically(self.index, self.path)
        elif self.changed and self.delta is not None and len(self.delta):
            _save_atomically(self.delta, delta_path)
        self.changed = False
        sidecar = {
            "format": _FORMAT, "model": self.model, "cursor": self.cursor,
            "language": self.language, "count": len(self.keys), "next_key": self.next_key,
            "main_upto": self.main_upto, "removed": sorted(self.removed),
            "main_count": len(self.index) if self.index is not None else 0,
            "delta_count": len(self.delta) if self.delta is not None else 0,
            "keys": self.keys,
        }  # fmt: skip
        _write_atomically(_sidecar_path(self.path), orjson.dumps(sidecar))
        if not sidecar["delta_count"]:
            delta_path.unlink(missing_ok=True)

    def _due(self) -> bool:
        main = len(self.index) if self.index is not None else 0
        delta = len(self.delta) if self.delta is not None else 0
        return delta > COMPACT_SHARE * main or len(self.removed) > COMPACT_REMOVED

    def _compact(self) -> None:
        """Fold the delta into the main index and drop the removed vectors from it."""
        if self.index is None or not len(self.index):
            main = self.delta
        else:
            main = _restore(self.path, view=False) if self.path is not None else self.index
            if main is None:
                raise OSError(f"{self.path}: the index file could not be read back")
            if self.removed:
                main.remove(np.array(sorted(self.removed), dtype=np.uint64))
            if self.delta is not None and len(self.delta):
                keys = np.array(sorted(k for k in self.ids if k >= self.main_upto), dtype=np.uint64)
                main.add(
                    keys, np.asarray(self.delta.get(keys), dtype=np.float32).reshape(len(keys), -1)
                )
        self.index, self.delta = main, None
        self.main_upto, self.removed = self.next_key, set()


def _stored_vectors(
    store: Store, model: str, language: str | None = None
) -> tuple[list[str], np.ndarray]:
    ids: list[str] = []
    blobs: list[bytes] = []
    rows = store.vectors_in_language(model, language) if language else store.vectors(model)
    for article_id, blob in rows:
        ids.append(article_id)
        blobs.append(blob)
    flat = np.frombuffer(b"".join(blobs), dtype=np.float32)
    return ids, flat.reshape(len(ids), -1) if ids else flat.reshape(0, 0)


def _save_atomically(index: Index, path: Path) -> None:
    temporary = path.with_name(path.name + ".tmp")
    index.save(str(temporary))
    os.replace(temporary, path)


def _restore(path: Path, view: bool = False) -> Index | None:
    try:
        return Index.restore(str(path), view=view)
    except (OSError, RuntimeError, ValueError):
        return None


def _delta_path(path: Path) -> Path:
    return path.with_name(path.name + DELTA_SUFFIX)


def _sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _read_sidecar(path: Path) -> dict[str, Any] | None:
    try:  # orjson: the id map of a 200k archive is ~5 MB, read and written by every phase
        data = orjson.loads(_sidecar_path(path).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
