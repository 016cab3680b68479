import json

from storyline.extract.article import DOUBTFUL_CLEANING, extract_article
from storyline.model import RawDocument


def test_a_one_line_wire_is_an_article() -> None:
    document = RawDocument("r.json#L1", "record", "Shr 1.23 dlrs vs 1.00 dlrs", title="ACME CORP")
    article = extract_article(document)
    assert article.text == "Shr 1.23 dlrs vs 1.00 dlrs"
    assert article.title == "ACME CORP"


def test_text_that_cleaning_would_empty_is_kept_and_marked_doubtful() -> None:
    article = extract_article(RawDocument("a.txt", "text", "Share this story\n\nFollow us"))
    assert "Follow us" in article.text
    assert DOUBTFUL_CLEANING in article.notes


def test_a_body_kept_in_a_scripts_json_is_read() -> None:
    body = "<p>" + "Der Rat hat am Montag den neuen Haushalt beschlossen. " * 8 + "</p>"
    markup = (
        "<html><head><title>Haushalt beschlossen</title><script>window.d=" +
        json.dumps({"detail": {"contentHtml": body}}) + "</script></head><body></body></html>"
    )  # fmt: skip
    article = extract_article(RawDocument("p.html", "html", markup, url="https://x.example/a"))
    assert "neuen Haushalt beschlossen" in article.text


def test_published_and_modified_are_kept_apart() -> None:
    ld = {"@type": "NewsArticle", "headline": "Budget passed", "url": "https://x.example/a",
          "datePublished": "2023-08-30T16:45:00+01:00", "dateModified": "2023-09-02T10:00:00Z",
          "author": [{"@type": "Person", "name": "Amy Gibbons"}]}  # fmt: skip
    prose = "<p>" + "The council voted for the new budget after a long debate. " * 6 + "</p>"
    markup = (
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script>'
        f'<meta name="DCSext.articleFirstPublished" content="2019-02-05 16:07"></head>'
        f"<body><article><h1>Budget passed</h1>{prose}</article></body></html>"
    )
    article = extract_article(RawDocument("p.html", "html", markup, url="https://x.example/a"))
    assert article.published == "2023-08-30T16:45:00+01:00"
    assert article.modified == "2023-09-02T10:00:00+00:00"
    assert article.authors == ["Amy Gibbons"] and article.author == "Amy Gibbons"


def test_a_page_dated_only_by_its_title_takes_that_date() -> None:
    prose = "<p>" + "Die Gegenoffensive der Ukraine beginnt nach Angaben aus Kiew bald. " * 6
    markup = (
        "<html><head><title>Gegenoffensive: Ziele | Europa | DW | 28.04.2023</title></head>"
        f"<body><h1>Gegenoffensive: Ziele</h1>{prose}</p></body></html>"
    )
    article = extract_article(RawDocument("p.html", "html", markup, url="https://www.dw.com/a"))
    assert article.title == "Gegenoffensive: Ziele"
    assert article.published == "2023-04-28"


def test_plain_text_names_its_outlet_from_the_headline_or_its_source_line() -> None:
    prose = "Russian President Vladimir Putin met Alexander Lukashenko in Sochi on Monday. " * 3
    text = f"Putin backs Lukashenko | The Moscow Times\n\n{prose}"
    article = extract_article(RawDocument("a.txt", "text", text))
    assert article.outlet == "The Moscow Times"
    assert article.title == "Putin backs Lukashenko"
    text = f"Putin backs Lukashenko\n\n{prose}\n\nSOURCE: MINSK HERALD AND NEWS AGENCIES"
    assert extract_article(RawDocument("b.txt", "text", text)).outlet == "Minsk Herald"
    text = f"Putin backs Lukashenko\n\nSOCHI (Reuters) - {prose}"
    assert extract_article(RawDocument("c.txt", "text", text)).outlet == "Reuters"
