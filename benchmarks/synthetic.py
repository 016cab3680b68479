"""A large archive from a real one: real articles copied with shifted dates, then analysed.

Run:  .venv/bin/python benchmarks/synthetic.py --source REAL.db --db BIG.db
                                              [--articles 200000] [--analyze-every 20000]
                                              [--batch 1000]

``--source`` is an analysed store of real articles (e.g. the one benchmarks/stream.py
builds from Reuters-21578, with BBC News and Timeline17 added). ``--db`` starts as a copy
of it; copy *k* of every article then joins it until it holds ``--articles``:

- its dates (published, modified, every resolved time expression) move *k* years on, so
  copies of one wire fall in different years, as recurring events of one kind do;
- 30 % of its ordinary words (lower-case, 4+ letters, outside every span the language
  stage marked: names, quotes, times, figures) are swapped for other corpus words of the
  same length, so copies are not duplicates of each other and the language stage's
  offsets stay true;
- the language stage's results and sentence vectors are carried over (a copy says what
  its original says); signatures and term profiles are computed, since the text changed.

Every ``--analyze-every`` articles the store is analysed (incremental, as a monitor would
run it) and the seconds per phase are printed. With ``--batch N``, a further N copies
are then ingested and analysed in a fresh process, the figures the issue asks for:
seconds per corpus phase and peak memory for an N-article batch on the big archive, landing
in its latest year (where news lands: among that year's copies, reworded afresh).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from storyline import jobs
from storyline.enrich.stage import enrich_version
from storyline.graph import article_step_names
from storyline.link.duplicate_phase import SIGNATURE_MODEL
from storyline.link.terms import PROFILE_MODEL
from storyline.model import Article, Enrichment, RawDocument, content_hash
from storyline.options import AnalyzeOptions

SWAP_SHARE = 0.3
CHUNK = 2000
WORD = re.compile(r"\b[a-z]{4,}\b")
ISO = re.compile(r"^(\d{4})(-\d\d(?:-\d\d)?)?(.*)$")
console = Console(width=160)


def shift_iso(value: str | None, years: int) -> str | None:
    """``value`` (an ISO date, month or year, maybe with a time) ``years`` later."""
    match = ISO.match(value or "")
    if value is None or match is None:
        return value
    year, rest, tail = int(match[1]) + years, match[2] or "", match[3]
    if rest == "-02-29" and not _leap(year):
        rest = "-02-28"
    return f"{year:04d}{rest}{tail}"


def _leap(year: int) -> bool:
    try:
        date(year, 2, 29)
    except ValueError:
        return False
    return True


def protected(enrichment: Enrichment) -> list[tuple[int, int]]:
    """Every span the language stage marked (never touched by the word swaps)."""
    spans: list[tuple[int, int]] = []
    for chain in enrichment.chains:
        spans += [(m.start, m.end) for m in chain.mentions]
    spans += [(m.start, m.end) for m in enrichment.mentions]
    spans += [(t.start, t.end) for t in enrichment.times]
    spans += [(c.start, c.end) for c in enrichment.claims]
    for quote in enrichment.quotes:
        spans.append((quote.start, quote.end))
        for start, end in (
            (quote.speaker_start, quote.speaker_end),
            (quote.cue_start, quote.cue_end),
        ):
            if start is not None and end is not None:
                spans.append((start, end))
    return spans


class Swapper:
    """Swaps ordinary words for corpus words of the same length (frequency-weighted)."""

    def __init__(self, texts: Iterator[str], seed: int) -> None:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(WORD.findall(text))
        by_length: dict[int, list[str]] = defaultdict(list)
        weights: dict[int, list[int]] = defaultdict(list)
        for word, count in counts.items():
            by_length[len(word)].append(word)
            weights[len(word)].append(count)
        self._words, self._weights = dict(by_length), dict(weights)
        self._rng = random.Random(seed)

    def __call__(self, text: str, keep: list[tuple[int, int]]) -> str:
        inside = bytearray(len(text))
        for start, end in keep:
            inside[max(0, start) : max(0, end)] = b"\x01" * max(0, min(end, len(text)) - start)
        out = list(text)
        for match in WORD.finditer(text):
            start, end = match.span()
            if any(inside[start:end]) or self._rng.random() >= SWAP_SHARE:
                continue
            words = self._words.get(end - start)
            if words:
                out[start:end] = self._rng.choices(words, self._weights[end - start])[0]
        return "".join(out)


def clone(
    article: Article, enrichment: Enrichment, copy: int, swap: Swapper, tag: str | None = None
) -> tuple[RawDocument, Article, Enrichment]:
    """Copy ``copy`` of an article and its enrichment (same length, new id, dates ``copy``
    years later); ``tag`` (default: the copy number) tells copies of one year apart."""
    tag = tag or str(copy)
    text = swap(article.text, protected(enrichment))
    published_range = article.published_range
    if published_range is not None:
        start, end = (shift_iso(day, copy) or "" for day in published_range)
        published_range = (start, end)
    raw = RawDocument(
        source_path=f"synthetic/{tag}/{article.source_path}", format=article.format,
        body=text, url=article.url.replace("://", f"://copy{tag}.", 1) if article.url else None,
        external_id=f"{article.external_id or article.id}~{tag}", title=article.title,
        published=shift_iso(article.published, copy), outlet=article.outlet,
    )  # fmt: skip
    copied = replace(
        article, id=raw.id, text=text, url=raw.url, source_path=raw.source_path,
        external_id=raw.external_id, published=raw.published,
        modified=shift_iso(article.modified, copy), published_range=published_range,
        duplicate_of=None, event_id=None,
    )  # fmt: skip
    return raw, copied, _moved(enrichment, raw.id, copy, article.language)


def _moved(enrichment: Enrichment, new_id: str, years: int, language: str | None) -> Enrichment:
    def tag(old: str) -> str:
        return content_hash(old, new_id)

    times = [
        replace(t, article_id=new_id, value=shift_iso(t.value, years),
                range=(shift_iso(t.range[0], years) or "", shift_iso(t.range[1], years) or "")
                if t.range else None)
        for t in enrichment.times
    ]  # fmt: skip
    return replace(
        enrichment,
        article_id=new_id,
        # Carried over, so stamped current: a source enriched by an older storyline would
        # otherwise have every copy enriched again, and this benchmark is the corpus phases'
        # (enrichment's own speed is benchmarks/enrich.py's and languages.py's).
        version=enrich_version(language),
        chains=[
            replace(
                c, article_id=new_id, mentions=[replace(m, article_id=new_id) for m in c.mentions]
            )
            for c in enrichment.chains
        ],
        mentions=[replace(m, article_id=new_id) for m in enrichment.mentions],
        quotes=[
            replace(q, id=tag(q.id), article_id=new_id, group_id=None) for q in enrichment.quotes
        ],
        claims=[
            replace(c, id=tag(c.id), article_id=new_id, group_id=None) for c in enrichment.claims
        ],
        times=times,
    )


# Building -----------------------------------------------------------------------------


def build(source: Path, db: Path, target: int, analyze_every: int) -> None:
    """Copy ``source`` into ``db`` and grow it with shifted copies to ``target`` articles."""
    if not db.exists():
        with sqlite3.connect(source) as src, sqlite3.connect(db) as dst:
            src.backup(dst)
    with jobs.open_store(db) as store:
        originals = [a for a in store.articles() if not a.source_path.startswith("synthetic/")]
        have = store.counts()["articles"]
        console.print(f"{db}: {have:,} articles, {len(originals):,} originals")
        swap = Swapper((a.text for a in originals), seed=have)
        models = carried_models(store)
        pending = 0
        for copy, chunk in _plan(originals, have, target):
            _write(store, chunk, copy, swap, models)
            pending += len(chunk)
            if pending >= analyze_every or store.counts()["articles"] >= target:
                analyse(store, pending)
                pending = 0


def _plan(originals: list[Article], have: int, target: int) -> Iterator[tuple[int, list[Article]]]:
    """Chunks of originals to copy, copy after copy, starting where the store stands."""
    count = len(originals)
    done = have - count
    while done < target - count:
        copy, offset = divmod(done, count)
        chunk = originals[offset : offset + min(CHUNK, target - count - done)]
        yield copy + 1, chunk
        done += len(chunk)


def carried_models(store: jobs.SqliteStore) -> list[str]:
    """The vectors a copy takes from its original: the sentence vectors, not the
    signature and term profile, which the per-article steps compute from the reworded
    text (a copy carrying its original's signature would be filed under its original's
    digest and LSH bands, a candidate duplicate of every other copy of it)."""
    return [m for m in store.vector_models() if m not in (SIGNATURE_MODEL, PROFILE_MODEL)]


def _write(
    store: jobs.SqliteStore,
    chunk: list[Article],
    copy: int,
    swap: Swapper,
    models: list[str],
    tag: str | None = None,
) -> None:
    ids = [a.id for a in chunk]
    enrichments = {e.article_id: e for e in store.enrichments(ids)}
    sources = [a for a in chunk if a.id in enrichments]
    clones = [clone(a, enrichments[a.id], copy, swap, tag) for a in sources]
    new_ids = {a.id: article.id for a, (_, article, _) in zip(sources, clones, strict=True)}
    store.write_batch([c[1] for c in clones], [c[0] for c in clones], [])
    store.write_enrichments([c[2] for c in clones])
    for model in models:
        vectors = [(new_ids[aid], blob) for aid, blob in store.vectors(model, list(new_ids))]
        store.write_vectors(model, vectors)


def analyse(store: jobs.SqliteStore, new: int, processes: int | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    summary = jobs.analyze(store, options=AnalyzeOptions(n_process=processes))
    seconds = summary.seconds
    per_article = set(article_step_names()) | {"extract"}
    figures = {
        "store": store.counts()["articles"], "new": new,
        "steps": sum(s for k, s in seconds.items() if k in per_article),
        "phases": {k: s for k, s in seconds.items() if k not in per_article},
        "analyze": time.perf_counter() - started,
        "peak_mb": peak_mb(),
        # The largest of the spawned story-analysis workers (--processes), apart: they
        # run beside this process, so both peaks can be reached at once.
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }  # fmt: skip
    phases = ", ".join(f"{k} {v:.1f}" for k, v in figures["phases"].items())
    console.print(
        f"store {figures['store']:>7,}: +{new:,} analysed in {figures['analyze']:.0f} s "
        f"(article steps {figures['steps']:.0f} s; {phases}) peak {figures['peak_mb']:,.0f} MB"
    )
    return figures


def peak_mb() -> float:
    """This process's peak resident memory. From the kernel's per-address-space high-water
    mark where there is one: ``ru_maxrss`` survives ``exec``, so the measuring process,
    started by a build holding gigabytes, would report the build's peak as its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(db: Path, size: int, processes: int | None = None) -> None:
    """One ``size``-article batch of new copies on the big store: seconds and peak memory.

    The batch lands where news lands, in the archive's latest year, among that year's
    copies (reworded afresh, so they are new articles about the same happenings, not
    duplicates): a batch in an empty year would find no neighbours and cost nothing.
    """
    with jobs.open_store(db) as store:
        originals = [a for a in store.articles() if not a.source_path.startswith("synthetic/")]
        tags = {
            a.source_path.split("/", 2)[1]
            for a in store.articles()
            if a.source_path.startswith("synthetic/")
        }
        copy = max((int(t.split("-")[0]) for t in tags), default=0)
        tag = f"{copy}-batch{sum(t.startswith(f'{copy}-') for t in tags) + 1}"
        swap = Swapper((a.text for a in originals), seed=len(tags) + 1000)
        sample = random.Random(len(tags)).sample(originals, min(size, len(originals)))
        _write(store, sample, copy, swap, carried_models(store), tag)
        figures = analyse(store, len(sample), processes)
    table = Table(
        title=f"A {len(sample):,}-article batch on a {figures['store']:,}-article archive"
    )
    table.add_column("step")
    table.add_column("seconds", justify="right")
    table.add_row(
        "per-article steps (signature, profile; language results carried over)",
        f"{figures['steps']:.1f}",
    )
    for name, seconds in figures["phases"].items():
        table.add_row(name, f"{seconds:.1f}")
    table.add_row("corpus phases, total", f"{sum(figures['phases'].values()):.1f}")
    table.add_row("peak memory (MB)", f"{figures['peak_mb']:,.0f}")
    if processes != 1:
        table.add_row("largest worker's peak (MB)", f"{figures['worker_peak_mb']:,.0f}")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source", type=Path, required=True, help="an analysed store of real articles"
    )
    parser.add_argument("--db", type=Path, required=True, help="the big store (grown if it exists)")
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--analyze-every", type=int, default=20_000)
    parser.add_argument("--batch", type=int, help="then time one batch of this many new articles")
    parser.add_argument(
        "--processes", type=int, help="analyze --n-process N (default: as analyze chooses)"
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.db, args.batch, args.processes)
        return
    build(args.source, args.db, args.articles, args.analyze_every)
    if args.batch:
        # A fresh process, so the peak memory is the batch's own, not the build's.
        command = [sys.executable, __file__, "--source", str(args.source), "--db", str(args.db),
                   "--batch", str(args.batch), "--measure"]  # fmt: skip
        if args.processes is not None:
            command += ["--processes", str(args.processes)]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
