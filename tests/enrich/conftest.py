"""Enrich-test helpers: the installed spaCy pipeline, and enriching a handwritten text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from storyline.enrich.stage import enrich_articles
from storyline.model import Article, Chain, Enrichment, Quote

Enrich = Callable[[str], Enrichment]


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The English pipeline the enrichment stage loads (en_core_web_sm 3.8.0)."""
    from storyline.enrich.language_model import english_pipeline

    return english_pipeline()


@pytest.fixture(scope="session")
def enrich() -> Enrich:
    def run(text: str) -> Enrichment:
        article = Article(id="t", source_path="t.txt", text=text, language="en")
        (enrichment,) = enrich_articles([article])
        assert enrichment.skipped is None, enrichment.skipped
        return enrichment

    return run


def speaker_name(enrichment: Enrichment, quote: Quote) -> str | None:
    """The resolved name of a quote's speaker (its chain's name)."""
    chains = {chain.index: chain for chain in enrichment.chains}
    chain = chains.get(quote.speaker_chain) if quote.speaker_chain is not None else None
    return chain.name if chain else None


def chain_named(enrichment: Enrichment, name: str) -> Chain:
    return next(chain for chain in enrichment.chains if chain.name == name)
