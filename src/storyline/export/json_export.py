"""The JSON export fixed by CONTRACT.md (``schema: storyline/1``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from storyline.model import Article
from storyline.store import Store

SCHEMA = "storyline/1"
# Keys filled by later analysis stages; present (empty) until those stages run.
ANALYSIS_KEYS = ("entities", "quotes", "events", "stories", "timeline", "claims", "times")


def article_record(article: Article) -> dict[str, Any]:
    """One article as the contract names its fields (plus additive extensions)."""
    return {
        "id": article.id,
        "source_path": article.source_path,
        "external_id": article.external_id,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "published_range": list(article.published_range) if article.published_range else None,
        "published_basis": article.published_basis,
        "language": article.language,
        "text": article.text,
        "removed": article.removed,
        "credits": article.credits,
        "duplicate_of": article.duplicate_of,
        "event_id": article.event_id,
        # Extensions to the contract (additive, same schema version):
        "author": article.author,
        "comments": article.comments,
    }


def build_export(store: Store) -> dict[str, Any]:
    """The whole export as one JSON-ready object."""
    export: dict[str, Any] = {"schema": SCHEMA}
    export["articles"] = [article_record(a) for a in store.articles()]
    for key in ANALYSIS_KEYS:
        export[key] = []
    return export


def write_json(store: Store, out: str | Path) -> Path:
    """Write the export to ``out`` (UTF-8, atomically via a temporary file)."""
    path = Path(out)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(build_export(store), ensure_ascii=False, indent=1), "utf-8")
    temporary.replace(path)
    return path
