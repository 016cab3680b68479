"""The seeds' HTML report in real headless Chromium: the story, its timeline chart, and a
citation clicked through to its highlighted sentence. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.export.report import write_report
from storyline.store import SqliteStore

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install chromium)"
)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")


@pytest.fixture(scope="module")
def report(analysed_seeds: SqliteStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(analysed_seeds, path)
    return path


@pytest.fixture
def page() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        opened = browser.new_page(viewport={"width": 1200, "height": 900})
        opened.requests = []  # type: ignore[attr-defined]
        opened.on("request", lambda r: opened.requests.append(r.url))  # type: ignore[attr-defined]
        yield opened
        browser.close()


def test_report_shows_the_story_and_a_citation_leads_to_its_sentence(
    page, report: Path, analysed_seeds: SqliteStore
) -> None:  # type: ignore[no-untyped-def]
    page.goto(report.as_uri())
    (story,) = analysed_seeds.stories()
    assert page.locator(f"#story-{story.id} h2, #story-{story.id} h3").first.is_visible()
    assert page.locator(f"#story-{story.id} svg").count() >= 1  # the timeline chart
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-story.png"), full_page=False)
    citation = page.locator(f"#story-{story.id} a.cite").first
    target = citation.get_attribute("href")
    assert target and target.startswith("#")
    citation.click()
    sentence = page.locator(target)
    assert sentence.is_visible()
    background = sentence.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # :target highlight
    page.screenshot(path=str(ARTIFACTS / "report-citation.png"), full_page=False)
    assert all(url.startswith("file:") for url in page.requests)  # nothing fetched
