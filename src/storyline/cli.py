"""The ``storyline`` command: each command validates its arguments, then calls one library
function."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
from rich.text import Text

from storyline import jobs
from storyline.analyze.abstractive import LLMConfig
from storyline.api.settings import (
    REQUEST_THREADS,
    ServerSettings,
    check_settings,
    resolve_token,
)
from storyline.browse.pages import MAX_OFFSET
from storyline.engines import Engine, open_engine
from storyline.engines.shards import work_dir_for
from storyline.errors import EngineError, StorylineError
from storyline.export.json_export import build_export, plain, write_json
from storyline.export.report import render_markdown, write_report
from storyline.export.tables import render_csv, render_jsonl
from storyline.ingest import ReadOptions
from storyline.model import ReadFailure
from storyline.search import SearchHit, SearchOptions, SearchResult, search
from storyline.store.fulltext import ArticleFilter
from storyline.store.problems import store_problem
from storyline.watch import DEFAULT_INTERVAL, MAX_BACKOFF, Round, WatchOptions, feed_list
from storyline.watch import watch as watch_feeds

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


@contextmanager
def _open(db: Path) -> Iterator[jobs.SqliteStore]:
    """The store for a command; an unusable one, at opening or later (a read-only file
    on the first write, a full disk), ends the command with one line and exit code 2."""
    try:
        store = jobs.open_store(db)
    except StorylineError as error:
        _fail(str(error))
        raise
    try:
        with store:
            yield store
    except sqlite3.Error as error:
        problem = store_problem(str(db), error)
        if problem is None:
            raise
        _fail(str(problem))


def _engine(name: str, scheduler: str | None, db: Path) -> Engine:
    try:
        return open_engine(name, scheduler, work_dir_for(str(db)))
    except StorylineError as error:
        _fail(str(error))
        raise


def _ingest(
    inputs: list[str], db: Path, options: ReadOptions, engine: Engine
) -> jobs.IngestSummary:
    with _open(db) as store, _progress() as progress:
        try:
            summary = jobs.ingest(inputs, store, options, RichReporter(progress), engine)
        except EngineError as error:
            _fail(str(error))
            raise
        counts = store.counts()
    _print_ingest(summary, counts["articles"])
    return summary


def _print_ingest(summary: jobs.IngestSummary, stored: int) -> None:
    table = Table(title="ingest", show_header=True, header_style="bold")
    for column in ("read", "new or updated", "unchanged", "failed", "articles in store"):
        table.add_column(column, justify="right")
    table.add_row(
        str(summary.read), str(summary.written), str(summary.unchanged),
        str(summary.failed), str(stored),
    )  # fmt: skip
    err.print(table)


def _options(allow_private: bool, max_bytes: int, timeout: float) -> ReadOptions:
    return ReadOptions(allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)


AllowPrivate = Annotated[
    bool, typer.Option("--allow-private", help="Allow fetching loopback/private addresses.")
]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Size cap per input or response.")]
Timeout = Annotated[float, typer.Option("--timeout", help="Seconds per HTTP request.")]
Inputs = Annotated[list[str], typer.Argument(help="Files, directories, globs, '-' or URLs.")]
EngineName = Annotated[
    str, typer.Option("--engine", help="Where batch stages run: local, or dask (a Dask cluster).")
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", help="Dask scheduler (tcp://host:8786); default: a local cluster."),
]


@app.command()
def ingest(
    inputs: Inputs,
    db: DbOption = DEFAULT_DB,
    allow_private: AllowPrivate = False,
    max_bytes: MaxBytes = ReadOptions.max_bytes,
    timeout: Timeout = ReadOptions.timeout,
    engine: EngineName = "local",
    scheduler: Scheduler = None,
) -> None:
    """Add articles from files, directories, globs, '-' (JSON lines) or URLs."""
    with _engine(engine, scheduler, db) as runner:
        summary = _ingest(inputs, db, _options(allow_private, max_bytes, timeout), runner)
    if summary.failed:
        raise typer.Exit(1)


NProcess = Annotated[
    int | None,
    typer.Option(
        "--n-process",
        min=1,
        help="Processes for the language stage and the story analyses [default: the "
        "language stage forks one worker per core, up to four; the story analyses use two "
        "when the machine has the cores and the work pays for starting them].",
    ),
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


def _analyze(
    store: jobs.SqliteStore, options: jobs.AnalyzeOptions, engine: Engine
) -> jobs.AnalyzeSummary:
    with _progress() as progress:
        try:
            summary = jobs.analyze(store, RichReporter(progress), options, engine)
        except EngineError as error:
            _fail(str(error))
            raise
    _print_analysis(summary)
    return summary


def _print_analysis(summary: jobs.AnalyzeSummary) -> None:
    table = Table(title="analyze", show_header=True, header_style="bold")
    table.add_column("step")
    table.add_column("updated", justify="right")
    table.add_column("seconds", justify="right")
    for name, count in summary.steps.items():
        seconds = summary.seconds.get(name)
        table.add_row(name, str(count), f"{seconds:.1f}" if seconds is not None else "")
    for name in summary.skipped:
        table.add_row(name, "up to date", "")
    err.print(table)


Full = Annotated[
    bool,
    typer.Option("--full", help="Rebuild every corpus phase instead of updating what changed."),
]


@app.command()
def analyze(
    db: DbOption = DEFAULT_DB,
    n_process: NProcess = None,
    llm_url: LlmUrl = None,
    llm_model: LlmModel = None,
    engine: EngineName = "local",
    scheduler: Scheduler = None,
    full: Full = False,
) -> None:
    """Bring every derived result up to date with what was ingested, changed or deleted."""
    options = jobs.AnalyzeOptions(
        n_process=n_process, llm=_llm(llm_url, llm_model), engine=engine, full=full
    )
    with _engine(engine, scheduler, db) as runner, _open(db) as store:
        summary = _analyze(store, options, runner)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def delete(
    ids: Annotated[list[str] | None, typer.Argument(help="Article ids.")] = None,
    db: DbOption = DEFAULT_DB,
    url: Annotated[list[str] | None, typer.Option("--url", help="Articles with this URL.")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Articles read from this input path.")
    ] = None,
    analyze_after: Annotated[
        bool, typer.Option("--analyze/--no-analyze", help="Update the analyses after deleting.")
    ] = True,
) -> None:
    """Delete articles and everything derived from them; the analyses follow."""
    if not (ids or url or source):
        _fail("say what to delete: article ids, --url or --source")
    with _open(db) as store:
        deleted = jobs.delete(store, ids or [], url or [], source or [])
        err.print(f"deleted {len(deleted)} article(s)")
        if deleted and analyze_after:
            with _engine("local", None, db) as runner:
                summary = _analyze(store, jobs.AnalyzeOptions(), runner)
            if summary.failed:
                raise typer.Exit(1)
    if not deleted:
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
    n_process: NProcess = None,
    llm_url: LlmUrl = None,
    llm_model: LlmModel = None,
    engine: EngineName = "local",
    scheduler: Scheduler = None,
    full: Full = False,
) -> None:
    """The main job: ingest, analyze what changed, write the report and the JSON export."""
    options = jobs.AnalyzeOptions(
        n_process=n_process, llm=_llm(llm_url, llm_model), engine=engine,
        scheduler=scheduler, full=full,
    )  # fmt: skip
    read = _options(allow_private, max_bytes, timeout)
    with _open(db) as store:
        with _progress() as progress:
            try:
                summary = jobs.run(store, inputs, read=read, options=options,
                                   reporter=RichReporter(progress))  # fmt: skip
            except StorylineError as error:
                _fail(str(error))
                raise
        _print_ingest(summary.ingest, store.counts()["articles"])
        if summary.analysis is not None:
            _print_analysis(summary.analysis)
        write_report(store, report_out)
        write_json(store, json_out)
    err.print(f"wrote {report_out} and {json_out}")
    if summary.failed:
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


Limit = Annotated[int, typer.Option("--limit", min=1, max=200, help="Results to show.")]
Since = Annotated[str | None, typer.Option("--since", help="Published on or after (2024-03).")]
Until = Annotated[str | None, typer.Option("--until", help="Published on or before.")]


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", prefix*, -excluded.')],
    db: DbOption = DEFAULT_DB,
    limit: Limit = 10,
    offset: Annotated[
        int, typer.Option("--offset", min=0, max=MAX_OFFSET, help="Results to skip.")
    ] = 0,
    semantic: Annotated[bool, typer.Option("--semantic", help="Rank by meaning.")] = False,
    since: Since = None,
    until: Until = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only this outlet.")] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Only articles naming it.")] = None,
    story: Annotated[
        str | None, typer.Option("--story", help="Only this story's articles.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Ranked articles and sentences for a query (full text, or --semantic)."""
    where = ArticleFilter(since, until, outlet, entity, story)
    options = SearchOptions(limit, offset, "semantic" if semantic else "text", where)
    with _open(db) as store:
        try:
            result = search(store, query, options)
        except StorylineError as error:
            _fail(str(error))
            raise
    if as_json:
        sys.stdout.write(json.dumps(plain(result), ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(_search_table(result))
        for note in result.notes:
            err.print(note, markup=False)


def _search_table(result: SearchResult) -> Table:
    shown = f"{result.offset + 1}-{result.offset + len(result.hits)}" if result.hits else "0"
    table = Table(title=f"{result.total} results for {result.query!r} ({shown} shown)")
    for column in ("#", "score", "date", "outlet", "article"):
        table.add_column(column, justify="right" if column in ("#", "score") else "left")
    for number, hit in enumerate(result.hits, result.offset + 1):
        date = (hit.published or "")[:10] or "/".join(hit.published_range or ()) or "-"
        table.add_row(str(number), f"{hit.score:.3g}", date, hit.outlet or "-", _hit_text(hit))
    return table


def _hit_text(hit: SearchHit) -> Text:
    text = _marked(hit.title or "(untitled)", hit.title_marks, "bold")
    text.append(f"  {hit.article_id}\n", style="dim")
    text.append_text(_marked(hit.snippet, hit.snippet_marks))
    for sentence in hit.sentences or []:
        text.append("\n> ")
        text.append_text(_marked(sentence.text, sentence.marks))
    return text


def _marked(value: str, spans: list[tuple[int, int]], style: str = "") -> Text:
    text = Text(value, style=style)
    for start, end in spans:
        text.stylize("bold yellow", start, end)
    return text


Host = Annotated[str, typer.Option("--host", help="Address to listen on.")]
Port = Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")]
Token = Annotated[
    str | None,
    typer.Option("--token", help="Token for write endpoints (else $STORYLINE_TOKEN)."),
]


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Host = "127.0.0.1",
    port: Port = 8000,
    token: Token = None,
    allow_private: AllowPrivate = False,
    threads: Annotated[
        int, typer.Option("--threads", min=1, help="Requests worked on at once (others queue).")
    ] = REQUEST_THREADS,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web UI."""
    from storyline.server import serve as run_server

    settings = ServerSettings(db, host, port, resolve_token(token), allow_private, threads=threads)
    try:
        check_settings(settings)
        run_server(settings)
    except StorylineError as error:
        _fail(str(error))


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="Feed URLs or OPML files.")],
    db: DbOption = DEFAULT_DB,
    interval: Annotated[
        float, typer.Option("--interval", min=1, help="Seconds between polls of a feed.")
    ] = DEFAULT_INTERVAL,
    max_backoff: Annotated[
        float, typer.Option("--max-backoff", min=1, help="Longest wait after failures.")
    ] = MAX_BACKOFF,
    once: Annotated[
        bool, typer.Option("--once", help="Poll the due feeds once, then exit.")
    ] = False,
    analyze_new: Annotated[
        bool, typer.Option("--analyze/--no-analyze", help="Analyze after new articles.")
    ] = True,
    allow_private: AllowPrivate = False,
    max_bytes: MaxBytes = ReadOptions.max_bytes,
    timeout: Timeout = ReadOptions.timeout,
) -> None:
    """Poll feeds on a schedule (conditional GET, back-off), ingest and analyze what is new."""
    read = _options(allow_private, max_bytes, timeout)
    urls, problems = feed_list(feeds, read)
    for problem in problems:
        err.print(f"{problem.source_path}: {problem.problem}", markup=False)
    if not urls:
        _fail("no feeds to watch: give feed URLs or OPML files listing them")
    options = WatchOptions(interval, max_backoff, read, analyze_new)
    errors: list[int] = []
    with _open(db) as store:
        try:
            watch_feeds(store, urls, options, lambda r: errors.append(_print_round(r)), once)
        except KeyboardInterrupt:
            err.print("stopped")
    if once and (problems or any(errors)):
        raise typer.Exit(1)


def _print_round(result: Round) -> int:
    """Print one line per polled feed; returns how many feeds (and analyses) failed."""
    for poll in result.polls:
        err.print(poll.describe(time.time()), markup=False)
    if result.analysis is not None:
        err.print(f"analyzed: {result.analysis}", markup=False)
    if result.analysis_error is not None:
        problem = f"analysis failed (the next round tries again): {result.analysis_error}"
        err.print(problem, markup=False)
    failed = sum(1 for poll in result.polls if poll.status == "error")
    return failed + (result.analysis_error is not None)


def main() -> None:  # pragma: no cover - console entry for `python -m storyline`
    app()
