from storyline.extract.article import extract_article
from storyline.extract.corpus import extract_corpus, learn_templates
from storyline.extract.templates import (
    MAX_TRACKED,
    PageSample,
    SiteTemplate,
    sample_page,
    site_of,
)
from storyline.model import RawDocument

TOPICS = ("budget", "school", "harbour")
PLACES = ("Ostrava", "Brno", "Plzen")


def _page(n: int, site: str = "https://www.example.org") -> RawDocument:
    topic, place = TOPICS[n - 1], PLACES[n - 1]
    prose = (
        f"The council of {place} met on Monday evening and voted for the new {topic} after "
        f"a long debate. The mayor said the {topic} plan was fair to every district of {place}."
    )
    body = (
        f"<html><head><title>{place} decides on the {topic} | Example Times</title></head>"
        f"<body><article><h1>{place} decides on the {topic}</h1><p>{prose}</p>"
        "<p>Externer Inhalt nicht verfügbar</p>"
        f"<p>Residents of {place} said they had waited years for the {topic} decision and "
        "would watch how the money is spent.</p></article></body></html>"
    )
    return RawDocument(f"p{n}.html", "html", body, url=f"{site}/news/{topic}")


def test_lines_on_several_pages_of_a_site_are_its_chrome() -> None:
    template = SiteTemplate("example.org")
    for n in range(3):
        template.fold(PageSample("example.org", {f"story {n}", "photo: afp"}, set(), set()))
    assert template.boilerplate() == {"photo: afp"}


def test_a_copy_of_a_page_is_not_folded() -> None:
    template = SiteTemplate("example.org")
    page = PageSample("example.org", {"a long line of prose that is the article"},
                      {"a long line of prose that is the article"}, set())  # fmt: skip
    assert template.fold(page) is True
    assert template.fold(page) is False
    assert template.pages == 1 and template.boilerplate() == set()


def test_memory_per_site_is_bounded() -> None:
    template = SiteTemplate("example.org")
    for n in range(MAX_TRACKED // 10 + 50):
        lines = {f"line {n} {k}" for k in range(10)} | {"chrome line"}
        template.fold(PageSample("example.org", lines, set(), set()))
    assert len(template.lines) <= MAX_TRACKED
    assert "chrome line" in template.boilerplate()


def test_signature_changes_only_with_what_extraction_uses() -> None:
    template = SiteTemplate("example.org")
    template.fold(PageSample("example.org", {"only here"}, set(), set()))
    before = template.signature()
    template.fold(PageSample("example.org", {"elsewhere"}, set(), set()))
    assert template.signature() == before
    template.fold(PageSample("example.org", {"elsewhere"}, set(), set()))
    assert template.signature() != before


def test_site_is_the_host_or_the_named_outlet() -> None:
    assert site_of(RawDocument("a", "html", "x", url="https://www.dw.com/de/a")) == "dw.com"
    assert site_of(RawDocument("a", "text", "x", outlet="Daily Herald")) == "outlet:daily herald"
    assert site_of(RawDocument("a", "text", "x")) is None


def test_a_site_template_removes_repeated_lines_and_title_affixes() -> None:
    pages = [_page(n) for n in range(1, 4)]
    single = extract_article(pages[0])
    assert "Externer Inhalt nicht verfügbar" in single.text  # one page cannot tell
    first = extract_corpus(pages)[0]
    assert "Externer Inhalt nicht verfügbar" not in first.text
    assert any("Externer Inhalt nicht verfügbar" in block for block in first.removed)
    assert first.title == "Ostrava decides on the budget"
    assert "voted for the new budget" in first.text


def test_title_affixes_are_learnt_from_a_sites_pages() -> None:
    templates = learn_templates(_page(n) for n in range(1, 4))
    assert templates["example.org"].title_affixes()[0] == " | Example Times"
    assert sample_page(RawDocument("a.txt", "text", "Only text")) is None
