"""Loopback load test of `storyline serve`: requests/s and latency for search and story pages.

Run:  .venv/bin/python benchmarks/serve.py [--db PATH | --corpus seeds|news | --articles N]
                                          [--duration 10] [--concurrency 1 16]

Starts `storyline serve` as a subprocess on 127.0.0.1 (an ephemeral port). First each of
the largest stories' pages is requested once (cold: nothing read yet, as after a restart);
then, for each page and query kind in turn and at each `--concurrency` (1 and 16 clients
by default), requests are kept in flight for `--duration` seconds (httpx, async), and
requests/s, p50/p95/max latency and errors are printed. Only loopback is contacted.

`--articles N` serves the synthetic archive of N articles (real articles with shifted
dates, analysed: benchmarks/synthetic.py), reusing `/work/coord/cache/synth200k.db`-style
stores (`--db` names another); when it is missing it is built from the news store.

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
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

from storyline import jobs
from storyline.link.vector_index import VectorIndex
from storyline.model import Event, Story, content_hash
from storyline.search import ArticleFilter, SearchOptions, search
from storyline.search.semantic import USE_MODEL_MARKERS

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
NEWS_INPUTS = [
    CORPORA / "news-reuters21578" / "reuters21578.jsonl",
    CORPORA / "news-bbc2225" / "bbc.jsonl",
    *sorted((CORPORA / "timeline17").glob("*/articles.json")),
]
SYNTHETIC = Path("/work/coord/cache")  # where the lead's synthetic stores are kept
QUERIES = [
    "oil prices", "bank interest rate", "election", "president said", "trade deficit",
    "football", "Lukashenko", "spill", "coffee", "shares rose", "government", "\"central bank\"",
]  # fmt: skip
LARGEST = (
    "SELECT e.story_id FROM articles a JOIN events e ON a.event_id = e.id "
    "WHERE e.story_id IS NOT NULL GROUP BY e.story_id ORDER BY count(*) DESC LIMIT 20"
)
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
    with sqlite3.connect(db) as connection:  # the largest stories first
        stories = [row[0] for row in connection.execute(LARGEST)]
    if stories:
        return stories
    with jobs.open_store(db) as store:
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


async def load(
    base: str, paths: list[str], duration: float, concurrency: int, once: bool = False
) -> dict[str, float]:
    """Keep ``concurrency`` requests in flight over ``paths`` (round robin) for ``duration``
    s; with ``once``, request each path once instead."""
    latencies: list[float] = []
    errors = 0
    counter = 0
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors, counter
        while (counter < len(paths)) if once else (time.perf_counter() < deadline):
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
    parser.add_argument("--articles", type=int, help="serve the synthetic store of N articles")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.articles:
            db = synthetic_store(args.articles, args.db)
        else:
            default = Path(folder) / "seeds.db" if args.corpus == "seeds" else _news_db()
            db = build_store(args.corpus, args.db or default)
        run(db, ensure_stories(db), args.duration, args.concurrency)


def synthetic_store(articles: int, db: Path | None) -> Path:
    """The synthetic store of ``articles`` articles, built (from the news store) if missing."""
    db = db or SYNTHETIC / f"synth{articles // 1000}k.db"
    if db.exists():
        return db
    source = build_store("news", _news_db())
    script = Path(__file__).with_name("synthetic.py")
    print(f"building {db} ({articles} articles) from {source}: this takes hours")
    command = [sys.executable, str(script), "--source", str(source), "--db", str(db)]
    subprocess.run([*command, "--articles", str(articles)], check=True)
    return db


def _news_db() -> Path:
    folder = Path(tempfile.gettempdir()) / "storyline-bench"
    folder.mkdir(exist_ok=True)
    return folder / "news.db"


def endpoints(db: Path, stories: list[str]) -> dict[str, list[str]]:
    """Paths per page and query kind, over the store's own ids."""
    with jobs.open_store(db) as store:
        entities = [e.id for e in store.entities()][:20]
        articles, _ = store.article_page(ArticleFilter(), 20, 0, "newest")
        total = store.counts()["articles"]
    text = [httpx.QueryParams(q=q) for q in QUERIES]
    filtered = [httpx.QueryParams(q=q, since="1990-01", until="2005-12") for q in QUERIES]
    semantic = [httpx.QueryParams(q=q, mode="semantic") for q in QUERIES]
    semantic_dates = [
        httpx.QueryParams(q=q, mode="semantic", since="1990-01", until="2005-12") for q in QUERIES
    ]
    pages = [0, 50, 500, 5000]
    found = {
        "search text (API)": [f"/api/search?{q}" for q in text],
        "search text, dates (API)": [f"/api/search?{q}" for q in filtered],
        "search semantic (API)": [f"/api/search?{q}" for q in semantic],
        "search semantic, dates (API)": [f"/api/search?{q}" for q in semantic_dates],
        "search page (HTML)": [f"/search?{q}" for q in text],
        "story page (HTML)": [f"/stories/{story}" for story in stories],
        "story (API)": [f"/api/stories/{story}" for story in stories],
        "story list (HTML)": [f"/?offset={o}" for o in pages[:2]],
        "article list (HTML)": [f"/articles?offset={o}" for o in pages if o < total],
        "article page (HTML)": [f"/articles/{a.id}" for a in articles],
        "entity list (HTML)": [f"/entities?offset={o}" for o in pages[:3]],
        "entity page (HTML)": [f"/entities/{e}" for e in entities],
    }
    return {name: paths for name, paths in found.items() if paths}


def vector_index(db: Path) -> None:
    """Bring the persisted vector index up to date before serving (as analysis leaves it),
    so that semantic search is measured, not the index's first build."""
    with jobs.open_store(db) as store:
        models = store.vector_models()
        semantic = [m for m in models if any(k in m.lower() for k in USE_MODEL_MARKERS)]
        if semantic:
            started = time.perf_counter()
            index = VectorIndex.for_store(store, semantic[0])
            print(f"vector index: {len(index)} vectors, {time.perf_counter() - started:.0f} s")


def run(db: Path, stories: list[str], duration: float, concurrency: list[int]) -> None:
    vector_index(db)
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    with jobs.open_store(db) as store:
        print(f"{db}: {store.counts()['articles']} articles, {len(stories)} stories to request")
    header = (f"{'page or query':28} {'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} "
              f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")  # fmt: skip
    print(header)
    try:
        cold = asyncio.run(load(base, [f"/stories/{s}" for s in stories], 0, 1, once=True))
        _print("story page, cold (HTML)", 1, cold)
        for name, paths in endpoints(db, stories).items():
            for clients in concurrency:
                _print(name, clients, asyncio.run(load(base, paths, duration, clients)))
    finally:
        server.terminate()
        server.wait(10)


def _print(name: str, clients: int, f: dict[str, float]) -> None:
    print(f"{name:28} {clients:7d} {f['requests']:8.0f} {f['errors']:6.0f} {f['rps']:7.1f} "
          f"{f['p50']:7.1f} {f['p95']:7.1f} {f['max']:7.1f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
