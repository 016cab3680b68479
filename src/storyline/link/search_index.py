"""The search index phase: the semantic search's vector index kept current by analyze.

Semantic search reads the persisted index beside the database
(:mod:`storyline.link.vector_index`). Brought up to date here, after every analyze, it
costs what the new vectors cost; left to the first search, the change log may by then be
pruned past the index's cursor, and the index would be rebuilt from every vector (525 s
at 200k articles). As a step of the graph its cursor also holds back that pruning.
"""

from __future__ import annotations

from storyline.link.embed import MODEL
from storyline.link.vector_index import VectorIndex, index_files, index_path
from storyline.options import AnalyzeOptions
from storyline.progress import Reporter
from storyline.steps import Delta
from storyline.store import Store
from storyline.store.kinds import ARTICLE, vector_kind
from storyline.store.update import Update

SEARCH_INDEX_VERSION = "1"


def update_search_index(
    store: Store, delta: Delta, options: AnalyzeOptions, reporter: Reporter
) -> Update:
    """Add the changed articles' vectors to the index (rebuilt on a full run)."""
    path = index_path(store)
    if path is None:  # an in-memory store: search builds its index when asked
        return Update()
    if delta.full:
        for stale in index_files(path):
            stale.unlink(missing_ok=True)
    try:
        VectorIndex.for_store(store, MODEL, path)
    except OSError:  # no writing beside the store (read-only folder): search keeps it in memory
        return Update()
    return Update(count=len(delta.ids(ARTICLE, vector_kind(MODEL))))
