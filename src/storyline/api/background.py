"""Ingest jobs run one at a time on a worker thread that owns its own store connection.

A job reads the posted documents and URLs (URLs through the same readers as the CLI),
stores them, then runs ``analyze``; ``GET /api/jobs/{id}`` polls its progress.
"""

from __future__ import annotations

import itertools
import json
import logging
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from storyline import jobs
from storyline.errors import InputError
from storyline.ingest import ReadOptions, read_inputs
from storyline.ingest.records import record_document
from storyline.model import RawDocument, ReadFailure, content_hash

log = logging.getLogger("storyline.api")
State = Literal["queued", "running", "done", "failed"]
MAX_FAILURES_SHOWN = 100
KEEP_FINISHED = 200  # finished jobs remembered for polling; older ones are forgotten


@dataclass(slots=True)
class Job:
    """An ingest job and its progress, as ``GET /api/jobs/{id}`` shows it."""

    id: str
    documents: list[dict[str, Any]]
    urls: list[str]
    analyze: bool = True
    state: State = "queued"
    stage: str = "queued"
    done: int = 0
    total: int | None = None
    read: int = 0
    written: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    analysis: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def public(self) -> dict[str, Any]:
        """The job as JSON (without the posted documents)."""
        fields = (
            "id", "state", "stage", "done", "total", "read", "written", "unchanged", "failed",
            "failures", "analysis", "error", "created", "finished",
        )  # fmt: skip
        record = {name: getattr(self, name) for name in fields}
        record["inputs"] = {"documents": len(self.documents), "urls": len(self.urls)}
        return record


class JobReporter:
    """A :class:`storyline.jobs.Reporter` that records progress on the job."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def start(self, label: str, total: int | None = None) -> None:
        self.job.stage, self.job.total, self.job.done = label, total, 0

    def advance(self, count: int) -> None:
        self.job.done += count

    def failure(self, failure: ReadFailure) -> None:
        self.job.failed += 1
        if len(self.job.failures) < MAX_FAILURES_SHOWN:
            self.job.failures.append({"source": failure.source_path, "problem": failure.problem})


class JobRunner:
    """A queue of jobs and the worker thread that runs them in order."""

    def __init__(self, db: Path, options: ReadOptions) -> None:
        self.db = db
        self.options = options
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._counter = itertools.count(1)
        self._thread = threading.Thread(target=self._work, name="storyline-jobs", daemon=True)
        self._thread.start()

    def submit(self, documents: list[dict[str, Any]], urls: list[str], analyze: bool) -> Job:
        """Queue a job; it starts when the ones before it have finished."""
        stamp = f"{time.time_ns()}-{next(self._counter)}"
        job = Job(content_hash(stamp, length=12), documents, urls, analyze)
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda job: job.created, reverse=True)

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the running job, then stop the worker (queued jobs are dropped)."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _forget_old(self) -> None:
        finished = [job for job in self._jobs.values() if job.finished is not None]
        for job in sorted(finished, key=lambda job: job.created)[:-KEEP_FINISHED]:
            del self._jobs[job.id]

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            run_job(job, self.db, self.options)


def run_job(job: Job, db: Path, options: ReadOptions) -> None:
    """Ingest the job's inputs into ``db``, then analyze; errors end the job as failed."""
    job.state = "running"
    reporter = JobReporter(job)
    try:
        with jobs.open_store(db) as store:
            summary = jobs.run(
                store, documents=job_items(job, options), reporter=reporter,
                analyze_after=job.analyze,
            )  # fmt: skip
            ingested = summary.ingest
            job.read, job.written, job.unchanged = (
                ingested.read,
                ingested.written,
                ingested.unchanged,
            )
            if summary.analysis is not None:
                job.analysis = summary.analysis.steps
        job.state = "done"
    except Exception as error:  # noqa: BLE001 - a job's failure is reported, not raised
        log.exception("ingest job %s failed", job.id)
        job.state, job.error = "failed", f"{type(error).__name__}: {error}"
    job.stage, job.finished = job.state, time.time()


def job_items(job: Job, options: ReadOptions) -> Iterator[RawDocument | ReadFailure]:
    """The posted documents as the JSON reader makes them, then whatever the URLs hold."""
    for index, record in enumerate(job.documents):
        source = str(record.get("url") or f"api:{job.id}#{index}")
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        try:
            yield record_document(record, source, raw, source)
        except InputError as error:
            yield ReadFailure(error.path, error.problem)
    # Only http(s) URLs: a path or "-" here would read the server's own files or stdin.
    yield from read_inputs([url for url in job.urls if is_http_url(url)], options)


def is_http_url(text: str) -> bool:
    """True for ``http://`` and ``https://`` URLs (any case)."""
    return text.lower().startswith(("http://", "https://"))
