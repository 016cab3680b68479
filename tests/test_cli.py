import json
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import app

runner = CliRunner()


def test_run_writes_store_report_and_export(seeds_dir: Path, tmp_path: Path) -> None:
    db, report, export = tmp_path / "s.db", tmp_path / "r.html", tmp_path / "e.json"
    result = runner.invoke(app, ["run", str(seeds_dir), "--db", str(db), "--out", str(report),
                                 "--json", str(export)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert db.exists() and report.exists()
    assert len(json.loads(export.read_text())["articles"]) == 5


def test_ingest_exits_nonzero_and_names_the_bad_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "s.db")]
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'empty.txt'}: " in result.output


def test_foreign_database_gives_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite" * 200)
    result = runner.invoke(app, ["export", "--db", str(bad)])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error:")
    assert len(result.output.strip().splitlines()) == 1


def test_export_formats(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(seeds_dir), "--db", db])
    for fmt, probe in (("jsonl", '"id"'), ("csv", "published_basis"), ("md", "# storyline")):
        result = runner.invoke(app, ["export", "--db", db, "--format", fmt])
        assert result.exit_code == 0 and probe in result.output
    assert runner.invoke(app, ["export", "--db", db, "--format", "xml"]).exit_code == 2
