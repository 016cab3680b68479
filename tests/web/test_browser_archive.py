"""The UI over a real archive in headless Chromium: the first REUTERS_ARTICLES wires of
Reuters-21578 (read from ../shared/corpora, never copied), ingested and analysed once for
the module. Story list, the largest story, search and an entity; screenshots are saved
under tests/artifacts/archive-*.png for a person to look at.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from headless import CHROMIUM, chromium_page, screenshot, serving

from storyline import jobs

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install chromium)"
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")

REUTERS = (
    Path(__file__).resolve().parents[3] / "shared/corpora/news-reuters21578/reuters21578.jsonl"
)
# Enough wires for stories of dozens of articles and several pages of lists, few enough
# to ingest and analyse in about two minutes on the CI machine.
REUTERS_ARTICLES = 1500
LARGEST_STORY = (
    "SELECT e.story_id, count(*) FROM articles a JOIN events e ON a.event_id = e.id "
    "WHERE e.story_id IS NOT NULL GROUP BY e.story_id ORDER BY count(*) DESC LIMIT 1"
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if not REUTERS.exists():
        pytest.skip(f"{REUTERS} not found")
    folder = tmp_path_factory.mktemp("archive")
    wires = folder / "reuters.jsonl"  # a slice of the corpus, in the test's temporary folder
    with REUTERS.open(encoding="utf-8") as source:
        wires.write_text("".join(itertools.islice(source, REUTERS_ARTICLES)), "utf-8")
    db = folder / "archive.db"
    with jobs.open_store(db) as store:
        jobs.ingest([str(wires)], store)
        jobs.analyze(store)
    with serving(db) as base:
        yield base, db


@pytest.fixture
def page() -> Iterator[object]:
    with chromium_page(sync_api) as opened:
        yield opened


def _largest(db: Path) -> tuple[str, int]:
    import sqlite3

    with sqlite3.connect(db) as connection:
        story_id, size = connection.execute(LARGEST_STORY).fetchone()
    return str(story_id), int(size)


def test_story_list_pages_through_the_archive(page, archive) -> None:  # type: ignore[no-untyped-def]
    base, _ = archive
    page.goto(base + "/")
    links = page.locator("a.story-link")
    assert links.count() == 50  # a full first page
    first = links.first.inner_text()
    screenshot(page, "archive-stories", full_page=False)
    page.locator("a[rel=next]").first.click()
    page.wait_for_selector("a.story-link")
    assert page.locator("a.story-link").first.inner_text() != first


def test_the_largest_story_is_navigable(page, archive) -> None:  # type: ignore[no-untyped-def]
    base, db = archive
    story_id, size = _largest(db)
    page.goto(f"{base}/stories/{story_id}")
    assert f"{size} articles " in page.locator("p.meta").first.inner_text()
    chart = page.locator("#timeline svg.chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    marks = chart.locator("circle, rect")
    assert marks.count() >= 1
    for index in range(marks.count()):  # every mark inside the drawn chart
        mark = marks.nth(index).bounding_box()
        assert mark is None or box["x"] <= mark["x"] <= box["x"] + box["width"]
    coverage = page.locator("#coverage").inner_text()  # Reuters-21578 names no outlet
    assert "Languages: en" in coverage
    outlets = page.locator("#coverage table.outlets tbody tr").count()
    assert outlets >= 1 or "No outlet is known" in coverage
    screenshot(page, "archive-story", full_page=False)
    months = page.locator("nav.months a")
    if months.count() > 1:  # jump to the last month: its heading comes into view
        target = months.last.get_attribute("href")
        months.last.click()
        assert page.locator(str(target)).is_visible()
    screenshot(page, "archive-story-events", full_page=False)


def test_search_finds_wires_and_filters_by_date(page, archive) -> None:  # type: ignore[no-untyped-def]
    base, _ = archive
    page.goto(base + "/search")
    page.fill("form.search input[name=q]", "oil prices")
    page.click("form.search button")
    page.wait_for_selector("li.hit")
    assert page.locator("li.hit").count() >= 5
    marked = {text.lower() for text in page.locator("li.hit mark").all_inner_texts()}
    assert {"oil", "prices"} & marked
    screenshot(page, "archive-search", full_page=False)
    page.goto(base + "/search?q=oil+prices&since=1987-03-01&until=1987-03-01")
    dates = page.locator("li.hit").all_inner_texts()
    assert dates and all("1987-03-01" in text for text in dates)


def test_an_entity_page_shows_its_mentions_in_context(page, archive) -> None:  # type: ignore[no-untyped-def]
    base, _ = archive
    page.goto(base + "/entities")
    entity = page.locator("main a[href^='/entities/']").first
    name = entity.inner_text()
    entity.click()
    page.wait_for_selector("ul.mentions li")
    assert name in page.locator("h1").inner_text()
    assert page.locator("ul.mentions li mark").count() >= 2
    screenshot(page, "archive-entity", full_page=False)
    page.locator("ul.mentions li a").first.click()
    page.wait_for_selector("div.text .m-cite")
    assert page.locator("div.text .m-cite").first.is_visible()
