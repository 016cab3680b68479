"""The duplicates phase over a growing store: new articles are linked where they land.

The rules are :mod:`storyline.link.duplicates`'; this module keeps their indexes in the
store so a batch of new articles never costs a pass over the archive:

- the **signature** step (per article, on any engine) computes each article's word
  digest and the LSH band keys of its MinHash signature;
- the phase files them as postings (``dup-digest``, ``dup-band``), looks up only the
  new articles' digests and bands for candidates, checks each candidate pair with the
  rules (a word-identical pair by the two signatures, any other by both articles'
  shingles, recomputed from their text), asks the per-language
  vector indexes for translations, and keeps every verified link as an edge
  (``dup-edge``, both ways);
- only the clusters the changes touch are recomputed from their edges: a new link
  merges clusters, a deleted or rewritten article may split one; each cluster's
  original is chosen by the same order as a full run (earliest, longest, smallest id).

Links are symmetric and every pair is checked whichever article came first, so the
links after any sequence of batches are those of one run over everything.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHashLSH

from storyline.link.duplicates import (
    CANDIDATE_JACCARD,
    MIN_SHINGLES,
    NUM_PERM,
    TRANSLATION_COSINE,
    DuplicateCandidate,
    PreparedCandidate,
    ShingleIndex,
    exact_by_digest,
    exact_copy,
    original_order,
    overlap_edge,
    prepare_candidate,
    translation_edge,
)
from storyline.link.embed import MODEL, vector_from_bytes
from storyline.link.vector_index import VectorIndex
from storyline.model import Article
from storyline.options import AnalyzeOptions
from storyline.progress import Reporter
from storyline.steps import Delta
from storyline.store import Store
from storyline.store.kinds import ARTICLE, vector_kind
from storyline.store.update import PostingsWrite, Update

# Bump when the rules or thresholds change: the phase rebuilds on the next analyze.
DUPLICATES_VERSION = "2"  # 2: every agreeing exact copy linked; persisted, incremental
# The signature step's output (digest, words, LSH band keys): the name is its version.
SIGNATURE_MODEL = f"minhash/{NUM_PERM}/{CANDIDATE_JACCARD}"
BANDS, DIGESTS, EDGES = "dup-band", "dup-digest", "dup-edge"
# Nearest articles of each other language asked for translation candidates. A news
# article has a handful of translations, and the rule needs cosine >= 0.7 anyway.
TRANSLATION_NEIGHBOURS = 20


@cache
def _band_shape() -> tuple[int, int]:
    """Bands and rows per band of the LSH at the candidate threshold (datasketch's choice)."""
    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(hashvalues: np.ndarray) -> list[int]:
    """One 64-bit key per LSH band of a MinHash signature (the band's index hashed in)."""
    bands, rows = _band_shape()
    keys = []
    for band in range(bands):
        chunk = hashvalues[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


@dataclass(frozen=True, slots=True)
class Signature:
    """What the phase files an article under: its word digest and LSH band keys."""

    digest: str
    words: int
    bands: tuple[int, ...]

    @property
    def key(self) -> tuple[str, int]:
        """What ``exact_by_digest`` reads of one side."""
        return self.digest, self.words

    def to_bytes(self) -> bytes:
        return json.dumps([self.digest, self.words, list(self.bands)]).encode()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Signature:
        digest, words, bands = json.loads(blob)
        return cls(str(digest), int(words), tuple(int(b) for b in bands))


def signature_rows(
    articles: list[Article], n_process: int = 1
) -> list[tuple[str, bytes, str | None]]:
    """The signature step's compute: each article's digest, word count and band keys."""
    index = _shingle_index()
    rows: list[tuple[str, bytes, str | None]] = []
    for article in articles:
        item = prepare_candidate(DuplicateCandidate.from_article(article))
        bands: list[int] = []
        if item.words and len(item.shingles) >= MIN_SHINGLES:
            bands = band_keys(index.minhash(item.shingles).hashvalues)
        signature = Signature(item.digest, item.words, tuple(bands))
        rows.append((article.id, signature.to_bytes(), None))
    return rows


@cache
def _shingle_index() -> ShingleIndex:
    """One template per process: its permutations are the same in every process."""
    return ShingleIndex()


def update_duplicates(
    store: Store, delta: Delta, options: AnalyzeOptions, reporter: Reporter
) -> Update:
    """Link the changed articles, and re-derive the clusters they were or are part of."""
    changed = set(store.existing_ids()) if delta.full else delta.ids(*_READS)
    present = store.existing(changed)
    update = Update(count=len(changed))
    graph = _Graph(store, stored=not delta.full)
    graph.forget(changed)
    graph.touched |= present
    fresh = {a: s for a, s in _signatures(store, present).items() if s.words}
    graph.link(fresh, changed)
    _write_index(update, fresh, changed, graph, full=delta.full)
    update.duplicates = graph.originals(changed, full=delta.full)
    reporter.advance(len(changed))
    return update


_READS = (ARTICLE, vector_kind(SIGNATURE_MODEL), vector_kind(MODEL))


def _signatures(store: Store, ids: set[str]) -> dict[str, Signature]:
    return {
        article_id: Signature.from_bytes(blob)
        for article_id, blob in store.vectors(SIGNATURE_MODEL, sorted(ids))
    }


class _Graph:
    """The duplicate links around the changed articles: stored edges, minus the changed
    articles' old ones, plus the links found now."""

    def __init__(self, store: Store, stored: bool) -> None:
        self.store = store
        self.stored = stored
        self.edges: dict[str, dict[str, tuple[str, float]]] = defaultdict(dict)
        self.touched: set[str] = set()
        self.new_edges: list[tuple[str, str, str, float]] = []
        self._items: dict[str, PreparedCandidate | None] = {}
        self._same_words: set[tuple[str, str]] = set()  # the pairs of one digest

    def forget(self, changed: set[str]) -> None:
        """The clusters the changed articles were in are to be recomputed."""
        if not self.stored:
            return
        self.touched |= changed
        neighbours = {member for _, member, _, _ in self.store.postings(EDGES, changed)}
        self.touched |= neighbours
        self.touched |= self._cluster_mates(changed | neighbours)

    def link(self, fresh: dict[str, Signature], changed: set[str]) -> None:
        """Find and verify the links of the fresh articles (to stored ones and each other)."""
        self.touched |= set(fresh)
        self._link_copies(fresh, changed, DIGESTS, lambda s: [s.digest])
        self._link_copies(fresh, changed, BANDS, lambda s: list(s.bands))
        self._link_translations(fresh)

    def _link_copies(
        self,
        fresh: dict[str, Signature],
        changed: set[str],
        space: str,
        keys_of: Callable[[Signature], list[Any]],
    ) -> None:
        by_key: dict[Any, set[str]] = defaultdict(set)
        for article_id, signature in fresh.items():
            for key in keys_of(signature):
                by_key[key].add(article_id)
        if self.stored:
            for key, member, _, _ in self.store.postings(space, list(by_key)):
                if member not in changed:
                    by_key[key].add(member)
        pairs = {
            (min(a, b), max(a, b))
            for article_id, signature in fresh.items()
            for key in keys_of(signature)
            for a, b in ((article_id, other) for other in by_key[key])
            if a != b
        }
        # Most candidates of a widely reposted article are word-identical copies: their
        # signatures decide those pairs (exact copies; never an overlap edge), so only the
        # rest are read and shingled.
        if space == DIGESTS:
            self._same_words = pairs
            undecided = self._exact_by_signature(pairs, fresh)
        else:
            undecided = sorted(pairs - self._same_words)
        self._prepare({article_id for pair in undecided for article_id in pair})
        for a, b in undecided:
            first_item, second_item = self._item(a), self._item(b)
            if first_item is None or second_item is None:
                continue
            if space == DIGESTS:
                if exact_copy(first_item, second_item):
                    self._add(a, b, "exact", 1.0)
            elif found := overlap_edge(first_item, second_item):
                self._add(a, b, *found)

    def _exact_by_signature(
        self, pairs: set[tuple[str, str]], fresh: dict[str, Signature]
    ) -> list[tuple[str, str]]:
        """Link the pairs of one digest whose signatures decide; the rest (short bodies,
        whose titles decide) are returned."""
        ids = {a for pair in pairs for a in pair}
        stored = _signatures(self.store, ids - set(fresh)) if self.stored else {}
        undecided = []
        for a, b in sorted(pairs):
            first, second = fresh.get(a) or stored.get(a), fresh.get(b) or stored.get(b)
            exact = exact_by_digest(*first.key, *second.key) if first and second else None
            if exact is None:
                undecided.append((a, b))
            elif exact:
                self._add(a, b, "exact", 1.0)
        return undecided

    def _link_translations(self, fresh: dict[str, Signature]) -> None:
        items = {a: item for a in sorted(fresh) if (item := self._item(a)) and item.language}
        if not items:
            return
        languages = sorted(self.store.article_languages())
        vectors = dict(self.store.vectors(MODEL, list(items)))
        indexes = {
            language: VectorIndex.for_store(self.store, MODEL, language=language)
            for language in languages
        }
        for article_id, item in items.items():
            if article_id not in vectors:
                continue
            vector = vector_from_bytes(vectors[article_id])
            for language, index in indexes.items():
                if language == item.language:
                    continue
                for other, cosine in index.search(vector, TRANSLATION_NEIGHBOURS):
                    if cosine < TRANSLATION_COSINE:
                        continue  # no translation (translation_edge): not worth reading
                    partner = self._item(other)
                    if partner is not None and (found := translation_edge(item, partner, cosine)):
                        self._add(article_id, other, *found)

    def _add(self, a: str, b: str, kind: str, score: float) -> None:
        self.edges[a][b] = self.edges[b][a] = (kind, score)
        self.new_edges.append((a, b, kind, score))
        self.touched |= {a, b}

    def _prepare(self, ids: set[str]) -> None:
        """Read and prepare the articles of ``ids`` not prepared yet, in one query."""
        missing = sorted(ids - set(self._items))
        found = self.store.articles_by_id(missing)
        for article_id in missing:
            article = found.get(article_id)
            self._items[article_id] = (
                prepare_candidate(DuplicateCandidate.from_article(article)) if article else None
            )

    def _item(self, article_id: str) -> PreparedCandidate | None:
        if article_id not in self._items:
            self._prepare({article_id})
        return self._items[article_id]

    def _cluster_mates(self, ids: set[str]) -> set[str]:
        """Every article in the same stored cluster as one of ``ids``."""
        originals = set(ids)
        for article in self.store.article_headers(ids).values():
            if article.duplicate_of:
                originals.add(article.duplicate_of)
        return originals | set(self.store.copies_of(originals))

    def originals(self, changed: set[str], full: bool) -> dict[str, str | None]:
        """``duplicate_of`` for every touched article whose value moves."""
        nodes = self.store.existing(self.touched | self._cluster_mates(self.touched))
        if self.stored:
            for key, member, _, payload in self.store.postings(EDGES, nodes):
                if key not in changed and member not in changed and payload is not None:
                    kind, score = json.loads(payload)
                    self.edges[key].setdefault(member, (str(kind), float(score)))
        parent = {node: node for node in nodes}
        for a, partners in self.edges.items():
            for b in partners:
                if a in parent and b in parent:
                    parent[_root(parent, a)] = _root(parent, b)
        groups: dict[str, list[str]] = defaultdict(list)
        for node in nodes:
            groups[_root(parent, node)].append(node)
        articles = self.store.article_headers(nodes)  # the order reads no text
        words = {a: s.words for a, s in _signatures(self.store, nodes).items()}
        wanted: dict[str, str | None] = {}
        for members in groups.values():
            first = min(members, key=lambda a: _order(articles[a], words.get(a, 0)))
            for member in members:
                wanted[member] = first if member != first and len(members) > 1 else None
        return {a: o for a, o in wanted.items() if full or articles[a].duplicate_of != o}


def _order(article: Article, words: int) -> tuple[bool, str, int, str]:
    item = prepare_order(article, words)
    return original_order(item)


def prepare_order(article: Article, words: int) -> PreparedCandidate:
    """What ``original_order`` reads of an article, without preparing its shingles."""
    return PreparedCandidate(
        id=article.id, published=article.published, language=None, words=words, digest="",
        title_words=frozenset(), shingles=frozenset(), numbers=frozenset(), names=frozenset(),
    )  # fmt: skip


def _root(parent: dict[str, str], node: str) -> str:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _write_index(
    update: Update,
    fresh: dict[str, Signature],
    changed: set[str],
    graph: _Graph,
    full: bool,
) -> None:
    """File the fresh articles' digests, bands and links; drop what the changed had."""
    gone = sorted(changed)
    edges = [
        (a, b, None, json.dumps([kind, score]).encode())
        for x, y, kind, score in graph.new_edges
        for a, b in ((x, y), (y, x))
    ]
    update.postings += [
        PostingsWrite(
            DIGESTS, [(s.digest, a, None, None) for a, s in fresh.items()], gone, clear=full
        ),
        PostingsWrite(
            BANDS,
            [(key, a, None, None) for a, s in fresh.items() for key in s.bands],
            gone,
            clear=full,
        ),
        PostingsWrite(EDGES, edges, gone, clear=full, remove_keys=gone),
    ]
