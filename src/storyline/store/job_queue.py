"""Ingest jobs the HTTP API accepted: kept in the store (table ``jobs``, migration 5) so an
accepted job survives a restart, and bounded so a burst of posts cannot grow without end.

A job row holds what was posted (compressed JSON, dropped once the job has finished) and
its progress as the API shows it. The server's job runner is the only writer.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

UNFINISHED = ("queued", "running")


@dataclass(slots=True)
class StoredJob:
    """One job row: ``progress`` is the job's public record (state, counts, failures…)."""

    id: str
    created: float
    state: str
    progress: dict[str, Any]
    finished: float | None = None


@dataclass(slots=True)
class QueueLimits:
    """How much may wait: queued jobs, and the bytes of what they posted."""

    jobs: int
    request_bytes: int


class JobTables:
    """Mixed into :class:`~storyline.store.sqlite.SqliteStore`."""

    _db: sqlite3.Connection

    def add_job(self, job: StoredJob, request: bytes, size: int, limits: QueueLimits) -> bool:
        """Store a queued job unless the queue is full (then False, nothing stored).

        ``request`` is what was posted, compressed; ``size`` its uncompressed length,
        counted against ``limits.request_bytes``. Counting and adding is one transaction,
        so concurrent posts cannot overfill the queue.
        """
        with self.transaction():  # type: ignore[attr-defined]
            count, queued = self._db.execute(
                "SELECT count(*), coalesce(sum(request_bytes), 0) FROM jobs WHERE state='queued'"
            ).fetchone()
            if count >= limits.jobs or (count and queued + size > limits.request_bytes):
                return False
            self._db.execute(
                "INSERT INTO jobs VALUES (?,?,?,?,?,?,?)",
                (job.id, job.created, job.state, request, size, _json(job.progress), None),
            )
        return True

    def job_request(self, job_id: str) -> bytes | None:
        """What was posted for a job (compressed), None once it has finished."""
        row = self._db.execute("SELECT request FROM jobs WHERE id=?", (job_id,)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def claim_job(self, job_id: str) -> bool:
        """Mark a queued job running; False when it is not queued (another runner has it)."""
        cursor = self._db.execute(
            "UPDATE jobs SET state='running' WHERE id=? AND state='queued'", (job_id,)
        )
        return cursor.rowcount == 1

    def save_job(self, job: StoredJob) -> None:
        """Record a job's state and progress; a finished job's posted input is dropped."""
        finished = job.state not in UNFINISHED
        self._db.execute(
            "UPDATE jobs SET state=?, progress=?, finished=?"
            + (", request=NULL" if finished else "")
            + " WHERE id=?",
            (job.state, _json(job.progress), job.finished, job.id),
        )

    def stored_job(self, job_id: str) -> StoredJob | None:
        row = self._db.execute(
            "SELECT id, created, state, progress, finished FROM jobs WHERE id=?", (job_id,)
        ).fetchone()
        return _job(row) if row else None

    def stored_jobs(self, limit: int) -> list[StoredJob]:
        """The newest ``limit`` jobs, newest first."""
        rows = self._db.execute(
            "SELECT id, created, state, progress, finished FROM jobs "
            "ORDER BY created DESC, id LIMIT ?",
            (limit,),
        )
        return [_job(row) for row in rows]

    def unfinished_jobs(self) -> list[StoredJob]:
        """Queued and interrupted jobs, oldest first: what a restarted server resumes."""
        rows = self._db.execute(
            "SELECT id, created, state, progress, finished FROM jobs "
            "WHERE state IN ('queued', 'running') ORDER BY created, id"
        )
        return [_job(row) for row in rows]

    def forget_jobs(self, keep: int) -> None:
        """Delete finished jobs but the newest ``keep``."""
        self._db.execute(
            "DELETE FROM jobs WHERE finished IS NOT NULL AND id NOT IN (SELECT id FROM jobs "
            "WHERE finished IS NOT NULL ORDER BY created DESC LIMIT ?)",
            (keep,),
        )


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _job(row: sqlite3.Row | tuple[Any, ...]) -> StoredJob:
    job_id, created, state, progress, finished = tuple(row)
    return StoredJob(job_id, created, state, json.loads(progress), finished)
