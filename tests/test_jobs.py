import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyline import jobs
from storyline.export.json_export import build_export
from storyline.store import SqliteStore

BODY = (
    "The city council of {town} voted on Tuesday to approve a new budget of {n} million euros "
    "for schools and roads, officials said. The mayor said the plan would be reviewed "
    "next year.\n\n"
    "Opposition members criticised the vote, saying that the council had not consulted residents "
    "about the spending on roads in district {n}."
)


def _write_corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for index in range(count):
        text = f"Council of town {index} approves budget\n\n" + BODY.format(
            town=f"T{index}", n=index
        )
        (folder / f"{index:05d}.txt").write_text(text, "utf-8")
    return folder


def _articles(path: Path) -> list[dict[str, object]]:
    with jobs.open_store(path) as store:
        return build_export(store)["articles"]


def test_ingest_twice_is_idempotent(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "in", 5)
    with jobs.open_store(tmp_path / "s.db") as store:
        first = jobs.ingest([str(corpus)], store)
        second = jobs.ingest([str(corpus)], store)
        assert (first.written, second.written, second.unchanged) == (5, 0, 5)
        assert store.counts()["articles"] == 5


def test_ingest_counts_bad_inputs_and_keeps_going(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "in", 3)
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    with jobs.open_store(tmp_path / "s.db") as store:
        summary = jobs.ingest([str(corpus)], store)
        assert summary.written == 3
        assert sorted(Path(f.source_path).name for f in summary.failures) == [
            "binary.txt",
            "empty.txt",
        ]
        assert len(store.failures()) == 2


def test_crash_mid_ingest_then_rerun_matches_uninterrupted_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _write_corpus(tmp_path / "in", 200)
    jobs.ingest([str(corpus)], jobs.open_store(tmp_path / "clean.db"))
    crashing = jobs.open_store(tmp_path / "crash.db")
    original = SqliteStore.write_batch
    calls = {"n": 0}

    def write_then_crash(self: SqliteStore, *args: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # like Ctrl-C in the middle of the second batch
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SqliteStore, "write_batch", write_then_crash)
    with pytest.raises(KeyboardInterrupt):
        jobs.ingest([str(corpus)], crashing)
    monkeypatch.setattr(SqliteStore, "write_batch", original)
    assert 0 < crashing.counts()["articles"] < 200
    jobs.ingest([str(corpus)], crashing)
    crashing.close()
    assert _articles(tmp_path / "crash.db") == _articles(tmp_path / "clean.db")


def test_killed_subprocess_then_rerun_matches_uninterrupted_run(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "in", 1500)
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    command = [sys.executable, "-m", "storyline", "ingest", str(corpus), "--db"]
    process = subprocess.Popen([*command, str(killed_db)], stderr=subprocess.DEVNULL)
    try:
        _wait_for_some_articles(killed_db, process)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    partial = _count(killed_db)
    assert 0 < partial < 1500, "the kill should land mid-ingest"
    subprocess.run([*command, str(killed_db)], check=True, stderr=subprocess.DEVNULL)
    subprocess.run([*command, str(clean_db)], check=True, stderr=subprocess.DEVNULL)
    assert _articles(killed_db) == _articles(clean_db)
    assert len(_articles(killed_db)) == 1500


def _count(path: Path) -> int:
    try:
        return sqlite3.connect(path).execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _wait_for_some_articles(path: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and _count(path) > 0:
            return
        time.sleep(0.02)
    pytest.fail("ingest finished or stalled before it could be killed")


def test_analyze_reextracts_raw_input_of_an_older_extractor(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "in", 3)
    with jobs.open_store(tmp_path / "s.db") as store:
        jobs.ingest([str(corpus)], store)
        store._db.execute("UPDATE articles SET extract_version='0', text='stale'")
        summary = jobs.analyze(store)
        assert summary.written == 3
        assert all(a.text != "stale" for a in store.articles())
        assert jobs.analyze(store).written == 0


def test_export_lists_every_contract_key(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "in", 2)
    with jobs.open_store(tmp_path / "s.db") as store:
        jobs.ingest([str(corpus)], store)
        export = build_export(store)
    assert export["schema"] == "storyline/1"
    for key in (
        "articles",
        "entities",
        "quotes",
        "events",
        "stories",
        "timeline",
        "claims",
        "times",
    ):
        assert isinstance(export[key], list)
    article = export["articles"][0]
    for field in ("id", "source_path", "external_id", "url", "outlet", "title", "published",
                  "published_range", "published_basis", "language", "text", "removed",
                  "credits", "duplicate_of", "event_id"):  # fmt: skip
        assert field in article
    json.dumps(export)
