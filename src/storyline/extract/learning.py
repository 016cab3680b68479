"""Site templates kept in the store: folded as pages arrive, applied when extracting.

The step the analysis graph runs after ingest:

1. :func:`update_templates` folds newly stored pages into their sites' templates and
   returns the sites whose template changed enough to change their pages' extraction;
2. :func:`articles_of_sites` names those sites' articles, and :func:`reextract_sites`
   extracts them again with the new templates.

:func:`templated_extraction` is the extraction stage with the stored templates of each
batch's sites, for ingest and re-extraction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from storyline.extract.article import extract_articles
from storyline.extract.templates import (
    TEMPLATE_VERSION,
    PageSample,
    SiteTemplate,
    sample_page,
    site_of,
)
from storyline.model import Article, RawDocument, ReadFailure
from storyline.pipeline import batched
from storyline.store import Store
from storyline.store.codec import decode, encode

# Documents re-extracted per transaction (as ingest batches).
BATCH_SIZE = 64


def load_templates(store: Store, sites: Iterable[str]) -> dict[str, SiteTemplate]:
    """The stored templates of ``sites`` (a template of an older version is left out)."""
    stored = store.site_template_payloads(sites)
    return {
        site: decode(SiteTemplate, payload)
        for site, (version, payload) in stored.items()
        if version == TEMPLATE_VERSION
    }


def templated_extraction(
    store: Store,
) -> Callable[[list[RawDocument]], list[Article | ReadFailure]]:
    """The extraction stage, each batch with the stored templates of its sites."""

    def extract(batch: list[RawDocument]) -> list[Article | ReadFailure]:
        sites = {site for site in map(site_of, batch) if site}
        return extract_articles(batch, load_templates(store, sites) if sites else None)

    return extract


def update_templates(store: Store, article_ids: Iterable[str]) -> set[str]:
    """Fold the pages of ``article_ids`` into their sites' templates (one transaction).

    Pages already folded are skipped, so calling it again for the same ids changes
    nothing.

    Returns:
        The sites whose template changed what extraction takes from it: their pages
        (:func:`articles_of_sites`) should be extracted again.
    """
    ids = store.unfolded(article_ids)
    samples = [(raw.id, sample_page(raw)) for raw in store.raw_documents_of(ids)]
    by_site: dict[str, list[tuple[str, PageSample]]] = {}
    for article_id, sample in samples:
        if sample is not None:
            by_site.setdefault(sample.site, []).append((article_id, sample))
    if not by_site:
        return set()
    templates = load_templates(store, by_site)
    changed: set[str] = set()
    with store.transaction():
        for site, pages in by_site.items():
            template = templates.get(site) or SiteTemplate(site)
            before = template.signature()
            for _, sample in pages:
                template.fold(sample)
            if template.signature() != before:
                changed.add(site)
            store.write_site_template(
                site, TEMPLATE_VERSION, template.pages, template.signature(), encode(template)
            )
            store.mark_folded((article_id, site) for article_id, _ in pages)
    return changed


def articles_of_sites(store: Store, sites: Iterable[str]) -> list[str]:
    """Ids of the stored articles of ``sites``."""
    return store.articles_of_sites(sites)


def reextract_sites(store: Store, sites: Iterable[str]) -> tuple[int, list[ReadFailure]]:
    """Extract the stored pages of ``sites`` again with their templates, batch by batch.

    Returns:
        How many articles were written, and the pages that failed.
    """
    sites = set(sites)
    if not sites:
        return 0, []
    extract = templated_extraction(store)
    written, failures = 0, []
    for ids in batched(articles_of_sites(store, sites), BATCH_SIZE):
        results = extract(store.raw_documents_of(ids))
        articles = [r for r in results if isinstance(r, Article)]
        failed = [r for r in results if isinstance(r, ReadFailure)]
        store.write_batch(articles, [], failed)
        written += len(articles)
        failures += failed
    return written, failures
