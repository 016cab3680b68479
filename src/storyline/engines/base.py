"""What an engine does: decide *where* per-article work runs; never what, never the store.

The orchestrator (:mod:`storyline.orchestrator`) decides what to compute and writes
every result; an engine only computes: it reads and extracts inputs, re-extracts raw
documents, and runs an :class:`~storyline.steps.ArticleStep`'s pure ``compute`` over
batches of articles, yielding results in the order the batches came. ``local`` runs
here (with worker processes for the language stage); ``dask`` on a cluster.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from storyline.extract.article import extract_articles
from storyline.ingest import ReadOptions, read_inputs
from storyline.model import Article, RawDocument, ReadFailure
from storyline.pipeline import BatchResult, Pipeline, Stage
from storyline.steps import ArticleStep, Row
from storyline.workers import kept_forks

log = logging.getLogger(__name__)
Extract = Callable[[list[RawDocument]], BatchResult]
# 64 documents per extraction batch, as the store writes them (see storyline.options).
EXTRACT_BATCH = 64


def extraction_pipeline(batch_size: int = EXTRACT_BATCH) -> Pipeline:
    """The per-article stages that turn raw documents into articles."""
    return Pipeline([extract_articles], batch_size=batch_size)


class Engine(Protocol):
    """Where reading, extraction and per-article steps run."""

    name: str

    def read(
        self, inputs: Iterable[str], options: ReadOptions
    ) -> tuple[Iterable[RawDocument | ReadFailure], Extract | None]:
        """The documents (and read failures) of ``inputs`` in order, and how the engine
        extracted them (None: the orchestrator extracts them where it reads them)."""
        ...

    def extract(self, raws: list[RawDocument], stage: Stage | None = None) -> Iterator[BatchResult]:
        """Extraction of stored raw documents, batch results in order; ``stage`` is the
        extraction to run where the store can be read (site templates)."""
        ...

    def compute(
        self, step: ArticleStep, batches: Iterable[list[Article]], n_process: int
    ) -> Iterator[tuple[list[Article], list[Row]]]:
        """``step.compute`` over each batch, in order: the batch and its rows."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


class LocalEngine:
    """Everything in this process (the language stage may fork worker processes)."""

    name = "local"

    def read(
        self, inputs: Iterable[str], options: ReadOptions
    ) -> tuple[Iterable[RawDocument | ReadFailure], Extract | None]:
        return read_inputs(inputs, options), None

    def extract(self, raws: list[RawDocument], stage: Stage | None = None) -> Iterator[BatchResult]:
        return Pipeline([stage or extract_articles], batch_size=EXTRACT_BATCH).run(raws)

    def compute(
        self, step: ArticleStep, batches: Iterable[list[Article]], n_process: int
    ) -> Iterator[tuple[list[Article], list[Row]]]:
        with kept_forks():  # a step that forks workers forks them once for all its batches
            for batch in batches:
                yield batch, compute_contained(step, batch, n_process)

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def compute_contained(step: ArticleStep, batch: list[Article], n_process: int = 1) -> list[Row]:
    """``step.compute`` over a batch; when it raises, article by article, so one bad
    article costs only its own result (recorded as a problem row with no payload)."""
    try:
        return step.compute(batch, n_process)
    except Exception:
        log.exception("%s failed on a batch; retrying article by article", step.name)
    rows: list[Row] = []
    for article in batch:
        try:
            rows += step.compute([article], 1)
        except Exception as error:
            rows.append((article.id, b"", f"{type(error).__name__}: {error}"))
    return rows
