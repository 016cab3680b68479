"""Enrichment throughput per language: articles/s and words/s for en, ru, de and fr.

Run:  .venv/bin/python benchmarks/languages.py [--articles N]

Real news text of each language from ../shared/corpora: English BBC News articles,
Russian factRuEval-2016 documents, German and French article bodies of the Fundus
fixtures (pages-fundus/expected.jsonl; French has five, repeated up to N). Each
language's pipeline is loaded first (load time printed apart), then
``enrich_articles`` runs over the N articles in one process, the way the analyze step
calls it. Words are whitespace-separated tokens of the article texts.
"""

from __future__ import annotations

import argparse
import json
import time
from itertools import cycle, islice
from pathlib import Path

from rich.console import Console
from rich.table import Table

from storyline.enrich.stage import enrich_articles
from storyline.model import Article

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def _bbc() -> list[str]:
    with (CORPORA / "news-bbc2225" / "bbc.jsonl").open(encoding="utf-8") as lines:
        return [f"{r['title']}\n\n{r['body']}" for r in map(json.loads, islice(lines, 500))]


def _factru() -> list[str]:
    paths = sorted((CORPORA / "ner-ru-factrueval" / "devset").glob("*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths]


def _fundus(language: str) -> list[str]:
    lines = (CORPORA / "pages-fundus" / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    return [f"{r['title']}\n\n{r['body']}" for r in records if r["language"] == language]


SOURCES = {"en": _bbc, "ru": _factru, "de": lambda: _fundus("de"), "fr": lambda: _fundus("fr")}


def measure(language: str, count: int) -> dict[str, float]:
    texts = list(islice(cycle(SOURCES[language]()), count))
    articles = [
        Article(f"{language}{i}", "bench", text, language=language) for i, text in enumerate(texts)
    ]
    start = time.perf_counter()
    enrich_articles(articles[:1])  # loads the pipeline
    load = time.perf_counter() - start
    start = time.perf_counter()
    results = enrich_articles(articles)
    seconds = time.perf_counter() - start
    assert all(r.skipped is None for r in results), [r.skipped for r in results if r.skipped]
    words = sum(len(text.split()) for text in texts)
    return {"articles": len(articles), "words": words, "seconds": seconds, "load": load,
            "articles_s": len(articles) / seconds, "words_s": words / seconds}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--languages", nargs="+", default=list(SOURCES))
    args = parser.parse_args()
    table = Table(title=f"enrich_articles, {args.articles} articles per language, 1 process")
    for column in ("language", "words/article", "articles/s", "words/s", "pipeline load s"):
        table.add_column(column, justify="right")
    for language in args.languages:
        found = measure(language, args.articles)
        table.add_row(language, f"{found['words'] / found['articles']:.0f}",
                      f"{found['articles_s']:.1f}", f"{found['words_s']:.0f}",
                      f"{found['load']:.1f}")  # fmt: skip
    Console().print(table)


if __name__ == "__main__":
    main()
