"""A corpus extracted as one: each site's template learnt from all its pages first.

What ``storyline ingest`` reaches incrementally (templates folded as pages arrive, the
pages of a site whose template changed extracted again), done in two passes over a
list of documents held in memory: learn, then extract. Used by the quality gates and
by callers that hold a whole crawl.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.extract.article import extract_articles
from storyline.extract.templates import SiteTemplate, sample_page
from storyline.model import Article, RawDocument, ReadFailure


def learn_templates(documents: Iterable[RawDocument]) -> dict[str, SiteTemplate]:
    """The template of every site among the documents, from all of its pages."""
    templates: dict[str, SiteTemplate] = {}
    for document in documents:
        sample = sample_page(document)
        if sample is not None:
            templates.setdefault(sample.site, SiteTemplate(sample.site)).fold(sample)
    return templates


def extract_corpus(documents: list[RawDocument]) -> list[Article | ReadFailure]:
    """Every document extracted with the template its site's pages teach, in order."""
    return extract_articles(documents, learn_templates(documents))
