"""Enrichment throughput: the whole stage beside spaCy's ``nlp.pipe`` alone, with peak memory.

Run:  .venv/bin/python benchmarks/enrich.py [--articles N] [--n-process 1 2]

Uses the first N BBC News articles (../shared/corpora/news-bbc2225/bbc.jsonl). For
each worker count it times ``nlp.pipe`` over the article texts (the floor: parsing
alone) and ``enrich_articles`` over the same articles in the analyze step's batches
(line-by-line parsing, entity chains, quotes, times, numbers), in the same run,
and prints words/s, our overhead over ``nlp.pipe``, and the peak RSS of this process
and of its worker processes.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from storyline.enrich.language_model import english_pipeline
from storyline.enrich.stage import enrich_articles
from storyline.jobs import BATCH_SIZE
from storyline.model import Article
from storyline.pipeline import batched
from storyline.workers import kept_forks

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "news-bbc2225" / "bbc.jsonl"


def _articles(limit: int) -> list[Article]:
    articles = []
    with BBC.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = f"{record['title']}\n\n{record['body']}"
            articles.append(Article(id=record["id"], source_path="bbc", text=text, language="en"))
            if len(articles) == limit:
                break
    return articles


def _pipe_seconds(texts: list[str], n_process: int) -> float:
    start = time.perf_counter()
    for _ in english_pipeline().pipe(texts, n_process=n_process, batch_size=64):
        pass
    return time.perf_counter() - start


def _stage_seconds(articles: list[Article], n_process: int) -> tuple[float, int, int]:
    # Batch by batch, as the analyze step calls it (worker processes forked once for all).
    start = time.perf_counter()
    with kept_forks():
        enrichments = [
            e for batch in batched(articles, BATCH_SIZE) for e in enrich_articles(batch, n_process)
        ]
    elapsed = time.perf_counter() - start
    quotes = sum(len(e.quotes) for e in enrichments)
    chains = sum(len(e.chains) for e in enrichments)
    return elapsed, quotes, chains


def _peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="BBC articles to use")
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    articles = _articles(args.articles)
    texts = [article.text for article in articles]
    words = sum(len(text.split()) for text in texts)
    english_pipeline()  # loaded once, outside the timings
    enrich_articles(articles[:5])  # warm caches so both sides start equal
    table = Table(title=f"enrichment on {len(articles)} BBC articles ({words:,} words)")
    for column in (
        "n_process",
        "nlp.pipe words/s",
        "stage words/s",
        "overhead",
        "quotes",
        "chains",
    ):
        table.add_column(column, justify="right")
    for n_process in args.n_process:
        pipe = _pipe_seconds(texts, n_process)
        stage, quotes, chains = _stage_seconds(articles, n_process)
        overhead = f"{(stage / pipe - 1) * 100:+.0f} %"
        table.add_row(
            str(n_process), f"{words / pipe:,.0f}", f"{words / stage:,.0f}", overhead,
            str(quotes), str(chains),
        )  # fmt: skip
    console = Console()
    console.print(table)
    console.print(
        f"peak RSS: this process {_peak_mib(resource.RUSAGE_SELF):,.0f} MiB, "
        f"largest worker {_peak_mib(resource.RUSAGE_CHILDREN):,.0f} MiB"
    )


if __name__ == "__main__":
    main()
