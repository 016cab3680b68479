"""--engine and --scheduler on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import distributed
from typer.testing import CliRunner

from storyline import jobs
from storyline.cli import app

from .conftest import corpus_path

runner = CliRunner()


def test_run_on_a_dask_scheduler_writes_store_report_and_export(
    cluster: distributed.LocalCluster, client: distributed.Client, tmp_path: Path
) -> None:
    db, export = tmp_path / "s.db", tmp_path / "e.json"
    result = runner.invoke(app, [
        "run", str(corpus_path("seeds")), "--db", str(db), "--out", str(tmp_path / "r.html"),
        "--json", str(export), "--engine", "dask", "--scheduler", cluster.scheduler_address,
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(json.loads(export.read_text())["articles"]) == 5
    with jobs.open_store(db) as store:  # the library call picks the engine from its options
        options = jobs.AnalyzeOptions(engine="dask", scheduler=cluster.scheduler_address)
        again = jobs.analyze(store, options=options)
    assert {"enrich", "embed"} <= set(again.skipped)


def test_bad_scheduler_address_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for address in ("not-an-address", "foo://host:1"):
        result = runner.invoke(
            app, ["analyze", "--db", str(tmp_path / "s.db"), "--engine", "dask",
                  "--scheduler", address],
        )  # fmt: skip
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: cannot reach the Dask scheduler")


def test_unknown_engine_and_scheduler_without_dask_are_usage_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    for extra in (["--engine", "spark"], ["--scheduler", "tcp://127.0.0.1:8786"]):
        result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, *extra])
        assert result.exit_code == 2 and result.output.startswith("error: "), result.output
