"""The enrichment stage: sentences, entities, quotes, times and numbers for a batch.

``enrich_articles`` is pure (articles in, enrichments out, no store), so it runs
unchanged on Dask workers; ``enrich_step`` is the per-article step of ``analyze``
that feeds it from the store, batch by batch. spaCy is imported only when a batch
actually needs the English pipeline, so ``import storyline`` stays cheap.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from storyline.model import Article, Enrichment
from storyline.pipeline import batched

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from storyline.jobs import AnalyzeOptions, Reporter
    from storyline.store import Store

# Bump when the output of the stage changes: stored enrichments of an older version
# are recomputed by the next `storyline analyze`.
ENRICH_VERSION = "3"  # 3: partial quotes are not direct, signed and ''-marked quotes
ENGLISH = "en"
# Chunks per worker process in one batch: a few, so one long article does not leave the
# other workers idle at the end of the batch.
CHUNKS_PER_PROCESS = 2
log = logging.getLogger(__name__)


def skip_reason(article: Article) -> str | None:
    """Why the English-only stage must not analyse ``article`` (None when it may)."""
    if article.language == ENGLISH:
        return None
    language = article.language or "unknown"
    return f"language {language}: English-only stage"


def enrich_articles(batch: list[Article], n_process: int = 1) -> list[Enrichment]:
    """Enrich a batch of articles; one :class:`Enrichment` per article, in order.

    Articles not in English get an Enrichment with ``skipped`` set and nothing else.

    Args:
        batch: cleaned articles.
        n_process: worker processes; each enriches whole articles (parse and annotation).

    Returns:
        The enrichments: sentences, entity chains, quotes, time expressions and claims
        (numbers, and dates of one-off events).

    Example:
        >>> from storyline.model import Article
        >>> german = Article(id="a", source_path="a.txt", text="Guten Tag.", language="de")
        >>> enrich_articles([german])[0].skipped
        'language de: English-only stage'
    """
    english = [article for article in batch if skip_reason(article) is None]
    if n_process > 1 and len(english) > 1:
        done = _enrich_in_processes(english, n_process)
        return [done.get(article.id) or _enrich(article, None) for article in batch]
    docs = _parse({article.id: article.text for article in english}, n_process)
    return [_enrich(article, docs.get(article.id)) for article in batch]


def _enrich_in_processes(articles: list[Article], n_process: int) -> dict[str, Enrichment]:
    # Whole articles go to the worker processes, not just spaCy's parse: with
    # nlp.pipe(n_process=…) our own per-doc work (chains, quotes, times) stayed in this
    # process and capped the speed-up (benchmarks/enrich.py). Workers are forked after
    # the pipeline is loaded, so each starts with it, as spaCy's own workers do.
    from storyline.enrich.language_model import english_pipeline

    english_pipeline()
    chunks = _balanced_chunks(articles, n_process * CHUNKS_PER_PROCESS)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(n_process, len(chunks)), mp_context=context) as pool:
        results = [e for chunk in pool.map(enrich_articles, chunks) for e in chunk]
    return {e.article_id: e for e in results}


def _balanced_chunks(articles: list[Article], count: int) -> list[list[Article]]:
    """Split into up to ``count`` chunks of similar total text length, longest first."""
    chunks: list[list[Article]] = [[] for _ in range(min(count, len(articles)))]
    sizes = [0] * len(chunks)
    for article in sorted(articles, key=lambda a: len(a.text), reverse=True):
        smallest = sizes.index(min(sizes))
        chunks[smallest].append(article)
        sizes[smallest] += len(article.text)
    return [chunk for chunk in chunks if chunk]


def _parse(texts: dict[str, str], n_process: int) -> dict[str, Doc]:
    if not texts:
        return {}
    from storyline.enrich.language_model import english_pipeline
    from storyline.enrich.parse import parse_texts

    docs = parse_texts(english_pipeline(), list(texts.values()), n_process)
    return dict(zip(texts, docs, strict=True))


def _enrich(article: Article, doc: Doc | None) -> Enrichment:
    reason = skip_reason(article)
    if doc is None or reason is not None:
        return Enrichment(article.id, ENRICH_VERSION, skipped=reason)
    try:
        return annotate(article, doc)
    except Exception as error:  # one odd article must not stop the batch
        log.exception("enrichment failed for %s", article.id)
        return Enrichment(article.id, ENRICH_VERSION, skipped=f"failed: {error!r}")


def annotate(article: Article, doc: Doc) -> Enrichment:
    """Sentences, chains, loose mentions, quotes, times and claims of one parsed article."""
    from storyline.enrich.date_claims import date_claims
    from storyline.enrich.entities import find_chains
    from storyline.enrich.numbers import find_numbers
    from storyline.enrich.parse import text_of
    from storyline.enrich.quotemarks import find_quoted
    from storyline.enrich.quotes import find_quotes
    from storyline.enrich.times import find_times

    text = text_of(doc)
    quoted = find_quoted(text)
    chains, loose = find_chains(doc, article.id, quoted)
    times = find_times(text, article.id, article.published, article.published_range, doc)
    spans = [(m.start, m.end) for m in times]
    claims = find_numbers(text, article.id, article.published, doc, spans)
    return Enrichment(
        article.id,
        ENRICH_VERSION,
        sentences=sentence_spans(doc),
        chains=chains,
        mentions=loose,
        quotes=find_quotes(doc, article.id, chains, quoted),
        times=times,
        claims=claims + date_claims(doc, times, article.id),
    )


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of each sentence, surrounding space trimmed."""
    spans = []
    for sentence in doc.sents:
        text = sentence.text
        start = sentence.start_char + len(text) - len(text.lstrip())
        end = sentence.start_char + len(text.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def enrich_step(store: Store, reporter: Reporter, options: AnalyzeOptions) -> int:
    """Enrich every article lacking an enrichment of ``ENRICH_VERSION``; returns how many.

    Each batch is written in one transaction, so an interrupted run resumes where it
    stopped.
    """
    todo = store.articles_to_enrich(ENRICH_VERSION)
    if not todo:
        return 0
    reporter.start("enriching", len(todo))
    for ids in batched(todo, options.batch_size):
        articles = [article for i in ids if (article := store.article(i)) is not None]
        store.write_enrichments(enrich_articles(articles, options.n_process))
        reporter.advance(len(ids))
    return len(todo)
