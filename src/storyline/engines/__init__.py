"""Engines: where the per-article work runs. ``local`` (this process) or ``dask`` (a cluster).

Both run the same declared steps (:mod:`storyline.graph`) and give the same store; an
engine only decides where reading, extraction and the per-article steps' ``compute``
run. The orchestrator does everything else, with any engine::

    with open_engine("dask", "tcp://scheduler:8786") as engine:
        storyline.analyze(store, engine=engine)

The Dask engine lives in :mod:`storyline.engines.dask` and needs the ``dask`` extra.
"""

from __future__ import annotations

from pathlib import Path

from storyline.engines.base import Engine, LocalEngine
from storyline.errors import EngineError

ENGINES = ("local", "dask")
__all__ = ["ENGINES", "Engine", "LocalEngine", "open_engine"]


def open_engine(
    name: str = "local", scheduler: str | None = None, work_dir: Path | None = None
) -> Engine:
    """The engine called ``name``; for ``dask``, connected to ``scheduler`` (or a local
    cluster sized to the machine when None), keeping its shards under ``work_dir``
    (``<db>.shards``: a rerun after a crash finds the shards already computed).

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
        return DaskEngine.connect(scheduler, work_dir=work_dir)
    raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
