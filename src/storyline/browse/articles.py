"""Articles: pages of contract records, and one article with what analysis found in it."""

from __future__ import annotations

from typing import Any

from storyline.browse.analysis import claims_of, counted_entities, quotes_of, times_of
from storyline.browse.pages import Page, check_page
from storyline.browse.records import article_record
from storyline.model import Article, Enrichment
from storyline.store import Store
from storyline.store.fulltext import ArticleFilter, Order


def list_articles(
    store: Store, where: ArticleFilter, limit: int, offset: int = 0, order: Order = "source"
) -> Page:
    """A page of article records passing ``where``, in ``order``."""
    check_page(limit, offset)
    articles, total = store.article_page(where, limit, offset, order)
    return Page([article_record(a) for a in articles], total, limit, offset)


def article_summary(article: Article) -> dict[str, Any]:
    """The fields a list shows: no text, no removed blocks."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "published_range": list(article.published_range) if article.published_range else None,
        "duplicate_of": article.duplicate_of,
        "event_id": article.event_id,
    }


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    """The article record, plus ``analysis`` (None until the language stage has run)."""
    article = store.article(article_id)
    if article is None:
        return None
    record = article_record(article)
    enrichment = store.enrichment(article_id)
    record["analysis"] = _analysis(store, article_id, enrichment) if enrichment else None
    return record


def _analysis(store: Store, article_id: str, enrichment: Enrichment) -> dict[str, Any]:
    entity_ids = store.entity_ids_of_article(article_id)
    return {
        "version": enrichment.version,
        "pipeline": enrichment.pipeline,  # which language pipeline ran (None: skipped)
        "skipped": enrichment.skipped,
        "sentences": [list(bounds) for bounds in enrichment.sentences],
        "mentions": _mentions(enrichment),
        "quotes": quotes_of(store, [article_id]),
        "times": times_of(enrichment),
        "claims": claims_of(store, [article_id]),
        "entities": sorted(counted_entities(store, entity_ids), key=lambda r: (r["name"], r["id"])),
    }


def _mentions(enrichment: Enrichment) -> list[dict[str, Any]]:
    """Every entity mention: those in chains (with the chain's name and type) and the rest."""
    found = [
        {"start": m.start, "end": m.end, "text": m.text, "label": m.label or chain.type,
         "chain": chain.index, "name": chain.name}
        for chain in enrichment.chains
        for m in chain.mentions
    ]  # fmt: skip
    found += [
        {"start": m.start, "end": m.end, "text": m.text, "label": m.label, "chain": None,
         "name": m.text}
        for m in enrichment.mentions
    ]  # fmt: skip
    return sorted(found, key=lambda item: (item["start"], item["end"]))
