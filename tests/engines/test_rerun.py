"""A rerun skips the shards it finished and computes only what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import distributed

from storyline import jobs
from storyline.engines.dask import DaskEngine
from storyline.engines.parts import MANIFEST
from storyline.engines.shards import ShardSizes


def _parts(folder: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in folder.glob("*/part-*.parquet")}


def test_rerun_skips_finished_shards_and_redoes_a_missing_one(
    client: distributed.Client, reuters_sample: Path, tmp_path: Path
) -> None:
    engine = DaskEngine(client, ShardSizes(documents=32), tmp_path / "news.db.shards")
    with jobs.open_store(tmp_path / "news.db") as store:
        first = jobs.ingest([str(reuters_sample)], store, engine=engine)
        folder = tmp_path / "news.db.shards" / "ingest"
        before = _parts(folder)
        shards = sorted(path.parent for path in folder.glob(f"*/{MANIFEST}"))
        assert len(shards) >= 5  # one per 32 lines of the sample
        shutil.rmtree(shards[2])  # as if the run had stopped before this shard
        again = jobs.ingest([str(reuters_sample)], store, engine=engine)
        after = _parts(folder)
        assert after.keys() == before.keys()
        redone = {path for path in after if after[path] != before[path]}
        assert {path.parent for path in redone} == {shards[2]}
        assert (again.read, again.written, again.unchanged) == (first.read, 0, first.written)
        assert store.counts()["articles"] == first.written


def test_analysis_shards_are_removed_once_loaded(
    client: distributed.Client, tmp_path: Path
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for index in range(3):
        text = f"Town {index} council approves budget\n\nThe council of town {index} voted."
        (corpus / f"{index}.txt").write_text(text, "utf-8")
    engine = DaskEngine(client, work_dir=tmp_path / "news.db.shards")
    with jobs.open_store(tmp_path / "news.db") as store:
        jobs.ingest([str(corpus)], store, engine=engine)
        first = jobs.analyze(store, engine=engine)
        assert first.steps["enrich"] == 3 and store.counts()["enrichments"] == 3
        assert not list((tmp_path / "news.db.shards" / "analyze").iterdir())
        again = jobs.analyze(store, engine=engine)
        assert "enrich" in again.skipped and "events" in again.skipped
