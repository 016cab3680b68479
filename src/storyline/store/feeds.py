"""Watched feeds' polling state: validators for conditional GET, schedule and error streak.

Kept in the store (table ``feeds``, migration 3), so ``storyline watch`` picks up where it
stopped after a restart: it sends the same ``ETag``/``Last-Modified`` and honours back-off.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields


@dataclass(slots=True)
class FeedState:
    """One watched feed. Times are Unix seconds; ``errors`` counts failures in a row."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: float | None = None
    next_check: float = 0.0
    errors: int = 0
    last_error: str | None = None
    last_status: str | None = None
    articles: int = 0  # articles this feed brought in, over all polls


_COLUMNS = tuple(f.name for f in fields(FeedState))


class FeedTables:
    """Mixed into :class:`~storyline.store.sqlite.SqliteStore`."""

    _db: sqlite3.Connection

    def feed_states(self, urls: Iterable[str] | None = None) -> list[FeedState]:
        """Stored states of ``urls`` (new feeds get a fresh state), or of every feed."""
        rows = self._db.execute(f"SELECT {','.join(_COLUMNS)} FROM feeds ORDER BY url")
        known = {row[0]: FeedState(*row) for row in rows}
        if urls is None:
            return list(known.values())
        return [known.get(url) or FeedState(url) for url in urls]

    def write_feed_state(self, state: FeedState) -> None:
        """Insert or replace one feed's state."""
        marks = ",".join("?" * len(_COLUMNS))
        self._db.execute(f"INSERT OR REPLACE INTO feeds VALUES ({marks})", astuple(state))

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Those of ``urls`` already stored as an article's URL or source."""
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return set()
        rows = self._db.execute(
            "SELECT value FROM json_each(?) WHERE value IN (SELECT url FROM articles "
            "WHERE url IS NOT NULL) OR value IN (SELECT source_path FROM articles)",
            (json.dumps(wanted),),
        )
        return {row[0] for row in rows}
