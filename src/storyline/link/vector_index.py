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

A ``:memory:`` store gets an in-memory index, built from its vectors.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from usearch.index import Index

from storyline.link.embed import MODEL
from storyline.store import Store
from storyline.store.kinds import ARTICLE, vector_kind

INDEX_SUFFIX = ".usearch"
# The sidecar of the main index (a language's index has ``.usearch.de.json``).
SIDECAR_SUFFIX = INDEX_SUFFIX + ".json"
_FORMAT = 2  # bump when the sidecar's layout changes: older files are rebuilt


def index_path(store: Store, language: str | None = None) -> Path | None:
    """Where the index of ``store`` lives: beside its database file (None in memory)."""
    path = str(getattr(store, "path", "") or "")
    if not path or path == ":memory:" or path.startswith("file::memory:"):
        return None
    return Path(path + INDEX_SUFFIX + (f".{language}" if language else ""))


@dataclass(slots=True)
class VectorIndex:
    """Article vectors of one model, searchable by cosine similarity.

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
        cursor = int(sidecar.get("cursor", -1)) if sidecar else -1
        changed: list[str] = []
        if -1 < cursor < head and cursor >= store.pruned_upto():
            changed = sorted(store.changed([vector_kind(model), ARTICLE], cursor, head))
        # An index nothing changed in is mapped, not read (450 MB at 200k articles, opened
        # by several phases of every analyze), and only its sidecar is written.
        loaded = None
        if path and sidecar:
            loaded = cls._from_sidecar(path, sidecar, model, language, view=not changed)
        if loaded is not None and loaded.cursor == head:
            return loaded
        if loaded is not None and loaded.cursor >= store.pruned_upto():
            loaded.update(store, changed)
            loaded.cursor = head
            loaded.save(index=bool(changed))
            return loaded
        index = cls(model, path, language=language)
        index.sync(store)
        index.cursor = head
        if path:
            index.save()
        return index

    @classmethod
    def load(
        cls, path: Path, model: str, language: str | None = None, view: bool = False
    ) -> VectorIndex | None:
        """The index saved at ``path``, or None when missing, unreadable or of another model.
        With ``view``, the file is memory-mapped: searchable, not changeable."""
        sidecar = _read_sidecar(path)
        return cls._from_sidecar(path, sidecar, model, language, view) if sidecar else None

    @classmethod
    def _from_sidecar(
        cls, path: Path, sidecar: dict[str, Any], model: str, language: str | None, view: bool
    ) -> VectorIndex | None:
        if (
            sidecar.get("model") != model
            or sidecar.get("format") != _FORMAT
            or sidecar.get("language") != language
        ):
            return None
        keys = {str(k): int(v) for k, v in sidecar["keys"].items()}
        index = cls(model, path, int(sidecar["cursor"]), keys, {v: k for k, v in keys.items()})
        index.language = language
        index.next_key = int(sidecar["next_key"])
        if keys:
            index.index = _restore(path, view)
            if index.index is None or len(index.index) != len(keys):
                return None
        return index

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, ids: list[str], vectors: np.ndarray) -> None:
        """Add (or replace) the vectors of ``ids``; zero vectors (empty texts) are left out."""
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1)
        self.remove([i for i in ids if i in self.keys])
        keep = np.linalg.norm(matrix, axis=1) > 0
        if not keep.any():
            return
        kept = [article_id for article_id, ok in zip(ids, keep, strict=True) if ok]
        keys = np.arange(self.next_key, self.next_key + len(kept), dtype=np.uint64)
        self._index(matrix.shape[1]).add(keys, matrix[keep])
        for key, article_id in zip(keys.tolist(), kept, strict=True):
            self.keys[article_id], self.ids[key] = key, article_id
        self.next_key += len(kept)
        self.cursor = -1  # no longer known to match the store

    def remove(self, ids: list[str]) -> None:
        """Forget the vectors of ``ids`` (unknown ids are ignored)."""
        keys = [self.keys.pop(i) for i in ids if i in self.keys]
        if keys and self.index is not None:
            self.index.remove(np.array(keys, dtype=np.uint64))
        for key in keys:
            del self.ids[key]

    def search(self, vector: np.ndarray, k: int = 10) -> list[tuple[str, float]]:
        """The ``k`` nearest articles to ``vector`` with their cosine similarity, best first."""
        if self.index is None or not self.keys or k <= 0:
            return []
        matches: Any = self.index.search(np.asarray(vector, dtype=np.float32).reshape(-1), k)
        found = zip(matches.keys.tolist(), matches.distances.tolist(), strict=True)
        return [(self.ids[key], round(1.0 - distance, 6)) for key, distance in found]

    def update(self, store: Store, ids: list[str]) -> None:
        """Replace the vectors of ``ids`` with what the store holds now (gone: removed)."""
        self.remove(ids)
        wanted = set(store.articles_in_language(ids, self.language)) if self.language else ids
        found = list(store.vectors(self.model, wanted))
        if found:
            matrix = np.frombuffer(b"".join(blob for _, blob in found), dtype=np.float32)
            self.add([article_id for article_id, _ in found], matrix.reshape(len(found), -1))

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
        if not known or self.index is None:
            return []
        keys = np.array([self.keys[article_id] for _, article_id in known], dtype=np.uint64)
        indexed = np.asarray(self.index.get(keys), dtype=np.float32).reshape(len(known), -1)
        stored = matrix[[row for row, _ in known]]
        stored = stored / np.maximum(np.linalg.norm(stored, axis=1, keepdims=True), 1e-12)
        indexed = indexed / np.maximum(np.linalg.norm(indexed, axis=1, keepdims=True), 1e-12)
        differs = ~np.all(np.isclose(indexed, stored, atol=1e-5), axis=1)
        return [article_id for (_, article_id), bad in zip(known, differs, strict=True) if bad]

    def save(self, index: bool = True) -> None:
        """Write the index (unless ``index`` is False: unchanged) and its sidecar beside the
        database (nothing in memory)."""
        if self.path is None:
            return
        if index and self.index is not None and self.keys:
            temporary = self.path.with_name(self.path.name + ".tmp")
            self.index.save(str(temporary))
            os.replace(temporary, self.path)
        sidecar = {
            "format": _FORMAT, "model": self.model, "cursor": self.cursor,
            "language": self.language, "count": len(self.keys), "next_key": self.next_key,
            "keys": self.keys,
        }  # fmt: skip
        _write_atomically(_sidecar_path(self.path), json.dumps(sidecar))

    def _index(self, dimensions: int) -> Index:
        if self.index is None:
            self.index = Index(ndim=dimensions, metric="cos", dtype="f32")
        return self.index


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


def _restore(path: Path, view: bool = False) -> Index | None:
    try:
        return Index.restore(str(path), view=view)
    except (OSError, RuntimeError, ValueError):
        return None


def _sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _read_sidecar(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(_sidecar_path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)
