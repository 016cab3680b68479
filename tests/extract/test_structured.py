import json

from lxml import html

from storyline.extract.structured import read_page_data

URL = "https://news.example.org/2024/story"


def _page(*objects: dict, meta: str = "") -> html.HtmlElement:
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(o)}</script>' for o in objects
    )
    return html.fromstring(f"<html><head>{meta}{scripts}</head><body><p>x</p></body></html>")


def test_the_object_of_this_page_is_chosen_over_related_articles() -> None:
    related = {"@type": "NewsArticle", "headline": "Other", "url": "https://news.example.org/o",
               "datePublished": "2024-08-07T20:16Z"}  # fmt: skip
    own = {"@type": "ReportageNewsArticle", "headline": "Ours", "url": URL,
           "datePublished": "2024-08-08T08:00Z", "dateModified": "2024-08-09T10:00Z",
           "author": [{"@type": "Person", "name": "Yasmine Hassan"}],
           "publisher": {"@type": "Organization", "name": "CBC"}}  # fmt: skip
    data = read_page_data(_page({"@graph": [related, own]}), URL)
    assert (data.headline, data.published, data.modified) == (
        "Ours", "2024-08-08T08:00Z", "2024-08-09T10:00Z",
    )  # fmt: skip
    assert data.authors == ["Yasmine Hassan"] and data.publisher == "CBC"


def test_entities_in_structured_strings_are_decoded() -> None:
    page = _page({"@type": "NewsArticle", "headline": "Schubert: &quot;Nicht viel&quot;"})
    assert read_page_data(page, URL).headline == 'Schubert: "Nicht viel"'


def test_opengraph_tags_are_read() -> None:
    meta = ('<meta property="og:title" content="Social title">'
            '<meta property="og:site_name" content="Example News">'
            '<meta property="article:published_time" content="2024-01-02T03:04:05Z">')  # fmt: skip
    data = read_page_data(_page(meta=meta), URL)
    assert (data.og_title, data.site_name, data.og_published) == (
        "Social title", "Example News", "2024-01-02T03:04:05Z",
    )  # fmt: skip


def test_broken_structured_data_gives_an_empty_record() -> None:
    page = html.fromstring('<html><head><script type="application/ld+json">{oops</script>'
                           "</head><body><p>x</p></body></html>")  # fmt: skip
    assert read_page_data(page, URL).headline is None
