"""Flat exports of the articles: JSON lines and CSV."""

from __future__ import annotations

import csv
import io
import json

from storyline.browse.records import article_record
from storyline.store import Store

CSV_COLUMNS = (
    "id", "source_path", "external_id", "url", "outlet", "title", "published",
    "published_range", "published_basis", "language", "credits", "duplicate_of", "event_id",
    "words", "removed_blocks",
)  # fmt: skip


def render_jsonl(store: Store) -> str:
    """One article record per line."""
    lines = (json.dumps(article_record(a), ensure_ascii=False) for a in store.articles())
    return "".join(line + "\n" for line in lines)


# A cell starting with one of these is a formula to a spreadsheet ("=HYPERLINK(…)" in a
# title runs when the CSV is opened); such cells get a leading apostrophe, which
# spreadsheets read as "text" and do not show (OWASP's CSV injection advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: object) -> object:
    """``value``, with an apostrophe in front when a spreadsheet would take it for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def render_csv(store: Store) -> str:
    """Article metadata as CSV (the text itself stays in the JSON export); a cell that
    would start a spreadsheet formula starts with an apostrophe instead."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for article in store.articles():
        record = article_record(article)
        row = {key: record.get(key) for key in CSV_COLUMNS}
        row["published_range"] = "/".join(article.published_range or ())
        row["credits"] = "; ".join(article.credits)
        row["words"] = len(article.text.split())
        row["removed_blocks"] = len(article.removed)
        writer.writerow({key: inert_cell(value) for key, value in row.items()})
    return buffer.getvalue()
