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


# Issue 14, item 5: an origin is scheme, host and port; another port on localhost is
# another web site, and may not queue jobs on a server without a token.
@pytest.mark.parametrize(
    "origin",
    [
        "http://localhost:1",
        "http://127.0.0.1:1",
        "https://localhost",
        "https://127.0.0.1:8000",
        "http://localhost",
        "http://127.0.0.1:80",
        "null",
        "http://127.0.0.1:8000.evil.example",
    ],
)
def test_writes_from_another_port_or_scheme_are_refused(client: TestClient, origin: str) -> None:
    response = client.post("/api/ingest", json=BODY, headers={"origin": origin})
    assert response.status_code == 403, origin


@pytest.mark.parametrize(
    "origin", ["http://127.0.0.1:8000", "http://localhost:8000", "HTTP://LOCALHOST:8000"]
)
def test_writes_from_the_servers_own_origin_are_accepted(client: TestClient, origin: str) -> None:
    response = client.post("/api/ingest", json=BODY, headers={"origin": origin})
    assert response.status_code == 202, origin


def test_beyond_loopback_the_origin_must_match_host_scheme_and_port(
    db: Path, client_for: Callable[[ServerSettings], TestClient]
) -> None:
    settings = ServerSettings(db=db, host="0.0.0.0", token="t")
    auth = {"authorization": "Bearer t"}
    with client_for(settings) as client:
        same = {"origin": "http://127.0.0.1:8000", **auth}
        assert client.post("/api/ingest", json=BODY, headers=same).status_code == 202
        for origin in ("https://127.0.0.1:8000", "http://127.0.0.1:8001", "http://evil.example"):
            headers = {"origin": origin, **auth}
            assert client.post("/api/ingest", json=BODY, headers=headers).status_code == 403
