import ipaddress

import pytest
from loopback import LoopbackServer

from storyline.errors import FetchError
from storyline.ingest import ReadOptions, addresses, read_inputs
from storyline.ingest.fetch import fetch
from storyline.model import RawDocument, ReadFailure

PAGE = b"<html><head><title>Page</title></head><body><p>Story.</p></body></html>"
LOCAL = ReadOptions(allow_private=True, timeout=5.0)


def test_loopback_is_refused_without_allow_private(server: LoopbackServer) -> None:
    url = server.add("/page", PAGE)
    with pytest.raises(FetchError) as raised:
        fetch(url, ReadOptions())
    assert "loopback address" in raised.value.problem
    assert "--allow-private" in raised.value.problem
    assert server.requests == []


def test_loopback_is_fetched_with_allow_private(server: LoopbackServer) -> None:
    url = server.add("/page", PAGE, headers={"Last-Modified": "Wed, 01 May 2024 10:00:00 GMT"})
    response = fetch(url, LOCAL)
    assert (response.status, response.body, response.final_url) == (200, PAGE, url)
    assert response.charset == "utf-8"
    assert response.last_modified == "Wed, 01 May 2024 10:00:00 GMT"


def test_redirects_are_followed_up_to_the_limit(server: LoopbackServer) -> None:
    for hop in range(4):
        server.add(f"/r{hop}", status=302, headers={"Location": f"/r{hop + 1}"})
    final = server.add("/r4", PAGE)
    assert (
        fetch(server.url("/r0"), ReadOptions(allow_private=True, max_redirects=4)).final_url
        == final
    )
    with pytest.raises(FetchError) as raised:
        fetch(server.url("/r0"), ReadOptions(allow_private=True, max_redirects=3))
    assert raised.value.problem == "too many redirects (more than 3)"


def test_every_redirect_hop_is_checked(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_resolve = addresses.resolve

    def resolve(url: str, host: str, port: int) -> list[addresses.IPAddress]:
        if host == "localhost":  # pretend the first hop is a public host
            return [ipaddress.ip_address("93.184.216.34")]
        return real_resolve(url, host, port)

    monkeypatch.setattr(addresses, "resolve", resolve)
    start = server.add("/start", status=302, headers={"Location": server.url("/inner")})
    server.add("/inner", PAGE)
    with pytest.raises(FetchError, match="127.0.0.1, a loopback address"):
        fetch(start.replace("127.0.0.1", "localhost"), ReadOptions())
    assert [path for path, _ in server.requests] == ["/start"]


def test_body_over_the_cap_is_refused(server: LoopbackServer) -> None:
    declared = server.add("/big", b"x" * 2000)
    undeclared = server.add("/stream", b"x" * 2000, send_length=False)
    for url in (declared, undeclared):
        with pytest.raises(FetchError) as raised:
            fetch(url, ReadOptions(allow_private=True, max_bytes=1000))
        assert raised.value.problem == "response larger than the 1000-byte cap (use --max-bytes)"


def test_http_error_status_is_a_fetch_error(server: LoopbackServer) -> None:
    with pytest.raises(FetchError) as raised:
        fetch(server.url("/missing"), LOCAL)
    assert raised.value.problem == "HTTP 404 Not Found"


def test_slow_server_times_out(server: LoopbackServer) -> None:
    url = server.add("/slow", PAGE, delay=1.0)
    with pytest.raises(FetchError) as raised:
        fetch(url, ReadOptions(allow_private=True, timeout=0.2))
    assert raised.value.problem == "timed out after 0.2 s"


def test_conditional_get_with_matching_etag_is_not_modified(server: LoopbackServer) -> None:
    url = server.add("/feed.xml", b"<rss/>", etag='"v1"', content_type="application/rss+xml")
    first = fetch(url, LOCAL)
    assert (first.not_modified, first.etag) == (False, '"v1"')
    again = fetch(url, LOCAL, etag=first.etag, last_modified="Wed, 01 May 2024 10:00:00 GMT")
    assert (again.not_modified, again.status, again.body) == (True, 304, b"")
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'
    assert server.requests[-1][1]["If-Modified-Since"] == "Wed, 01 May 2024 10:00:00 GMT"


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        fetch(url, LOCAL)


def test_url_inputs_read_pages_and_report_failures(server: LoopbackServer) -> None:
    page = server.add("/article", PAGE)
    text = server.add("/notes", b"Plain words.", content_type="text/plain")
    results = list(read_inputs([page, text, server.url("/missing"), "ftp://x.example/a"], LOCAL))
    documents = [r for r in results if isinstance(r, RawDocument)]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [(d.source_path, d.format, d.url) for d in documents] == [
        (page, "html", page), (text, "text", text),
    ]  # fmt: skip
    assert [f.problem for f in failures] == [
        "HTTP 404 Not Found", "unsupported URL scheme 'ftp' (only http and https)",
    ]  # fmt: skip


def test_url_input_refused_without_allow_private_is_a_failure(server: LoopbackServer) -> None:
    [failure] = read_inputs([server.add("/article", PAGE)], ReadOptions())
    assert isinstance(failure, ReadFailure) and "loopback address" in failure.problem
