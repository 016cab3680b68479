"""A corpus fed to a store batch by batch, as a living archive meets it.

The eval scripts compare such a store with a rebuild (``analyze --full``) and with gold.
Per-article results (enrichment, vectors) depend on each article alone, so they are
copied from a store where the same records were analysed once; only the corpus phases,
which the batches are about, run again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from storyline import jobs
from storyline.store import SqliteStore


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    """``records`` as a JSON-lines input file storyline ingests."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def fed_in_batches(
    enriched: SqliteStore,
    directory: Path,
    batches: Iterable[list[dict[str, Any]]],
    after: Callable[[SqliteStore], object],
) -> SqliteStore:
    """A new store in ``directory`` fed the ``batches`` of records (as JSON lines) one
    after another, with ``after`` run on it after each (the link phases, an analyze)."""
    store = jobs.open_store(directory / "batched.db")
    every = enriched.existing_ids()
    held: set[str] = set()
    path = directory / "batch.jsonl"
    for records in batches:
        jobs.ingest([str(write_jsonl(path, records))], store)
        ids = sorted(store.existing(every) - held)  # this batch's: the others are stored
        held.update(ids)
        copy_computed(store, enriched, ids)
        after(store)
    return store


def copy_computed(store: SqliteStore, enriched: SqliteStore, ids: list[str]) -> None:
    """Store the per-article results (enrichments, vectors) ``enriched`` holds for those of
    ``ids`` that ``store`` holds, as if computed there."""
    stored = sorted(store.existing(ids))
    store.write_enrichments(enriched.enrichments(stored))
    for model in enriched.vector_models():
        store.write_vectors(model, list(enriched.vectors(model, stored)))
