"""Event linking at scale: fit on the real articles, then assignment per article as the
store grows to 200k (a synthetic stream built from the real events).

Run:  .venv/bin/python benchmarks/link.py [--sizes 10000,50000,200000] [--assign 1000]

1. The ~23.5k real articles with a body (Reuters-21578, BBC, Timeline17; ../shared):
   embedding throughput (USE, title + lead, 1,000 articles), term profiles per second,
   and one full fit of the event linker (``EventLinker.fit``), timed.
2. SYNTHETIC stream: copies of the real *events* (every member of an event copied
   together, all shifted by one random offset, so events keep their size and time
   spread), each copy perturbed lightly (10 % of its terms dropped), at a constant
   :data:`DAILY` articles a day (an archive grows in time: 200k span 18 years). The
   linker holds N stored articles with their events (``EventLinker.extend``), then
   ``--assign`` new copies are placed one by one (``assign``), then their neighbourhood
   is refitted (``refine``): milliseconds per article for each N, and peak memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import date

import numpy as np
from corpus import real_articles
from rich.console import Console
from rich.table import Table

from storyline.link.embed import embed_articles, shared_encoder
from storyline.link.events import EventItem, EventLinker
from storyline.link.terms import CorpusWeights, TermProfile, Terms, profile_article

START = date(2000, 1, 1).toordinal()
DAILY = 30  # articles a day in the synthetic stream (Reuters-21578 has ~80 on busy days)
DROP = 0.10  # share of terms each synthetic copy loses


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def perturbed(profile: TermProfile, article_id: str, rng: random.Random) -> TermProfile:
    def thin(terms: Terms) -> Terms:
        if len(terms) < 3:
            return terms
        keep = np.array([rng.random() >= DROP for _ in range(len(terms))])
        weights = terms.weights[keep]
        norm = float(np.linalg.norm(weights))
        return Terms(terms.keys[keep], weights / norm) if norm else terms

    return TermProfile(article_id, thin(profile.full), thin(profile.lead), thin(profile.names))


def synthetic_events(
    events: list[list[EventItem]], count: int, rng: random.Random, tag: str, span: int
) -> tuple[list[EventItem], dict[str, str]]:
    """``count`` articles as whole copied events dated within ``span`` days, and labels."""
    items: list[EventItem] = []
    labels: dict[str, str] = {}
    copy = 0
    while len(items) < count:
        for members in events:
            if len(items) >= count:
                break
            shift = START + rng.randrange(span)
            base = min((m.when[0] for m in members if m.when), default=0)
            label = f"{tag}{copy}:{members[0].id}"
            for member in members:
                offset = (member.when[0] - base) if member.when else rng.randrange(3)
                day = shift + min(offset, 30)
                article_id = f"{tag}{copy}:{member.id}"
                profile = perturbed(member.profile, article_id, rng)
                items.append(EventItem(article_id, profile, (day, day)))
                labels[article_id] = label
        copy += 1
    return items[:count], labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,200000")
    parser.add_argument("--assign", type=int, default=1000)
    args = parser.parse_args()
    console = Console()
    articles = real_articles()
    console.print(f"{len(articles)} real articles with a body")

    shared_encoder()
    started = time.perf_counter()
    embed_articles(articles[:1000])
    console.print(
        f"embedding (USE, title + lead): {1000 / (time.perf_counter() - started):.0f} articles/s"
    )

    started = time.perf_counter()
    profiles = [profile_article(a) for a in articles]
    seconds = time.perf_counter() - started
    console.print(f"term profiles: {len(profiles) / seconds:.0f} articles/s")

    weights = CorpusWeights(profiles)
    items = [
        EventItem.from_article(a, weights.weigh(p)) for a, p in zip(articles, profiles, strict=True)
    ]
    started = time.perf_counter()
    fitted = EventLinker().fit(items)
    seconds = time.perf_counter() - started
    groups = fitted.groups()
    console.print(
        f"fit on the real articles: {seconds:.1f} s "
        f"({1000 * seconds / len(items):.1f} ms/article), {len(groups)} events, "
        f"peak memory {peak_mib():.0f} MiB"
    )

    by_id = {item.id: item for item in items}
    events = [[by_id[a] for a in members] for members in groups.values()]
    rng = random.Random(7)
    table = Table(
        title=f"SYNTHETIC stream (real events copied with shuffled dates, {DAILY} a day, "
        "10 % of terms dropped)"
    )
    for column in (
        "stored",
        "build s",
        "assign ms/article",
        "p95 ms",
        "refine ms/article",
        "events",
        "peak MiB",
    ):
        table.add_column(column, justify="right")
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        span = max(1, size // DAILY)
        stored, labels = synthetic_events(events, size, rng, "s", span)
        linker = EventLinker().extend(stored, labels)
        build = time.perf_counter() - started
        new, _ = synthetic_events(events, args.assign, rng, "n", span)
        timings = []
        for item in new:
            started = time.perf_counter()
            linker.assign(item)
            timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        linker.refine(item.id for item in new)
        refine = time.perf_counter() - started
        table.add_row(
            f"{size:,}", f"{build:.0f}", f"{1000 * np.mean(timings):.2f}",
            f"{1000 * np.percentile(timings, 95):.2f}", f"{1000 * refine / len(new):.2f}",
            f"{len(linker.groups()):,}", f"{peak_mib():.0f}",
        )  # fmt: skip
        del stored, labels, linker
    console.print(table)


if __name__ == "__main__":
    main()
