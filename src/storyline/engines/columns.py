"""Records as Arrow rows: what a worker writes to a Parquet shard and the client reads back.

Two tables. A *documents* table has one row per input item of an ingest shard, in
reading order: a read failure (``problem`` set, no ``body``), or a raw document with
the article extracted from it (``article``) or the reason extraction failed
(``problem``). A *results* table has one row per article of an analysis shard: its
id, the step's payload (an encoded :class:`~storyline.model.Enrichment`, a vector's
bytes) and what went wrong, if anything. Records go through
:mod:`storyline.store.codec`, the store's own JSON form.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from storyline.model import Article, RawDocument, ReadFailure
from storyline.store.codec import decode, encode

DOCUMENTS = pa.schema(
    [
        ("source_path", pa.string()),
        ("problem", pa.string()),
        ("meta", pa.string()),
        ("body", pa.large_string()),
        # Null when the original bytes are the body's UTF-8 (most inputs): no second copy.
        ("raw", pa.large_binary()),
        ("article", pa.large_string()),
    ]
)
RESULTS = pa.schema(
    [("article_id", pa.string()), ("payload", pa.large_binary()), ("problem", pa.string())]
)
_RAW_FIELDS = tuple(
    f.name for f in dataclasses.fields(RawDocument) if f.name not in ("body", "raw")
)


@dataclass(slots=True)
class ReadItem:
    """One input item as a worker saw it: a read failure, or a document and its extraction."""

    item: RawDocument | ReadFailure
    extracted: Article | ReadFailure | None = None


def documents_table(items: Iterable[ReadItem]) -> pa.Table:
    """The documents table of ``items``, in order."""
    return pa.Table.from_pylist([_document_row(item) for item in items], schema=DOCUMENTS)


def _document_row(entry: ReadItem) -> dict[str, Any]:
    item, extracted = entry.item, entry.extracted
    if isinstance(item, ReadFailure):
        return {"source_path": item.source_path, "problem": item.problem}
    same = item.raw == item.body.encode("utf-8")
    return {
        "source_path": item.source_path,
        "problem": extracted.problem if isinstance(extracted, ReadFailure) else None,
        "meta": json.dumps({name: getattr(item, name) for name in _RAW_FIELDS}, ensure_ascii=False),
        "body": item.body,
        "raw": None if same else item.raw,
        "article": encode(extracted) if isinstance(extracted, Article) else None,
    }


def read_items(rows: Iterable[dict[str, Any]]) -> Iterator[ReadItem]:
    """The items of documents-table rows (``to_pylist`` of a record batch)."""
    for row in rows:
        if row["meta"] is None:
            yield ReadItem(ReadFailure(row["source_path"], row["problem"]))
            continue
        body = row["body"]
        raw = row["raw"] if row["raw"] is not None else body.encode("utf-8")
        document = RawDocument(body=body, raw=raw, **json.loads(row["meta"]))
        if row["article"] is not None:
            extracted: Article | ReadFailure = decode(Article, row["article"])
        else:
            extracted = ReadFailure(document.source_path, row["problem"])
        yield ReadItem(document, extracted)


def results_table(rows: Iterable[tuple[str, bytes, str | None]]) -> pa.Table:
    """The results table of a step's ``(article_id, payload, problem)`` rows."""
    found = list(rows)
    return pa.table(
        {
            "article_id": [a for a, _, _ in found],
            "payload": [p for _, p, _ in found],
            "problem": [problem for _, _, problem in found],
        },
        schema=RESULTS,
    )
