"""The ``storyline`` command: each command validates its arguments, then calls one library
function."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from storyline import jobs
from storyline.analyze.abstractive import LLMConfig
from storyline.errors import StorylineError
from storyline.export.json_export import build_export, write_json
from storyline.export.report import render_markdown, write_report
from storyline.export.tables import render_csv, render_jsonl
from storyline.ingest import ReadOptions
from storyline.model import ReadFailure

app = typer.Typer(
    help="Turn news articles from many outlets into stories a person can check.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", help="SQLite store (created on first use).")]
DEFAULT_DB = Path("storyline.db")


class RichReporter:
    """Draws a progress bar on stderr and prints each failure as ``path: problem``."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    def start(self, label: str, total: int | None = None) -> None:
        if self._task is not None:
            self._progress.update(self._task, visible=False)
        self._task = self._progress.add_task(label, total=total)

    def advance(self, count: int) -> None:
        if self._task is None:
            self.start("working")
        assert self._task is not None
        self._progress.advance(self._task, count)

    def failure(self, failure: ReadFailure) -> None:
        self._progress.console.print(f"{failure.source_path}: {failure.problem}", markup=False)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _fail(message: str) -> None:
    err.print(f"error: {message}", markup=False)
    raise typer.Exit(2)


def _open(db: Path) -> jobs.SqliteStore:
    try:
        return jobs.open_store(db)
    except StorylineError as error:
        _fail(str(error))
        raise


def _ingest(inputs: list[str], db: Path, options: ReadOptions) -> jobs.IngestSummary:
    with _open(db) as store, _progress() as progress:
        summary = jobs.ingest(inputs, store, options, RichReporter(progress))
        counts = store.counts()
    table = Table(title="ingest", show_header=True, header_style="bold")
    for column in ("read", "new or updated", "unchanged", "failed", "articles in store"):
        table.add_column(column, justify="right")
    table.add_row(
        str(summary.read), str(summary.written), str(summary.unchanged),
        str(summary.failed), str(counts["articles"]),
    )  # fmt: skip
    err.print(table)
    return summary


def _options(allow_private: bool, max_bytes: int, timeout: float) -> ReadOptions:
    return ReadOptions(allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)


AllowPrivate = Annotated[
    bool, typer.Option("--allow-private", help="Allow fetching loopback/private addresses.")
]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Size cap per input or response.")]
Timeout = Annotated[float, typer.Option("--timeout", help="Seconds per HTTP request.")]
Inputs = Annotated[list[str], typer.Argument(help="Files, directories, globs, '-' or URLs.")]


@app.command()
def ingest(
    inputs: Inputs,
    db: DbOption = DEFAULT_DB,
    allow_private: AllowPrivate = False,
    max_bytes: MaxBytes = ReadOptions.max_bytes,
    timeout: Timeout = ReadOptions.timeout,
) -> None:
    """Add articles from files, directories, globs, '-' (JSON lines) or URLs."""
    summary = _ingest(inputs, db, _options(allow_private, max_bytes, timeout))
    if summary.failed:
        raise typer.Exit(1)


NProcess = Annotated[
    int, typer.Option("--n-process", min=1, help="Processes for the language stage (spaCy).")
]


LlmUrl = Annotated[
    str | None,
    typer.Option("--llm-url", help="OpenAI-compatible endpoint (…/v1) for abstractive summaries."),
]
LlmModel = Annotated[str | None, typer.Option("--llm-model", help="Model name at --llm-url.")]


def _llm(url: str | None, model: str | None) -> LLMConfig | None:
    """The summary model from the flags, else STORYLINE_LLM_URL/_MODEL/_KEY, else none."""
    if url and model:
        return LLMConfig(url, model, os.environ.get("STORYLINE_LLM_KEY"))
    if url or model:
        _fail("--llm-url and --llm-model go together")
    return LLMConfig.from_env()


def _analyze(store: jobs.SqliteStore, n_process: int, llm: LLMConfig | None) -> jobs.AnalyzeSummary:
    with _progress() as progress:
        options = jobs.AnalyzeOptions(n_process=n_process, llm=llm)
        summary = jobs.analyze(store, RichReporter(progress), options)
    table = Table(title="analyze", show_header=True, header_style="bold")
    table.add_column("step")
    table.add_column("updated", justify="right")
    for name, count in summary.steps.items():
        table.add_row(name, str(count))
    for name in summary.skipped:
        table.add_row(name, "up to date")
    err.print(table)
    return summary


@app.command()
def analyze(
    db: DbOption = DEFAULT_DB,
    n_process: NProcess = 1,
    llm_url: LlmUrl = None,
    llm_model: LlmModel = None,
) -> None:
    """Bring every derived result up to date with what was ingested."""
    llm = _llm(llm_url, llm_model)
    with _open(db) as store:
        summary = _analyze(store, n_process, llm)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def run(
    inputs: Inputs,
    db: DbOption = DEFAULT_DB,
    report_out: Annotated[Path, typer.Option("--out", help="HTML report path.")] = Path(
        "report.html"
    ),
    json_out: Annotated[Path, typer.Option("--json", help="JSON export path.")] = Path(
        "export.json"
    ),
    allow_private: AllowPrivate = False,
    max_bytes: MaxBytes = ReadOptions.max_bytes,
    timeout: Timeout = ReadOptions.timeout,
    n_process: NProcess = 1,
    llm_url: LlmUrl = None,
    llm_model: LlmModel = None,
) -> None:
    """The main job: ingest, analyze, write the report and the JSON export."""
    llm = _llm(llm_url, llm_model)
    summary = _ingest(inputs, db, _options(allow_private, max_bytes, timeout))
    with _open(db) as store:
        analyzed = _analyze(store, n_process, llm)
        write_report(store, report_out)
        write_json(store, json_out)
    err.print(f"wrote {report_out} and {json_out}")
    if summary.failed or analyzed.failed:
        raise typer.Exit(1)


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="json, jsonl, csv or md.")] = "json",
    out_path: Annotated[Path | None, typer.Option("--out", help="File (default stdout).")] = None,
) -> None:
    """Write the export (CONTRACT.md's JSON, or jsonl/csv/md)."""
    renderers = {
        "json": lambda s: json.dumps(build_export(s), ensure_ascii=False, indent=1) + "\n",
        "jsonl": render_jsonl,
        "csv": render_csv,
        "md": render_markdown,
    }
    if fmt not in renderers:
        _fail(f"unknown format {fmt!r}; choose one of {', '.join(renderers)}")
    with _open(db) as store:
        if fmt == "json" and out_path is not None:
            write_json(store, out_path)
            return
        text = renderers[fmt](store)
    if out_path is None:
        sys.stdout.write(text)
    else:
        out_path.write_text(text, "utf-8")


@app.command()
def report(
    db: DbOption = DEFAULT_DB,
    out_path: Annotated[Path, typer.Option("--out", help="Report path.")] = Path("report.html"),
    fmt: Annotated[str, typer.Option("--format", help="html or md.")] = "html",
) -> None:
    """Write a self-contained HTML (or Markdown) report."""
    if fmt not in ("html", "md"):
        _fail(f"unknown format {fmt!r}; choose html or md")
    with _open(db) as store:
        write_report(store, out_path, fmt)
    err.print(f"wrote {out_path}")


def main() -> None:  # pragma: no cover - console entry for `python -m storyline`
    app()
