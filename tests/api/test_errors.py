"""Every error, whatever raised it, has the same JSON shape."""

import pytest
from fastapi.testclient import TestClient

from storyline.browse.pages import MAX_OFFSET

SHAPE = {"ok", "error", "status", "title"}


def _assert_error(response, status: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    body = response.json()
    assert response.status_code == status and set(body) >= SHAPE and body["ok"] is False
    assert body["status"] == status
    return body  # type: ignore[no-any-return]


def test_unknown_route_and_unknown_record_are_404(client: TestClient) -> None:
    _assert_error(client.get("/api/nothing-here"), 404)
    assert "'nope'" in _assert_error(client.get("/api/stories/nope"), 404)["error"]


def test_invalid_parameters_are_422_with_each_problem(client: TestClient) -> None:
    body = _assert_error(client.get("/api/articles", params={"limit": 0}), 422)
    assert body["errors"] and "limit" in body["error"]


def test_query_without_words_is_400(client: TestClient) -> None:
    assert (
        "at least one word"
        in _assert_error(client.get("/api/search", params={"q": "--"}), 400)["error"]
    )


def test_unexpected_exception_is_500_without_details(client: TestClient, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import storyline.browse

    def broken(*args: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(storyline.browse, "overview", broken)
    body = _assert_error(client.get("/api"), 500)
    assert "secret" not in body["error"]


def test_wrong_method_is_405(client: TestClient) -> None:
    _assert_error(client.delete("/api/articles"), 405)


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    _assert_error(client.get("/api", headers={"host": "evil.example"}), 421)


def test_html_pages_get_an_html_error_page(client: TestClient) -> None:
    response = client.get("/stories/nope", headers={"accept": "text/html"})
    assert response.status_code == 404 and "<h1>404</h1>" in response.text


# Issue 14, item 4: offsets past SQLite's integers are a 422, never a 500.
@pytest.mark.parametrize(
    "path",
    ["/api/articles", "/api/search?q=harbour", "/api/stories", "/api/entities", "/api/quotes"],
)
@pytest.mark.parametrize("offset", [2**63, 2**63 - 1, 10**40])
def test_huge_offsets_are_refused_not_a_server_error(
    client: TestClient, path: str, offset: int
) -> None:
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}offset={offset}")
    assert response.status_code == 422 and "offset" in response.json()["error"]


def test_the_largest_offset_allowed_answers_an_empty_page(client: TestClient) -> None:
    response = client.get("/api/articles", params={"offset": MAX_OFFSET})
    assert response.status_code == 200 and response.json()["items"] == []
    found = client.get("/api/search", params={"q": "harbour", "offset": MAX_OFFSET})
    assert found.status_code == 200 and found.json()["hits"] == []
