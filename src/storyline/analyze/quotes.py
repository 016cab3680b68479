"""The quote board: one statement reported by several articles, or translated two ways.

Quotes group when their speakers are the same entity (or one is unknown) and
their wordings are close: most of the shorter one's content words in the other,
which holds for two machine translations of one sentence (a sentence-similarity
function can be passed instead). Scare quotes ("elder brother")
are phrases, not statements, and stay out.

Translations: given a cross-lingual ``translations`` similarity (the multilingual
sentence encoder's cosine, :class:`storyline.link.embed.SentenceSimilarity`), quotes
in different languages (``QuoteView.language``) whose speakers fit and whose
similarity reaches ``TRANSLATION_MATCH`` join one statement too, so "Мы договорились
о кредите" stands next to "We agreed on a loan".
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from storyline.analyze.claims import content_words, word_overlap
from storyline.model import Quote, content_hash

Similarity = Callable[[str, str], float]
# Wordings of one statement from this similarity on. With the word-overlap
# fallback, two machine translations of one German sentence share ~70 % of their
# content words; unrelated statements by one speaker stay under 40 % (tests/analyze).
QUOTE_MATCH = 0.6
# Fragments shorter than this many words are too generic to match across articles.
MIN_WORDS = 4
# Translations of one statement from this cosine of multilingual sentence vectors on.
# USE-multilingual v3 scores translations (en/ru/de/fr) 0.78-0.91 and unrelated
# statements of one story at most 0.24 (seven and four hand-written pairs,
# tests/analyze/test_quotes.py); the threshold sits in the gap. Not tuned on gold.
TRANSLATION_MATCH = 0.65


@dataclass(slots=True)
class QuoteView:
    """A quote with the speaker entity it was resolved to and its article's outlet/date."""

    quote: Quote
    speaker_id: str | None
    outlet: str | None = None
    date: str | None = None
    language: str | None = None  # the article's language, for matching translations


@dataclass(slots=True)
class Statement:
    """One statement: its speaker and every wording of it, side by side."""

    id: str
    speaker_id: str | None
    wordings: list[QuoteView] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return sorted({v.outlet for v in self.wordings if v.outlet})


def group_quotes(
    views: Sequence[QuoteView],
    similar: Similarity | None = None,
    translations: Similarity | None = None,
) -> list[Statement]:
    """Statements, most reported first; every non-scare quote is in exactly one.

    Args:
        views: the story's quotes with their speakers, outlets, dates and languages.
        similar: how alike two wordings in one language are (content-word overlap when
            None).
        translations: how alike two wordings in different languages are (a
            multilingual sentence similarity); None leaves languages apart. An object
            with a ``prepare(texts)`` method is given every candidate text first, so it
            can embed them in one batch.
    """
    similar = similar or word_overlap
    views = [v for v in views if v.quote.kind != "scare"]
    parent = list(range(len(views)))
    pairs = _word_sharing_pairs(views) if similar is word_overlap else _all_pairs(views)
    for i, j in pairs:
        if _same_statement(views[i], views[j], similar):
            parent[_root(parent, i)] = _root(parent, j)
    if translations is not None:
        _join_translations(views, translations, parent)
    members: dict[int, list[QuoteView]] = {}
    for index, view in enumerate(views):
        members.setdefault(_root(parent, index), []).append(view)
    statements = [_statement(group) for group in members.values()]
    return sorted(statements, key=lambda s: (-len(s.wordings), s.id))


def _all_pairs(views: Sequence[QuoteView]) -> Iterable[tuple[int, int]]:
    return combinations(range(len(views)), 2)


def _word_sharing_pairs(views: Sequence[QuoteView]) -> list[tuple[int, int]]:
    """Every pair word overlap could match, without comparing all pairs of a large story.

    Overlap ≥ QUOTE_MATCH means the shorter quote's s content words share at least
    ceil(QUOTE_MATCH × s) with the other's, so any s - ceil(QUOTE_MATCH × s) + 1 of
    them hold a shared one: each quote probes with that many of its rarest words
    (prefix filtering, Chaudhuri et al., ICDE 2006) and meets every longer quote.
    """
    words = [
        content_words(v.quote.text) if len(v.quote.text.split()) >= MIN_WORDS else frozenset()
        for v in views
    ]
    frequency = Counter(word for found in words for word in found)
    postings: dict[str, list[int]] = defaultdict(list)
    for index, found in enumerate(words):
        for word in found:
            postings[word].append(index)
    pairs: set[tuple[int, int]] = set()
    for i, found in enumerate(words):
        needed = math.ceil(QUOTE_MATCH * len(found) - 1e-9)
        rarest = sorted(found, key=lambda word: (frequency[word], word))
        for word in rarest[: len(found) - needed + 1]:
            for j in postings[word]:
                if j != i and len(words[j]) >= len(found) and _speakers_fit(views[i], views[j]):
                    pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def _join_translations(
    views: Sequence[QuoteView], translations: Similarity, parent: list[int]
) -> None:
    """Unite quotes in different languages that say the same (see the module docstring)."""
    pairs = _translation_pairs(views)
    prepare = getattr(translations, "prepare", None)
    if pairs and callable(prepare):
        prepare(sorted({views[k].quote.text for pair in pairs for k in pair}))
    for i, j in pairs:
        if _same_statement(views[i], views[j], translations, TRANSLATION_MATCH):
            parent[_root(parent, i)] = _root(parent, j)


def _translation_pairs(views: Sequence[QuoteView]) -> list[tuple[int, int]]:
    """Pairs in different known languages whose speakers fit, long enough to compare
    (language by language: a long story's quotes are mostly in one language, and trying
    every pair of them cost a 1,000-article batch at 200k seconds)."""
    by_language: dict[str, list[int]] = defaultdict(list)
    for i, view in enumerate(views):
        if view.language and len(view.quote.text.split()) >= MIN_WORDS:
            by_language[_base(view.language)].append(i)
    groups = [by_language[language] for language in sorted(by_language)]
    return sorted(
        (min(i, j), max(i, j))
        for a, first in enumerate(groups)
        for second in groups[a + 1 :]
        for i in first
        for j in second
        if _speakers_fit(views[i], views[j])
    )


def _base(language: str | None) -> str:
    return (language or "").split("-")[0].lower()


def _speakers_fit(a: QuoteView, b: QuoteView) -> bool:
    return not (a.speaker_id and b.speaker_id and a.speaker_id != b.speaker_id)


def _same_statement(
    a: QuoteView, b: QuoteView, similar: Similarity, threshold: float = QUOTE_MATCH
) -> bool:
    if a.quote.article_id == b.quote.article_id:
        return False  # an article repeating a phrase is not a second report of it
    if not _speakers_fit(a, b):
        return False
    if min(len(a.quote.text.split()), len(b.quote.text.split())) < MIN_WORDS:
        return False
    return similar(a.quote.text, b.quote.text) >= threshold


def _statement(group: list[QuoteView]) -> Statement:
    speaker = next((v.speaker_id for v in group if v.speaker_id), None)
    return Statement(content_hash(*sorted(v.quote.id for v in group)), speaker, group)


def _root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index
