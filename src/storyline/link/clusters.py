"""The bookkeeping of entity merging: groups of chains, their union, the evidence.

A *group* holds the chains of many articles that carry the same name key (every
"Vladimir Putin" chain); merging unites groups into clusters, each union recording
why. :mod:`storyline.link.entities` builds the groups, :mod:`storyline.link.persons`
and :mod:`storyline.link.entities` decide the unions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from storyline.link.aliases import PersonName, plain_key
from storyline.model import Chain

# Mentions that refer to an entity without naming it: never aliases, never keys.
REFERENCE_LABELS = frozenset({"PRONOUN", "TITLE"})


@dataclass(slots=True)
class Group:
    """Chains of one type class sharing one name key."""

    index: int
    type_class: str
    key: str
    person: PersonName | None = None
    chains: list[Chain] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The most frequent chain name (ties: the longest, then alphabetical)."""
        counts = Counter(chain.name for chain in self.chains)
        return max(counts, key=lambda name: (counts[name], len(name), name))

    @property
    def articles(self) -> set[str]:
        return {chain.article_id for chain in self.chains}


class Clusters:
    """Union-find over groups; every union keeps a human-readable reason."""

    def __init__(self, groups: list[Group]) -> None:
        self.groups = groups
        self._parent = list(range(len(groups)))
        self._members: dict[int, list[Group]] = {group.index: [group] for group in groups}
        self.reasons: dict[int, list[str]] = {}

    def find(self, index: int) -> int:
        while self._parent[index] != index:
            self._parent[index] = self._parent[self._parent[index]]
            index = self._parent[index]
        return index

    def union(self, a: int, b: int, reason: str) -> None:
        """Put the clusters of groups ``a`` and ``b`` together, because of ``reason``."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        keep, drop = min(root_a, root_b), max(root_a, root_b)
        self._parent[drop] = keep
        self._members[keep].extend(self._members.pop(drop))
        self.reasons.setdefault(keep, []).extend(self.reasons.pop(drop, []))
        self.reasons[keep].append(reason)

    def members(self, index: int) -> list[Group]:
        """The groups in the cluster of group ``index``."""
        return self._members[self.find(index)]

    def roots(self) -> list[int]:
        """One group index per cluster, in group order."""
        return sorted(self._members)


class ArticleContext:
    """What else each article names: the context that tells two same-named people apart."""

    def __init__(self, chains: list[Chain]) -> None:
        self._keys: dict[str, set[str]] = {}
        for chain in chains:
            self._keys.setdefault(chain.article_id, set()).add(plain_key(chain.name))

    def of_groups(self, groups: list[Group]) -> set[str]:
        """Names co-occurring with ``groups`` (theirs excluded) and their descriptor words."""
        own = {plain_key(chain.name) for group in groups for chain in group.chains}
        found: set[str] = set()
        for group in groups:
            for chain in group.chains:
                found |= self._keys.get(chain.article_id, set())
                found |= {f"~{word.casefold()}" for d in chain.descriptors for word in d.split()}
        return found - own
