"""Ingest throughput: HTML extraction, text cleaning and store writes, with peak memory.

Run:  .venv/bin/python benchmarks/ingest.py [--pages N] [--reuters N]

Prints pages/s for HTML extraction beside trafilatura alone on the same pages (our
overhead as a ratio), docs/s for text cleaning + store writes on the trafilatura
pages rendered to text and on Reuters-21578, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import tempfile
import time
from itertools import islice
from pathlib import Path

import trafilatura
from rich.console import Console
from rich.table import Table

from storyline import jobs
from storyline.extract.article import extract_article
from storyline.extract.render import visible_lines
from storyline.ingest import ReadOptions, read_inputs
from storyline.model import RawDocument

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def _pages(limit: int) -> list[RawDocument]:
    root = CORPORA / "extraction-trafilatura"
    gold = json.loads((root / "evaldata.json").read_text("utf-8"))
    paths = [str(root / "html" / item["file"]) for item in gold.values()][:limit]
    return [doc for doc in read_inputs(paths, ReadOptions()) if isinstance(doc, RawDocument)]


def _timed(function, items) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for item in items:
        function(item)
    return time.perf_counter() - start


def _ingest_rate(inputs: list[str], count_hint: int | None = None) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = jobs.open_store(Path(folder) / "bench.db")
        start = time.perf_counter()
        summary = jobs.ingest(inputs, store, ReadOptions())
        elapsed = time.perf_counter() - start
        store.close()
    return summary.written, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=990, help="trafilatura pages to use")
    parser.add_argument("--reuters", type=int, default=21578, help="Reuters records to use")
    args = parser.parse_args()
    console = Console()
    table = Table(title="storyline ingest benchmark")
    for column in ("what", "items", "seconds", "items/s", "note"):
        table.add_column(column, justify="right" if column != "what" else "left")

    pages = _pages(args.pages)
    plain = _timed(lambda d: trafilatura.extract(d.body), pages)
    with_meta = _timed(lambda d: trafilatura.bare_extraction(d.body, with_metadata=True), pages)
    ours = _timed(extract_article_safe, pages)
    rate = len(pages)
    table.add_row("trafilatura.extract alone", str(rate), f"{plain:.1f}",
                  f"{rate / plain:.1f}", "text only")  # fmt: skip
    table.add_row("trafilatura + metadata", str(rate), f"{with_meta:.1f}",
                  f"{rate / with_meta:.1f}", "bare_extraction(with_metadata)")  # fmt: skip
    overhead = f"×{ours / plain:.2f} text-only, ×{ours / with_meta:.2f} w/ metadata"
    table.add_row("storyline HTML extraction", str(rate), f"{ours:.1f}", f"{rate / ours:.1f}",
                  overhead)  # fmt: skip

    texts = [RawDocument(d.source_path, "text", "\n".join(visible_lines(d.body))) for d in pages]
    cleaning = _timed(extract_article_safe, texts)
    table.add_row("text cleaning (rendered pages)", str(len(texts)), f"{cleaning:.1f}",
                  f"{len(texts) / cleaning:.1f}", "clean + metadata + language")  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "reuters.jsonl"
        source = CORPORA / "news-reuters21578" / "reuters21578.jsonl"
        with source.open("rb") as lines:
            jsonl.write_bytes(b"".join(islice(lines, args.reuters)))
        written, elapsed = _ingest_rate([str(jsonl)])
    table.add_row("Reuters: read+clean+store", str(written), f"{elapsed:.1f}",
                  f"{written / elapsed:.1f}", "end to end, SQLite WAL")  # fmt: skip

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console.print(table)
    console.print(f"peak RSS: {peak:.0f} MiB")


def extract_article_safe(document: RawDocument) -> None:
    with contextlib.suppress(ValueError):
        extract_article(document)


if __name__ == "__main__":
    main()
