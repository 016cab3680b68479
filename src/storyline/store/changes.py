"""The change log: what each step wrote, so the next steps redo only what it touches.

Every write of a result kind (an article stored or deleted, an enrichment, a duplicate
link, an event, ...) appends ``(kind, id)`` rows to ``changes`` in the same transaction
as the data. A step remembers in ``phases`` how far into the log it has read (its
*cursor*) and the version it ran with; its next run reads the ids of the kinds it
consumes past that cursor. Nothing changed means one indexed lookup per step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from storyline.store.chunks import execute_in

_PRUNED = "_pruned"  # the phases row that keeps the pruning horizon


@dataclass(frozen=True, slots=True)
class StepState:
    """Where a step stopped reading the change log, and with which version it ran."""

    version: str
    cursor: int


class ChangeLog:
    """Mixed into :class:`~storyline.store.sqlite.SqliteStore`."""

    _db: sqlite3.Connection

    def log_changes(self, kind: str, ids: Iterable[str]) -> None:
        """Append ``(kind, id)`` for each id (call inside the writing transaction)."""
        self._db.executemany(
            "INSERT INTO changes(kind, id) VALUES (?, ?)", ((kind, i) for i in set(ids))
        )

    def last_change(self) -> int:
        """The newest change's sequence number (0 for a store with none)."""
        row = self._db.execute("SELECT max(seq) FROM changes").fetchone()
        return int(row[0] or 0)

    def changed(self, kinds: Iterable[str], after: int, upto: int | None = None) -> set[str]:
        """Ids with a change of one of ``kinds`` in ``(after, upto]``."""
        found: set[str] = set()
        top = upto if upto is not None else self.last_change()
        for kind in kinds:
            rows = self._db.execute(
                "SELECT DISTINCT id FROM changes WHERE kind=? AND seq>? AND seq<=?",
                (kind, after, top),
            )
            found.update(row[0] for row in rows)
        return found

    def has_changes(self, kinds: Iterable[str], after: int) -> bool:
        """Whether any change of ``kinds`` came after ``after`` (one index probe each)."""
        return any(
            self._db.execute(
                "SELECT 1 FROM changes WHERE kind=? AND seq>? LIMIT 1", (kind, after)
            ).fetchone()
            for kind in kinds
        )

    def step_state(self, name: str) -> StepState | None:
        """The version and cursor a step recorded when it last finished."""
        row = self._db.execute("SELECT version, state FROM phases WHERE name=?", (name,)).fetchone()
        if row is None:
            return None
        try:
            return StepState(row[0], int(row[1]))
        except ValueError:  # a store from before change tracking: no cursor yet
            return None

    def set_step_state(self, name: str, version: str, cursor: int) -> None:
        self._db.execute(
            "INSERT INTO phases VALUES (?,?,?) ON CONFLICT(name) DO UPDATE SET "
            "version=excluded.version, state=excluded.state",
            (name, version, str(cursor)),
        )

    def forget_step(self, name: str) -> None:
        """Drop a step's cursor, so its next run starts from scratch."""
        self._db.execute("DELETE FROM phases WHERE name=?", (name,))

    def prune_changes(self, names: Iterable[str]) -> int:
        """Delete log entries every step named has read; returns how many went.

        The horizon is remembered (:meth:`pruned_upto`): a reader that last looked
        before it (a cache beside the store) must rebuild instead of catching up.
        """
        cursors = [state.cursor if (state := self.step_state(n)) else 0 for n in names]
        upto = min(cursors, default=0)
        if upto <= self.pruned_upto():
            return 0
        self.set_step_state(_PRUNED, "", upto)
        return self._db.execute("DELETE FROM changes WHERE seq<=?", (upto,)).rowcount

    def pruned_upto(self) -> int:
        """The newest change no longer in the log (0: nothing pruned yet)."""
        state = self.step_state(_PRUNED)
        return state.cursor if state else 0

    # Per-article failures of a step, retried by every analyze --------------------

    def record_step_failures(self, step: str, version: str, failed: dict[str, str]) -> None:
        self._db.executemany(
            "INSERT INTO step_failures VALUES (?,?,?,?) ON CONFLICT(step, article_id) "
            "DO UPDATE SET version=excluded.version, problem=excluded.problem",
            ((step, article_id, version, problem) for article_id, problem in failed.items()),
        )

    def clear_step_failures(self, step: str, article_ids: Iterable[str]) -> None:
        sql = "DELETE FROM step_failures WHERE step=? AND article_id IN ({marks})"
        execute_in(self._db, sql, article_ids, (step,))

    def step_failures(self, step: str | None = None) -> dict[tuple[str, str], str]:
        """``(step, article id) -> problem`` for every recorded per-article failure."""
        query = "SELECT step, article_id, problem FROM step_failures"
        params: tuple[str, ...] = ()
        if step is not None:
            query, params = query + " WHERE step=?", (step,)
        return {(row[0], row[1]): row[2] for row in self._db.execute(query, params)}
