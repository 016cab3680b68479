"""The Dask engine: per-article stages as Dask tasks over shards, results loaded here.

Work is cut into shards (:mod:`storyline.engines.shards`); a worker runs one shard with
the local engine's stage functions (:mod:`storyline.engines.tasks`) and writes its
result as Parquet under the work directory beside the database (``news.db.shards/``).
The client, the only process that writes SQLite, loads finished shards in plan order
through the same functions the local engine uses to write (``ingest_documents``,
``write_enrichments``, ``write_vectors``), one transaction per batch or shard. At most
:attr:`DaskEngine.window` shards are in flight, so the client never holds the corpus.

A shard with a manifest is finished and is not run again, so a rerun after a crash
(of a worker: Dask reruns its tasks elsewhere; of the client: run the command again)
only computes what is missing. Loading is an upsert, so a shard loaded twice changes
nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import Client, LocalCluster

from storyline import jobs
from storyline.engines.cluster import Call, check_workers, connect_client, ordered_results
from storyline.engines.loading import Extracted, batch_result, manifest_items, step_rows
from storyline.engines.parts import Manifest, read_manifest
from storyline.engines.phases import is_duplicates, link_duplicates_mapped
from storyline.engines.shards import (
    Shard,
    ShardSizes,
    document_shards,
    plan_shards,
    work_dir_for,
)
from storyline.engines.steps import DistributedStep, distributed_step
from storyline.engines.tasks import ingest_shard, prepare_duplicates, step_shard
from storyline.errors import EngineError
from storyline.ingest import ReadOptions
from storyline.model import Article, RawDocument
from storyline.pipeline import BatchResult, Pipeline, batched
from storyline.store.codec import encode

if TYPE_CHECKING:
    from storyline.jobs import AnalyzeOptions, AnalyzeSummary, IngestSummary, Reporter
    from storyline.store import Store


class DaskEngine:
    """Runs ingest and analyze with their per-article stages on a Dask cluster.

    Example:
        >>> with DaskEngine.connect("tcp://scheduler:8786") as engine:  # doctest: +SKIP
        ...     engine.ingest(["archive/*.warc.gz"], store)
        ...     engine.analyze(store)
    """

    name = "dask"

    def __init__(
        self,
        client: Client,
        sizes: ShardSizes | None = None,
        work_dir: Path | None = None,
        cluster: LocalCluster | None = None,
    ) -> None:
        self.client = client
        self.sizes = sizes or ShardSizes()
        self.work_dir = work_dir
        self._cluster = cluster
        self._temporary: tempfile.TemporaryDirectory[str] | None = None

    @classmethod
    def connect(
        cls,
        scheduler: str | None = None,
        sizes: ShardSizes | None = None,
        work_dir: Path | None = None,
    ) -> DaskEngine:
        """Connect to ``scheduler`` (``tcp://host:8786``), else start a local cluster
        with one single-threaded worker process per core.

        Raises:
            EngineError: the scheduler cannot be reached, or its workers lack
                storyline or its models.
        """
        client, cluster = connect_client(scheduler)
        try:
            check_workers(client)
        except EngineError:
            client.close()
            if cluster is not None:
                cluster.close()
            raise
        return cls(client, sizes, work_dir, cluster)

    @property
    def window(self) -> int:
        """Shards in flight at once: two per worker thread keeps every worker busy."""
        return max(2, 2 * sum(self.client.nthreads().values()))

    # Ingest ---------------------------------------------------------------------

    def ingest(
        self,
        inputs: Iterable[str],
        store: Store,
        options: ReadOptions | None = None,
        reporter: Reporter | None = None,
    ) -> IngestSummary:
        """:func:`storyline.jobs.ingest` with reading and cleaning done by the workers."""
        options = options or ReadOptions()
        folder = self._folder(store, "ingest")
        pipeline = jobs.extraction_pipeline()
        calls = (
            self._ingest_call(shard, folder, options, pipeline)
            for shard in plan_shards(inputs, options, self.sizes)
        )
        extracted = Extracted(keep=4 * pipeline.batch_size)  # ingest_documents: 1 batch ahead
        items = extracted.read(folder, self._results(calls), pipeline.batch_size)
        return jobs.ingest_documents(items, store, reporter, extract=extracted.take)

    def _ingest_call(
        self, shard: Shard, folder: Path, options: ReadOptions, pipeline: Pipeline
    ) -> Call | Manifest:
        if (done := read_manifest(folder / shard.key)) is not None:
            return done
        part_size = _round_up(self.sizes.documents, pipeline.batch_size)
        args = (shard, str(folder), options, pipeline, part_size)
        return Call(ingest_shard, args, f"ingest-{shard.key}")

    # Analyze --------------------------------------------------------------------

    def analyze(
        self,
        store: Store,
        reporter: Reporter | None = None,
        options: AnalyzeOptions | None = None,
    ) -> AnalyzeSummary:
        """:func:`storyline.jobs.analyze` with the per-article work done by the workers.

        Re-extraction, enrichment, embedding and term profiles run on workers, as does
        the map of the duplicates phase; the other whole-corpus phases run here, with
        the local functions (see :mod:`storyline.engines.phases`).
        """
        reporter = reporter or jobs._Silent()
        options = options or jobs.AnalyzeOptions()
        summary = jobs.AnalyzeSummary()
        run = self._extract_all(store)
        summary.steps["extract"] = jobs.reextract(store, reporter, summary, run)
        for name, step in jobs.article_steps():
            spec = distributed_step(step)
            if spec is None:
                summary.steps[name] = step(store, reporter, options)
            else:
                summary.steps[name] = self._run_step(spec, store, reporter, options)
        jobs.run_phases(store, reporter, options, summary, self._run_phase)
        return summary

    def _extract_all(self, store: Store) -> Callable[[list[RawDocument]], Iterator[BatchResult]]:
        """Re-extraction of stored raw input, batch results in order, done by workers."""
        folder = self._folder(store, "extract")
        pipeline = jobs.extraction_pipeline()
        options = ReadOptions()

        def run(stale: list[RawDocument]) -> Iterator[BatchResult]:
            shards = document_shards(stale, options, self.sizes)
            calls = (self._ingest_call(shard, folder, options, pipeline) for shard in shards)
            for manifest in self._results(calls):
                for items in manifest_items(folder, manifest, pipeline.batch_size):
                    yield batch_result(items)

        return run

    def _run_step(
        self, spec: DistributedStep, store: Store, reporter: Reporter, options: AnalyzeOptions
    ) -> int:
        todo = spec.todo(store)
        if not todo:
            return 0
        reporter.start(spec.label, len(todo))
        folder = self._folder(store, "analyze")
        size = self._articles_per_shard(len(todo), options.batch_size)
        calls = (
            self._step_call(spec, store, ids, folder, options.batch_size)
            for ids in batched(todo, size)
        )
        for manifest in self._results(calls):
            rows = step_rows(folder, manifest, options.batch_size)
            with store.transaction():
                spec.load(store, rows)
            # Loaded: the store has it now, and the next run will not ask for it.
            shutil.rmtree(folder / manifest.key, ignore_errors=True)
            reporter.advance(manifest.items)
        return len(todo)

    def _articles_per_shard(self, todo: int, batch_size: int) -> int:
        """``sizes.documents``, or less when that would leave workers idle.

        A whole number of batches, so workers see the local engine's batches.
        """
        spread = -(-todo // self.window)
        return _round_up(min(self.sizes.documents, spread), batch_size)

    def _step_call(
        self, spec: DistributedStep, store: Store, ids: list[str], folder: Path, batch_size: int
    ) -> Call | Manifest:
        articles = [article for i in ids if (article := store.article(i)) is not None]
        key = f"{spec.label}-{_articles_digest(spec.version, articles)}"
        if (done := read_manifest(folder / key)) is not None:
            return done
        return Call(step_shard, (spec.compute, articles, str(folder), key, batch_size), key)

    def _run_phase(
        self,
        phase: jobs.CorpusPhase,
        store: Store,
        reporter: Reporter,
        options: AnalyzeOptions,
    ) -> None:
        if is_duplicates(phase):
            link_duplicates_mapped(store, reporter, self._prepare_duplicates)
        else:
            phase.run(store, reporter, options)

    def _prepare_duplicates(self, candidates: list[Any]) -> Iterator[Any]:
        calls = (Call(prepare_duplicates, (chunk,)) for chunk in batched(candidates, 512))
        for prepared in self._results(calls):
            yield from prepared

    # Plumbing -------------------------------------------------------------------

    def _results(self, calls: Iterable[Call | Any]) -> Iterator[Any]:
        """Results of ``calls`` in order (see :func:`ordered_results`)."""
        return ordered_results(self.client, calls, self.window)

    def _folder(self, store: Store, stage: str) -> Path:
        root = self.work_dir or work_dir_for(str(getattr(store, "path", "")))
        if root is None:  # an in-memory store: a private directory for this engine
            if self._temporary is None:
                self._temporary = tempfile.TemporaryDirectory(prefix="storyline-shards-")
            root = Path(self._temporary.name)
        folder = root / stage
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def close(self) -> None:
        """Disconnect (and stop the local cluster this engine started)."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        if self._temporary is not None:
            self._temporary.cleanup()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _articles_digest(version: str, articles: list[Article]) -> str:
    """A hash of what a step's results depend on: its version and the articles' content."""
    digest = hashlib.sha256(version.encode())
    for article in articles:
        content = dataclasses.replace(article, duplicate_of=None, event_id=None)
        digest.update(encode(content).encode())
    return digest.hexdigest()[:24]


def _round_up(value: int, multiple: int) -> int:
    return max(multiple, -(-value // multiple) * multiple)
