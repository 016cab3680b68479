"""One JSON error shape for every error the server answers, as datasette does it:
``{"ok": false, "error": "what went wrong", "status": 404, "title": "Not Found"}``.

Web pages (paths outside ``/api``, asked for as HTML) get the same message as a page.
"""

from __future__ import annotations

import http
import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from storyline.errors import InputError, QueryError, StorylineError

log = logging.getLogger("storyline.api")
HtmlRenderer = Callable[[Request, int, str], Response]


def error_body(message: str, status: int, title: str | None = None) -> dict[str, Any]:
    """The error object every error response carries."""
    return {
        "ok": False,
        "error": message,
        "status": status,
        "title": title if title is not None else _phrase(status),
    }


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(error_body(message, status) | extra, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    """Route every error (HTTP, validation, storyline's own, unexpected) to one shape."""

    def respond(request: Request, status: int, message: str, **extra: Any) -> Response:
        if html is not None and _wants_html(request):
            return html(request, status, message)
        return error_response(status, message, **extra)

    async def on_http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        detail = error.detail if isinstance(error.detail, str) else _phrase(error.status_code)
        response = respond(request, error.status_code, detail)
        response.headers.update(error.headers or {})
        return response

    async def on_invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        problems = [_problem(item) for item in error.errors()]
        # A body that is not JSON at all is a bad request; JSON that breaks the schema
        # is unprocessable.
        if any(item.get("type") == "json_invalid" for item in error.errors()):
            return respond(request, 400, "the body is not valid JSON: " + "; ".join(problems))
        return respond(request, 422, "; ".join(problems), errors=problems)

    async def on_storyline(request: Request, error: Exception) -> Response:
        status = 400 if isinstance(error, QueryError | InputError) else 500
        return respond(request, status, str(error))

    async def on_unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(request, 500, "internal server error (logged on the server)")

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(StorylineError, on_storyline)
    app.add_exception_handler(Exception, on_unexpected)


def _problem(item: Any) -> str:
    where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
    return f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid"))


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api") or path in ("/openapi.json",):
        return False
    return "text/html" in request.headers.get("accept", "")
