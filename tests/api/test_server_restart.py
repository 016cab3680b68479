"""A real `storyline serve`, killed with SIGKILL right after accepting a job, restarted on
the same store: the job resumes and every accepted document is stored (issue 14, item 10)."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

DOCUMENTS = 300
TEXT = "The harbour reopened on Tuesday after a week of repairs to the old sea wall, number {n}."


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _call(port: int, path: str, body: object = None, timeout: float = 30.0) -> dict:  # type: ignore[type-arg]
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data)
    request.add_header("content-type", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            _call(port, "/api", timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not come up")


def test_a_job_accepted_before_a_kill_completes_after_a_restart(tmp_path: Path) -> None:
    db, port = tmp_path / "s.db", _free_port()
    documents = [{"text": TEXT.format(n=n), "id": str(n)} for n in range(DOCUMENTS)]
    server = _serve(db, port)
    try:
        _wait_until_up(port, server)
        job = _call(port, "/api/ingest", {"documents": documents, "analyze": False})["job"]
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        with sqlite3.connect(db) as store:  # killed before the job could finish
            assert store.execute("SELECT count(*) FROM articles").fetchone()[0] < DOCUMENTS
        store.close()
        server = _serve(db, port)
        _wait_until_up(port, server)
        deadline = time.monotonic() + 120
        while (state := _call(port, f"/api/jobs/{job['id']}")["job"])["state"] not in (
            "done",
            "failed",
        ):
            assert time.monotonic() < deadline, state
            time.sleep(0.2)
        assert state["state"] == "done" and state["read"] == DOCUMENTS, state
        assert _call(port, "/api")["counts"]["articles"] == DOCUMENTS
    finally:
        server.kill()
        server.wait(10)
