"""One parsed article in any language into the Enrichment the English path writes."""

from __future__ import annotations

from storyline.enrich.multilingual.chains import find_chains
from storyline.enrich.multilingual.lexicon import Lexicon
from storyline.enrich.multilingual.numbers import find_numbers
from storyline.enrich.multilingual.parsed import Parsed
from storyline.enrich.multilingual.quotes import find_quotes
from storyline.enrich.multilingual.times import find_times
from storyline.model import Article, Enrichment


def annotate_parsed(
    article: Article, parsed: Parsed, lexicon: Lexicon, version: str, pipeline: str
) -> Enrichment:
    """Sentences, chains, quotes, times and claims of ``article`` from its parse.

    Args:
        article: the article (its id and publication date are used).
        parsed: the language pipeline's parse of ``article.text``.
        lexicon: the words of the article's language.
        version: the enrich stage's version, stored with the result.
        pipeline: which pipeline ran (shown in the export, API and UI).
    """
    chains = find_chains(parsed, article.id, lexicon)
    times = find_times(parsed, article.id, article.published, article.published_range,
                       lexicon.time_rules, lexicon.future)  # fmt: skip
    claims = find_numbers(parsed, article.id, article.published, lexicon.numbers,
                          [(t.start, t.end) for t in times])  # fmt: skip
    return Enrichment(
        article.id,
        version,
        sentences=list(parsed.sentences),
        chains=chains,
        quotes=find_quotes(parsed, article.id, chains, lexicon),
        times=times,
        claims=claims,
        pipeline=pipeline,
    )
