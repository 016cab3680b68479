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


def _modules_with_examples() -> list[str]:
    import importlib.util
    import pkgutil

    import storyline

    names = sorted(m.name for m in pkgutil.walk_packages(storyline.__path__, "storyline."))
    return [
        name
        for name in names
        if ">>>" in Path(str(importlib.util.find_spec(name).origin)).read_text("utf-8")  # type: ignore[union-attr]
    ]


@pytest.mark.parametrize("name", _modules_with_examples())
def test_docstring_examples_run(name: str) -> None:
    """Examples in docstrings are documentation: they must stay true."""
    import doctest
    import importlib

    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} fail"
