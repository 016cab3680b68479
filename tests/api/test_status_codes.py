"""Every status code the OpenAPI schema documents is one the server really answers, each
made to happen here; schemathesis (test_schema_fuzz.py) checks the converse (issue 14)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sample_analysis import Sample

from storyline.api.background import JobRunner
from storyline.api.settings import ServerSettings

DOCUMENT = {"documents": [{"text": "The harbour reopened on Tuesday after repairs."}]}
LONG_ID = "x" * 201
# (method, path template, status) -> how to make it happen: client kind and request.
Request = tuple[str, str, dict[str, object]]
CASES: dict[tuple[str, str, int], tuple[str, Request]] = {
    ("get", "/api", 200): ("open", ("GET", "/api", {})),
    ("get", "/api/search", 200): ("open", ("GET", "/api/search?q=flood", {})),
    ("get", "/api/search", 400): ("open", ("GET", "/api/search?q=%21%21%21", {})),
    ("get", "/api/search", 422): ("open", ("GET", "/api/search", {})),
    ("get", "/api/feeds", 200): ("open", ("GET", "/api/feeds", {})),
    ("get", "/api/jobs", 200): ("open", ("GET", "/api/jobs", {})),
    ("get", "/api/jobs/{job_id}", 404): ("open", ("GET", "/api/jobs/nope", {})),
    ("get", "/api/jobs/{job_id}", 422): ("open", ("GET", f"/api/jobs/{LONG_ID}", {})),
    ("post", "/api/ingest", 202): ("open", ("POST", "/api/ingest", {"json": DOCUMENT})),
    ("post", "/api/ingest", 400): ("open", ("POST", "/api/ingest", {
        "content": b"{not json", "headers": {"content-type": "application/json"}})),
    ("post", "/api/ingest", 401): ("token", ("POST", "/api/ingest", {"json": DOCUMENT})),
    ("post", "/api/ingest", 403): ("open", ("POST", "/api/ingest", {
        "json": DOCUMENT, "headers": {"origin": "http://localhost:1"}})),
    ("post", "/api/ingest", 411): ("open", ("POST", "/api/ingest", {
        "content": iter([b'{"documents": []}']), "headers": {"content-type": "application/json"}})),
    ("post", "/api/ingest", 413): ("small", ("POST", "/api/ingest", {"json": {"urls": ["http://a.example/" + "x" * 300]}})),
    ("post", "/api/ingest", 422): ("open", ("POST", "/api/ingest", {"json": {"documents": [], "urls": []}})),
    ("post", "/api/ingest", 429): ("full", ("POST", "/api/ingest", {"json": DOCUMENT})),
}  # fmt: skip
LISTS = ("articles", "stories", "events", "entities", "quotes", "claims", "timeline")
for name in LISTS:
    CASES[("get", f"/api/{name}", 200)] = ("open", ("GET", f"/api/{name}", {}))
    CASES[("get", f"/api/{name}", 422)] = ("open", ("GET", f"/api/{name}?limit=0", {}))
DETAILS = {
    "articles": "article_id",
    "stories": "story_id",
    "events": "event_id",
    "entities": "entity_id",
}
for name, key in DETAILS.items():
    CASES[("get", f"/api/{name}/{{{key}}}", 404)] = ("open", ("GET", f"/api/{name}/nope", {}))
    CASES[("get", f"/api/{name}/{{{key}}}", 422)] = ("open", ("GET", f"/api/{name}/{LONG_ID}", {}))


@pytest.fixture
def clients(
    db: Path,
    sample: Sample,
    client_for: Callable[[ServerSettings], TestClient],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[dict[str, TestClient]]:
    monkeypatch.setattr(JobRunner, "_work", lambda self: None)
    settings = {
        "open": ServerSettings(db=db), "token": ServerSettings(db=db, token="t"),
        "small": ServerSettings(db=db, max_body=100),
        "full": ServerSettings(db=db, max_queued_jobs=0),
    }  # fmt: skip
    opened = {name: client_for(value).__enter__() for name, value in settings.items()}
    yield opened
    for client in opened.values():
        client.__exit__(None, None, None)


def _documented(client: TestClient) -> set[tuple[str, str, int]]:
    paths = client.get("/openapi.json").json()["paths"]
    return {
        (method, path, int(status))
        for path, operations in paths.items()
        for method, operation in operations.items()
        for status in operation["responses"]
    }


def test_every_documented_status_code_happens(
    clients: dict[str, TestClient], sample: Sample
) -> None:
    ids = {"articles": sample.flood_1.id, "stories": sample.story.id, "events": "ev1",
           "entities": sample.novak.id}  # fmt: skip
    cases = dict(CASES)
    for name, key in DETAILS.items():
        cases[("get", f"/api/{name}/{{{key}}}", 200)] = (
            "open",
            ("GET", f"/api/{name}/{ids[name]}", {}),
        )
    job = clients["open"].post("/api/ingest", json=DOCUMENT).json()["job"]["id"]
    cases[("get", "/api/jobs/{job_id}", 200)] = ("open", ("GET", f"/api/jobs/{job}", {}))
    assert _documented(clients["open"]) == set(cases)
    for (method, path, status), (kind, (verb, url, options)) in sorted(cases.items()):
        response = clients[kind].request(verb, url, **options)  # type: ignore[arg-type]
        assert response.status_code == status, (method, path, status, response.text)
        if status >= 400:
            assert response.json()["status"] == status
