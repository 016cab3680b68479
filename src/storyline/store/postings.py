"""Indexes that corpus phases keep between runs: postings and counters, one space each.

A posting says "``member`` is filed under ``key``" in a ``space`` (the LSH band an
article's signature falls in, a heavy term of an article with its month as ``tag``,
the chain of an article under its name key, ...), with an optional ``payload``. Keys
may be integers or text. A phase looks up the members of the keys a new article has,
instead of holding the whole corpus in memory; counters keep how many members a key
has, or any other count a phase needs (document frequencies).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from storyline.store.chunks import execute_in, select_in

Posting = tuple[Any, str, int | None, bytes | None]  # key, member, tag, payload


class PostingTables:
    """Mixed into :class:`~storyline.store.sqlite.SqliteStore`."""

    _db: sqlite3.Connection

    def postings(
        self, space: str, keys: Iterable[Any], tags: Sequence[int] | None = None
    ) -> list[Posting]:
        """Postings of ``keys`` in ``space`` (only those with one of ``tags``, if given)."""
        found: list[Posting] = []
        wanted = list(dict.fromkeys(keys))
        tag_filter = ""
        tag_params: list[int] = []
        if tags is not None:
            if not tags:
                return []
            tag_filter = f" AND tag IN ({','.join('?' * len(tags))})"
            tag_params = list(tags)
        sql = "SELECT key, member, tag, payload FROM postings WHERE space=? AND key IN ({marks})"
        rows = select_in(self._db, sql + tag_filter, wanted, (space,), tuple(tag_params), True)
        found.extend(rows)
        return found

    def postings_of(self, space: str, members: Iterable[str]) -> list[Posting]:
        """Every posting of ``members`` in ``space``."""
        sql = "SELECT key, member, tag, payload FROM postings WHERE space=? AND member IN ({marks})"
        return list(select_in(self._db, sql, members, (space,), plain=True))

    def all_postings(self, space: str) -> list[Posting]:
        cursor = self._db.cursor()
        cursor.row_factory = None  # plain tuples (select_in says why)
        return cursor.execute(
            "SELECT key, member, tag, payload FROM postings WHERE space=?", (space,)
        ).fetchall()

    def add_postings(self, space: str, postings: Iterable[Posting]) -> None:
        self._db.executemany(
            "INSERT INTO postings VALUES (?,?,?,?,?) ON CONFLICT(space, key, member) "
            "DO UPDATE SET tag=excluded.tag, payload=excluded.payload",
            ((space, key, member, tag, payload) for key, member, tag, payload in postings),
        )

    def remove_postings(self, space: str, members: Iterable[str]) -> None:
        sql = "DELETE FROM postings WHERE space=? AND member IN ({marks})"
        execute_in(self._db, sql, members, (space,))

    def remove_keys(self, space: str, keys: Iterable[Any]) -> None:
        execute_in(
            self._db, "DELETE FROM postings WHERE space=? AND key IN ({marks})", keys, (space,)
        )

    def clear_space(self, space: str) -> None:
        """Drop a space's postings and counters (a phase rebuilding from scratch)."""
        self._db.execute("DELETE FROM postings WHERE space=?", (space,))
        self._db.execute("DELETE FROM counters WHERE space=?", (space,))

    # Counters --------------------------------------------------------------------

    def counters(self, space: str, keys: Iterable[Any]) -> dict[Any, int]:
        sql = "SELECT key, count FROM counters WHERE space=? AND key IN ({marks})"
        return dict(select_in(self._db, sql, keys, (space,), plain=True))

    def all_counters(self, space: str) -> dict[Any, int]:
        rows = self._db.execute("SELECT key, count FROM counters WHERE space=?", (space,))
        return {row[0]: row[1] for row in rows}

    def add_counters(self, space: str, deltas: dict[Any, int]) -> None:
        """Add each delta to its key's count; counts that reach zero are dropped."""
        self._db.executemany(
            "INSERT INTO counters VALUES (?,?,?) ON CONFLICT(space, key) "
            "DO UPDATE SET count = count + excluded.count",
            ((space, key, delta) for key, delta in deltas.items() if delta),
        )
        fallen = [key for key, delta in deltas.items() if delta < 0]
        sql = "DELETE FROM counters WHERE space=? AND count<=0 AND key IN ({marks})"
        execute_in(self._db, sql, fallen, (space,))
