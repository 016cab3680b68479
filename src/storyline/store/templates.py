"""Per-site templates and the pages folded into them (migration 5).

The store keeps each template as an opaque payload (``storyline.extract.templates``
encodes it); it knows which site each article belongs to (``articles.site``) and which
articles were already folded into their site's template, so a re-ingest never counts
a page twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable

from storyline.model import RawDocument


class TemplateTables:
    """Mixed into :class:`~storyline.store.sqlite.SqliteStore`."""

    _db: sqlite3.Connection
    _raw_from_row: Callable[[sqlite3.Row], RawDocument]

    def site_template_payloads(self, sites: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Stored ``(version, payload)`` of each of ``sites`` that has a template."""
        rows = self._db.execute(
            "SELECT site, version, payload FROM site_templates "
            "WHERE site IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(sites))),),
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    def write_site_template(
        self, site: str, version: str, pages: int, signature: str, payload: str
    ) -> None:
        """Insert or replace one site's template."""
        self._db.execute(
            "INSERT OR REPLACE INTO site_templates VALUES (?,?,?,?,?)",
            (site, version, pages, signature, payload),
        )

    def unfolded(self, article_ids: Iterable[str]) -> list[str]:
        """Those of ``article_ids`` not yet folded into their site's template."""
        rows = self._db.execute(
            "SELECT value FROM json_each(?) WHERE value NOT IN "
            "(SELECT article_id FROM template_pages)",
            (json.dumps(list(dict.fromkeys(article_ids))),),
        )
        return [row[0] for row in rows]

    def mark_folded(self, pages: Iterable[tuple[str, str]]) -> None:
        """Record ``(article_id, site)`` pairs as folded into their site's template."""
        self._db.executemany("INSERT OR IGNORE INTO template_pages VALUES (?,?)", pages)

    def articles_of_sites(self, sites: Iterable[str]) -> list[str]:
        """Ids of the stored articles of ``sites``, in a stable order."""
        rows = self._db.execute(
            "SELECT id FROM articles WHERE site IN (SELECT value FROM json_each(?)) "
            "ORDER BY source_path, id",
            (json.dumps(sorted(set(sites))),),
        )
        return [row[0] for row in rows]

    def raw_documents_of(self, article_ids: Iterable[str]) -> list[RawDocument]:
        """The stored raw inputs with these ids, in the order given (unknown ids skipped)."""
        wanted = list(dict.fromkeys(article_ids))
        found: dict[str, RawDocument] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._db.execute(
                f"SELECT * FROM raw WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            for row in rows:
                found[row["id"]] = self._raw_from_row(row)
        return [found[i] for i in wanted if i in found]
