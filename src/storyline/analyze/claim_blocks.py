"""Claims that share a subject, compared a block at a time instead of pair by pair.

A long story names one subject in thousands of claims ("net income" in every earnings
report of a year), and every two of them are about one thing unless they come from one
article or one sentence. Comparing each pair cost a 1,000-article batch on a 200k archive
most of its story analyses (5.8 million pairs), and kept all of them as the group's
evidence. Here the claims of a block are split into the components those pairs link
(a search over the complement of "same article or same sentence"), and each component's
pairs are compared as arrays, keeping one pair of each verdict they reach: the groups,
their agreement and whether an article contradicts itself come out as pair by pair.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

# Claim pairs compared in one array operation (bounds the temporaries: ~40 MB).
PAIRS_AT_ONCE = 4_000_000
SINGLE, AGREE, CONFLICT = 0, 1, 2


@dataclass(slots=True)
class BlockClaims:
    """What a block comparison reads of each claim, by the claim's index.

    ``value`` is the compared figure (US dollars for money; NaN when unknown);
    ``start``/``end`` rank a date claim's period (-1 when it has none).
    """

    kind: str
    tolerance: float  # money: relative; percent: in points
    article: dict[int, str]
    sentence: dict[int, str]
    value: dict[int, float]
    start: dict[int, int]
    end: dict[int, int]

    @property
    def within_articles(self) -> bool:
        """Whether two claims of one article can be about one thing (dates only)."""
        return self.kind == "date"


def components(
    claims: BlockClaims, left: Sequence[int], right: Sequence[int] | None = None
) -> list[list[int]]:
    """The claims the eligible pairs link, component by component: pairs within ``left``
    (``right`` None) or across ``left`` and ``right``. A pair is eligible unless its claims
    share a sentence or (but for dates) an article."""
    sides = [list(left)] if right is None else [list(left), list(right)]
    pools = [set(side) for side in sides]
    by_article = [_grouped(side, claims.article) for side in sides]
    by_sentence = [_grouped(side, claims.sentence) for side in sides]
    found = []
    for first, side in enumerate(sides):
        for seed in side:
            if seed not in pools[first]:
                continue
            pools[first].discard(seed)
            component, queue = [seed], [(seed, first)]
            while queue:
                member, at = queue.pop()
                other = at if right is None else 1 - at
                blocked = by_sentence[other].get(claims.sentence[member], set())
                if not claims.within_articles:
                    blocked = blocked | by_article[other].get(claims.article[member], set())
                reached = pools[other] - blocked
                pools[other] -= reached
                component += reached
                queue += [(index, other) for index in reached]
            if len(component) > 1:
                found.append(sorted(component))
    return found


def _grouped(side: list[int], key: dict[int, str]) -> dict[str, set[int]]:
    grouped: dict[str, set[int]] = {}
    for index in side:
        grouped.setdefault(key[index], set()).add(index)
    return grouped


def samples(
    claims: BlockClaims,
    component: list[int],
    left: Sequence[int],
    right: Sequence[int] | None = None,
) -> dict[tuple[int, int], int]:
    """One eligible pair (``i < j``) of each verdict the component's pairs reach, and one
    conflict within an article if there is one: what decides the group's agreement."""
    inside = set(component)
    rows = np.array(sorted(inside.intersection(left)), dtype=np.int64)
    columns = rows
    if right is not None:
        columns = np.array(sorted(inside.intersection(right)), dtype=np.int64)
    wanted = {AGREE, CONFLICT} | ({-CONFLICT} if claims.within_articles else set())
    found: dict[int, tuple[int, int]] = {}
    for chunk, codes, same_article in _verdict_chunks(claims, rows, columns, right is None):
        for verdict in sorted(wanted - set(found)):
            mask = codes == abs(verdict)
            if verdict < 0:
                mask &= same_article
            hit = np.argwhere(mask)
            if len(hit):
                i, j = int(chunk[hit[0][0]]), int(columns[hit[0][1]])
                found[verdict] = (min(i, j), max(i, j))
        if set(found) == wanted:
            break
    return {pair: abs(verdict) for verdict, pair in found.items()}


def _verdict_chunks(
    claims: BlockClaims, rows: np.ndarray, columns: np.ndarray, triangle: bool
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Verdict codes (-1 where a pair is not eligible) of ``rows`` against ``columns``,
    a chunk of rows at a time, with where a pair shares an article."""
    arrays = _arrays(claims, np.concatenate([rows, columns]))
    row_values = {name: values[: len(rows)] for name, values in arrays.items()}
    b = {name: values[len(rows) :][None, :] for name, values in arrays.items()}
    step = max(1, PAIRS_AT_ONCE // max(len(columns), 1))
    for begin in range(0, len(rows), step):
        chunk = rows[begin : begin + step]
        a = {name: values[begin : begin + step, None] for name, values in row_values.items()}
        same_article = a["article"] == b["article"]
        eligible = a["sentence"] != b["sentence"]
        if not claims.within_articles:
            eligible &= ~same_article
        if triangle:
            eligible &= chunk[:, None] < columns[None, :]
        codes = np.where(eligible, _codes(claims, a, b), -1)
        yield chunk, codes, same_article


def _arrays(claims: BlockClaims, indices: np.ndarray) -> dict[str, np.ndarray]:
    def codes_of(key: dict[int, str]) -> np.ndarray:
        numbered: dict[str, int] = {}
        return np.array([numbered.setdefault(key[int(i)], len(numbered)) for i in indices])

    return {
        "article": codes_of(claims.article),
        "sentence": codes_of(claims.sentence),
        "value": np.array([claims.value.get(int(i), np.nan) for i in indices], dtype=float),
        "start": np.array([claims.start.get(int(i), -1) for i in indices]),
        "end": np.array([claims.end.get(int(i), -1) for i in indices]),
    }


def _codes(claims: BlockClaims, a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> np.ndarray:
    """claims.compare, as arrays: SINGLE, AGREE or CONFLICT for every pair."""
    kind = claims.kind
    if kind == "date":
        known = (a["start"] >= 0) & (b["start"] >= 0)
        contains = ((a["start"] <= b["start"]) & (b["end"] <= a["end"])) | (
            (b["start"] <= a["start"]) & (a["end"] <= b["end"])
        )
        return np.where(known, np.where(contains, AGREE, CONFLICT), SINGLE)
    x, y = a["value"], b["value"]
    missing_x, missing_y = np.isnan(x), np.isnan(y)
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "money":
            gap = np.abs(x - y) / np.maximum(np.maximum(np.abs(x), np.abs(y)), 1e-9)
            close = gap <= claims.tolerance
        elif kind == "percent":
            close = np.abs(x - y) <= claims.tolerance
        else:  # counts and ages agree when equal (two unknown figures are equal too)
            return np.where((x == y) | (missing_x & missing_y), AGREE, CONFLICT)
    return np.where(missing_x | missing_y, SINGLE, np.where(close, AGREE, CONFLICT))
