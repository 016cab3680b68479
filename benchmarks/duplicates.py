"""Link-stage throughput: embeddings (texts/s) and duplicate detection on Reuters-21578.

Run:  .venv/bin/python benchmarks/duplicates.py [--embed N]

Embeds the title and lead (``article_text_for_embedding``) of the first N Reuters
stories with a body, timing the model load apart; then the same stories through the embed
step's compute in the orchestrator's batches of 64, in one process and in two forked
workers kept for all the batches (as ``analyze`` runs a step); then runs ``find_duplicates`` over
all 21,578 stories and builds an in-memory usearch index of the embedded vectors.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from storyline.jobs import open_store
from storyline.link.duplicates import DuplicateCandidate, find_duplicates
from storyline.link.embed import MODEL, embed_articles, embed_rows, embed_texts, shared_encoder
from storyline.link.vector_index import VectorIndex
from storyline.model import Article
from storyline.options import BATCH_SIZE
from storyline.workers import kept_forks

REUTERS = (
    Path(__file__).resolve().parents[2]
    / "shared" / "corpora" / "news-reuters21578" / "reuters21578.jsonl"
)  # fmt: skip


def _stories() -> list[dict[str, str]]:
    with REUTERS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embed", type=int, default=1000, help="stories to embed")
    args = parser.parse_args()
    stories = _stories()
    started = time.perf_counter()
    shared_encoder()
    embed_texts(["warm up"])
    print(f"model load: {time.perf_counter() - started:.2f} s")
    with_body = [s for s in stories if (s.get("body") or "").strip()][: args.embed]
    articles = [Article(str(s["newid"]), "", s["body"], title=s.get("title")) for s in with_body]
    started = time.perf_counter()
    vectors = embed_articles(articles)
    seconds = time.perf_counter() - started
    print(f"embed: {len(articles)} articles in {seconds:.1f} s = {len(articles) / seconds:.0f}/s")
    for processes in (1, 2):
        started = time.perf_counter()
        with kept_forks():
            for start in range(0, len(articles), BATCH_SIZE):
                embed_rows(articles[start : start + BATCH_SIZE], processes)
        seconds = time.perf_counter() - started
        print(f"embed step, batches of {BATCH_SIZE}, {processes} process(es): {seconds:.1f} s")
    started = time.perf_counter()
    index = VectorIndex.for_store(open_store(":memory:"), MODEL)
    index.add([a.id for a in articles], vectors)
    print(f"usearch index of {len(index)}: {time.perf_counter() - started:.2f} s")
    items = [
        DuplicateCandidate(str(s["newid"]), s.get("body") or "", None, "en", s.get("title"))
        for s in stories
    ]
    started = time.perf_counter()
    links = find_duplicates(items)
    seconds = time.perf_counter() - started
    print(f"find_duplicates: {len(items)} stories in {seconds:.1f} s, {len(links)} linked")


if __name__ == "__main__":
    main()
