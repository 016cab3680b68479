"""Fetching one URL safely: http(s) only, public addresses only, capped, timed, conditional.

Limit worth knowing: the address check resolves the host *before* httpx connects, and
httpx resolves it again to connect. A hostile DNS server answering with a public address
first and a private one second (DNS rebinding) gets past the check; closing that needs
connecting to the checked address itself, which httpx does not offer for HTTPS without
a custom transport. Proxies from the environment are ignored (``trust_env=False``) so
the address we check is the address we connect to.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx

from storyline.errors import FetchError
from storyline.ingest.addresses import check_host
from storyline.ingest.options import ReadOptions
from storyline.ingest.problems import one_line, too_large

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)


@dataclass(slots=True)
class FetchedResponse:
    """A fetched URL: where it ended up, what it said it is, and its (decoded) body.

    ``not_modified`` is True when a conditional request got ``304``; ``body`` is then empty.
    Header names are lower case.
    """

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of the content type, if given."""
        for parameter in self.content_type.split(";")[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


def fetch(
    url: str, options: ReadOptions, etag: str | None = None, last_modified: str | None = None
) -> FetchedResponse:
    """GET ``url`` within the limits of ``options``; send ``etag``/``last_modified`` to poll.

    Args:
        url: an http(s) URL.
        options: ``allow_private``, ``max_bytes``, ``timeout``, ``max_redirects``, ``user_agent``.
        etag: the ``ETag`` of an earlier response, sent as ``If-None-Match``.
        last_modified: the ``Last-Modified`` of an earlier response, sent as ``If-Modified-Since``.

    Returns:
        The response; ``not_modified`` is set (and ``body`` empty) on ``304``.

    Raises:
        FetchError: a refused scheme or address, too many redirects, a timeout, a body
            over the cap, a non-2xx status ("HTTP 404 Not Found") or a network error.

    Example:
        >>> fetch("https://example.org/feed.xml", ReadOptions()).content_type  # doctest: +SKIP
        'application/rss+xml'

    """
    headers = _request_headers(options, etag, last_modified)
    try:
        return _follow(url, options, headers)
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {options.timeout:g} s") from None
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as error:
        raise FetchError(url, one_line(f"cannot fetch ({type(error).__name__}: {error})")) from None


def _request_headers(
    options: ReadOptions, etag: str | None, last_modified: str | None
) -> dict[str, str]:
    headers = {"User-Agent": options.user_agent, "Accept": _ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _follow(url: str, options: ReadOptions, headers: dict[str, str]) -> FetchedResponse:
    """Follow redirects by hand so that every hop's address is checked."""
    with httpx.Client(timeout=options.timeout, trust_env=False, headers=headers) as client:
        current = url
        for _ in range(options.max_redirects + 1):
            check_target(url, current, options)
            with client.stream("GET", current) as response:
                location = _redirect_location(response)
                if location is None:
                    return _finish(url, response, options)
            current = location
    raise FetchError(url, f"too many redirects (more than {options.max_redirects})")


def check_target(url: str, target: str, options: ReadOptions) -> None:
    """Refuse ``target`` (``url`` or a redirect from it) unless http(s) to an allowed host."""
    parsed = httpx.URL(target)
    if parsed.scheme not in ("http", "https"):
        raise FetchError(url, f"unsupported URL scheme {parsed.scheme!r} (only http and https)")
    if not parsed.host:
        raise FetchError(url, "URL has no host")
    if not options.allow_private:
        check_host(url, parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80))


def _redirect_location(response: httpx.Response) -> str | None:
    location = response.headers.get("location")
    if response.status_code not in REDIRECT_STATUSES or not location:
        return None
    return str(response.url.join(location))


def _finish(url: str, response: httpx.Response, options: ReadOptions) -> FetchedResponse:
    status = response.status_code
    if status != 304 and not 200 <= status < 300:
        raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip())
    body = b"" if status == 304 else _read_body(url, response, options)
    return FetchedResponse(
        url=url,
        final_url=str(response.url),
        status=status,
        content_type=response.headers.get("content-type", ""),
        body=body,
        headers=dict(response.headers.items()),
        not_modified=status == 304,
    )


def _read_body(url: str, response: httpx.Response, options: ReadOptions) -> bytes:
    """Stream the (content-decoded) body, stopping at the size cap or the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > options.max_bytes:
        raise FetchError(url, "response " + too_large(options.max_bytes))
    deadline = time.monotonic() + options.timeout
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > options.max_bytes:
            raise FetchError(url, "response " + too_large(options.max_bytes))
        if time.monotonic() > deadline:
            raise FetchError(url, f"timed out after {options.timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)
