"""The seed articles: the statements the project was started from are found and attributed."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.enrich.conftest import speaker_name

from storyline import jobs
from storyline.enrich.stage import enrich_articles
from storyline.model import Article, Enrichment, Quote

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "seeds"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Article, Enrichment]]:
    if not SEEDS.exists():
        pytest.skip("seeds not found")
    with jobs.open_store(tmp_path_factory.mktemp("seeds") / "s.db") as store:
        jobs.ingest([str(SEEDS)], store)
        articles = {Path(a.source_path).name[:3]: a for a in store.articles()}
    enrichments = enrich_articles(list(articles.values()))
    return {key: (a, e) for (key, a), e in zip(articles.items(), enrichments, strict=True)}


def _quote(
    enrichment: Enrichment, words: str, kinds: tuple[str, ...] = ("direct", "scare")
) -> Quote:
    found = [q for q in enrichment.quotes if words in q.text and q.kind in kinds]
    assert found, f"no quote with {words!r}"
    return found[0]


def _speaker(
    seeds: dict[str, tuple[Article, Enrichment]], key: str, words: str, kind: str = "direct"
) -> str | None:
    enrichment = seeds[key][1]
    quote = _quote(enrichment, words, (kind,))
    return speaker_name(enrichment, quote)


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("000", "We will jointly oppose all attempts to interfere in the internal affairs"),
        ("001", "Together we will oppose all attempts to interfere"),
    ],
)
def test_seed_putin_statement_found_in_both_translations(
    seeds: dict[str, tuple[Article, Enrichment]], key: str, words: str
) -> None:
    assert _speaker(seeds, key, words) == "Vladimir Putin"


@pytest.mark.parametrize(
    ("key", "words", "kind"),
    [
        ("000", "We can say with certainty that we passed this test.", "direct"),
        ("004", "All the others are ready to be signed", "direct"),
        # A partial quote ("said the “unprecedented external pressure” had become …") is
        # part of the reported clause, an indirect quote, as PolNeAR annotates it.
        ("000", "unprecedented external pressure", "indirect"),
    ],
)
def test_seed_lukashenko_statements_attributed(
    seeds: dict[str, tuple[Article, Enrichment]], key: str, words: str, kind: str
) -> None:
    lukashenko = ("Alexander Lukashenko", "Alyaksandr Lukashenka")
    assert _speaker(seeds, key, words, kind) in lukashenko


def test_seed_shraibman_quote_attributed(seeds: dict[str, tuple[Article, Enrichment]]) -> None:
    assert _speaker(seeds, "004", "Minsk understands perfectly") == "Artyom Shraibman"
    assert _speaker(seeds, "004", "Lukashenka has tried many times") == "Artyom Shraibman"


def test_seed_elder_brother_is_a_scare_quote(seeds: dict[str, tuple[Article, Enrichment]]) -> None:
    quote = _quote(seeds["003"][1], "elder brother")
    assert (quote.text, quote.kind, quote.speaker_chain) == ("elder brother", "scare", None)


def test_seed_reader_comment_is_never_analysed(
    seeds: dict[str, tuple[Article, Enrichment]],
) -> None:
    article, enrichment = seeds["003"]
    assert all(q.end <= len(article.text) for q in enrichment.quotes)
    assert not any("legitimate president" in q.text for q in enrichment.quotes)
    assert not any("Tikhanovskaya" in c.name for c in enrichment.chains)


def test_seed_quotes_cite_their_sentence(seeds: dict[str, tuple[Article, Enrichment]]) -> None:
    for article, enrichment in seeds.values():
        for quote in enrichment.quotes:
            assert article.text[quote.start : quote.end] == quote.text
            assert quote.sentence_start is not None and quote.sentence_end is not None
            assert quote.sentence_start <= quote.start and quote.end <= quote.sentence_end


def test_seed_chrome_never_becomes_an_entity(seeds: dict[str, tuple[Article, Enrichment]]) -> None:
    for _, enrichment in seeds.values():
        for chain in enrichment.chains:
            assert not any(word in chain.name for word in ("CLICK", "TWITTER", "http", "SOURCE"))
