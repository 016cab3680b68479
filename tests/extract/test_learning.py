from pathlib import Path

from storyline import jobs
from storyline.extract.learning import articles_of_sites, load_templates, update_templates
from storyline.model import RawDocument
from storyline.store import SqliteStore

PLACES = ("Ostrava", "Brno", "Plzen", "Olomouc")


def _page(place: str) -> RawDocument:
    body = (
        f"<html><head><title>{place} decides | Example Times</title></head><body><article>"
        f"<h1>{place} decides</h1><p>The council of {place} met on Monday and voted for a "
        f"new budget after a long debate about {place}'s schools and roads.</p>"
        "<p>Photo: Example Agency</p>"
        f"<p>Residents of {place} said they had waited years for the decision and would "
        "watch how the money is spent.</p></article></body></html>"
    )
    return RawDocument(f"{place}.html", "html", body, url=f"https://example.org/{place}")


def test_ingest_learns_templates_and_reextracts_the_sites_pages(tmp_path: Path) -> None:
    with jobs.open_store(tmp_path / "s.db") as store:
        jobs.ingest_documents([_page(p) for p in PLACES[:3]], store)
        articles = list(store.articles())
        assert {a.site for a in articles} == {"example.org"}
        for article in articles:
            assert "Photo: Example Agency" not in article.text
            assert "Photo: Example Agency" in article.removed
            assert article.title and not article.title.endswith("Example Times")


def test_update_templates_counts_each_page_once(tmp_path: Path) -> None:
    with jobs.open_store(tmp_path / "s.db") as store:
        jobs.ingest_documents([_page(p) for p in PLACES[:2]], store)
        ids = [a.id for a in store.articles()]
        assert update_templates(store, ids) == set()  # already folded by ingest
        assert load_templates(store, ["example.org"])["example.org"].pages == 2
        jobs.ingest_documents([_page(PLACES[3])], store)
        assert load_templates(store, ["example.org"])["example.org"].pages == 3
        assert len(articles_of_sites(store, ["example.org"])) == 3


def test_a_single_page_site_gets_single_page_extraction(tmp_path: Path) -> None:
    with jobs.open_store(tmp_path / "s.db") as store:
        jobs.ingest_documents([_page("Ostrava")], store)
        (article,) = store.articles()
        assert "Photo: Example Agency" in article.text or article.credits


def test_templates_survive_reopening_the_store(tmp_path: Path) -> None:
    with jobs.open_store(tmp_path / "s.db") as store:
        jobs.ingest_documents([_page(p) for p in PLACES[:2]], store)
    with SqliteStore(tmp_path / "s.db") as reopened:
        assert load_templates(reopened, ["example.org"])["example.org"].boilerplate()
