"""The store interface every backend implements; stages and jobs see only this."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from storyline.model import Article, RawDocument, ReadFailure


class Store(Protocol):
    """Where articles, their raw input and derived results live."""

    def write_batch(
        self,
        articles: Iterable[Article],
        raws: Iterable[RawDocument],
        failures: Iterable[ReadFailure],
    ) -> None:
        """Upsert a batch in one transaction: all of it lands, or none of it."""

    def known_articles(self, ids: Iterable[str], version: str) -> set[str]:
        """The ids among ``ids`` already stored and extracted with ``version``."""

    def articles(self) -> Iterator[Article]:
        """Every stored article, in a stable order (source path, then id)."""

    def article(self, article_id: str) -> Article | None:
        """One article by id."""

    def raw_documents(self, stale_for: str | None = None) -> Iterator[RawDocument]:
        """Stored raw inputs; with ``stale_for``, only those not extracted with that version."""

    def failures(self) -> list[ReadFailure]:
        """Inputs that failed, with their reasons."""

    def counts(self) -> dict[str, int]:
        """Row counts by kind, for summaries."""

    def close(self) -> None:
        """Release the connection."""
