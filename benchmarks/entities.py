"""Entity merging throughput on synthetic chains: how long the corpus phase takes at scale.

Run:  .venv/bin/python benchmarks/entities.py [--articles 30000] [--chains 30]

Each synthetic article has ``--chains`` chains: half people (drawn from 30,000 surnames,
70 % of them from the 3,000 most common, 30 % bare surnames) and half organisations
or places. Prints seconds, entities found and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from storyline.link.entities import merge_entities
from storyline.model import Chain, Enrichment, Mention

LETTERS, VOWELS = "bcdfghklmnprstvz", "aeiou"


def word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(LETTERS) + rng.choice(VOWELS) for _ in range(syllables)).title()


def synthetic(articles: int, per_article: int, seed: int = 1) -> list[Enrichment]:
    """Enrichments with random people, organisations and places (no text behind them)."""
    rng = random.Random(seed)
    surnames = [word(rng, rng.randint(2, 4)) for _ in range(30_000)]
    given = [word(rng, rng.randint(2, 3)) for _ in range(3_000)]
    bodies = [f"{word(rng, 3)} {word(rng, 2)}" for _ in range(10_000)]
    found = []
    for number in range(articles):
        article_id, chains = f"a{number}", []
        for index in range(per_article):
            if rng.random() < 0.5:
                surname = rng.choice(surnames[:3000] if rng.random() < 0.7 else surnames)
                name = surname if rng.random() < 0.3 else f"{rng.choice(given)} {surname}"
                kind = "PERSON"
            else:
                name, kind = rng.choice(bodies), rng.choice(["ORG", "GPE"])
            mention = Mention(article_id, index * 50, index * 50 + len(name), name, kind)
            chains.append(Chain(article_id, index, name, kind, [mention]))
        found.append(Enrichment(article_id, "1", chains=chains))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=30_000)
    parser.add_argument("--chains", type=int, default=30)
    args = parser.parse_args()
    enrichments = synthetic(args.articles, args.chains)
    started = time.perf_counter()
    merged = merge_entities(enrichments)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"{args.articles} articles, {args.articles * args.chains} chains -> "
        f"{len(merged.entities)} entities in {seconds:.1f} s; peak RSS {peak} MB"
    )


if __name__ == "__main__":
    main()
