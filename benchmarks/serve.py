"""Loopback load test of `storyline serve`: requests/s and latency for search and story pages.

Run:  .venv/bin/python benchmarks/serve.py [--db PATH | --corpus seeds|news] [--duration 20]
                                          [--concurrency 16]

Starts `storyline serve` as a subprocess on 127.0.0.1 (an ephemeral port), then, for each
endpoint in turn, keeps `--concurrency` requests in flight for `--duration` seconds (httpx,
async) and prints requests/s, p50/p95/max latency and errors. Only loopback is contacted.

`--corpus seeds` ingests ../shared/corpora/seeds into a temporary store; `--corpus news`
ingests Reuters-21578, BBC News and Timeline17 into `--db` (default
/tmp/storyline-bench/news.db) the first time, and reuses it afterwards. When the store has no
stories yet (analysis has not produced any), the benchmark writes synthetic ones (ids
starting `bench-`: the top full-text matches of a few topics, one event per day) so the
story page can be measured at a realistic size; it says so in its output.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

from storyline import jobs
from storyline.model import Event, Story, content_hash
from storyline.search import SearchOptions, search

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
NEWS_INPUTS = [
    CORPORA / "news-reuters21578" / "reuters21578.jsonl",
    CORPORA / "news-bbc2225" / "bbc.jsonl",
    *sorted((CORPORA / "timeline17").glob("*/articles.json")),
]
QUERIES = [
    "oil prices", "bank interest rate", "election", "president said", "trade deficit",
    "football", "Lukashenko", "spill", "coffee", "shares rose", "government", "\"central bank\"",
]  # fmt: skip
TOPICS = ["oil", "bank", "election", "coffee", "football"]
STORY_SIZE = 300  # articles per synthetic story


def build_store(corpus: str, db: Path) -> Path:
    """Ingest the corpus into ``db`` unless it already holds articles."""
    with jobs.open_store(db) as store:
        if store.counts()["articles"]:
            return db
        inputs = [str(CORPORA / "seeds")] if corpus == "seeds" else [str(p) for p in NEWS_INPUTS]
        started = time.perf_counter()
        summary = jobs.ingest(inputs, store)
        jobs.analyze(store)
        print(f"ingested {summary.written} articles in {time.perf_counter() - started:.0f} s")
    return db


def ensure_stories(db: Path) -> list[str]:
    """Story ids to request; synthetic ones are written when the store has none."""
    with jobs.open_store(db) as store:
        stories = [story.id for story in store.stories()]
        if stories:
            return stories[:20]
        print("no stories in the store: writing synthetic bench- stories (top matches per topic)")
        written = [_synthetic_story(store, topic) for topic in TOPICS]
        store.replace_stories([story for story, _ in written if story.event_ids])
        store.write_events([event for _, events in written for event in events])
        return [story.id for story, _ in written if story.event_ids]


def _synthetic_story(store: jobs.SqliteStore, topic: str) -> tuple[Story, list[Event]]:
    hits = search(store, topic, SearchOptions(limit=200, sentences=False)).hits
    hits += search(store, topic, SearchOptions(limit=STORY_SIZE - 200, offset=200)).hits
    story_id = f"bench-{topic}"
    by_day: dict[str, list[str]] = defaultdict(list)
    for hit in hits:
        by_day[(hit.published or "undated")[:10]].append(hit.article_id)
    events = [
        Event(f"bench-{content_hash(topic, day, length=10)}", f"{topic} on {day}", ids,
              date=None if day == "undated" else day, story_id=story_id)
        for day, ids in by_day.items()
    ]  # fmt: skip
    return Story(story_id, f"Bench story: {topic}", [e.id for e in events]), events


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    problem = server.stderr.read().decode() if server.stderr else ""
    raise SystemExit(f"server did not start: {problem}")


async def load(base: str, paths: list[str], duration: float, concurrency: int) -> dict[str, float]:
    """Keep ``concurrency`` requests in flight over ``paths`` (round robin) for ``duration`` s."""
    latencies: list[float] = []
    errors = 0
    counter = 0
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors, counter
        while time.perf_counter() < deadline:
            path = paths[counter % len(paths)]
            counter += 1
            started = time.perf_counter()
            try:
                response = await client.get(path)
                errors += response.status_code != 200
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return _figures(latencies, errors, elapsed)


def _figures(latencies: list[float], errors: int, elapsed: float) -> dict[str, float]:
    ordered = sorted(latencies) or [0.0]

    def quantile(q: float) -> float:
        return ordered[min(int(q * len(ordered)), len(ordered) - 1)] * 1000

    return {
        "requests": len(latencies), "errors": errors, "rps": len(latencies) / elapsed,
        "p50": quantile(0.50), "p95": quantile(0.95), "max": ordered[-1] * 1000,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("seeds", "news"), default="seeds")
    parser.add_argument("--db", type=Path, help="store to serve (built from --corpus if empty)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per endpoint")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        default = Path(folder) / "seeds.db" if args.corpus == "seeds" else _news_db()
        db = build_store(args.corpus, args.db or default)
        run(db, ensure_stories(db), args.duration, args.concurrency)


def _news_db() -> Path:
    folder = Path(tempfile.gettempdir()) / "storyline-bench"
    folder.mkdir(exist_ok=True)
    return folder / "news.db"


def run(db: Path, stories: list[str], duration: float, concurrency: int) -> None:
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    endpoints = {
        "search (GET /api/search)": [f"/api/search?{httpx.QueryParams(q=q)}" for q in QUERIES],
        "story page (GET /stories/{id})": [f"/stories/{story}" for story in stories],
        "story list (GET /)": ["/"],
    }
    with jobs.open_store(db) as store:
        print(f"{db}: {store.counts()['articles']} articles, {len(stories)} stories to request")
    print(f"{'endpoint':34} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'max ms':>7}")  # fmt: skip
    try:
        for name, paths in endpoints.items():
            f = asyncio.run(load(base, paths, duration, concurrency))
            print(f"{name:34} {f['requests']:8.0f} {f['errors']:6.0f} {f['rps']:7.1f} "
                  f"{f['p50']:7.1f} {f['p95']:7.1f} {f['max']:7.1f}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
