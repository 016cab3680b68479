"""Writes need the token when one is set; cross-origin writes, foreign hosts, oversized
bodies are refused; every response carries a strict Content-Security-Policy."""

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.api.settings import ServerSettings, check_settings, is_loopback, resolve_token
from storyline.errors import StorylineError

BODY = {"documents": [{"text": "A short text about the harbour and its sea wall repairs."}]}


def test_non_loopback_host_without_token_is_refused() -> None:
    with pytest.raises(StorylineError, match="--token"):
        check_settings(ServerSettings(db=Path("x.db"), host="0.0.0.0"))
    check_settings(ServerSettings(db=Path("x.db"), host="0.0.0.0", token="t"))
    check_settings(ServerSettings(db=Path("x.db"), host="127.0.0.2"))


def test_loopback_names() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "[::1]", "127.9.9.9"]))
    assert not any(map(is_loopback, ["0.0.0.0", "10.0.0.1", "example.org"]))


def test_token_comes_from_option_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_TOKEN", "from-env")
    assert resolve_token(None) == "from-env" and resolve_token("given") == "given"


def test_write_needs_the_token_when_set(
    db: Path, client_for: Callable[[ServerSettings], TestClient]
) -> None:
    with client_for(ServerSettings(db=db, token="s3cret")) as client:
        refused = client.post("/api/ingest", json=BODY)
        assert refused.status_code == 401 and refused.json()["ok"] is False
        assert refused.headers["www-authenticate"] == "Bearer"
        wrong = client.post("/api/ingest", json=BODY, headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = client.post("/api/ingest", json=BODY, headers={"authorization": "Bearer s3cret"})
        assert ok.status_code == 202
        assert client.get("/api/articles").status_code == 200  # reads stay open


def test_cross_origin_writes_are_refused(client: TestClient) -> None:
    response = client.post("/api/ingest", json=BODY, headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    same = client.post("/api/ingest", json=BODY, headers={"origin": "http://127.0.0.1:8000"})
    assert same.status_code == 202


def test_oversized_body_is_refused_before_reading(
    db: Path, client_for: Callable[[ServerSettings], TestClient]
) -> None:
    with client_for(ServerSettings(db=db, max_body=100)) as client:
        response = client.post("/api/ingest", json={"documents": [{"text": "x" * 200}]})
        assert response.status_code == 413 and response.json()["status"] == 413


def test_form_posts_are_not_json(client: TestClient) -> None:
    response = client.post(
        "/api/ingest", content=b'{"documents": []}', headers={"content-type": "text/plain"}
    )
    assert response.status_code == 422


def test_every_response_has_security_headers(client: TestClient) -> None:
    for path in ("/", "/api", "/api/nothing", "/static/app.css"):
        headers = client.get(path).headers
        assert "default-src 'none'" in headers["content-security-policy"], path
        assert "script-src" not in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in client.get("/docs").headers["content-security-policy"]
