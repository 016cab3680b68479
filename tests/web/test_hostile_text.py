"""Article text and metadata are untrusted: whatever they contain renders as inert text."""

from fastapi.testclient import TestClient
from lxml import html
from sample_analysis import Sample


def _assert_inert(page: str) -> None:
    doc = html.fromstring(page)
    assert not doc.xpath("//script"), "a <script> element made it into the page"
    assert not doc.xpath("//img"), "an <img> element made it into the page"
    for element in doc.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name} on <{element.tag}>"
            assert not value.strip().lower().startswith("javascript:"), f"{name}={value}"


def test_hostile_article_page_is_inert(browser_client: TestClient, sample: Sample) -> None:
    page = browser_client.get(f"/articles/{sample.hostile.id}").text
    _assert_inert(page)
    assert "&lt;script&gt;document.title" in page and "javascript:alert(1)" in page


def test_hostile_text_in_lists_search_and_stories_is_inert(
    browser_client: TestClient, sample: Sample
) -> None:
    for url in (
        "/",
        "/articles",
        "/search?q=script",
        "/search?q=click",
        "/stories/st1",
        "/entities",
    ):
        _assert_inert(browser_client.get(url).text)


def test_hostile_values_in_query_strings_are_inert(browser_client: TestClient) -> None:
    page = browser_client.get(
        '/search?q="><script>alert(1)</script>&outlet="><img src=x onerror=1>'
    ).text
    _assert_inert(page)


def test_pages_forbid_scripts_by_policy(browser_client: TestClient, sample: Sample) -> None:
    policy = browser_client.get(f"/articles/{sample.hostile.id}").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
