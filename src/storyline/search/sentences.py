"""Sentence-level hits: the sentences of an analysed article that contain the query's words.

Sentences come from the language stage (``Enrichment.sentences``); an article not analysed
yet has none, and its hit says so (``sentences`` is None) instead of guessing boundaries.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

# Words match by their start once a common English ending is cut, so "elections" finds
# "elected" and "homes" finds "home": a crude stand-in for the index's porter stemmer.
# Checked by eye on the seeds; tests/search/test_search_sentences.py pins the behaviour.
SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ed", "es", "s", "ly")
MIN_STEM = 3
MAX_SENTENCES = 3  # sentences shown per article


@dataclass(slots=True)
class SentenceHit:
    """A sentence holding query words: offsets into the article, and marks into ``text``."""

    article_id: str
    start: int
    end: int
    text: str
    marks: list[tuple[int, int]] = field(default_factory=list)


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any of ``words`` or a word sharing its stem."""
    stems = sorted({_stem(word) for word in words if word}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE)


def _stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.lower().endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def marks(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """``(start, end)`` of every match of ``pattern`` in ``text``."""
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def sentence_hits(
    article_id: str,
    text: str,
    sentences: list[tuple[int, int]],
    pattern: re.Pattern[str] | None,
    limit: int = MAX_SENTENCES,
) -> list[SentenceHit]:
    """The sentences with the most distinct matched words (ties: earlier first)."""
    if pattern is None:
        return []
    # Only the sentences holding a match of the whole text are searched on their own: a
    # page of long articles has hundreds of sentences, most without a query word.
    starts = [start for start, _ in sentences]
    holding = {bisect_right(starts, m.start()) - 1 for m in pattern.finditer(text)}
    scored = []
    for start, end in (sentences[i] for i in sorted(holding) if i >= 0):
        found = marks(text[start:end], pattern)
        if found:
            distinct = {text[start + a : start + b].lower() for a, b in found}
            scored.append((-len(distinct), start, end, found))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [
        SentenceHit(article_id, start, end, text[start:end], found)
        for _, start, end, found in scored[:limit]
    ]
