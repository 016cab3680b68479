"""How the server runs: database, who may write, what URL ingestion may reach."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from storyline.errors import StorylineError

TOKEN_ENV = "STORYLINE_TOKEN"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
# A request body larger than this is refused (413): the same cap readers put on one input.
MAX_BODY_BYTES = 50 * 1024 * 1024
# Ingest jobs that may wait, and the bytes they posted (stored compressed in the store);
# past either a post gets 429. Sixteen full-size posts is hours of work on one core.
MAX_QUEUED_JOBS = 16
MAX_QUEUED_BYTES = 256 * 1024 * 1024
# Ingest bodies received at once: parsing a 50 MiB post takes a few times that in memory,
# so more at once get 429 before their body is read.
MAX_UPLOADS = 2
# Requests worked on at once; the rest wait their turn, first come first served. The work
# is Python under one interpreter lock: with 16 clients, 40 threads (the default pool)
# answered search at p95 219 ms, two threads at 102 ms and more requests per second
# (benchmarks/serve.py, 23.5k articles, 2 cores). Two, so that one slow page (a cold
# story) does not hold up everything behind it.
REQUEST_THREADS = 2


@dataclass(slots=True)
class ServerSettings:
    """Settings of one server.

    Attributes:
        db: the SQLite store the server reads (and ingest jobs write).
        host: the address it listens on; decides which ``Host`` headers are accepted.
        token: required (as ``Authorization: Bearer …``) by write endpoints when set.
        allow_private: let URL ingestion fetch loopback/private addresses.
        max_body: request bodies over this many bytes are refused.
        max_queued_jobs, max_queued_bytes: how many ingest jobs, and how many posted
            bytes, may wait; past either ``POST /api/ingest`` answers 429.
        max_uploads: ingest bodies received at once; more get 429 before being read.
        threads: requests worked on at once (the others queue, in order of arrival).
    """

    db: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    allow_private: bool = False
    max_body: int = MAX_BODY_BYTES
    max_queued_jobs: int = MAX_QUEUED_JOBS
    max_queued_bytes: int = MAX_QUEUED_BYTES
    max_uploads: int = MAX_UPLOADS
    threads: int = REQUEST_THREADS
    extra_hosts: list[str] = field(default_factory=list)

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def allowed_hosts(self) -> frozenset[str] | None:
        """Host names accepted in ``Host``/``Origin`` headers; None accepts any.

        On loopback only loopback names are accepted, so a web page whose domain is
        re-pointed at 127.0.0.1 (DNS rebinding) cannot talk to the server.
        """
        if not self.loopback:
            return None
        return LOOPBACK_NAMES | {self.host, *self.extra_hosts}


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_token(token: str | None) -> str | None:
    """The ``--token`` given, else ``$STORYLINE_TOKEN``, else None (empty counts as None)."""
    return token or os.environ.get(TOKEN_ENV) or None


def check_settings(settings: ServerSettings) -> None:
    """Refuse to serve beyond loopback without a token.

    Raises:
        StorylineError: the host is not loopback and no token is set.
    """
    if not settings.loopback and not settings.token:
        raise StorylineError(
            f"refusing to listen on {settings.host} without a token: anyone who can reach "
            f"it could write to the store; pass --token or set {TOKEN_ENV}"
        )
