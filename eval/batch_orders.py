"""Batch orders: how far incremental analyses stay from one full analysis, order by order.

The corpus of ``tests/test_incremental.py`` (the seeds, the first Reuters-21578 wires,
40 Michael Jackson articles of Timeline17's BBC story) is shuffled in many orders and fed
in that test's batches (half, a quarter, all but three, three), with an ``analyze`` after
each. Printed per order: the events' and stories' B³ F1 against a full analysis of
everything, and, for scale, how far the full analysis itself moves when that order's last
three articles are added (a full analysis of all but them against one of all, over the
articles both hold). Where three articles move the full analysis, no incremental
placement can follow it: the test's corpus has to be large enough for that to be rare.

Run:  .venv/bin/python eval/batch_orders.py [--orders 20] [--reuters 800] [--first 1]

Per-article results are computed once (in the full analysis) and copied into each
order's store, as the test does; the corpus phases all run. ~15 s an order at 800 wires.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
from pathlib import Path

from batches import copy_computed
from corpora import corpus
from rich.console import Console
from rich.table import Table

from storyline import jobs
from storyline.ingest import ReadOptions, read_inputs
from storyline.model import RawDocument
from storyline.options import AnalyzeOptions
from storyline.store import SqliteStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from stream import agreement, partitions  # noqa: E402 (the stream benchmark's measures)

TIMELINE_ARTICLES = 40
TARGET = 0.98


def documents(folder: Path, reuters_lines: int) -> list[RawDocument]:
    reuters = folder / "reuters.jsonl"
    with (corpus("news-reuters21578") / "reuters21578.jsonl").open("rb") as lines:
        reuters.write_bytes(b"".join(itertools.islice(lines, reuters_lines)))
    timeline = folder / "mj.json"
    records = json.loads((corpus("timeline17") / "MJ_bbc" / "articles.json").read_text())
    timeline.write_text(json.dumps(records[:TIMELINE_ARTICLES]))
    inputs = [str(corpus("seeds")), str(reuters), str(timeline)]
    return [d for d in read_inputs(inputs, ReadOptions()) if isinstance(d, RawDocument)]


def analysed(path: Path, docs: list[RawDocument], reference: SqliteStore | None) -> SqliteStore:
    """A store of ``docs`` with one full analysis (per-article results from ``reference``)."""
    store = jobs.open_store(path)
    jobs.ingest_documents(docs, store)
    if reference is not None:
        copy_computed(store, reference, [d.id for d in docs])
    jobs.analyze(store, options=AnalyzeOptions(full=True))
    return store


def fed(path: Path, order: list[RawDocument], reference: SqliteStore) -> SqliteStore:
    store = jobs.open_store(path)
    cuts = [0, len(order) // 2, 3 * len(order) // 4, len(order) - 3, len(order)]
    for start, end in itertools.pairwise(cuts):
        jobs.ingest_documents(order[start:end], store)
        copy_computed(store, reference, [d.id for d in order[start:end]])
        jobs.analyze(store)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20)
    parser.add_argument("--first", type=int, default=1, help="the first order's seed")
    parser.add_argument("--reuters", type=int, default=800, help="Reuters-21578 lines read")
    args = parser.parse_args()
    console = Console()
    table = Table(title=f"Batch orders ({args.reuters} Reuters lines): B³ F1 against --full")
    for column in ("order", "events", "stories", "full moves: events", "stories"):
        table.add_column(column, justify="right")
    below = 0
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        docs = documents(work, args.reuters)
        with console.status("the full analysis"):
            reference = analysed(work / "full.db", docs, None)
        full = partitions(reference)
        for seed in range(args.first, args.first + args.orders):
            order = docs[:]
            random.Random(seed).shuffle(order)  # as tests/test_incremental.py shuffles
            with console.status(f"order {seed}"):
                with fed(work / f"{seed}.db", order, reference) as stream:
                    ours = list(agreement(partitions(stream), full).values())
                with analysed(work / f"{seed}-before.db", order[:-3], reference) as before:
                    moves = list(agreement(partitions(before), full).values())
            below += min(ours) < TARGET
            table.add_row(str(seed), *(f"{v:.4f}" for v in (*ours, *moves)))
        reference.close()
    console.print(table)
    console.print(f"{args.orders - below} of {args.orders} orders reach {TARGET} in both")


if __name__ == "__main__":
    sys.exit(main())
