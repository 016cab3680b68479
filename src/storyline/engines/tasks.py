"""What runs on a Dask worker: read and extract a shard, compute a per-article step.

Every function here is pure apart from writing its shard's files: it never opens the
store (only the client writes SQLite), and it calls the same stage functions as the
local engine. Models load once per worker process, on first use, through the caches
their modules keep (``english_pipeline``'s ``lru_cache``, ``shared_encoder``), so a
task pays for a model only on the first shard a process sees.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

from storyline.engines.base import compute_contained
from storyline.engines.columns import DOCUMENTS, ReadItem, documents_table, results_table
from storyline.engines.parts import (
    Manifest,
    PartWriter,
    part_name,
    read_manifest,
    write_manifest,
    write_part,
)
from storyline.engines.shards import Shard
from storyline.errors import InputError
from storyline.ingest import ReadOptions
from storyline.ingest.problems import describe_os_error
from storyline.ingest.readers import read_argument
from storyline.ingest.records import read_json_lines
from storyline.model import Article, RawDocument, ReadFailure
from storyline.pipeline import Pipeline, batched
from storyline.steps import ArticleStep

ReadResult = RawDocument | ReadFailure


def ingest_shard(
    shard: Shard, folder: str, options: ReadOptions, pipeline: Pipeline, part_size: int
) -> Manifest:
    """Read and extract one shard, writing its parts; returns its manifest.

    Parts hold ``part_size`` input items each (a multiple of the pipeline's batch
    size). A rerun of a shard cut off mid-way keeps the parts it finished: their items
    are read again (the stream must be passed) but not extracted.
    """
    out = Path(folder) / shard.key
    if (done := read_manifest(out)) is not None:
        return done
    out.mkdir(parents=True, exist_ok=True)
    writer: PartWriter | None = None
    count = 0
    for batch in batched(shard_items(shard, options), pipeline.batch_size):
        part, count = count // part_size, count + len(batch)
        if (out / part_name(part)).exists():
            continue
        if writer is None or writer.path.name != part_name(part):
            if writer is not None:
                writer.commit()
            writer = PartWriter(out / part_name(part), DOCUMENTS)
        writer.write(documents_table(extract_batch(pipeline, batch)))
    if writer is not None:
        writer.commit()
    manifest = Manifest(shard.key, parts=-(-count // part_size), items=count)
    write_manifest(out, manifest)
    return manifest


def shard_items(shard: Shard, options: ReadOptions) -> Iterator[ReadResult]:
    """The documents and failures of a shard, as the local engine's readers yield them."""
    if shard.kind == "documents":
        yield from shard.documents
    elif shard.kind == "lines":
        yield from _read_lines(shard, options)
    else:
        for path in shard.paths:
            yield from read_argument(path, options)


def _read_lines(shard: Shard, options: ReadOptions) -> Iterator[ReadResult]:
    (source,) = shard.paths
    try:
        with open(source, "rb") as handle:
            handle.seek(shard.start)
            window = io.BufferedReader(_ByteWindow(handle, shard.end - shard.start))
            yield from read_json_lines(window, source, options.max_bytes, shard.first_line)
    except InputError as error:
        yield ReadFailure(error.path, error.problem)
    except OSError as error:
        yield ReadFailure(source, describe_os_error(error))


class _ByteWindow(io.RawIOBase):
    """The next ``length`` bytes of a file, then end of stream."""

    def __init__(self, handle: io.BufferedReader, length: int) -> None:
        super().__init__()
        self._handle = handle
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._handle.read(min(len(buffer), self._left))
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)


def extract_batch(pipeline: Pipeline, batch: list[ReadResult]) -> list[ReadItem]:
    """Run the extraction pipeline on a batch; each item with what came of it."""
    raws = [item for item in batch if isinstance(item, RawDocument)]
    result = pipeline.run_batch(raws)
    articles = {(a.id, a.source_path): a for a in result.records}
    failures = {f.source_path: f for f in result.failures}
    items = []
    for item in batch:
        extracted = None
        if isinstance(item, RawDocument):
            extracted = articles.get((item.id, item.source_path)) or failures.get(
                item.source_path, ReadFailure(item.source_path, "extraction gave nothing")
            )
        items.append(ReadItem(item, extracted))
    return items


def step_shard(
    step: ArticleStep, articles: list[Article], folder: str, key: str, batch_size: int
) -> Manifest:
    """Compute one analysis step over a shard of articles, batch by batch; one part.

    One worker process is the parallelism here (``n_process`` 1); an article the step
    fails on costs only its own result (:func:`compute_contained`).
    """
    out = Path(folder) / key
    if (done := read_manifest(out)) is not None:
        return done
    out.mkdir(parents=True, exist_ok=True)
    rows = [
        row for batch in batched(articles, batch_size) for row in compute_contained(step, batch)
    ]
    write_part(out / part_name(0), results_table(rows))
    manifest = Manifest(key, parts=1, items=len(rows))
    write_manifest(out, manifest)
    return manifest


def worker_pid() -> int:
    """The worker's process id (tests kill one worker this way)."""
    return os.getpid()
