"""Ingest jobs run one at a time on a worker thread that owns its own store connection.

A job reads the posted documents and URLs (URLs through the same readers as the CLI),
stores them, then runs ``analyze``; ``GET /api/jobs/{id}`` polls its progress.

Accepted work is durable: a job is written to the store (:mod:`storyline.store.job_queue`)
before the 202 answers, its progress is saved as it runs, and a restarted server resumes
every job that was queued or running (ingest is an upsert, so running one again from the
start is safe). The queue is bounded; past the bound a post gets 429 with Retry-After.
"""

from __future__ import annotations

import itertools
import json
import logging
import queue
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from storyline import jobs
from storyline.errors import InputError, StorylineError
from storyline.ingest import ReadOptions, read_inputs
from storyline.ingest.records import record_document, without_surrogates
from storyline.model import RawDocument, ReadFailure, content_hash
from storyline.store import SqliteStore
from storyline.store.job_queue import QueueLimits, StoredJob
from storyline.store.problems import store_problem
from storyline.workers import lasting_spawns

log = logging.getLogger("storyline.api")
State = Literal["queued", "running", "done", "failed"]
MAX_FAILURES_SHOWN = 100
KEEP_FINISHED = 200  # finished jobs remembered for polling; older ones are forgotten
# Progress is saved at most this often while a job runs (and at every stage change),
# so polling another process's store sees it move without a write per document.
SAVE_EVERY_SECONDS = 1.0
# What a full queue asks the client to wait: about one job's ingest and analysis.
RETRY_AFTER_SECONDS = 30
_PUBLIC = (
    "id", "state", "stage", "done", "total", "read", "written", "unchanged", "failed",
    "failures", "analysis", "error", "created", "finished", "inputs",
)  # fmt: skip


class QueueFull(StorylineError):
    """The job queue holds as much as it may; the client should retry later."""

    def __init__(self, message: str, retry_after: int = RETRY_AFTER_SECONDS) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(slots=True)
class Job:
    """An ingest job and its progress, as ``GET /api/jobs/{id}`` shows it.

    ``documents`` and ``urls`` are filled only while the job runs (loaded from the store).
    """

    id: str
    documents: list[dict[str, Any]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
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
    inputs: dict[str, int] = field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        """The job as JSON (without the posted documents)."""
        return {name: getattr(self, name) for name in _PUBLIC}

    def stored(self) -> StoredJob:
        return StoredJob(self.id, self.created, self.state, self.public(), self.finished)

    @classmethod
    def from_stored(cls, stored: StoredJob) -> Job:
        progress = {k: v for k, v in stored.progress.items() if k in _PUBLIC}
        progress.update(id=stored.id, state=stored.state, finished=stored.finished)
        return cls(**progress)


class JobReporter:
    """A :class:`storyline.jobs.Reporter` that records progress on the job."""

    def __init__(self, job: Job, save: Callable[[], None] | None = None) -> None:
        self.job = job
        self._save = save or (lambda: None)
        self._saved = 0.0

    def start(self, label: str, total: int | None = None) -> None:
        self.job.stage, self.job.total, self.job.done = label, total, 0
        self._save_now()

    def advance(self, count: int) -> None:
        self.job.done += count
        self._save_soon()

    def failure(self, failure: ReadFailure) -> None:
        self.job.failed += 1
        if len(self.job.failures) < MAX_FAILURES_SHOWN:
            self.job.failures.append({"source": failure.source_path, "problem": failure.problem})
        self._save_soon()

    def _save_soon(self) -> None:
        if time.monotonic() - self._saved >= SAVE_EVERY_SECONDS:
            self._save_now()

    def _save_now(self) -> None:
        self._saved = time.monotonic()
        try:
            self._save()
        except Exception:  # noqa: BLE001 - progress is a courtesy; the job goes on
            log.warning("could not save the progress of job %s", self.job.id, exc_info=True)


class JobRunner:
    """The queue of stored jobs and the worker thread that runs them in order."""

    def __init__(self, db: Path, options: ReadOptions, limits: QueueLimits | None = None) -> None:
        self.db = db
        self.options = options
        self.limits = limits or QueueLimits(jobs=16, request_bytes=256 * 1024 * 1024)
        self._running: Job | None = None
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._counter = itertools.count(1)
        self._resume()
        self._thread = threading.Thread(target=self._work, name="storyline-jobs", daemon=True)
        self._thread.start()

    def submit(
        self, store: SqliteStore, documents: list[dict[str, Any]], urls: list[str], analyze: bool
    ) -> Job:
        """Store a queued job, then queue it; it starts when the ones before it have finished.

        Raises:
            QueueFull: the queue holds ``limits.jobs`` jobs or ``limits.request_bytes``.
        """
        stamp = f"{time.time_ns()}-{next(self._counter)}"
        job = Job(content_hash(stamp, length=12), analyze=analyze)
        job.inputs = {"documents": len(documents), "urls": len(urls)}
        request = without_surrogates({"documents": documents, "urls": urls, "analyze": analyze})
        posted = json.dumps(request, ensure_ascii=False).encode("utf-8")
        if not store.add_job(job.stored(), zlib.compress(posted, 1), len(posted), self.limits):
            raise QueueFull(
                f"the ingest queue is full ({self.limits.jobs} jobs or "
                f"{self.limits.request_bytes} bytes waiting); retry later"
            )
        self._queue.put(job.id)
        return job

    def get(self, store: SqliteStore, job_id: str) -> Job | None:
        """A job as it stands: the running one from memory, others from the store."""
        with self._lock:
            if self._running is not None and self._running.id == job_id:
                return self._running
        stored = store.stored_job(job_id)
        return Job.from_stored(stored) if stored is not None else None

    def all(self, store: SqliteStore) -> list[Job]:
        """Jobs newest first: every unfinished one, and the newest finished ones."""
        with self._lock:
            running = self._running
        found = [Job.from_stored(s) for s in store.stored_jobs(KEEP_FINISHED + self.limits.jobs)]
        return [running if running is not None and job.id == running.id else job for job in found]

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the worker after the running job (still queued jobs stay stored and
        resume with the next server; an interrupted one runs again from the start)."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _resume(self) -> None:
        with jobs.open_store(self.db) as store:
            for stored in store.unfinished_jobs():
                job = Job.from_stored(stored)
                if job.state == "running":
                    job.state, job.stage = "queued", "queued (resumed after a restart)"
                    store.save_job(job.stored())
                self._queue.put(job.id)

    def _work(self) -> None:
        # Worker processes this thread starts (the story analyses') serve every later job.
        with lasting_spawns():
            while (job_id := self._queue.get()) is not None:
                try:
                    self._run(job_id)
                except Exception:  # noqa: BLE001 - the worker must outlive one job
                    log.exception("ingest job %s could not run", job_id)

    def _run(self, job_id: str) -> None:
        with jobs.open_store(self.db) as store:
            request = store.job_request(job_id)
            if request is None or not store.claim_job(job_id):
                return  # finished meanwhile, or another server took it
            stored = store.stored_job(job_id)
            assert stored is not None
            job = Job.from_stored(stored)
            posted = json.loads(zlib.decompress(request))
            job.documents, job.urls = posted["documents"], posted["urls"]
            job.analyze = bool(posted.get("analyze", True))
            with self._lock:
                self._running = job
            try:
                run_job(job, store, self.options, lambda: store.save_job(job.stored()))
            finally:
                job.documents, job.urls = [], []
                store.save_job(job.stored())
                store.forget_jobs(KEEP_FINISHED)
                with self._lock:
                    self._running = None


def run_job(
    job: Job, store: SqliteStore, options: ReadOptions, save: Callable[[], None] | None = None
) -> None:
    """Ingest the job's inputs into ``store``, then analyze; errors end the job as failed.

    ``save`` records the job's progress (in the same store, on the same connection, so
    it never waits for the job's own writes); it is called as stages start and at most
    every ``SAVE_EVERY_SECONDS``.
    """
    job.state, job.stage, job.error = "running", "running", None
    for name in ("done", "read", "written", "unchanged", "failed"):
        setattr(job, name, 0)
    job.failures, job.analysis = [], {}
    reporter = JobReporter(job, save)
    reporter.start("running")
    try:
        summary = jobs.run(
            store, documents=job_items(job, options), reporter=reporter,
            analyze_after=job.analyze,
        )  # fmt: skip
        ingested = summary.ingest
        job.read, job.written, job.unchanged = ingested.read, ingested.written, ingested.unchanged
        if summary.analysis is not None:
            job.analysis = summary.analysis.steps
        job.state = "done"
    except Exception as error:  # noqa: BLE001 - a job's failure is reported, not raised
        log.exception("ingest job %s failed", job.id)
        problem = store_problem(store.path, error)
        job.state, job.error = "failed", str(problem or f"{type(error).__name__}: {error}")
    job.stage, job.finished = job.state, time.time()


def job_items(job: Job, options: ReadOptions) -> Iterator[RawDocument | ReadFailure]:
    """The posted documents as the JSON reader makes them, then whatever the URLs hold."""
    for index, posted in enumerate(job.documents):
        record = without_surrogates(posted)
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
