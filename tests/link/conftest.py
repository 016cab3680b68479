"""Fixtures for the link stage: articles written to a store the library's way."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.model import Article, RawDocument, content_hash
from storyline.store import Store

Writer = Callable[[Store, list[str]], list[Article]]


def write_articles(store: Store, bodies: list[str]) -> list[Article]:
    """Store one article (with its raw input) per body; returns them in order."""
    raws = [
        RawDocument(f"doc-{content_hash(body)}.txt", "text", body, body.encode()) for body in bodies
    ]
    articles = [Article(raw.id, raw.source_path, raw.body) for raw in raws]
    store.write_batch(articles, raws, [])
    return articles


@pytest.fixture
def add_articles() -> Writer:
    return write_articles
