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

    def split(self, group: Group, chains: list[Chain]) -> Group:
        """Move ``chains`` out of ``group`` into a new group of the same name, alone."""
        part = Group(len(self.groups), group.type_class, group.key, group.person, chains)
        moved = {id(chain) for chain in chains}
        group.chains = [chain for chain in group.chains if id(chain) not in moved]
        self.groups.append(part)
        self._parent.append(part.index)
        self._members[part.index] = [part]
        return part

    def members(self, index: int) -> list[Group]:
        """The groups in the cluster of group ``index``."""
        return self._members[self.find(index)]

    def roots(self) -> list[int]:
        """One group index per cluster, in group order."""
        return sorted(self._members)


def article_names(chains: list[Chain]) -> dict[str, set[str]]:
    """Article id -> the name keys of its chains (the context a chain is judged in)."""
    names: dict[str, set[str]] = {}
    for chain in chains:
        names.setdefault(chain.article_id, set()).add(plain_key(chain.name))
    return names


class ArticleContext:
    """What else each article names: the context that tells two same-named people apart.

    A chain's context is the names of the other chains of its article and the words of
    its descriptors (marked ``desc:``); a cluster's is the union over its chains.
    ``names`` gives each article's chain names when ``chains`` are not all of them.
    """

    def __init__(self, chains: list[Chain], names: dict[str, set[str]] | None = None) -> None:
        self._keys: dict[str, set[str]] = names if names is not None else article_names(chains)
        self._clusters: dict[int, set[str]] = {}

    def of_chain(self, chain: Chain) -> set[str]:
        """Names co-occurring with ``chain`` and its descriptor words."""
        found = self._keys.get(chain.article_id, set()) - {plain_key(chain.name)}
        return found | {f"desc:{word.casefold()}" for d in chain.descriptors for word in d.split()}

    def of_cluster(self, clusters: Clusters, root: int) -> set[str]:
        """The context of a cluster's chains, its own names excluded (computed once per root)."""
        if root not in self._clusters:
            groups = clusters.members(root)
            own = {plain_key(chain.name) for group in groups for chain in group.chains}
            found: set[str] = set()
            for group in groups:
                for chain in group.chains:
                    found |= self.of_chain(chain)
            self._clusters[root] = found - own
        return self._clusters[root]
