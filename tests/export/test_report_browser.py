"""The seeds' HTML report in real headless Chromium: the story, its timeline chart, and a
citation clicked through to its highlighted sentence. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from headless import CHROMIUM, chromium_page, screenshot

from storyline.export.report import write_report
from storyline.store import SqliteStore

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install chromium)"
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")


@pytest.fixture(scope="module")
def report(analysed_seeds: SqliteStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(analysed_seeds, path)
    return path


@pytest.fixture
def page() -> Iterator[object]:
    with chromium_page(sync_api) as opened:
        opened.requests = []
        opened.on("request", lambda r: opened.requests.append(r.url))
        yield opened


def test_report_shows_the_story_and_a_citation_leads_to_its_sentence(
    page, report: Path, analysed_seeds: SqliteStore
) -> None:  # type: ignore[no-untyped-def]
    page.goto(report.as_uri())
    (story,) = analysed_seeds.stories()
    assert page.locator(f"#story-{story.id} h2, #story-{story.id} h3").first.is_visible()
    assert page.locator(f"#story-{story.id} svg").count() >= 1  # the timeline chart
    screenshot(page, "report-story", full_page=False)
    citation = page.locator(f"#story-{story.id} a.cite").first
    target = citation.get_attribute("href")
    assert target and target.startswith("#")
    citation.click()
    sentence = page.locator(target)
    assert sentence.is_visible()
    background = sentence.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # :target highlight
    screenshot(page, "report-citation", full_page=False)
    assert all(url.startswith("file:") for url in page.requests)  # nothing fetched
