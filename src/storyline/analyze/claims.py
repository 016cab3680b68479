"""Claims checked across a story: numbers and dates about the same thing, agreeing or not.

Two claims are about the same thing when they are of one kind and their subjects
match ("loan" / "government loan"), or, within one event, their sentences say
nearly the same, or they give the same uncommon count ("signed agreements on 28
programs" / "signed an agreement on 28 points"). Values then agree or conflict:
money in one currency at the claim's date within a tolerance, counts exactly,
dates when one period contains the other. An article contradicting itself about a
date ("last year" against its own "August 20, 2020") is flagged as internal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Literal

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.analyze.claim_blocks import (
    AGREE,
    CONFLICT,
    SINGLE,
    BlockClaims,
    components,
    samples,
)
from storyline.model import Claim, content_hash

Similarity = Callable[[str, str], float]
Agreement = Literal["agree", "conflict", "single"]

# Money figures agree within 5 %: "$1.5 billion" rounds $1.49bn, and the ECB rate of
# the day the article was written can differ from the day the figure was announced.
MONEY_TOLERANCE = 0.05
# Percentages are printed rounded to a point at most.
PERCENT_TOLERANCE = 0.5
# Subject phrases match when rapidfuzz's token-set ratio on their normalised words
# reaches this ("government loan" / "loan" = 100, "programs" / "points" = 57).
SUBJECT_MATCH = 85.0
# Sentences of one event count as the same statement from this similarity on
# (checked on handmade paraphrase pairs in tests/analyze/test_claims.py).
CONTEXT_MATCH = 0.55
# Within one event, the same uncommon count in two reports is one fact, however each
# words it ("28 programs" / "28 points" of one summit, whose sentences share only
# "signed" and "agreement"); counts below this are too common to tell (two states).
SAME_FIGURE_MIN = 10
# An event's sentences up to this many are compared pair by pair; more, by one sparse
# product (its set-up cost ~0.5 ms, paid by each of a long story's thousands of events).
SMALL_BLOCK = 40
_KINDS_COMPARED = ("money", "count", "percent", "age", "date")


@dataclass(slots=True)
class ClaimView:
    """A claim with what grouping reads: its sentence, event and article."""

    claim: Claim
    sentence: str
    event_id: str | None


@dataclass(slots=True)
class ClaimGroup:
    """Claims about one thing, with the verdict and the pairs that decided it."""

    id: str
    kind: str
    subject: str
    claim_ids: list[str]
    agreement: Agreement
    internal: bool = False
    pairs: list[tuple[str, str, Agreement]] = field(default_factory=list)


def group_claims(views: Sequence[ClaimView], similar: Similarity | None = None) -> list[ClaimGroup]:
    """Groups of claims about the same thing, each with its agreement."""
    similar = similar or word_overlap
    views = [v for v in views if v.claim.kind in _KINDS_COMPARED]
    parent = list(range(len(views)))
    verdicts: dict[tuple[int, int], Agreement] = {}
    by_kind: dict[str, list[int]] = {}
    for index, view in enumerate(views):
        by_kind.setdefault(view.claim.kind, []).append(index)
    for kind, indices in by_kind.items():  # claims of different kinds are never one thing
        pairs, blocks = _candidates(views, indices, similar)
        for i, j in pairs:
            if same_thing(views[i], views[j], similar):
                parent[_root(parent, i)] = _root(parent, j)
                verdicts[(i, j)] = compare(views[i].claim, views[j].claim)
        if blocks:
            claims = _block_claims(views, indices, kind)
            for left, right in blocks:
                for component in components(claims, left, right):
                    for index in component[1:]:
                        parent[_root(parent, index)] = _root(parent, component[0])
                    found = samples(claims, component, left, right)
                    verdicts.update({pair: _VERDICTS[code] for pair, code in found.items()})
    return _groups(views, parent, verdicts)


_VERDICTS: dict[int, Agreement] = {SINGLE: "single", AGREE: "agree", CONFLICT: "conflict"}
Block = tuple[list[int], list[int] | None]


def _candidates(
    views: Sequence[ClaimView], indices: list[int], similar: Similarity
) -> tuple[list[tuple[int, int]], list[Block]]:
    """The pairs ``same_thing`` can hold for (``i < j``), without trying every pair: a
    long story has thousands of claims. Claims of one event giving one uncommon count or
    said in alike sentences (with the word-overlap measure, all sentence pairs of the
    event scored at once; with another, every pair is tried) come as pairs; dates naming
    one event, and claims whose subjects match (all subjects scored at once by
    rapidfuzz), come as blocks (every claim of a block, or across two blocks, is about
    the same thing as every other from another sentence and, but for dates, article)."""
    blocks: dict[tuple[str, ...], list[int]] = {}
    for index in indices:
        claim, event = views[index].claim, views[index].event_id
        if claim.kind == "date":
            if (name := _event_name(claim)) is not None:
                blocks.setdefault(("named", name), []).append(index)
            continue
        # A subject with no letters ("1,000") matches none (its token-set ratio is 0).
        if claim.subject and (subject := _normal_words(claim.subject)):
            blocks.setdefault(("subject", subject), []).append(index)
        if event is not None:
            blocks.setdefault(("event", event), []).append(index)
            if claim.kind == "count" and (figure := _number(claim)) is not None:
                blocks.setdefault(("figure", event, repr(figure)), []).append(index)
    pairs: set[tuple[int, int]] = set()
    linked: list[Block] = []
    for key, block in blocks.items():
        if key[0] in ("event", "figure"):
            # Two claims of one article are two facts (same_thing), and most events of a
            # long story are one article's: nothing to compare in them.
            if len({views[i].claim.article_id for i in block}) < 2:
                continue
            if key[0] == "event" and similar is word_overlap:
                pairs.update(_alike_sentences(views, block))
            else:
                pairs.update(combinations(block, 2))
        elif len(block) > 1:
            linked.append((block, None))
    subjects = [key[1] for key in blocks if key[0] == "subject"]
    if len(subjects) > 1:
        scores = process.cdist(
            subjects, subjects, scorer=fuzz.token_set_ratio, score_cutoff=SUBJECT_MATCH
        )
        for a, b in zip(*np.nonzero(np.triu(scores >= SUBJECT_MATCH, k=1)), strict=True):
            linked.append((blocks[("subject", subjects[a])], blocks[("subject", subjects[b])]))
    return sorted(pairs), linked


def _block_claims(views: Sequence[ClaimView], indices: list[int], kind: str) -> BlockClaims:
    """What comparing blocks reads of the claims of one kind (see claim_blocks)."""
    tolerance = {"money": MONEY_TOLERANCE, "percent": PERCENT_TOLERANCE}.get(kind, 0.0)
    value = _usd if kind == "money" else _number
    figures = {i: v for i in indices if (v := value(views[i].claim)) is not None}
    periods = {i: p for i in indices if (p := _period(views[i].claim)) is not None}
    # Periods are compared as strings (ISO dates): their ranks order alike.
    rank = {day: n for n, day in enumerate(sorted({d for p in periods.values() for d in p}))}
    return BlockClaims(
        kind=kind,
        tolerance=tolerance,
        article={i: views[i].claim.article_id for i in indices},
        sentence={i: views[i].sentence for i in indices},
        value=figures,
        start={i: rank[p[0]] for i, p in periods.items()},
        end={i: rank[p[1]] for i, p in periods.items()},
    )


def _alike_sentences(views: Sequence[ClaimView], block: list[int]) -> set[tuple[int, int]]:
    """Pairs of claims in ``block`` whose sentences reach CONTEXT_MATCH word overlap:
    every distinct sentence pair scored at once (shared words by a sparse product)."""
    sentences = sorted({views[i].sentence for i in block})
    if len(sentences) < 2:
        return set()
    words = [content_words(sentence) for sentence in sentences]
    if len(sentences) <= SMALL_BLOCK:
        close = {
            (a, b)
            for a, b in combinations(range(len(sentences)), 2)
            if words[a] and words[b] and _overlap(words[a], words[b]) >= CONTEXT_MATCH
        }
        return _claim_pairs(views, block, sentences, close)
    vocabulary = {word: n for n, word in enumerate(sorted(set().union(*words)))}
    rows = [n for n, found in enumerate(words) for _ in found]
    columns = [vocabulary[word] for found in words for word in found]
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)),
        shape=(len(sentences), max(len(vocabulary), 1)),
    )
    shared = (matrix @ matrix.T).tocoo()
    sizes = np.array([len(found) for found in words], dtype=np.float64)
    smaller = np.minimum(sizes[shared.row], sizes[shared.col])
    # As word_overlap divides (the product could differ from it in the last bit).
    alike = (shared.row < shared.col) & (shared.data.astype(np.float64) / smaller >= CONTEXT_MATCH)
    close = set(zip(shared.row[alike].tolist(), shared.col[alike].tolist(), strict=True))
    return _claim_pairs(views, block, sentences, close)


def _claim_pairs(
    views: Sequence[ClaimView],
    block: list[int],
    sentences: list[str],
    close: set[tuple[int, int]],
) -> set[tuple[int, int]]:
    """The claim pairs (``i < j``) of the sentence pairs ``close`` (positions in ``sentences``)."""
    by_sentence: dict[int, list[int]] = {}
    position = {sentence: n for n, sentence in enumerate(sentences)}
    for index in block:
        by_sentence.setdefault(position[views[index].sentence], []).append(index)
    return {
        (i, j) if i < j else (j, i)
        for a, b in close
        for i in by_sentence[a]
        for j in by_sentence[b]
    }


def same_thing(a: ClaimView, b: ClaimView, similar: Similarity) -> bool:
    """Whether two claims are about one thing (never two parts of one sentence)."""
    if a.claim.kind != b.claim.kind or a.sentence == b.sentence:
        return False
    if a.claim.article_id == b.claim.article_id and a.claim.kind != "date":
        return False  # one article's different figures are different facts
    if a.claim.kind == "date":
        return _event_name(a.claim) is not None and _event_name(a.claim) == _event_name(b.claim)
    if _subjects_match(a.claim.subject, b.claim.subject):
        return True
    same_event = a.event_id is not None and a.event_id == b.event_id
    if same_event and a.claim.kind == "count" and _same_uncommon_figure(a.claim, b.claim):
        return True
    return same_event and similar(a.sentence, b.sentence) >= CONTEXT_MATCH


def _same_uncommon_figure(a: Claim, b: Claim) -> bool:
    first, second = _number(a), _number(b)
    return first is not None and first == second and first >= SAME_FIGURE_MIN


def compare(a: Claim, b: Claim) -> Agreement:
    """Whether two claims about one thing agree."""
    if a.kind == "money":
        return _close(_usd(a), _usd(b), MONEY_TOLERANCE, relative=True)
    if a.kind == "date":
        return _dates_agree(a, b)
    if a.kind == "percent":
        return _close(_number(a), _number(b), PERCENT_TOLERANCE, relative=False)
    return "agree" if _number(a) == _number(b) else "conflict"


def word_overlap(a: str, b: str) -> float:
    """Share of the shorter sentence's content words found in the other (no model needed)."""
    words_a, words_b = content_words(a), content_words(b)
    if not words_a or not words_b:
        return 0.0
    return _overlap(words_a, words_b)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b))


def _event_name(claim: Claim) -> str | None:
    """The one-off event a date claim dates ("election"), as the language stage named it."""
    event = (claim.normalized or {}).get("event")
    return str(event) if event else None


def _subjects_match(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return fuzz.token_set_ratio(_normal_words(a), _normal_words(b)) >= SUBJECT_MATCH


@lru_cache(maxsize=1 << 16)
def _normal_words(text: str) -> str:
    return " ".join(_stem(word) for word in re.findall(r"[a-z]+", text.lower()))


@lru_cache(maxsize=1 << 16)
def content_words(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z]{3,}", text.lower())
    return frozenset(_stem(w) for w in words if w not in ENGLISH_STOP_WORDS)


def _stem(word: str) -> str:
    """Plural and simple inflection folded, enough to match "agreements"/"agreement"."""
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            doubled = suffix in ("ed", "ing") and stem[-1] == stem[-2] and stem[-1] not in "aeiouls"
            return stem[:-1] if doubled else stem
    return word


def _usd(claim: Claim) -> float | None:
    normalized = claim.normalized or {}
    for key in ("usd", "value_usd"):
        if isinstance(normalized.get(key), int | float):
            return float(normalized[key])  # type: ignore[arg-type]
    if normalized.get("unit") == "USD":
        return _number(claim)
    return None


def _number(claim: Claim) -> float | None:
    value = (claim.normalized or {}).get("value", claim.value)
    return float(value) if isinstance(value, int | float) else None


def _close(a: float | None, b: float | None, tolerance: float, relative: bool) -> Agreement:
    if a is None or b is None:
        return "single"  # not comparable: no verdict either way
    gap = abs(a - b) / max(abs(a), abs(b), 1e-9) if relative else abs(a - b)
    return "agree" if gap <= tolerance else "conflict"


def _dates_agree(a: Claim, b: Claim) -> Agreement:
    first, second = _period(a), _period(b)
    if first is None or second is None:
        return "single"
    contains = (first[0] <= second[0] and second[1] <= first[1]) or (
        second[0] <= first[0] and first[1] <= second[1]
    )
    return "agree" if contains else "conflict"


def _period(claim: Claim) -> tuple[str, str] | None:
    span = (claim.normalized or {}).get("range")
    if isinstance(span, list | tuple) and len(span) == 2:
        return str(span[0]), str(span[1])
    return None


def _root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index


def _groups(
    views: Sequence[ClaimView], parent: list[int], verdicts: dict[tuple[int, int], Agreement]
) -> list[ClaimGroup]:
    members: dict[int, list[int]] = {}
    for index in range(len(views)):
        members.setdefault(_root(parent, index), []).append(index)
    # Each group's compared pairs, from the verdicts (not from every pair of its members:
    # a story's earnings figures can make a group of thousands).
    compared: dict[int, list[tuple[int, int]]] = {}
    for i, j in sorted(verdicts):
        if i < j and verdicts[(i, j)] != "single":
            compared.setdefault(_root(parent, i), []).append((i, j))
    return [
        _group(views, indices, verdicts, compared.get(root, []))
        for root, indices in members.items()
    ]


def _group(
    views: Sequence[ClaimView],
    indices: list[int],
    verdicts: dict[tuple[int, int], Agreement],
    compared: list[tuple[int, int]],
) -> ClaimGroup:
    claims = [views[i].claim for i in indices]
    pairs = [(views[i].claim.id, views[j].claim.id, verdicts[(i, j)]) for i, j in compared]
    agreement: Agreement = "single"
    if any(v == "conflict" for *_, v in pairs):
        agreement = "conflict"
    elif pairs:
        agreement = "agree"
    article_of = {c.id: c.article_id for c in claims}
    internal = any(v == "conflict" and article_of[a] == article_of[b] for a, b, v in pairs)
    return ClaimGroup(
        id=content_hash(*sorted(c.id for c in claims)),
        kind=claims[0].kind,
        subject=next((c.subject for c in claims if c.subject), ""),
        claim_ids=[c.id for c in claims],
        agreement=agreement,
        internal=internal,
        pairs=pairs,
    )
