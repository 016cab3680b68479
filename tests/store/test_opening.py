"""Opening a store: every unusable --db is one StoreError line; a refused file is left as it
was; several processes creating one new store at once all get it (issue 14, items 3, 6, 7)."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from read_only import read_only

from storyline.errors import StoreError
from storyline.jobs import open_store
from storyline.store import SCHEMA_VERSION, SqliteStore
from storyline.store.problems import store_problem


def _fingerprint(path: Path) -> tuple[str, int, list[str]]:
    siblings = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, siblings


def test_a_refused_foreign_database_is_not_modified(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('keep me')")
    db.close()
    before = _fingerprint(path)
    with pytest.raises(StoreError, match="not a storyline database"):
        SqliteStore(path)
    assert _fingerprint(path) == before
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()


def test_a_file_that_is_not_sqlite_is_not_modified(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"my notes, not a database\n" * 200)
    before = _fingerprint(path)
    with pytest.raises(StoreError, match="not a SQLite database"):
        SqliteStore(path)
    assert _fingerprint(path) == before


def test_one_damaged_byte_in_the_schema_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SqliteStore(path).close()
    data = bytearray(path.read_bytes())
    data[data.index(b"CREATE TABLE raw") + 3] = 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged") as raised:
        SqliteStore(path)
    assert str(raised.value).startswith(f"{path}: ") and "\n" not in str(raised.value)


def test_a_folder_or_a_missing_folder_is_refused_before_sqlite(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder, not a file"):
        SqliteStore(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        SqliteStore(tmp_path / "missing" / "s.db")
    assert not (tmp_path / "missing").exists()


def test_a_read_only_store_can_be_read_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as store:
        store.write_batch([], [], [])
    with read_only(path):
        with open_store(path) as store:
            assert store.counts()["articles"] == 0
            with pytest.raises(sqlite3.OperationalError) as raised:
                store.write_batch([], [], [_failure()])
        problem = store_problem(str(path), raised.value)
    assert problem is not None and "read-only" in str(problem)


def test_a_new_store_in_a_read_only_folder_is_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder), pytest.raises(StoreError, match="read-only"):
        SqliteStore(folder / "s.db")


def test_a_full_disk_is_a_one_line_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        store._db.execute("PRAGMA max_page_count=1")  # every page is taken: writes fail "full"
        with pytest.raises(sqlite3.OperationalError) as raised:
            store.write_batch([], [], [_failure("x" * 50_000)])
    problem = store_problem("s.db", raised.value)
    assert problem is not None and str(problem).startswith("s.db: the disk is full")


def _failure(problem: str = "unreadable") -> object:
    from storyline.model import ReadFailure

    return ReadFailure("a.txt", problem)


def _open_and_count(path: str, start: object, results: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    try:
        with open_store(path) as store:
            results.put(str(store.counts()["articles"]))  # type: ignore[attr-defined]
    except Exception as error:  # noqa: BLE001 - the parent reports it
        results.put(f"{type(error).__name__}: {error}")  # type: ignore[attr-defined]


@pytest.mark.parametrize("attempt", range(3))
def test_several_processes_creating_one_new_store_all_get_it(tmp_path: Path, attempt: int) -> None:
    path = str(tmp_path / f"new-{attempt}.db")
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(6), context.Queue()
    workers = [
        context.Process(target=_open_and_count, args=(path, start, results)) for _ in range(6)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == ["0"] * 6
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
