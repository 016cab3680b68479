"""Every output format, rendered from articles written to attack it, carries the text as
text: HTML report, Markdown report and export (as CommonMark and Python-Markdown render
them), JSON, JSON lines, CSV, the UI and the API (issue 14, item 8 and the standing suite)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import markdown as python_markdown
import pytest
from fastapi.testclient import TestClient
from inert import LINE_PAYLOADS, PAYLOADS, live_markup
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from storyline import jobs
from storyline.api.settings import ServerSettings
from storyline.cli import app
from storyline.export.json_export import build_export
from storyline.export.report import render_html, render_markdown
from storyline.export.tables import render_csv, render_jsonl
from storyline.server import create_app
from storyline.store import SqliteStore

PAYLOAD = " ".join(PAYLOADS)


OPENINGS = (
    "The Oder dam near Ostrava broke on 14 March 2024, flooding {homes} homes.",
    "Floods after the dam failure near Ostrava on 14 March 2024 damaged {homes} homes, officials said.",
    "Rescue teams reached Ostrava after the dam burst on 14 March 2024; {homes} homes were under water.",
)


def _article(number: int, homes: int, outlet: str) -> dict[str, str]:
    lines = [
        OPENINGS[number].format(homes=homes) + f" {PAYLOAD}",
        f"“We are evacuating {PAYLOADS[1]} everyone {PAYLOADS[2]} in the valley,” said mayor "
        f"Jana Novak. The council pledged $5 million {PAYLOADS[0]} for repairs.",
        *LINE_PAYLOADS,
        f"Teams from Prague arrived the next morning, officials told {outlet}.",
        "- a list item | with a pipe",
        "1. numbered",
        "===",
    ]
    return {
        "id": f"hostile-{number}",
        "title": f"Dam breaks {PAYLOADS[0]} {PAYLOADS[2]} | =cmd|' /C calc'!A0",
        "outlet": outlet,
        "url": "javascript:alert('url')",
        "published": f"2024-03-1{4 + number}",
        "language": "en",
        "text": "\n\n".join(lines),
    }


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    folder = tmp_path_factory.mktemp("hostile")
    inputs = folder / "hostile.jsonl"
    outlets = ["<b>Evil</b> Times", "=SUM(A1:A9)", "@Daily ![x](javascript:alert('o'))"]
    articles = [_article(n, 300 + 10 * n, outlet) for n, outlet in enumerate(outlets)]
    inputs.write_text("".join(json.dumps(a) + "\n" for a in articles), "utf-8")
    store = jobs.open_store(folder / "hostile.db")
    summary = jobs.ingest([str(inputs)], store)
    assert summary.written == 3, summary
    jobs.analyze(store)
    enrichments = list(store.enrichments())
    assert any(e.quotes for e in enrichments) and any(e.claims for e in enrichments)
    yield store
    store.close()


def _renderings(markdown: str) -> dict[str, str]:
    return {
        "CommonMark (markdown-it)": MarkdownIt("commonmark").enable("table").render(markdown),
        "Python-Markdown": python_markdown.markdown(markdown),
        "Python-Markdown with tables": python_markdown.markdown(markdown, extensions=["tables"]),
    }


def _cli_markdown(store: SqliteStore, command: list[str], out: Path) -> str:
    result = CliRunner().invoke(app, [*command, "--db", store.path, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text("utf-8")


@pytest.mark.parametrize("command", [["report", "--format", "md"], ["export", "--format", "md"]])
def test_markdown_renders_inert_in_every_renderer(
    hostile_store: SqliteStore, command: list[str], tmp_path: Path
) -> None:
    markdown = _cli_markdown(hostile_store, command, tmp_path / "out.md")
    for renderer, page in _renderings(markdown).items():
        assert live_markup(page) == [], renderer
    # Nothing lost: the text reads as written once rendered.
    shown = MarkdownIt("commonmark").render(markdown)
    assert (
        "&lt;script&gt;alert('s')&lt;/script&gt;" in shown
        and "[click](javascript:alert('l'))" in shown
    )


def test_markdown_keeps_each_article_line_as_text(hostile_store: SqliteStore) -> None:
    shown = MarkdownIt("commonmark").enable("table").render(render_markdown(hostile_store))
    assert "<h1>heading</h1>" not in shown and "# heading" in shown
    assert "[ref]: javascript:alert('r')" in shown


def test_html_report_is_inert(hostile_store: SqliteStore) -> None:
    page = render_html(hostile_store)
    assert live_markup(page) == []
    assert "&lt;script&gt;alert(&#39;s&#39;)&lt;/script&gt;" in page


def test_json_and_json_lines_keep_the_text_exactly(hostile_store: SqliteStore) -> None:
    export = json.loads(json.dumps(build_export(hostile_store)))
    texts = [a["text"] for a in export["articles"]]
    assert len(texts) == 3 and all(PAYLOAD in text for text in texts)
    lines = [json.loads(line) for line in render_jsonl(hostile_store).splitlines()]
    assert {line["title"] for line in lines} == {a["title"] for a in export["articles"]}


def test_csv_cells_never_start_a_formula(hostile_store: SqliteStore) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(hostile_store))))
    assert len(rows) == 4
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    outlets = {row[rows[0].index("outlet")] for row in rows[1:]}
    assert "'=SUM(A1:A9)" in outlets  # kept, made inert the way spreadsheets read it


def test_ui_pages_and_api_are_inert(hostile_store: SqliteStore) -> None:
    app = create_app(ServerSettings(db=Path(hostile_store.path)))
    with TestClient(app, base_url="http://127.0.0.1:8000", headers={"accept": "text/html"}) as ui:
        paths = ["/", "/articles", "/entities", "/search?q=dam", "/search?q=script"]
        paths += [f"/articles/{a.id}" for a in hostile_store.articles()]
        paths += [f"/stories/{s.id}" for s in hostile_store.stories()]
        paths += [f"/entities/{e.id}" for e in list(hostile_store.entities())[:5]]
        for path in paths:
            response = ui.get(path)
            assert response.status_code == 200, path
            assert live_markup(response.text) == [], path
        api = ui.get("/api/articles", headers={"accept": "application/json"}).json()
        assert all(PAYLOAD in item.get("text", PAYLOAD) for item in api["items"])
