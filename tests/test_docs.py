"""The README documents every command and every API route (datasette's test_docs idea)."""

from pathlib import Path

import pytest
import typer

from storyline.api.settings import ServerSettings
from storyline.cli import app
from storyline.server import create_app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def _commands() -> list[str]:
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"storyline {command}" in README, f"README.md does not show `storyline {command}`"


def test_every_api_route_is_in_the_readme(tmp_path: Path) -> None:
    routes = create_app(ServerSettings(db=tmp_path / "d.db")).openapi()["paths"]
    missing = [path for path in routes if f"`{path}" not in README]
    assert not missing, f"README.md does not list {missing}"
