"""The extractors, fed hostile pages and metadata, give a storable article or a one-line
failure, never an exception (issue 14)."""

from __future__ import annotations

from hostile_strategies import deep_nesting, hostile_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extract.article import NO_TEXT, extract_article, extract_articles
from storyline.jobs import open_store
from storyline.model import Article, RawDocument, ReadFailure

# Extraction runs trafilatura and language detection: about 20 ms a document.
EXAMPLES = 120
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def _page(title: str, body: str, nesting: str) -> str:
    return (
        f"<html><head><title>{title}</title><meta property='article:published_time' "
        f"content='{title[:30]}'></head><body>{nesting}<article><h1>{title}</h1>"
        f"<p>{body}</p></article></body></html>"
    )


metadata = st.one_of(st.none(), hostile_text(4), st.sampled_from(
    ["2020-13-45", "99999-01-01", "0000-00-00", "9999-12-31T23:59:59+14:00", "1e400", "yesterday"]
))  # fmt: skip


@FUZZ
@given(
    st.sampled_from(["html", "text"]),
    hostile_text(6),
    hostile_text(),
    st.one_of(st.just(""), deep_nesting()),
    metadata,
    metadata,
    st.one_of(st.none(), st.sampled_from(["en", "de", "xx", "", "zh-Hant-TW", "\x00"])),
)
def test_extraction_gives_a_storable_article_or_says_there_was_no_text(
    kind: str,
    title: str,
    body: str,
    nesting: str,
    published: str | None,
    outlet: str | None,
    language: str | None,
) -> None:
    text = _page(title, body, nesting) if kind == "html" else f"{title}\n\n{body}"
    document = RawDocument(
        source_path="f", format=kind, body=text, raw=text.encode("utf-8", "replace"),
        published=published, outlet=outlet, language=language, title=title or None,
    )  # fmt: skip
    try:
        article = extract_article(document)
    except ValueError as error:
        assert str(error) == NO_TEXT
        (failure,) = extract_articles([document])
        assert isinstance(failure, ReadFailure) and "\n" not in failure.problem
        return
    assert isinstance(article, Article) and article.text.strip()
    with open_store(":memory:") as store:  # storable as it is
        store.write_batch([article], [document], [])
        assert store.article(article.id) is not None
