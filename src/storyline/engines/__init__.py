"""Engines: where the batch stages run. ``local`` (this process) or ``dask`` (a cluster).

Both run the same stage functions and give the same store; an engine only decides
where the per-article work happens. The CLI's ``--engine`` picks one::

    with open_engine("dask", "tcp://scheduler:8786") as engine:
        engine.ingest(["archive/*.warc.gz"], store)
        engine.analyze(store)

The Dask engine lives in :mod:`storyline.engines.dask` and needs the ``dask`` extra.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from storyline import jobs
from storyline.errors import EngineError

if TYPE_CHECKING:
    from storyline.ingest import ReadOptions
    from storyline.jobs import AnalyzeOptions, AnalyzeSummary, IngestSummary, Reporter
    from storyline.store import Store

ENGINES = ("local", "dask")


class Engine(Protocol):
    """Runs ingest and analyze; what differs between engines is only where."""

    name: str

    def ingest(
        self,
        inputs: Iterable[str],
        store: Store,
        options: ReadOptions | None = None,
        reporter: Reporter | None = None,
    ) -> IngestSummary: ...

    def analyze(
        self,
        store: Store,
        reporter: Reporter | None = None,
        options: AnalyzeOptions | None = None,
    ) -> AnalyzeSummary: ...

    def close(self) -> None: ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


class LocalEngine:
    """Everything in this process: :func:`storyline.jobs.ingest` and ``analyze``."""

    name = "local"

    def ingest(
        self,
        inputs: Iterable[str],
        store: Store,
        options: ReadOptions | None = None,
        reporter: Reporter | None = None,
    ) -> IngestSummary:
        return jobs.ingest(inputs, store, options, reporter)

    def analyze(
        self,
        store: Store,
        reporter: Reporter | None = None,
        options: AnalyzeOptions | None = None,
    ) -> AnalyzeSummary:
        local = dataclasses.replace(options or jobs.AnalyzeOptions(), engine="local")
        return jobs.analyze(store, reporter, local)

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def open_engine(name: str = "local", scheduler: str | None = None) -> Engine:
    """The engine called ``name``; for ``dask``, connected to ``scheduler`` (or a local
    cluster sized to the machine when None).

    Raises:
        EngineError: an unknown engine, a scheduler without the dask engine, or a
            cluster that cannot be reached or used.
    """
    if name == "local":
        if scheduler is not None:
            raise EngineError("--scheduler needs --engine dask")
        return LocalEngine()
    if name == "dask":
        try:
            from storyline.engines.dask import DaskEngine
        except ImportError as error:
            raise EngineError(
                f"the dask engine needs Dask and pyarrow ({error.name} is missing): "
                "pip install 'storyline[dask]'"
            ) from error
        return DaskEngine.connect(scheduler)
    raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
