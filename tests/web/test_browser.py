"""The UI in real headless Chromium (Debian's `chromium`, driven by Playwright).

The server runs on 127.0.0.1 at an ephemeral port, over the seeds plus the sample analysis
(so a story with quotes exists whatever analysis this branch has). Screenshots are saved
under tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from headless import CHROMIUM, chromium_page, screenshot, serving
from sample_analysis import Sample, write_sample

from storyline import jobs
from storyline.store import SqliteStore

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install chromium)"
)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, seeds_path: Path
) -> Iterator[tuple[str, Sample]]:
    db = tmp_path_factory.mktemp("browser") / "ui.db"
    with jobs.open_store(db) as store:
        jobs.ingest([str(seeds_path)], store)
        jobs.analyze(store)
        sample = write_sample(store)
    with serving(db) as base:
        yield base, sample


@pytest.fixture(scope="module")
def seeds_site(analysed_seeds: SqliteStore) -> Iterator[str]:
    """The seeds alone, as the pipeline analysed them (their one real story)."""
    with serving(Path(str(analysed_seeds.path))) as base:
        yield base


@pytest.fixture(scope="module")
def seeds_path() -> Path:
    path = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"
    if not path.exists():
        pytest.skip("../shared/corpora/seeds not found")
    return path


@pytest.fixture
def page() -> Iterator[object]:
    with chromium_page(sync_api) as opened:
        opened.policy_errors = []
        opened.on("console", lambda m: _note_policy(opened, m.text))
        yield opened


def _note_policy(page: object, text: str) -> None:
    if "Content Security Policy" in text:
        page.policy_errors.append(text)  # type: ignore[attr-defined]


def _shot(page: object, name: str) -> None:
    screenshot(page, name)


def test_story_list_to_story_to_quote_source_sentence(page, site) -> None:  # type: ignore[no-untyped-def]
    base, _ = site
    page.goto(base + "/")
    assert page.locator("a.story-link").count() >= 1
    _shot(page, "home")
    page.locator("a.story-link").first.click()
    page.wait_for_selector("section#quotes")
    _shot(page, "story")
    sources = page.locator("#quotes a.source")
    target = sources.first if sources.count() else page.locator("#articles a").first
    target.click()
    page.wait_for_selector("div.text")
    if sources.count():
        cited = page.locator("div.text .m-cite")
        assert cited.first.is_visible() and "evacuating" in cited.all_inner_texts()[0]
    _shot(page, "article-cited")
    assert page.policy_errors == []


def test_search_finds_and_highlights(page, site) -> None:  # type: ignore[no-untyped-def]
    base, _ = site
    page.goto(base + "/search")
    page.fill("form.search input[name=q]", "Lukashenko Putin")
    page.click("form.search button")
    page.wait_for_selector("li.hit")
    assert page.locator("li.hit").count() >= 4
    assert "Lukashenko" in page.locator("p.snippet mark").all_inner_texts()
    _shot(page, "search")
    assert page.policy_errors == []


def test_hostile_article_runs_no_script(page, site) -> None:  # type: ignore[no-untyped-def]
    base, sample = site
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/articles/{sample.hostile.id}")
    page.click("details.removed summary")
    assert page.locator("details.removed pre").is_visible()
    assert page.title() != "pwned" and dialogs == []
    assert "<script>" in page.locator("div.text").inner_text()
    _shot(page, "hostile")


def test_api_explorer_renders_from_vendored_assets(page, site) -> None:  # type: ignore[no-untyped-def]
    base, _ = site
    page.goto(base + "/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 15
    _shot(page, "docs")
    assert page.policy_errors == []


def test_seeds_story_shows_four_events_and_a_quote_leads_to_its_sentence(page, seeds_site) -> None:  # type: ignore[no-untyped-def]
    page.goto(seeds_site + "/")
    page.locator("a.story-link").first.click()
    page.wait_for_selector("section#quotes")
    assert page.locator("#events li, #events .event, #events tr").count() >= 4
    _shot(page, "seeds-story")
    source = page.locator("#quotes a.source").first
    source.click()
    page.wait_for_selector("div.text")
    cited = page.locator("div.text .m-cite")
    assert cited.first.is_visible() and cited.all_inner_texts()[0].strip()
    _shot(page, "seeds-article-cited")
    assert page.policy_errors == []
