"""``storyline serve``: the HTTP API and the web UI in one FastAPI app, run by uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI

from storyline import __version__
from storyline.api import background, ingest, routes
from storyline.api.errors import install_error_handlers
from storyline.api.security import Guard
from storyline.api.settings import ServerSettings, check_settings
from storyline.api.stores import ThreadStores
from storyline.ingest import ReadOptions
from storyline.store.job_queue import QueueLimits
from storyline.web import error_page, mount_web

DESCRIPTION = (
    "Articles, events, stories, entities, quotes, claims, timeline and search over a "
    "storyline store. Lists are paged with `limit`/`offset` and carry `total`; every "
    'error is `{"ok": false, "error": …, "status": …, "title": …}`. Records follow the '
    "JSON export contract (CONTRACT.md)."
)


def create_app(settings: ServerSettings) -> FastAPI:
    """The app for ``settings``: API under ``/api``, UI at ``/``, OpenAPI at ``/docs``.

    Ingest jobs left queued or running by a previous server on this store resume.

    Raises:
        StorylineError: a non-loopback host without a token, or an unusable database.

    Example:
        >>> app = create_app(ServerSettings(db=Path("news.db")))  # doctest: +SKIP
    """
    check_settings(settings)
    stores = ThreadStores(settings.db)
    limits = QueueLimits(settings.max_queued_jobs, settings.max_queued_bytes)
    read = ReadOptions(allow_private=settings.allow_private)
    runner = background.JobRunner(settings.db, read, limits)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Every route is a plain function run on the thread pool: its limiter is the
        # number of requests worked on at once (the event loop's own, set here on it).
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        runner.stop()
        stores.close()

    app = FastAPI(
        title="storyline", version=__version__, description=DESCRIPTION, docs_url=None,
        redoc_url=None, lifespan=lifespan,
    )  # fmt: skip
    app.state.settings, app.state.stores, app.state.jobs = settings, stores, runner
    app.include_router(routes.router)
    app.include_router(ingest.router)
    mount_web(app)
    install_error_handlers(app, html=error_page)
    app.add_middleware(Guard, settings=settings)
    return app


def serve(settings: ServerSettings) -> None:
    """Run the server until interrupted (uvicorn, one process, ``settings.threads``
    requests worked on at once)."""
    import uvicorn

    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
