"""Scale-out figures: the local engine vs Dask with 1 and 2 workers, the event phase on
longer streams, memory per worker, and the workers a 300k articles/day feed needs.

Run:  .venv/bin/python benchmarks/scale.py [--articles N] [--event-sizes 10000,20000,...]
                                           [--event-budget 900] [--skip-engines] [--skip-warc]

1. **Engines** on the real corpora (Reuters-21578, BBC News, Timeline17: ~26k inputs, ~23k
   articles with a body): ``run`` = ingest + analyze into a fresh store, each engine in its
   own process so peak memory is its own. Per-article stages (read, clean, enrich, embed,
   profile) and whole-corpus phases are timed apart through the reporter.
2. **WARC memory**: Timeline17 pages wrapped as a crawl (synthetic WARC, 1x and 4x the
   pages), ingested by one Dask worker: its peak RSS should not grow with the archive.
3. **Event phase** (``EventLinker.fit``) on **synthetic** streams built from the real
   articles' term profiles: each copy drops ~10% of its terms and jitters the rest by ±10%,
   and gets a date drawn uniformly over a span that keeps ``--per-day`` articles a day.
   Sizes whose projected time would overrun ``--event-budget`` seconds are extrapolated
   from the measured ones (power law through the last two) and marked so.
4. **Projection**: workers for 300k articles/day from the measured per-worker rate.

Figures are printed, never asserted: tests/engines checks that the engines agree.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
REUTERS = CORPORA / "news-reuters21578" / "reuters21578.jsonl"
BBC = CORPORA / "news-bbc2225" / "bbc.jsonl"
TIMELINE17 = sorted(CORPORA.glob("timeline17/*/articles.json"))
PER_ARTICLE = ("re-extracting", "enriching", "embedding", "profiling")
TARGET_PER_DAY = 300_000
WEB_ARTICLE_CHARS = 5_000  # Timeline17's mean body length: web news, not wire briefs
console = Console(width=150)


# Engines ----------------------------------------------------------------------------


class TimingReporter:
    """Seconds per progress label (a stage or phase lasts until the next one starts)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._label: str | None = None
        self._since = time.perf_counter()

    def start(self, label: str, total: int | None = None) -> None:
        self.stop()
        self._label, self._since = label, time.perf_counter()

    def advance(self, count: int) -> None:
        pass

    def failure(self, failure: object) -> None:
        pass

    def stop(self) -> None:
        if self._label is not None:
            elapsed = time.perf_counter() - self._since
            self.seconds[self._label] = self.seconds.get(self._label, 0.0) + elapsed
        self._label = None


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_engine(mode: str, db: Path, inputs: list[str]) -> dict[str, Any]:
    """One ingest + analyze in this process; ``mode`` is local, dask1 or dask2."""
    from storyline import jobs

    cluster = client = None
    engine: Any
    if mode == "local":
        from storyline.engines import LocalEngine

        engine = LocalEngine()
    else:
        from distributed import Client, LocalCluster

        from storyline.engines.dask import DaskEngine

        cluster = LocalCluster(
            n_workers=int(mode.removeprefix("dask")), threads_per_worker=1,
            processes=True, dashboard_address=None, silence_logs=40,
        )  # fmt: skip
        client = Client(cluster)
        engine = DaskEngine(client)
    reporter = TimingReporter()
    with jobs.open_store(db) as store:
        started = time.perf_counter()
        ingested = engine.ingest(inputs, store, reporter=reporter)
        reporter.stop()
        ingest_seconds = time.perf_counter() - started
        engine.analyze(store, reporter)
        reporter.stop()
        total = time.perf_counter() - started
        articles = list(store.articles())
    workers = list(client.run(peak_rss_mb).values()) if client is not None else []
    if client is not None and cluster is not None:
        client.close()
        cluster.close()
    steps = sum(s for label, s in reporter.seconds.items() if label in PER_ARTICLE)
    phases = sum(s for label, s in reporter.seconds.items() if label not in PER_ARTICLE)
    return {
        "mode": mode, "read": ingested.read, "articles": len(articles),
        "chars": sum(len(a.text) for a in articles), "ingest": ingest_seconds,
        "steps": steps, "phases": phases - ingest_seconds, "total": total,
        "client_mb": peak_rss_mb(), "worker_mb": workers, "labels": reporter.seconds,
    }  # fmt: skip


def corpus_inputs(limit: int | None, folder: Path) -> list[str]:
    """The real corpora as inputs; with ``limit``, the same share cut from each file."""
    files = [REUTERS, BBC, *TIMELINE17]
    if limit is None:
        return [str(path) for path in files]
    sizes = [_count(path) for path in files]
    share = min(1.0, limit / sum(sizes))
    inputs = []
    for path, size in zip(files, sizes, strict=True):
        inputs.append(str(_head(path, max(1, round(size * share)), folder)))
    return inputs


def _count(path: Path) -> int:
    if path.suffix == ".jsonl":
        with path.open("rb") as lines:
            return sum(1 for _ in lines)
    return len(json.loads(path.read_text("utf-8")))


def _head(path: Path, count: int, folder: Path) -> Path:
    target = folder / f"{path.parent.name}-{path.name}"
    if path.suffix == ".jsonl":
        with path.open("rb") as lines:
            target.write_bytes(b"".join(islice(lines, count)))
    else:
        records = json.loads(path.read_text("utf-8"))[:count]
        target.write_text(json.dumps(records), "utf-8")
    return target


def engine_runs(inputs: list[str], folder: Path) -> list[dict[str, Any]]:
    """Each engine in a fresh process (clean peak memory) on a fresh store."""
    results = []
    for mode in ("local", "dask1", "dask2"):
        console.print(f"[dim]running {mode} on {len(inputs)} inputs…[/dim]")
        db = folder / f"{mode}.db"
        command = [sys.executable, __file__, "--run", mode, "--db", str(db), *inputs]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            console.print(done.stderr[-2000:], markup=False)
            raise SystemExit(f"{mode} run failed")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def engines_table(results: list[dict[str, Any]]) -> Table:
    table = Table(title="engines on the real corpora (ingest + analyze, fresh store)")
    for column in (
        "engine", "articles", "ingest s", "per-article steps s", "per-article art/s",
        "corpus phases s", "total s", "total art/s", "peak MB client", "peak MB per worker",
    ):  # fmt: skip
        table.add_column(column, justify="left" if column == "engine" else "right")
    for r in results:
        work = r["ingest"] + r["steps"]
        workers = " / ".join(f"{mb:.0f}" for mb in r["worker_mb"]) or "-"
        table.add_row(
            r["mode"], str(r["articles"]), f"{r['ingest']:.0f}", f"{r['steps']:.0f}",
            f"{r['articles'] / work:.1f}", f"{r['phases']:.0f}", f"{r['total']:.0f}",
            f"{r['articles'] / r['total']:.1f}", f"{r['client_mb']:.0f}", workers,
        )  # fmt: skip
    return table


# WARC memory ------------------------------------------------------------------------


def warc_memory(folder: Path) -> Table:
    """Peak RSS of one Dask worker streaming a synthetic crawl of 1x and 4x the pages."""
    from distributed import Client, LocalCluster

    from storyline import jobs
    from storyline.engines.dask import DaskEngine

    pages = [_page(record) for path in TIMELINE17 for record in json.loads(path.read_text())]
    table = Table(title="WARC streamed by one Dask worker (synthetic crawl of Timeline17 pages)")
    for column in ("records", "archive MB (uncompressed)", "s", "records/s", "worker peak MB"):
        table.add_column(column, justify="right")
    for copies in (1, 4):
        crawl = folder / f"crawl-{copies}.warc.gz"
        size = _write_warc(crawl, pages * copies)
        with LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=40,
        ) as cluster, Client(cluster) as client:  # fmt: skip
            with jobs.open_store(folder / f"warc-{copies}.db") as store:
                started = time.perf_counter()
                summary = DaskEngine(client).ingest([str(crawl)], store)
                seconds = time.perf_counter() - started
            (worker_mb,) = client.run(peak_rss_mb).values()
        table.add_row(
            str(summary.read), f"{size / 2**20:.0f}", f"{seconds:.0f}",
            f"{summary.read / seconds:.1f}", f"{worker_mb:.0f}",
        )  # fmt: skip
    return table


def _page(record: dict[str, Any]) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in str(record.get("text", "")).split("\n") if p)
    title = record.get("title") or ""
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article><footer>© News</footer></body></html>"
    ).encode()


def _write_warc(path: Path, pages: list[bytes]) -> int:
    """A gzipped WARC of response records (one gzip member per record, as crawlers write)."""
    size = 0
    with path.open("wb") as out:
        for number, page in enumerate(pages):
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
            head = (
                f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/"
                f"{number}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: "
                f"<urn:uuid:{uuid.uuid4()}>\r\nContent-Type: application/http; msgtype=response"
                f"\r\nContent-Length: {len(http)}\r\n\r\n"
            ).encode()
            record = head + http + b"\r\n\r\n"
            size += len(record)
            out.write(gzip.compress(record))
    return size


# Event phase ------------------------------------------------------------------------


def real_profiles(limit: int | None) -> list[Any]:
    """Term profiles (``profile_article``) of the real articles with a body."""
    from storyline.link.terms import profile_article
    from storyline.model import Article

    records = [json.loads(line) for line in REUTERS.open(encoding="utf-8")]
    records += [json.loads(line) for line in BBC.open(encoding="utf-8")]
    for path in TIMELINE17:
        records += json.loads(path.read_text("utf-8"))
    profiles = []
    for number, record in enumerate(islice(records, limit)):
        text = record.get("body") or record.get("text") or ""
        if text.strip():
            article = Article(str(number), "x", text, title=record.get("title"), language="en")
            profiles.append(profile_article(article))
    return profiles


def synthetic_items(base: list[Any], count: int, per_day: int) -> list[Any]:
    """A SYNTHETIC stream: real profiles, lightly perturbed, dates shuffled over a span."""
    from storyline.link.events import EventItem
    from storyline.link.terms import TermProfile
    from storyline.model import Article

    rng = random.Random(count)
    span = max(1, count // per_day)
    start = date(2020, 1, 1)
    items = []
    for number in range(count):
        profile = base[number % len(base)]
        fields = [_perturbed(getattr(profile, name), rng) for name in ("full", "lead", "names")]
        day = start + timedelta(days=rng.randrange(span))
        article = Article(f"s{number}", "synthetic", "", published=day.isoformat())
        items.append(EventItem.from_article(article, TermProfile(article.id, *fields)))
    return items


def _perturbed(terms: Any, rng: random.Random) -> Any:
    """Drop ~10% of the terms, jitter the other weights by up to ±10%, renormalise."""
    from storyline.link.terms import Terms

    if len(terms) < 3:
        return terms
    keep = np.array([rng.random() >= 0.1 for _ in range(len(terms))])
    jitter = np.array([1 + rng.uniform(-0.1, 0.1) for _ in range(int(keep.sum()))])
    weights = terms.weights[keep] * jitter
    norm = float(np.linalg.norm(weights)) or 1.0
    return Terms(terms.keys[keep], (weights / norm).astype(np.float32))


def event_scaling(sizes: list[int], per_day: int, budget: float, limit: int | None) -> Table:
    """``EventLinker.fit`` time per stream size; sizes past the budget are extrapolated."""
    from storyline.link.events import EventLinker

    base = real_profiles(limit)
    table = Table(
        title=f"event phase (EventLinker.fit) on SYNTHETIC streams from {len(base)} real "
        f"profiles, {per_day} articles/day"
    )
    for column in ("articles", "fit s", "events", "articles/s", "assign 1k new: art/s", "how"):
        table.add_column(column, justify="right")
    measured: list[tuple[int, float]] = []
    spent = 0.0
    for size in sizes:
        projected = _project(measured, size)
        if projected is not None and spent + projected > budget:
            table.add_row(f"{size:,}", f"~{projected:,.0f}", "-", f"~{size / projected:.0f}", "-",
                          "[yellow]extrapolated[/yellow]")  # fmt: skip
            continue
        items = synthetic_items(base, size + 1000, per_day)
        started = time.perf_counter()
        linker = EventLinker().fit(items[:size])
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        for item in items[size:]:
            linker.assign(item)
        assigning = time.perf_counter() - started
        spent += seconds + assigning
        measured.append((size, seconds))
        table.add_row(
            f"{size:,}", f"{seconds:,.1f}", f"{len(linker.groups()):,}", f"{size / seconds:.0f}",
            f"{1000 / assigning:.0f}", "measured",
        )  # fmt: skip
    return table


def _project(measured: list[tuple[int, float]], size: int) -> float | None:
    """Seconds at ``size`` by a power law through the last two measurements (else linear)."""
    if not measured:
        return None
    if len(measured) == 1:
        (known, seconds), exponent = measured[0], 1.0
    else:
        (small, first), (known, seconds) = measured[-2], measured[-1]
        exponent = max(1.0, math.log(seconds / first) / math.log(known / small))
    return seconds * (size / known) ** exponent


# Projection -------------------------------------------------------------------------


def projection(results: list[dict[str, Any]]) -> Table:
    """Workers for 300k articles/day from the 1- and 2-worker per-article rates."""
    by_mode = {r["mode"]: r for r in results}
    one, two = by_mode["dask1"], by_mode["dask2"]
    rate = one["articles"] / (one["ingest"] + one["steps"])
    scaling = (two["articles"] / (two["ingest"] + two["steps"])) / rate
    chars_per_s = one["chars"] / (one["ingest"] + one["steps"])
    mean_chars = one["chars"] / one["articles"]
    needed = TARGET_PER_DAY / 86_400
    table = Table(title=f"projection: workers (1 core each) for {TARGET_PER_DAY:,} articles/day")
    for column in ("articles like", "per-worker art/s", "workers needed"):
        table.add_column(column, justify="right")
    for label, per_worker in (
        (f"this corpus (mean {mean_chars:,.0f} chars)", rate),
        (f"web news ({WEB_ARTICLE_CHARS:,} chars, scaled by characters)",
         chars_per_s / WEB_ARTICLE_CHARS),
    ):  # fmt: skip
        table.add_row(label, f"{per_worker:.1f}", str(math.ceil(needed / per_worker)))
    table.caption = (
        f"{needed:.2f} articles/s needed; 2 workers ran {scaling:.2f}x one worker on this "
        "2-core machine (the client shares the cores)"
    )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, help="cap on real inputs (default: all)")
    parser.add_argument("--event-sizes", default="10000,20000,50000,200000,1000000")
    parser.add_argument("--per-day", type=int, default=100, help="synthetic articles per day")
    parser.add_argument("--event-budget", type=float, default=900.0, help="seconds")
    parser.add_argument("--skip-engines", action="store_true")
    parser.add_argument("--skip-warc", action="store_true")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # a child: one engine run
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("inputs", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_engine(args.run, Path(args.db), args.inputs)))
        return
    with tempfile.TemporaryDirectory(prefix="storyline-scale-") as scratch:
        folder = Path(scratch)
        if not args.skip_engines:
            results = engine_runs(corpus_inputs(args.articles, folder), folder)
            console.print(engines_table(results))
            console.print(projection(results))
        if not args.skip_warc:
            console.print(warc_memory(folder))
        sizes = [int(size) for size in args.event_sizes.split(",")]
        console.print(event_scaling(sizes, args.per_day, args.event_budget, args.articles))


if __name__ == "__main__":
    main()
