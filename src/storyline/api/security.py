"""What every response carries and every request must pass: a strict Content-Security-Policy,
an accepted ``Host``, a bounded body, and (for writes) the token and a same-origin check."""

from __future__ import annotations

import hmac
import json
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from storyline.api.errors import error_body
from storyline.api.settings import ServerSettings

# No script at all on the UI's pages: article text is untrusted, and nothing we render
# needs JavaScript. Styles come only from our own stylesheet; charts are inline SVG.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
# The OpenAPI explorer (vendored Swagger UI) runs its own script and sets inline styles;
# everything still comes from this server, and no article text is shown there.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs",)
COMMON_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UPLOAD_PATHS = frozenset({"/api/ingest"})
UPLOAD_RETRY_SECONDS = 5


class Guard:
    """ASGI middleware: checks ``Host`` and body size, adds the security headers."""

    def __init__(self, app: ASGIApp, settings: ServerSettings) -> None:
        self.app = app
        self.settings = settings
        self.hosts = settings.allowed_hosts()
        self.uploads = 0  # ingest bodies being received; the event loop is one thread

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self._problem(scope)
        if problem is not None:
            await _send_error(send, *problem)
            return
        upload = scope["method"] == "POST" and scope["path"] in UPLOAD_PATHS
        if upload and self.uploads >= self.settings.max_uploads:
            message = f"{self.uploads} uploads are being received; retry in a few seconds"
            await _send_error(send, 429, message, retry_after=UPLOAD_RETRY_SECONDS)
            return
        policy = DOCS_POLICY if scope["path"].startswith(DOCS_PATHS) else PAGE_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"content-security-policy", policy.encode()), *COMMON_HEADERS]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        self.uploads += upload
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            self.uploads -= upload

    def _problem(self, scope: Scope) -> tuple[int, str] | None:
        headers = Headers(scope=scope)
        host = host_name(headers.get("host", ""))
        if self.hosts is not None and host not in self.hosts:
            return 421, f"this server answers only to {', '.join(sorted(self.hosts))}, not {host!r}"
        if scope["method"] in WRITE_METHODS:
            return _body_problem(headers, self.settings.max_body)
        return None


def _body_problem(headers: Headers, limit: int) -> tuple[int, str] | None:
    length = headers.get("content-length")
    if length is None:
        if headers.get("transfer-encoding"):
            return 411, "send the body with a Content-Length header"
        return None
    if not length.isdigit():
        return 400, "invalid Content-Length"
    if int(length) > limit:
        return 413, f"request body over {limit} bytes; split the documents into several requests"
    return None


async def _send_error(
    send: Send, status: int, message: str, retry_after: int | None = None
) -> None:
    body = json.dumps(error_body(message, status)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    policy = (b"content-security-policy", PAGE_POLICY.encode())
    await send({"type": "http.response.start", "status": status, "headers": [*headers, policy]})
    await send({"type": "http.response.body", "body": body})


def host_name(value: str) -> str:
    """The host of a ``Host`` header or URL authority, without the port (``[::1]`` kept)."""
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def require_writer(request: Request) -> None:
    """FastAPI dependency of write endpoints: the token (when set) and a same-origin caller.

    Raises:
        HTTPException: 401 without the right token, 403 from another web origin.
    """
    settings: ServerSettings = request.app.state.settings
    if settings.token and not _token_ok(request, settings.token):
        raise HTTPException(
            401,
            "this endpoint needs the server's token: send 'Authorization: Bearer TOKEN'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    origin = request.headers.get("origin")
    if origin is not None and not _same_origin(origin, request, settings):
        raise HTTPException(403, f"writes from another web origin ({origin}) are refused")


def _token_ok(request: Request, token: str) -> bool:
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer":
        value = request.headers.get("x-storyline-token", "")
    return hmac.compare_digest(value.strip().encode(), token.encode())


def _same_origin(origin: str, request: Request, settings: ServerSettings) -> bool:
    """The caller's origin is this server's: same scheme, same port, and the same host (on
    loopback, any loopback name). Another port on localhost is another web site."""
    theirs = origin_parts(origin)
    if theirs is None:
        return False
    scheme = request.url.scheme.lower()
    host_header = request.headers.get("host", "")
    ours = origin_parts(f"{scheme}://{host_header}")
    if ours is None or theirs[:1] + theirs[2:] != ours[:1] + ours[2:]:
        return False
    allowed = settings.allowed_hosts()
    if allowed is not None:
        return theirs[1] in {name.strip("[]").lower() for name in allowed}
    return theirs[1] == ours[1]


_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_parts(origin: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of an ``Origin`` (default ports filled in), or None when it
    is not an http(s) origin ("null", a path, a malformed port)."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host or parts.path not in ("", "/"):
        return None
    return scheme, host, port if port is not None else _DEFAULT_PORTS[scheme]
