"""POST /api/ingest runs in the background; GET /api/jobs/{id} follows it to the end."""

import json
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ingest.loopback import LoopbackServer

from storyline.api.background import Job, JobRunner
from storyline.api.settings import ServerSettings
from storyline.jobs import open_store
from storyline.store.job_queue import QueueLimits

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


# Issue 14, item 10: accepted work is durable and the queue is bounded.
@pytest.fixture
def idle_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Servers whose worker takes no job: what they accept stays queued (as when killed)."""
    monkeypatch.setattr(JobRunner, "_work", lambda self: None)


def _post(client: TestClient, text: str = ARTICLE) -> dict:  # type: ignore[type-arg]
    response = client.post("/api/ingest", json={"documents": [{"text": text}]})
    assert response.status_code == 202, response.text
    return response.json()["job"]  # type: ignore[no-any-return]


def test_an_accepted_job_is_stored_before_the_answer_and_resumes_after_a_restart(
    db: Path, client_for: Callable[[ServerSettings], TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(JobRunner, "_work", lambda self: None)
    with client_for(ServerSettings(db=db)) as first:
        job = _post(first)
    with open_store(db) as store:
        stored = store.stored_job(job["id"])
        assert stored is not None and stored.state == "queued" and store.job_request(job["id"])
    monkeypatch.undo()
    with client_for(ServerSettings(db=db)) as second:
        assert [j["id"] for j in second.get("/api/jobs").json()["items"]] == [job["id"]]
        resumed = _finished(second, job["id"])
    assert resumed["state"] == "done" and resumed["written"] == 1
    with open_store(db) as store:
        assert store.counts()["articles"] == 1 and store.job_request(job["id"]) is None


def test_a_job_interrupted_while_running_runs_again_after_a_restart(
    db: Path, client_for: Callable[[ServerSettings], TestClient]
) -> None:
    with open_store(db) as store:
        job = Job("interrupted", analyze=False, inputs={"documents": 1, "urls": 0})
        request = json.dumps({"documents": [{"text": ARTICLE}], "urls": [], "analyze": False})
        limits = QueueLimits(jobs=1, request_bytes=1 << 20)
        assert store.add_job(job.stored(), zlib.compress(request.encode()), len(request), limits)
        assert store.claim_job("interrupted")  # then the server was killed
    with client_for(ServerSettings(db=db)) as client:
        resumed = _finished(client, "interrupted")
    assert resumed["state"] == "done" and resumed["written"] == 1


def test_past_the_queue_bound_a_post_gets_429_with_retry_after(
    db: Path, client_for: Callable[[ServerSettings], TestClient], idle_worker: None
) -> None:
    with client_for(ServerSettings(db=db, max_queued_jobs=2)) as client:
        _post(client)
        _post(client)
        refused = client.post("/api/ingest", json={"documents": [{"text": ARTICLE}]})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
        assert refused.json()["status"] == 429 and "queue is full" in refused.json()["error"]
        assert client.get("/api/jobs").json()["total"] == 2


def test_the_queue_bound_counts_posted_bytes(
    db: Path, client_for: Callable[[ServerSettings], TestClient], idle_worker: None
) -> None:
    with client_for(ServerSettings(db=db, max_queued_bytes=20_000)) as client:
        _post(client, ARTICLE * 60)  # one job over the bound alone is still taken
        assert (
            client.post("/api/ingest", json={"documents": [{"text": ARTICLE}]}).status_code == 429
        )


def test_uploads_beyond_the_bound_get_429_before_their_body_is_read(db: Path) -> None:
    import asyncio

    import httpx

    from storyline.api.security import Guard

    entered, release = asyncio.Event(), asyncio.Event()

    async def slow_app(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        entered.set()
        await release.wait()
        await send({"type": "http.response.start", "status": 202, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"{}"})  # type: ignore[operator]

    guard = Guard(slow_app, ServerSettings(db=db, max_uploads=1))  # type: ignore[arg-type]

    async def run() -> tuple[int, int, str | None]:
        transport = httpx.ASGITransport(app=guard)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as c:
            first = asyncio.create_task(c.post("/api/ingest", json={}))
            await entered.wait()
            second = await c.post("/api/ingest", json={})
            release.set()
            return (await first).status_code, second.status_code, second.headers.get("retry-after")

    assert asyncio.run(run()) == (202, 429, "5")


def test_a_posted_lone_surrogate_does_not_fail_the_job(client: TestClient) -> None:
    body = '{"documents": [{"title": "Half \\ud800 pair", "text": "' + ARTICLE + '\\udc00"}]}'
    response = client.post(
        "/api/ingest", content=body.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 202
    job = _finished(client, response.json()["job"]["id"])
    assert job["state"] == "done" and job["written"] == 1, job
