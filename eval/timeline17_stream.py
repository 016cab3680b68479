"""Timeline17 as a stream: its stories' articles fed week by week, against a rebuild.

Timeline17's story folders (eight here: four topics, the BP oil spill told by five
outlets) are merged into one archive and fed to a store one week of publication at a
time, ``storyline.analyze`` after each, as a monitor meets them. Then ``analyze --full``
rebuilds the same store. Printed for both: the stories against the topics (B-cubed, each
article's story against its folder's topic: a coarse gold, a topic holds several
storylines, but a story mixing topics is wrong), and how the stream's events and stories
agree with the rebuild's.

Run:  .venv/bin/python eval/timeline17_stream.py [--store ENRICHED.db]

The records are first ingested and their per-article steps run in a store of their own
(~8 minutes on two cores), whose results the stream reuses; ``--store PATH`` keeps that
store there and reuses it when it exists.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from batches import fed_in_batches, write_jsonl
from corpora import corpus
from ecbplus import bcubed

from storyline import jobs
from storyline.graph import article_step_names
from storyline.store import SqliteStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from stream import agreement, partitions  # noqa: E402 (the stream benchmark's measures)


def records() -> list[tuple[str, dict[str, Any]]]:
    """(topic, record) for every article of every story folder, in publication order; a
    record's ``uid`` is made unique across folders (each folder counts from 0)."""
    found = []
    for folder in sorted(p for p in corpus("timeline17").iterdir() if p.is_dir()):
        path = folder / "articles.json"
        if path.exists():
            for record in json.loads(path.read_text(encoding="utf-8")):
                unique = {**record, "uid": f"{folder.name}-{record['uid']}"}
                found.append((folder.name.split("_")[0], unique))
    return sorted(found, key=lambda item: (item[1]["dct"], item[1]["uid"]))


def weeks(found: list[tuple[str, dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    by_week: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for _, record in found:
        year, week, _ = date.fromisoformat(record["dct"][:10]).isocalendar()
        by_week[(year, week)].append(record)
    return [by_week[key] for key in sorted(by_week)]


def enriched_store(path: Path, found: list[tuple[str, dict[str, Any]]]) -> SqliteStore:
    """The records ingested at ``path`` and their per-article steps run (reused when the
    store exists: the records, written as the stream writes them, get the same ids)."""
    if path.exists():
        return SqliteStore(path)
    lines = write_jsonl(path.with_suffix(".jsonl"), (r for _, r in found))
    store = jobs.open_store(path)
    jobs.ingest([str(lines)], store)
    jobs.analyze(store, steps=article_step_names())
    return store


def story_scores(
    store: SqliteStore, stories: dict[str, str], topic_of: dict[str, str]
) -> tuple[float, float, float]:
    """B-cubed of ``stories`` (the store's partition) against the folders' topics."""
    external = {a.id: a.external_id for a in store.articles()}
    ours = {a: s for a, s in stories.items() if external.get(a) in topic_of}
    return bcubed(ours, {a: topic_of[str(external[a])] for a in ours})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="keep (or reuse) the enriched records here")
    args = parser.parse_args()
    found = records()
    topic_of = {str(record["uid"]): topic for topic, record in found}
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        enriched = enriched_store(args.store or directory / "enriched.db", found)
        batched = weeks(found)
        store = fed_in_batches(enriched, directory, batched, jobs.analyze)
        stream = partitions(store)
        p, r, f = story_scores(store, stream["stories"], topic_of)
        print(
            f"fed in {len(batched)} weekly batches: stories vs topics B3 P {p:.3f} R {r:.3f} F1 {f:.3f}"
        )
        jobs.analyze(store, options=jobs.AnalyzeOptions(full=True))
        rebuild = partitions(store)
        p, r, f = story_scores(store, rebuild["stories"], topic_of)
        print(f"rebuilt (--full):            stories vs topics B3 P {p:.3f} R {r:.3f} F1 {f:.3f}")
        agreed = agreement(stream, rebuild)
        print(
            f"stream against the rebuild: events B3 F1 {agreed['events']:.3f}, stories {agreed['stories']:.3f}"
        )


if __name__ == "__main__":
    main()
