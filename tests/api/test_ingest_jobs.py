"""POST /api/ingest runs in the background; GET /api/jobs/{id} follows it to the end."""

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ingest.loopback import LoopbackServer

from storyline.api.settings import ServerSettings

ARTICLE = "The harbour reopened on Tuesday after a week of repairs to the old sea wall. " * 6


def _finished(client: TestClient, job_id: str, timeout: float = 30.0) -> dict:  # type: ignore[type-arg]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()["job"]
        if job["state"] in ("done", "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    running = LoopbackServer()
    running.start()
    yield running
    running.stop()


def test_posted_documents_are_ingested_analyzed_and_searchable(client: TestClient) -> None:
    documents = [
        {
            "title": "Harbour reopens",
            "text": ARTICLE,
            "outlet": "Coast Daily",
            "published": "2024-05-07",
        },
        {"title": "Broken", "text": "   "},
    ]
    response = client.post("/api/ingest", json={"documents": documents[:1]})
    assert response.status_code == 202 and response.headers["location"].startswith("/api/jobs/")
    job = _finished(client, response.json()["job"]["id"])
    assert job["state"] == "done" and job["written"] == 1 and "extract" in job["analysis"]
    assert client.get("/api/search", params={"q": "harbour"}).json()["total"] == 1
    assert client.post("/api/ingest", json={"documents": documents[1:]}).status_code == 422


def test_urls_go_through_the_readers(client: TestClient, loopback: LoopbackServer) -> None:
    page = (
        f"<html><head><title>Sea wall</title></head>"
        f"<body><article><p>{ARTICLE}</p></article></body></html>"
    )
    url = loopback.add("/story.html", page.encode())
    missing = loopback.url("/missing")
    job_id = client.post("/api/ingest", json={"urls": [url, missing]}).json()["job"]["id"]
    job = _finished(client, job_id)
    assert job["written"] == 1 and job["failed"] == 1
    assert job["failures"][0]["problem"].startswith("HTTP 404")


def test_private_urls_are_refused_unless_the_server_allows_them(
    tmp_path: Path, loopback: LoopbackServer, client_for: Callable[[ServerSettings], TestClient]
) -> None:
    url = loopback.add("/story.html", f"<p>{ARTICLE}</p>".encode())
    with client_for(ServerSettings(db=tmp_path / "p.db")) as strict:
        job = _finished(
            strict, strict.post("/api/ingest", json={"urls": [url]}).json()["job"]["id"]
        )
    assert job["written"] == 0 and "--allow-private" in job["failures"][0]["problem"]


def test_only_http_urls_are_accepted(client: TestClient) -> None:
    for bad in ("/etc/passwd", "-", "file:///etc/passwd"):
        response = client.post("/api/ingest", json={"urls": [bad]})
        assert response.status_code == 422 and "http(s)" in response.json()["error"]


def test_unknown_job_is_404_and_jobs_are_listed(client: TestClient) -> None:
    assert client.get("/api/jobs/nope").status_code == 404
    client.post("/api/ingest", json={"documents": [{"text": ARTICLE}]})
    assert client.get("/api/jobs").json()["total"] == 1
