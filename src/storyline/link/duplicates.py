"""Duplicates and reposts: the same story stored more than once, linked to its original.

Four relations, checked in this order of strength:

- **exact**: the same words (case, punctuation and whitespace ignored);
- **near**: word-shingle Jaccard over :data:`NEAR_JACCARD` (an edited or corrected copy);
- **repost**: most of a shorter article's shingles appear in a longer one (the same wire
  story reposted by an outlet with its own chrome around it);
- **translation**: articles in different languages whose vectors are close and that
  share their numbers and names.

Candidates come from a MinHash LSH over word shingles (:class:`ShingleIndex`), so a
corpus is never compared pair by pair; then every candidate pair is verified on the
exact shingle sets. Linked articles form clusters; each cluster's original is the
earliest published, then the longest, then the smallest id, and every other member
links straight to it (links never chain). A duplicate is linked, never deleted.

:class:`DuplicateFinder` keeps its indexes between calls, so new articles can be added
against an existing corpus; :func:`find_duplicates` is the one-call form.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from datasketch import MinHash, MinHashLSH

from storyline.model import Article

LinkKind = Literal["exact", "near", "repost", "translation"]
_STRENGTH: dict[LinkKind, int] = {"exact": 0, "near": 1, "repost": 2, "translation": 3}

# Word 3-grams: Reuters-21578 bodies are short (median ~80 words), and 3-grams of
# lower-cased words keep templated items apart (two earnings reports differ in the
# numbers each shingle carries) while a corrected copy still shares most shingles.
SHINGLE_WORDS = 3
# MinHash size: 128 permutations estimate a Jaccard of 0.5 within ±0.05 (1 s.d.),
# plenty for candidate generation since every candidate is verified exactly.
NUM_PERM = 128
# The LSH's Jaccard threshold for candidates. Low, because a repost's Jaccard with its
# source falls as the chrome grows (a story fully contained in a page twice its size
# has Jaccard 0.5). Tuned on Reuters-21578 (eval/test_reuters_duplicates_gate.py):
# 0.3 lets through pairs down to a containment of the shorter of ~0.8 at twice its
# length; re-run the gate before changing it.
CANDIDATE_JACCARD = 0.3
# Verified shingle Jaccard for a near duplicate. On Reuters-21578, pairs at 0.6+ are
# re-sent, corrected or lightly updated versions of one story (91% of them have a
# difflib ratio >= 0.8); between 0.5 and 0.6 come daily same-template reports of
# different days (jobless claims, grain loadings). Re-run the gate before changing.
NEAR_JACCARD = 0.6
# A repost: this share of the shorter article's shingles is in the longer one, which
# has REPOST_EXTRA times as many shingles or more (else the pair is judged "near").
# Tuned on Reuters-21578, where an update that appends paragraphs to a bulletin keeps
# 0.8+ of the bulletin's shingles; re-run the gate before changing.
REPOST_CONTAINMENT = 0.8
REPOST_EXTRA = 1.2
# Shingles an article needs for near/repost links: below this, a shared template
# ("Qtly div 10 cts vs 10 cts prior Pay April 15") is most of the text. Reuters-21578.
MIN_SHINGLES = 20
# Share of the numbers, and of the names, of the article with fewer that the other
# must have for a near or repost link. On Reuters-21578, shingle overlap alone links
# template bulletins of different banks ("... raises its prime rate to 7-3/4 pct") and
# daily market reports of different days; their names or numbers differ. Re-run the gate.
COPY_ANCHORS = 0.5
# Exact copies of a body this short are only linked when their titles agree: on
# Reuters-21578, 15-word dividend notices of different companies are word-identical.
SHORT_BODY_WORDS = 25
# Title word Jaccard that makes two short identical bodies the same item ("THOMPSON
# MEDICAL CO INC <TM> SETS QUARTERLY" / "... DECLARES QTLY DIV" = 0.5; two companies'
# "REGULAR DIVIDEND" notices = 0.2). Reuters-21578 exact groups.
SHORT_TITLE_JACCARD = 0.4
# A translation: cosine of the USE multilingual vectors (title + lead) at least this,
# and the numbers and capitalised names of the two texts overlap by
# TRANSLATION_ANCHORS (of the smaller set), sharing at least MIN_SHARED_ANCHORS.
# Set on the hand-made German/English pairs of tests/link/test_duplicates.py (the
# translation scores 0.79, a German and an English article on the same flood 0.50,
# two English ones 0.57): a first guess, as there is no multilingual duplicate corpus
# under ../shared to tune it on yet.
TRANSLATION_COSINE = 0.7
TRANSLATION_ANCHORS = 0.5
MIN_SHARED_ANCHORS = 2
# Rows of the cross-language similarity product computed at once (memory ~ rows x n).
_BLOCK = 1024

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?:])\s+|\n+")
_LETTER_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(slots=True)
class DuplicateCandidate:
    """What duplicate detection needs of an article."""

    id: str
    text: str
    published: str | None = None
    language: str | None = None
    title: str | None = None

    @classmethod
    def from_article(cls, article: Article) -> DuplicateCandidate:
        return cls(article.id, article.text, article.published, article.language, article.title)


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """An article's link to the original of its cluster."""

    original: str
    kind: LinkKind
    score: float


@dataclass(slots=True)
class _Item:
    """A candidate with what was computed from it once."""

    id: str
    published: str | None
    language: str | None
    words: int
    digest: str
    title_words: frozenset[str]
    shingles: frozenset[int]
    numbers: frozenset[str]
    names: frozenset[str]

    @property
    def anchors(self) -> frozenset[str]:
        return self.numbers | self.names


# What ``prepare_candidate`` returns and ``DuplicateFinder.add_prepared`` takes.
PreparedCandidate = _Item


def words_of(text: str) -> list[str]:
    """Lower-cased words after Unicode (NFKC) normalisation."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def shingles_of(words: list[str], size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes (CRC-32) of the word ``size``-grams; the words themselves when fewer."""
    grams = [" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))]
    return frozenset(zlib.crc32(gram.encode()) for gram in grams if gram)


def numbers_of(text: str) -> frozenset[str]:
    """The numbers of ``text``, digits only: "1,5" and "1.5", "1.200" and "1,200" match."""
    return frozenset(re.sub(r"\D", "", number) for number in _NUMBER.findall(text))


def names_of(text: str) -> frozenset[str]:
    """Capitalised words not opening a sentence (lower-cased): names, mostly."""
    names: set[str] = set()
    for sentence in _SENTENCE_BREAK.split(text):
        words = _LETTER_WORD.findall(sentence)[1:]
        names.update(word.lower() for word in words if word[0].isupper() and len(word) > 1)
    return frozenset(names)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def containment(a: frozenset[Any], b: frozenset[Any], empty: float = 0.0) -> float:
    """Share of the smaller set found in the larger (``empty`` when one is empty)."""
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else empty


class ShingleIndex:
    """A MinHash LSH over shingle sets: ``add`` sets, ``query`` for likely overlaps."""

    def __init__(self, threshold: float = CANDIDATE_JACCARD, num_perm: int = NUM_PERM) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._template = MinHash(num_perm=num_perm, hashfunc=int)

    def minhash(self, shingles: Iterable[int]) -> MinHash:
        sketch = MinHash(hashfunc=int, permutations=self._template.permutations, scheme="affine32")
        sketch.update_batch(list(shingles))
        return sketch

    def add(self, key: str, shingles: frozenset[int]) -> None:
        self._lsh.insert(key, self.minhash(shingles), check_duplication=False)

    def query(self, shingles: frozenset[int]) -> list[str]:
        return list(self._lsh.query(self.minhash(shingles)))

    def __contains__(self, key: str) -> bool:
        return key in self._lsh


@dataclass(slots=True)
class _Edge:
    kind: LinkKind
    score: float


@dataclass(slots=True)
class DuplicateFinder:
    """Duplicate detection that grows: ``add`` articles (in batches), read ``links()``.

    Example:
        >>> finder = DuplicateFinder()
        >>> finder.add([DuplicateCandidate("a", "Rain floods the valley again."),
        ...             DuplicateCandidate("b", "Rain floods the valley again!")])
        >>> finder.links()
        {'b': DuplicateLink(original='a', kind='exact', score=1.0)}
    """

    index: ShingleIndex = field(default_factory=ShingleIndex)
    items: dict[str, _Item] = field(default_factory=dict)
    by_digest: dict[str, list[str]] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    edges: dict[str, dict[LinkKind, float]] = field(default_factory=dict)
    vector_ids: list[str] = field(default_factory=list)
    vector_rows: list[np.ndarray] = field(default_factory=list)

    def add(
        self, candidates: Iterable[DuplicateCandidate], vectors: dict[str, np.ndarray] | None = None
    ) -> None:
        """Add articles and link them to what is already there and to each other."""
        fresh = (_prepare(c) for c in candidates if c.id not in self.items)
        self.add_prepared(fresh, vectors)

    def add_prepared(
        self, items: Iterable[PreparedCandidate], vectors: dict[str, np.ndarray] | None = None
    ) -> None:
        """:meth:`add` for articles already run through :func:`prepare_candidate`.

        The preparing is per article and pure, so a distributed run does it on workers
        and adds the results here, in the same order, for the same links.
        """
        added: list[_Item] = []
        for item in items:
            if item.id in self.items or not item.words:
                continue
            self._link_exact(item)
            self._link_overlapping(item)
            self.items[item.id] = item
            added.append(item)
        if vectors:
            self._link_translations(added, vectors)

    def _link_exact(self, item: _Item) -> None:
        # Every agreeing copy is linked (not just the first): which short notices end up
        # together must not depend on the order they came in.
        same = self.by_digest.setdefault(item.digest, [])
        for other in same:
            if exact_copy(item, self.items[other]):
                self._union(item.id, other, _Edge("exact", 1.0))
        same.append(item.id)

    def _link_overlapping(self, item: _Item) -> None:
        if len(item.shingles) < MIN_SHINGLES:
            return
        for other_id in self.index.query(item.shingles):
            other = self.items[other_id]
            if other.digest != item.digest and (edge := _overlap_edge(item, other)):
                self._union(item.id, other_id, edge)
        self.index.add(item.id, item.shingles)

    def _link_translations(self, added: list[_Item], vectors: dict[str, np.ndarray]) -> None:
        """Compare each new article's vector with those of articles in other languages."""
        start = len(self.vector_ids)
        for item in added:
            if item.language and item.id in vectors:
                self.vector_ids.append(item.id)
                self.vector_rows.append(np.asarray(vectors[item.id], dtype=np.float32))
        languages = [self.items[i].language or "" for i in self.vector_ids]
        if start == len(languages) or len(set(languages)) < 2:
            return
        matrix = np.vstack(self.vector_rows)
        for language in sorted(set(languages[start:])):
            rows = [i for i in range(start, len(languages)) if languages[i] == language]
            columns = [
                j
                for j, other in enumerate(languages)
                if other != language and (j < start or other > language)
            ]
            pairs = _close_pairs(matrix[rows], matrix[columns], TRANSLATION_COSINE)
            for row, column, cosine in pairs:
                self._check_translation(
                    self.vector_ids[rows[row]], self.vector_ids[columns[column]], cosine
                )

    def _check_translation(self, a: str, b: str, cosine: float) -> None:
        if found := translation_edge(self.items[a], self.items[b], cosine):
            self._union(a, b, _Edge(*found))

    def _union(self, a: str, b: str, edge: _Edge) -> None:
        for node in (a, b):
            kinds = self.edges.setdefault(node, {})
            kinds[edge.kind] = max(kinds.get(edge.kind, 0.0), edge.score)
        root_a, root_b = self._root(a), self._root(b)
        if root_a != root_b:
            self.parent[root_b] = root_a

    def _root(self, node: str) -> str:
        while (up := self.parent.get(node, node)) != node:
            self.parent[node] = self.parent.get(up, up)
            node = up
        return node

    def clusters(self) -> list[list[str]]:
        """Groups of two or more linked article ids, each sorted original first."""
        groups: dict[str, list[str]] = {}
        for node in self.parent.keys() | self.parent.values():
            groups.setdefault(self._root(node), []).append(node)
        ordered = [sorted(g, key=lambda i: _original_order(self.items[i])) for g in groups.values()]
        return sorted((g for g in ordered if len(g) > 1), key=lambda g: g[0])

    def links(self) -> dict[str, DuplicateLink]:
        """Every linked article (originals excluded) -> its cluster's original."""
        result: dict[str, DuplicateLink] = {}
        for cluster in self.clusters():
            original = self.items[cluster[0]]
            for member in cluster[1:]:
                edge = self._relation(self.items[member], original)
                result[member] = DuplicateLink(original.id, edge.kind, edge.score)
        return result

    def _relation(self, member: _Item, original: _Item) -> _Edge:
        """How ``member`` relates to its cluster's original, directly if it can tell.

        When the two are only linked through other members, the member's own strongest
        link (never "exact": the texts differ) stands for it.
        """
        if member.digest == original.digest:
            return _Edge("exact", 1.0)
        if direct := _overlap_edge(member, original):
            return direct
        kinds = {k: v for k, v in self.edges.get(member.id, {}).items() if k != "exact"}
        if not kinds:
            return _Edge("near", round(jaccard(member.shingles, original.shingles), 4))
        kind = min(kinds, key=lambda k: _STRENGTH[k])
        return _Edge(kind, kinds[kind])


def find_duplicates(
    items: list[DuplicateCandidate], vectors: dict[str, np.ndarray] | None = None
) -> dict[str, DuplicateLink]:
    """Link every duplicate, near duplicate, repost and translation to its original.

    Args:
        items: the articles to compare (e.g. ``DuplicateCandidate.from_article`` of each).
        vectors: article id -> unit embedding (``storyline.link.embed``); without them,
            translations are not looked for.

    Returns:
        ``{article_id: DuplicateLink}`` for every article that is a copy; originals and
        unique articles are absent.

    Example:
        >>> text = "The river burst its banks on Monday, flooding the old town of Ostrava."
        >>> links = find_duplicates([DuplicateCandidate("b", text, "2024-03-15"),
        ...                          DuplicateCandidate("a", text, "2024-03-14")])
        >>> links["b"].original, links["b"].kind
        ('a', 'exact')
    """
    finder = DuplicateFinder()
    finder.add(items, vectors)
    return finder.links()


def prepare_candidate(candidate: DuplicateCandidate) -> PreparedCandidate:
    """What the finder computes once per article: words, digest, shingles, anchors (pure)."""
    return _prepare(candidate)


def _prepare(candidate: DuplicateCandidate) -> _Item:
    words = words_of(candidate.text)
    language = (candidate.language or "").split("-")[0].lower() or None
    return _Item(
        id=candidate.id,
        published=candidate.published,
        language=language,
        words=len(words),
        digest=hashlib.sha1(" ".join(words).encode(), usedforsecurity=False).hexdigest(),
        title_words=frozenset(words_of(candidate.title or "")),
        shingles=shingles_of(words) if words else frozenset(),
        numbers=numbers_of(candidate.text),
        names=names_of(candidate.text),
    )


def exact_copy(a: _Item, b: _Item) -> bool:
    """Same words, and for a short body also agreeing titles (two firms' notices differ)."""
    decided = exact_by_digest(a.digest, a.words, b.digest, b.words)
    return decided if decided is not None else _titles_agree(a, b)


def exact_by_digest(digest_a: str, words_a: int, digest_b: str, words_b: int) -> bool | None:
    """``exact_copy`` from two articles' word digests and counts alone; None when their
    titles decide (a short body). Lets a caller holding signatures skip reading texts."""
    if digest_a != digest_b:
        return False
    return True if min(words_a, words_b) >= SHORT_BODY_WORDS else None


def overlap_edge(a: _Item, b: _Item) -> tuple[LinkKind, float] | None:
    """The near/repost relation of two articles with different words, if any."""
    if a.digest == b.digest:
        return None
    edge = _overlap_edge(a, b)
    return (edge.kind, edge.score) if edge else None


def translation_edge(a: _Item, b: _Item, cosine: float) -> tuple[LinkKind, float] | None:
    """The translation relation of two articles in different languages, if any."""
    if not a.language or not b.language or a.language == b.language:
        return None
    if cosine < TRANSLATION_COSINE:
        return None
    shared = len(a.anchors & b.anchors)
    if shared >= MIN_SHARED_ANCHORS and containment(a.anchors, b.anchors) >= TRANSLATION_ANCHORS:
        return ("translation", round(cosine, 4))
    return None


def original_order(item: _Item) -> tuple[bool, str, int, str]:
    """Earliest published first (undated last), then the longest, then the smallest id."""
    return _original_order(item)


def _titles_agree(a: _Item, b: _Item) -> bool:
    if not a.title_words or not b.title_words:
        return True
    return len(a.title_words & b.title_words) / len(a.title_words | b.title_words) >= (
        SHORT_TITLE_JACCARD
    )


def _overlap_edge(a: _Item, b: _Item) -> _Edge | None:
    """The near/repost relation of two articles' shingle sets, if any."""
    if min(len(a.shingles), len(b.shingles)) < MIN_SHINGLES or not _anchors_agree(a, b):
        return None
    sizes = sorted((len(a.shingles), len(b.shingles)))
    contained = containment(a.shingles, b.shingles)
    if contained >= REPOST_CONTAINMENT and sizes[1] >= REPOST_EXTRA * sizes[0]:
        return _Edge("repost", round(contained, 4))
    similarity = jaccard(a.shingles, b.shingles)
    if similarity >= NEAR_JACCARD:
        return _Edge("near", round(similarity, 4))
    return None


def _anchors_agree(a: _Item, b: _Item) -> bool:
    """Copies keep their numbers and names; same-template reports of other firms or days do not."""
    return (
        containment(a.numbers, b.numbers, empty=1.0) >= COPY_ANCHORS
        and containment(a.names, b.names, empty=1.0) >= COPY_ANCHORS
    )


def _original_order(item: _Item) -> tuple[bool, str, int, str]:
    """Earliest published first (undated last), then the longest, then the smallest id."""
    return (item.published is None, item.published or "", -item.words, item.id)


def _close_pairs(
    left: np.ndarray, right: np.ndarray, threshold: float
) -> Iterable[tuple[int, int, float]]:
    """``(row of left, row of right, cosine)`` for every pair at ``threshold`` or above."""
    if not len(left) or not len(right):
        return
    for low in range(0, left.shape[0], _BLOCK):
        scores = left[low : low + _BLOCK] @ right.T
        rows, columns = np.nonzero(scores >= threshold)
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            yield low + row, column, float(scores[row, column])
