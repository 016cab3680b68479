"""The Dask engine: reading, extraction and per-article steps as Dask tasks over shards.

Work is cut into shards (:mod:`storyline.engines.shards`); a worker runs one shard with
the same stage functions as the local engine (:mod:`storyline.engines.tasks`) and
writes its result as Parquet under the work directory beside the database
(``news.db.shards/``). The engine yields finished shards in plan order to the
orchestrator, the only one that writes SQLite (one transaction per batch or shard). At
most :attr:`DaskEngine.window` shards are in flight, so the client never holds the
corpus.

A shard with a manifest is finished and is not run again, so a rerun after a crash
(of a worker: Dask reruns its tasks elsewhere; of the client: run the command again)
only computes what is missing. Loading is an upsert, so a shard loaded twice changes
nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster

from storyline.engines.base import Extract, extraction_pipeline
from storyline.engines.cluster import Call, check_workers, connect_client, ordered_results
from storyline.engines.loading import Extracted, batch_result, manifest_items, step_rows
from storyline.engines.parts import Manifest, read_manifest
from storyline.engines.shards import Shard, ShardSizes, document_shards, plan_shards
from storyline.engines.tasks import ingest_shard, step_shard
from storyline.errors import EngineError
from storyline.ingest import ReadOptions
from storyline.model import Article, RawDocument, ReadFailure
from storyline.pipeline import BatchResult, Pipeline, Stage, batched
from storyline.steps import ArticleStep, Row
from storyline.store.codec import encode


class DaskEngine:
    """Reads, extracts and computes per-article steps on a Dask cluster.

    Example:
        >>> with DaskEngine.connect("tcp://scheduler:8786") as engine:  # doctest: +SKIP
        ...     storyline.jobs.ingest(["archive/*.warc.gz"], store, engine=engine)
        ...     storyline.jobs.analyze(store, engine=engine)
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

    # Reading and extraction ------------------------------------------------------

    def read(
        self, inputs: Iterable[str], options: ReadOptions
    ) -> tuple[Iterable[RawDocument | ReadFailure], Extract | None]:
        """The documents of ``inputs`` as the workers read and extracted them (without
        site templates: the orchestrator re-extracts the sites whose template changed)."""
        folder = self._folder("ingest")
        pipeline = extraction_pipeline()
        calls = (
            self._ingest_call(shard, folder, options, pipeline)
            for shard in plan_shards(inputs, options, self.sizes)
        )
        extracted = Extracted(keep=4 * pipeline.batch_size)  # the orchestrator: 1 batch ahead
        items = extracted.read(folder, self._results(calls), pipeline.batch_size)
        return items, extracted.take

    def _ingest_call(
        self, shard: Shard, folder: Path, options: ReadOptions, pipeline: Pipeline
    ) -> Call | Manifest:
        if (done := read_manifest(folder / shard.key)) is not None:
            return done
        part_size = _round_up(self.sizes.documents, pipeline.batch_size)
        args = (shard, str(folder), options, pipeline, part_size)
        return Call(ingest_shard, args, f"ingest-{shard.key}")

    def extract(self, raws: list[RawDocument], stage: Stage | None = None) -> Iterator[BatchResult]:
        """Re-extraction of stored raw input, batch results in order, done by workers
        (with the extractor alone: workers do not read the store's site templates)."""
        folder = self._folder("extract")
        pipeline = extraction_pipeline()
        options = ReadOptions()
        shards = document_shards(raws, options, self.sizes)
        calls = (self._ingest_call(shard, folder, options, pipeline) for shard in shards)
        for manifest in self._results(calls):
            for items in manifest_items(folder, manifest, pipeline.batch_size):
                yield batch_result(items)

    # Per-article steps ------------------------------------------------------------

    def compute(
        self, step: ArticleStep, batches: Iterable[list[Article]], n_process: int
    ) -> Iterator[tuple[list[Article], list[Row]]]:
        """``step`` over the batches on the workers, shard by shard (a few batches each).

        Shards are keyed by the step's version and their articles' content, so a rerun
        after a crash loads the shards already computed instead of computing them again.
        """
        folder = self._folder("analyze")
        batches = iter(batches)
        first = next(batches, None)
        if first is None:
            return
        size = max(len(first), 1)
        per_shard = max(1, self.sizes.documents // size)
        shards = _shards(itertools.chain([first], batches), per_shard)
        pending: deque[list[Article]] = deque()

        def calls() -> Iterator[Call | Manifest]:
            for articles in shards:
                pending.append(articles)
                yield self._step_call(step, articles, folder, size)

        for manifest in self._results(calls()):
            articles = pending.popleft()
            yield articles, step_rows(folder, manifest, size)
            # Handed over: the store has it once the orchestrator writes it, and a rerun
            # will not ask for it again.
            shutil.rmtree(folder / manifest.key, ignore_errors=True)

    def _step_call(
        self, step: ArticleStep, articles: list[Article], folder: Path, batch_size: int
    ) -> Call | Manifest:
        key = f"{step.name}-{_articles_digest(step.version, articles)}"
        if (done := read_manifest(folder / key)) is not None:
            return done
        return Call(step_shard, (step, articles, str(folder), key, batch_size), key)

    # Plumbing -------------------------------------------------------------------

    def _results(self, calls: Iterable[Call | Any]) -> Iterator[Any]:
        """Results of ``calls`` in order (see :func:`ordered_results`)."""
        return ordered_results(self.client, calls, self.window)

    def _folder(self, stage: str) -> Path:
        root = self.work_dir
        if root is None:  # no store path given: a private directory for this engine
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


def _shards(batches: Iterable[list[Article]], per_shard: int) -> Iterator[list[Article]]:
    """Consecutive batches joined ``per_shard`` at a time."""
    for group in batched(batches, per_shard):
        yield [article for batch in group for article in batch]


def _round_up(value: int, multiple: int) -> int:
    return max(multiple, -(-value // multiple) * multiple)
