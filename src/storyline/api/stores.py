"""One store connection per server thread: SQLite connections are not shared across threads."""

from __future__ import annotations

import threading
from pathlib import Path

from storyline.jobs import open_store
from storyline.store import SqliteStore


class ThreadStores:
    """Opens the database once per thread that asks, and closes them all on shutdown."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[SqliteStore] = []
        open_store(db).close()  # create or migrate once, before any request

    def get(self) -> SqliteStore:
        """This thread's store."""
        store: SqliteStore | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
