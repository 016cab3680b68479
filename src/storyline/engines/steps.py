"""The per-article analysis steps the Dask engine knows how to spread over workers.

Each is the local step taken apart: which articles need it (the same store query),
the pure batch function workers run (the one the local step calls), and how the
client writes the results (the same store call). A step the engine does not know
runs on the client as it does locally, so a new step never needs the engine to
change to stay correct.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.model import Article, Enrichment
from storyline.store.codec import decode, encode

if TYPE_CHECKING:
    from storyline.jobs import ArticleStep
    from storyline.store import Store


@dataclass(frozen=True, slots=True)
class DistributedStep:
    """A per-article step as todo query, worker function and loader."""

    label: str  # progress label, as the local step shows it
    version: str  # what the results are computed with: part of every shard key
    todo: Callable[[Store], list[str]]
    compute: Callable[[list[Article]], list[tuple[str, bytes]]]  # runs on workers
    load: Callable[[Store, list[tuple[str, bytes]]], None]


def distributed_step(step: ArticleStep) -> DistributedStep | None:
    """The distributed form of a local step, or None when the engine has none."""
    factory = _FACTORIES.get(f"{step.__module__}.{getattr(step, '__qualname__', '')}")
    return factory() if factory else None


def _enrich() -> DistributedStep:
    from storyline.enrich.stage import ENRICH_VERSION

    return DistributedStep(
        "enriching",
        f"enrich/{ENRICH_VERSION}",
        lambda store: store.articles_to_enrich(ENRICH_VERSION),
        enrich_rows,
        lambda store, rows: store.write_enrichments(decode(Enrichment, p) for _, p in rows),
    )


def enrich_rows(batch: list[Article]) -> list[tuple[str, bytes]]:
    """Enrich a batch (spaCy, one process: the workers are the parallelism)."""
    from storyline.enrich.stage import enrich_articles

    return [(e.article_id, encode(e).encode("utf-8")) for e in enrich_articles(batch)]


def _embed() -> DistributedStep:
    from storyline.link.embed import MODEL

    return DistributedStep(
        "embedding",
        MODEL,
        lambda store: store.articles_without_vectors(MODEL),
        embed_rows,
        lambda store, rows: store.write_vectors(MODEL, rows),
    )


def embed_rows(batch: list[Article]) -> list[tuple[str, bytes]]:
    """Embed a batch with the worker's one USE model."""
    from storyline.link.embed import embed_articles

    rows = embed_articles(batch)
    return [(article.id, row.tobytes()) for article, row in zip(batch, rows, strict=True)]


def _profile() -> DistributedStep:
    from storyline.link.terms import PROFILE_MODEL

    return DistributedStep(
        "profiling",
        PROFILE_MODEL,
        lambda store: store.articles_without_vectors(PROFILE_MODEL),
        profile_rows,
        lambda store, rows: store.write_vectors(PROFILE_MODEL, rows),
    )


def profile_rows(batch: list[Article]) -> list[tuple[str, bytes]]:
    """Term profiles of a batch (they depend on each article alone)."""
    from storyline.link.terms import profile_article

    return [(article.id, profile_article(article).to_bytes()) for article in batch]


_FACTORIES: dict[str, Callable[[], DistributedStep]] = {
    "storyline.enrich.stage.enrich_step": _enrich,
    "storyline.link.embed.embed_step": _embed,
    "storyline.link.terms.profile_step": _profile,
}
