"""Server-rendered pages show what the store holds, and say plainly what is not analysed."""

from pathlib import Path

from fastapi.testclient import TestClient
from lxml import html
from sample_analysis import Sample, add_article

from storyline.api.settings import ServerSettings
from storyline.jobs import open_store
from storyline.server import create_app


def _doc(client: TestClient, url: str) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return html.fromstring(response.text)


def test_story_list_links_stories_with_a_sparkline(browser_client: TestClient) -> None:
    doc = _doc(browser_client, "/")
    link = doc.cssselect("a.story-link")[0]
    assert link.text == "Ostrava dam failure" and link.get("href") == "/stories/st1"
    assert doc.cssselect("table.stories svg.spark polyline")


def test_story_page_has_every_section(browser_client: TestClient, sample: Sample) -> None:
    doc = _doc(browser_client, "/stories/st1")
    for section in ("timeline", "events", "quotes", "claims", "entities", "framing", "articles"):
        assert doc.get_element_by_id(section) is not None
    assert doc.cssselect("svg.chart circle")  # the timeline chart the report draws too
    quote_link = doc.cssselect("#quotes a.source")[0].get("href")
    assert quote_link.startswith(f"/articles/{sample.flood_1.id}?start=70&end=136")
    assert doc.cssselect("#claims .badge.conflict")
    assert "not analysed yet" in doc.get_element_by_id("framing").text_content()


def test_article_page_highlights_entities_quotes_dates_claims(
    browser_client: TestClient, sample: Sample
) -> None:
    doc = _doc(browser_client, f"/articles/{sample.flood_1.id}")
    text = doc.cssselect("div.text")[0]
    assert [e.text for e in text.cssselect(".m-time")] == ["14 March 2024"]
    assert [e.text for e in text.cssselect(".m-claim")] == ["300 homes"]
    assert "Jana Novak" in [e.text for e in text.cssselect(".m-ent")]
    assert doc.get_element_by_id("quote-q1") is not None
    assert text.text_content() == sample.flood_1.text
    assert "Analysed by en: spaCy" in doc.cssselect("p.analysed-by")[0].text_content()


def test_cited_passage_is_marked_and_anchored(browser_client: TestClient, sample: Sample) -> None:
    doc = _doc(browser_client, f"/articles/{sample.flood_1.id}?start=70&end=136")
    cited = "".join(e.text_content() for e in doc.cssselect("div.text .m-cite"))
    assert cited == sample.flood_1.text[70:136] and doc.get_element_by_id("cite") is not None


def test_unanalysed_article_says_so_and_keeps_removed_blocks_toggled(
    browser_client: TestClient, sample: Sample
) -> None:
    doc = _doc(browser_client, f"/articles/{sample.hostile.id}")
    assert "Not analysed yet" in doc.cssselect("p.pending")[0].text_content()
    details = doc.cssselect("details.removed")[0]
    assert details.get("open") is None and "alert('removed')" in details.text_content()


def test_search_page_marks_matches_and_links_sentences(
    browser_client: TestClient, sample: Sample
) -> None:
    doc = _doc(browser_client, "/search?q=evacuating")
    assert [m.text for m in doc.cssselect("p.snippet mark")] == ["evacuating"]
    sentence = doc.cssselect("ul.sentences a")[0]
    assert sentence.get("href").startswith(f"/articles/{sample.flood_1.id}?start=")


def test_search_page_reports_a_bad_query(browser_client: TestClient) -> None:
    assert "at least one word" in _doc(browser_client, "/search?q=--").cssselect("p.error")[0].text


def test_entity_pages(browser_client: TestClient) -> None:
    listing = _doc(browser_client, "/entities")
    assert [a.text for a in listing.cssselect("table a")] == ["Jana Novak", "Ostrava"]
    entity = _doc(browser_client, "/entities/e-novak")
    assert [m.text for m in entity.cssselect("ul.mentions mark")] == ["Jana Novak", "Novak"]
    assert "same story" in entity.text_content()


def test_empty_store_pages_explain_what_to_do(tmp_path: Path) -> None:
    app = create_app(ServerSettings(db=tmp_path / "empty.db"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        home = html.fromstring(client.get("/").text)
    notes = " ".join(p.text_content() for p in home.cssselect("p.pending"))
    assert "not analysed" in notes and "storyline ingest" in notes


def test_a_kept_page_is_rendered_again_once_the_store_changes(
    browser_client: TestClient, sample_db: tuple[Path, Sample]
) -> None:
    first = browser_client.get("/").text
    assert browser_client.get("/").text == first
    with open_store(sample_db[0]) as store:
        add_article(store, "Flood barriers tested\n\nEngineers tested the new barriers on Monday.")
    assert "Flood barriers tested" in browser_client.get("/").text


def test_a_huge_offset_on_a_page_is_a_client_error(browser_client: TestClient) -> None:
    for path in ("/", "/articles", "/entities", "/search?q=flood"):
        joiner = "&" if "?" in path else "?"
        response = browser_client.get(f"{path}{joiner}offset={2**63}")
        assert response.status_code == 422, path
