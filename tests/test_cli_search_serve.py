import json
from pathlib import Path

from sample_analysis import write_sample
from typer.testing import CliRunner

from storyline.cli import app
from storyline.jobs import open_store

runner = CliRunner()


def _db(tmp_path: Path) -> str:
    path = tmp_path / "s.db"
    with open_store(path) as store:
        write_sample(store)
    return str(path)


def test_search_prints_a_ranked_table(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "dam", "--db", _db(tmp_path), "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "3 results for 'dam' (1-2 shown)" in result.output


def test_search_json_is_the_api_result(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "evacuating", "--db", _db(tmp_path), "--json",
                                 "--outlet", "Daily Ostrava", "--since", "2024"])  # fmt: skip
    body = json.loads(result.output)
    assert body["total"] == 1 and body["hits"][0]["snippet_marks"]


def test_search_without_words_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "--db", _db(tmp_path), '"" -'])
    assert result.exit_code == 2 and "at least one word" in result.output


def test_serve_refuses_a_public_host_without_token(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2 and "--token" in result.output
