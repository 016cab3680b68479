"""The enrichment stage: sentences, entities, quotes, times and numbers for a batch.

``enrich_articles`` is pure (articles in, enrichments out, no store), so it runs
unchanged on Dask workers; ``enrich_rows`` is the enrich step's compute, declared in
:mod:`storyline.graph`. spaCy is imported only when a batch
actually needs the English pipeline, so ``import storyline`` stays cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from storyline.enrich import pipelines
from storyline.model import Article, Enrichment
from storyline.store.codec import encode
from storyline.workers import forked_map

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Bump when the output of the stage changes: stored enrichments of an older version
# are recomputed by the next `storyline analyze`.
ENRICH_VERSION = "6"  # 4: ru/de/fr analysed, `pipeline` recorded; partial quotes not direct;
# 5: wire shorthand (dlrs, cts, stg, a spaced mln) read as money, units never a subject;
# 6: German and Russian names by a CRF over the parsers' own (multilingual/names_crf.py)
# A change to one language's pipeline alone (its model, its rules) bumps that language's
# entry here instead, so only its articles are enriched again: a German model update must
# not cost a pass over an archive of English wires. Kept in the stored version, e.g. "6.de1".
LANGUAGE_VERSIONS: dict[str, str] = {}
ENGLISH = "en"
# Chunks per worker process in one batch: a few, so one long article does not leave the
# other workers idle at the end of the batch.
CHUNKS_PER_PROCESS = 2
log = logging.getLogger(__name__)
T = TypeVar("T")


def enrich_version(language: str | None) -> str:
    """The enrichment version an article in ``language`` is analysed at.

    Example:
        >>> enrich_version("en-GB") == ENRICH_VERSION
        True
    """
    base = pipelines.base_language(language) or ""
    own = LANGUAGE_VERSIONS.get(base)
    return f"{ENRICH_VERSION}.{base}{own}" if own else ENRICH_VERSION


def step_version() -> str:
    """The enrich step's version: it changes with the shared or any language's version."""
    languages = "".join(f";{lang}{own}" for lang, own in sorted(LANGUAGE_VERSIONS.items()))
    return ENRICH_VERSION + languages


def skip_reason(article: Article) -> str | None:
    """Why no language pipeline analyses ``article`` (None when one does)."""
    return pipelines.skip_reason(article.language)


def _is_english(article: Article) -> bool:
    return pipelines.base_language(article.language) == ENGLISH


def enrich_articles(batch: list[Article], n_process: int = 1) -> list[Enrichment]:
    """Enrich a batch of articles; one :class:`Enrichment` per article, in order.

    English articles run spaCy; Russian, German and French their own pipelines
    (:mod:`storyline.enrich.pipelines`); articles in any other language get an
    Enrichment with ``skipped`` set and nothing else.

    Args:
        batch: cleaned articles.
        n_process: worker processes; each enriches whole articles (parse and annotation).

    Returns:
        The enrichments: sentences, entity chains, quotes, time expressions and claims
        (numbers, and dates of one-off events).

    Example:
        >>> from storyline.model import Article
        >>> thai = Article(id="a", source_path="a.txt", text="สวัสดี", language="th")
        >>> enrich_articles([thai])[0].skipped
        'language th: no analysis pipeline (analysed: en, ru, de, fr)'
    """
    analysed = [article for article in batch if skip_reason(article) is None]
    if n_process > 1 and len(analysed) > 1:
        done = _enrich_in_processes(analysed, n_process)
        return [done.get(article.id) or _enrich(article, None) for article in batch]
    english = [article for article in analysed if _is_english(article)]
    docs = _parse({article.id: article.text for article in english}, n_process)
    return [_enrich(article, docs.get(article.id)) for article in batch]


def _enrich_in_processes(articles: list[Article], n_process: int) -> dict[str, Enrichment]:
    # Whole articles go to the worker processes, not just spaCy's parse: with
    # nlp.pipe(n_process=…) our own per-doc work (chains, quotes, times) stayed in this
    # process and capped the speed-up (benchmarks/enrich.py). The workers are forked
    # after this process has enriched a sample in each language of the batch, so each
    # starts with the pipelines and what the annotators load on first use (exchange
    # rates, date parsers): cold, a worker spent ~0.55 s of every batch loading them, and
    # two processes were slower than one.
    warm_up({pipelines.base_language(article.language) or "" for article in articles})
    chunks = _balanced_chunks(articles, n_process * CHUNKS_PER_PROCESS)
    return {e.article_id: e for e in forked_map(enrich_articles, chunks, n_process)}


# One short text per analysed language, with what the annotators load on first use: a
# quote, a person, a place, a full date, a relative day, money and a count.
WARM_UP_TEXTS = {
    "en": "Talks resume\n\nJane Doe said “we are ready” on Monday, March 2, 2020, in "
    "Minsk, after a $1.5 billion loan and 28 programs.",
    "ru": "Переговоры\n\n«Мы готовы», — сказал Владимир Путин в Минске в понедельник, "
    "2 марта 2020 года, после кредита в 1,5 млрд долларов.",
    "de": "Gespräche\n\n„Wir sind bereit“, sagte Angela Merkel am Montag, dem 2. März 2020, "
    "in Minsk nach einem Kredit von 1,5 Milliarden Dollar.",
    "fr": "Négociations\n\n« Nous sommes prêts », a déclaré Emmanuel Macron lundi 2 mars "
    "2020 à Minsk, après un prêt de 1,5 milliard de dollars.",
}
_warm: set[str] = set()


def warm_up(languages: set[str]) -> None:
    """Enrich, once per process, a sample in each of ``languages`` that has a pipeline."""
    for language in sorted(languages & WARM_UP_TEXTS.keys() - _warm):
        enrich_articles([Article("warm-up", "", WARM_UP_TEXTS[language], language=language)])
        _warm.add(language)


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
    version = enrich_version(article.language)
    if reason is not None or (doc is None and _is_english(article)):
        return Enrichment(article.id, version, skipped=reason)
    try:
        if doc is None:
            return pipelines.enrich_other(article, version)
        return annotate(article, doc)
    except Exception as error:  # one odd article must not stop the batch
        log.exception("enrichment failed for %s", article.id)
        return Enrichment(article.id, version, skipped=f"failed: {error!r}")


def annotate(article: Article, doc: Doc) -> Enrichment:
    """Sentences, chains, loose mentions, quotes, times and claims of one parsed article.

    Each sub-annotator runs guarded: one that raises on this article leaves its part
    empty, is recorded in ``failures`` ("times: OverflowError: …"), and the others
    still run (numbers without the time spans, quotes without chains).
    """
    from storyline.enrich.date_claims import date_claims
    from storyline.enrich.entities import find_chains
    from storyline.enrich.numbers import find_numbers
    from storyline.enrich.parse import text_of
    from storyline.enrich.quotemarks import find_quoted
    from storyline.enrich.quotes import find_quotes
    from storyline.enrich.times import find_times

    text = text_of(doc)
    guard = _Guard(article.id)
    quoted = guard.run("quotes", lambda: find_quoted(text)) or []
    found = guard.run("chains", lambda: find_chains(doc, article.id, quoted))
    chains, loose = found if found is not None else ([], [])
    times = (
        guard.run(
            "times",
            lambda: find_times(text, article.id, article.published, article.published_range, doc),
        )
        or []
    )
    spans = [(m.start, m.end) for m in times]
    numbers = (
        guard.run("numbers", lambda: find_numbers(text, article.id, article.published, doc, spans))
        or []
    )
    dated = guard.run("date claims", lambda: date_claims(doc, times, article.id)) or []
    return Enrichment(
        article.id,
        enrich_version(article.language),
        sentences=guard.run("sentences", lambda: sentence_spans(doc)) or [],
        chains=chains,
        mentions=loose,
        quotes=guard.run("quotes", lambda: find_quotes(doc, article.id, chains, quoted)) or [],
        times=times,
        claims=numbers + dated,
        failures=guard.failures,
        pipeline=pipelines.english_name(),
    )


# A failure is kept as one line; messages longer than this are cut (a repr of a whole
# sentence can run to kilobytes).
FAILURE_MAX_CHARS = 300


class _Guard:
    """Runs one article's sub-annotators, recording instead of raising what fails."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        self.failures: list[str] = []

    def run(self, substep: str, compute: Callable[[], T]) -> T | None:
        """``compute()``, or None when it raised (the failure is recorded)."""
        try:
            return compute()
        except Exception as error:  # noqa: BLE001 - one sub-annotator must not cost the rest
            log.warning("%s failed on article %s", substep, self.article_id, exc_info=True)
            self.failures.append(describe_failure(substep, error))
            return None


def describe_failure(substep: str, error: BaseException) -> str:
    """``"times: OverflowError: date value out of range"``: one line, at most a few hundred
    characters."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    message = f"{substep}: {type(error).__name__}" + (f": {lines[0]}" if lines else "")
    return message if len(message) <= FAILURE_MAX_CHARS else message[: FAILURE_MAX_CHARS - 1] + "…"


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


def enrich_rows(articles: list[Article], n_process: int = 1) -> list[tuple[str, bytes, str | None]]:
    """The enrich step's compute: ``(article id, encoded Enrichment, problem)`` per article.

    The problem is set when the stage failed on (part of) the article, so the
    orchestrator records it and retries the article on the next analyze.
    """
    return [
        (e.article_id, encode(e).encode("utf-8"), _problem(e))
        for e in enrich_articles(articles, n_process)
    ]


def _problem(enrichment: Enrichment) -> str | None:
    failures = list(getattr(enrichment, "failures", None) or [])
    if enrichment.skipped and enrichment.skipped.startswith("failed:"):
        failures.append(enrichment.skipped)
    return "; ".join(failures) or None
