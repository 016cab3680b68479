"""The web UI served by ``storyline serve``: server-rendered pages, one stylesheet, no script
(except the vendored API explorer at ``/docs``)."""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from storyline.web.pages import router
from storyline.web.render import ENV, error_page

__all__ = ["error_page", "mount_web"]


def mount_web(app: FastAPI) -> None:
    """Add the pages, ``/static`` and the API explorer at ``/docs`` to ``app``."""
    app.include_router(router)
    static = str(files("storyline.web") / "static")
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        return HTMLResponse(ENV.get_template("docs.html.j2").render())
