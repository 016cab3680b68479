"""Every command, `serve` included, answers an unusable store with one line `error: …` and
exit code 2, whether it shows at opening or on the first write (issue 14, item 6)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from read_only import read_only
from typer.testing import CliRunner

from storyline.cli import app
from storyline.jobs import open_store
from storyline.store import SqliteStore

runner = CliRunner()
ARTICLE = (
    "Harbour reopens\n\nThe harbour reopened on Tuesday after a week of repairs to the wall.\n"
)


def _damaged(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.db"
    SqliteStore(path).close()
    data = bytearray(path.read_bytes())
    data[data.index(b"CREATE TABLE raw") + 3] = 0xFF
    path.write_bytes(bytes(data))
    return path


def _foreign(tmp_path: Path) -> Path:
    path = tmp_path / "foreign.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    db.close()
    return path


def _not_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 300)
    return path


STORES: dict[str, Callable[[Path], Path]] = {
    "damaged schema": _damaged,
    "a folder": lambda tmp: tmp,
    "in a missing folder": lambda tmp: tmp / "missing" / "s.db",
    "another program's database": _foreign,
    "not SQLite": _not_sqlite,
}
COMMANDS = {
    "ingest": lambda tmp: ["ingest", str(tmp / "in.txt")],
    "analyze": lambda tmp: ["analyze"],
    "run": lambda tmp: ["run", str(tmp / "in.txt"), "--out", str(tmp / "r.html"),
                        "--json", str(tmp / "e.json")],
    "export": lambda tmp: ["export", "--format", "csv"],
    "report": lambda tmp: ["report", "--out", str(tmp / "r.html")],
    "search": lambda tmp: ["search", "harbour"],
    "watch": lambda tmp: ["watch", "http://127.0.0.1:9/feed.xml", "--once"],
    "serve": lambda tmp: ["serve", "--port", "0"],
}  # fmt: skip


def _one_line_error(result: object) -> str:
    output = result.output.strip()  # type: ignore[attr-defined]
    assert result.exit_code == 2, output  # type: ignore[attr-defined]
    assert output.startswith("error: ") and len(output.splitlines()) == 1, output
    return output


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("kind", list(STORES))
def test_every_command_gives_one_line_and_exit_2_for_an_unusable_store(
    tmp_path: Path, command: str, kind: str
) -> None:
    (tmp_path / "in.txt").write_text(ARTICLE)
    db = STORES[kind](tmp_path)
    result = runner.invoke(app, [*COMMANDS[command](tmp_path), "--db", str(db)])
    assert _one_line_error(result).startswith(f"error: {db}: ")


def test_ingest_into_a_read_only_store_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).close()
    (tmp_path / "in.txt").write_text(ARTICLE)
    with read_only(db):
        result = runner.invoke(app, ["ingest", str(tmp_path / "in.txt"), "--db", str(db)])
        assert "read-only" in _one_line_error(result)
        exported = runner.invoke(app, ["export", "--format", "csv", "--db", str(db)])
        assert exported.exit_code == 0  # reading still works


def test_a_full_disk_during_ingest_is_one_line_and_keeps_earlier_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(130):  # three batches of 64, each about 80 pages of 4 KiB
        words = " ".join(f"w{number}x{index}" for index in range(150))
        (inputs / f"{number:03}.txt").write_text(f"Story {number}\n\n{ARTICLE} {words}.")
    db = tmp_path / "s.db"
    open_store(db).close()
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]

    def small_disk(path: object = "storyline.db") -> SqliteStore:
        store = SqliteStore(str(path), extract_version=open_store(":memory:").extract_version)
        store._db.execute(f"PRAGMA max_page_count={pages + 120}")  # room for one batch (~80)
        return store

    monkeypatch.setattr("storyline.jobs.open_store", small_disk)
    result = runner.invoke(app, ["ingest", str(inputs), "--db", str(db)])
    assert "the disk is full" in _one_line_error(result)
    with open_store(db) as store:
        assert store.counts()["articles"] == 64  # the first batch; nothing half-written
