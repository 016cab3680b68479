"""storyline: turn news articles from many outlets into stories a person can check.

Example:
    >>> import storyline
    >>> store = storyline.open_store(":memory:")
    >>> summary = storyline.ingest(["article.txt"], store)  # doctest: +SKIP

Most names are imported on first use. The job functions are imported at once:
``storyline.ingest`` is both the readers' subpackage and the public function, and
importing the subpackage would otherwise shadow the function.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from storyline.jobs import IngestSummary, analyze, delete, ingest, open_store, run

_EXPORTS = {
    "Article": "storyline.model",
    "RawDocument": "storyline.model",
    "ReadFailure": "storyline.model",
    "StorylineError": "storyline.errors",
    "InputError": "storyline.errors",
    "FetchError": "storyline.errors",
    "StoreError": "storyline.errors",
    "Pipeline": "storyline.pipeline",
    "ReadOptions": "storyline.ingest",
    "read_inputs": "storyline.ingest",
    "build_export": "storyline.export.json_export",
    "write_json": "storyline.export.json_export",
    "write_report": "storyline.export.report",
}
__all__ = [
    "Article",
    "FetchError",
    "IngestSummary",
    "InputError",
    "Pipeline",
    "RawDocument",
    "ReadFailure",
    "ReadOptions",
    "StoreError",
    "StorylineError",
    "analyze",
    "build_export",
    "delete",
    "ingest",
    "open_store",
    "read_inputs",
    "run",
    "write_json",
    "write_report",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'storyline' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
