"""Entities across the corpus: the per-article chains merged, each merge with its reason.

The enrich stage resolves an entity within one article (a :class:`Chain`: "Vladimir
Putin", "Putin", "the Kremlin chief", "he"). This phase merges chains of many
articles into :class:`Entity` records:

- Chains are grouped by type class (PERSON; GPE and LOC together as places; every
  other type on its own) and by a name key. A person's key is the parsed name with
  transliteration keys for each part (:mod:`storyline.link.aliases`), so "Lukashenko"
  and "Lukashenka" share a group; other names are keyed by their folded text.
- People: spelling variants of full names and shorter forms of names are merged by
  :mod:`storyline.link.persons`; two people sharing a surname stay apart.
- Organisations and places: an acronym joins the full name it stands for in some
  article ("EU" inside a "European Union" chain); with no such article, it joins the
  one multi-word name of its type whose initials it spells, if there is exactly one.

Canonical names are the fullest, most frequent form; ids are content hashes of the
type class and the canonical name, so they stay put as articles are added.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from storyline.link.aliases import initials, parse_person, plain_key
from storyline.link.clusters import REFERENCE_LABELS, ArticleContext, Clusters, Group
from storyline.link.persons import merge_persons
from storyline.model import Chain, Enrichment, Entity, Mention, content_hash

ChainKey = tuple[str, int]
TYPE_CLASSES = {"GPE": "PLACE", "LOC": "PLACE"}
# Longest token counted as an acronym ("EU", "NATO", "OSCE", "UNESCO").
MAX_ACRONYM = 6


@dataclass(slots=True)
class EntityMerge:
    """The merged entities and, for each article's chain, the entity it became."""

    entities: list[Entity] = field(default_factory=list)
    entity_of_chain: dict[ChainKey, str] = field(default_factory=dict)


def merge_entities(enrichments: Iterable[Enrichment]) -> EntityMerge:
    """Merge the entity chains of every article into cross-document entities.

    Args:
        enrichments: the enrich stage's output for the corpus (skipped articles are
            passed over).

    Returns:
        The entities (canonical name, aliases, mentions, the evidence for each merge)
        and ``entity_of_chain``: ``(article_id, chain index) -> entity id``, which maps a
        quote's ``speaker_chain`` to its ``speaker_id``.

    Example:
        >>> from storyline.model import Chain, Enrichment, Mention
        >>> def article(id, name):
        ...     chain = Chain(id, 0, name, "PERSON", [Mention(id, 0, len(name), name, "PERSON")])
        ...     return Enrichment(id, "1", chains=[chain])
        >>> merged = merge_entities([article("a", "Alexander Lukashenko"),
        ...                          article("b", "Alyaksandr Lukashenka")])
        >>> [(e.name, e.aliases) for e in merged.entities]
        [('Alyaksandr Lukashenka', ['Alexander Lukashenko', 'Alyaksandr Lukashenka'])]
        >>> merged.entity_of_chain[("b", 0)] == merged.entities[0].id
        True
    """
    return merge_chains(chains_of(enrichments))


def chains_of(enrichments: Iterable[Enrichment]) -> list[Chain]:
    """The chains merging takes: of analysed articles, with mentions, in article order."""
    chains = [c for e in enrichments if not e.skipped for c in e.chains if c.mentions]
    return sorted(chains, key=lambda chain: (chain.article_id, chain.index))


def merge_chains(
    chains: list[Chain],
    context: ArticleContext | None = None,
    block_size: Callable[[str], int] | None = None,
) -> EntityMerge:
    """Merge ``chains`` (in article order) into entities.

    ``context`` gives each article's names (default: from ``chains`` themselves) and
    ``block_size`` how many surname keys a comparison block has in the whole corpus
    (default: counted in ``chains``): with both from the corpus, merging the chains of
    one part of the corpus that nothing outside it can join (a component) gives what
    a merge of everything gives there.
    """
    groups = group_chains(chains)
    clusters = Clusters(groups)
    merge_persons(groups, clusters, context or ArticleContext(chains), block_size)
    merge_acronyms(groups, clusters)
    return _entities(clusters)


def type_class(entity_type: str) -> str:
    """The class within which entities may merge: GPE and LOC are both places."""
    return TYPE_CLASSES.get(entity_type, entity_type)


def group_chains(chains: list[Chain]) -> list[Group]:
    """Chains grouped by type class and name key, in order of first appearance."""
    groups: dict[tuple[str, str], Group] = {}
    for chain in chains:
        cls = type_class(chain.type)
        person = parse_person(chain.name) if cls == "PERSON" else None
        key = repr(person) if person else plain_key(chain.name)
        if (cls, key) not in groups:
            groups[(cls, key)] = Group(len(groups), cls, key, person)
        groups[(cls, key)].chains.append(chain)
    return list(groups.values())


def merge_acronyms(groups: list[Group], clusters: Clusters) -> None:
    """Unite acronym groups ("EU") with the full names they stand for."""
    votes = _acronym_votes(groups)
    by_initials: dict[tuple[str, str], list[Group]] = defaultdict(list)
    for group in groups:
        if group.person is None and initials(group.key):
            by_initials[(group.type_class, initials(group.key))].append(group)
    for group in groups:
        if not _is_acronym(group):
            continue
        found = _voted(votes.get((group.type_class, group.key), Counter()), groups)
        if found is not None:
            target, count = found
            reason = (
                f"{group.name}: acronym of {target.name} in the same article ({count} articles)"
            )
            clusters.union(group.index, target.index, reason)
        elif len(spelled := by_initials.get((group.type_class, group.key), [])) == 1:
            reason = f"{group.name}: initials of {spelled[0].name}, the only such name"
            clusters.union(group.index, spelled[0].index, reason)


def is_acronym(group: Group) -> bool:
    """A short all-capitals name that is not a person's ("EU", "NATO")."""
    return _is_acronym(group)


def vote_keys(chain: Chain) -> set[str]:
    """The one-word name keys inside a chain: what its group may vote an acronym for."""
    return {key for key in {plain_key(m.text) for m in _named(chain)} if " " not in key}


def _is_acronym(group: Group) -> bool:
    name = group.name
    return group.person is None and name.isupper() and 1 < len(name) <= MAX_ACRONYM


def _acronym_votes(groups: list[Group]) -> dict[tuple[str, str], Counter[int]]:
    """(class, acronym key) -> how many chains of each multi-word group contain it."""
    votes: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for group in groups:
        if group.person is not None or " " not in group.key:
            continue
        for chain in group.chains:
            for key in {plain_key(m.text) for m in _named(chain)} - {group.key}:
                if " " not in key:
                    votes[(group.type_class, key)][group.index] += 1
    return votes


def _voted(counts: Counter[int], groups: list[Group]) -> tuple[Group, int] | None:
    """The group most chains put the acronym in, unless two tie."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return groups[ranked[0][0]], ranked[0][1]


def _named(chain: Chain) -> list[Mention]:
    return [m for m in chain.mentions if m.label not in REFERENCE_LABELS]


def _entities(clusters: Clusters) -> EntityMerge:
    merged = EntityMerge()
    taken: set[str] = set()
    for root in clusters.roots():
        groups = [group for group in clusters.members(root) if group.chains]
        if not groups:
            continue
        entity = _entity(groups, clusters.reasons.get(root, []), taken)
        taken.add(entity.id)
        merged.entities.append(entity)
        for group in groups:
            for chain in group.chains:
                merged.entity_of_chain[(chain.article_id, chain.index)] = entity.id
    merged.entities.sort(key=lambda e: (e.name.casefold(), e.id))
    return merged


def _entity(groups: list[Group], reasons: list[str], taken: set[str]) -> Entity:
    chains = [chain for group in groups for chain in group.chains]
    name = canonical_name(chains, groups[0].type_class)
    entity_id = content_hash("entity", groups[0].type_class, name)
    mentions = sorted(
        (m for chain in chains for m in chain.mentions), key=lambda m: (m.article_id, m.start)
    )
    if entity_id in taken:  # two clusters with one name: tell them apart by a mention
        first = mentions[0]
        entity_id = content_hash("entity", groups[0].type_class, name, first.article_id,
                                 str(first.start))  # fmt: skip
    return Entity(
        id=entity_id,
        name=name,
        type=Counter(chain.type for chain in chains).most_common(1)[0][0],
        aliases=sorted({m.text for chain in chains for m in _named(chain)}),
        mentions=mentions,
        evidence=_evidence(groups) + reasons,
    )


def canonical_name(chains: list[Chain], cls: str) -> str:
    """The fullest, most frequent name: full personal names before surnames, words before
    acronyms; then the most chains; then the longest."""
    counts = Counter(chain.name for chain in chains)
    return max(counts, key=lambda name: (_fullness(name, cls), counts[name], len(name), name))


def _fullness(name: str, cls: str) -> int:
    if cls == "PERSON":
        person = parse_person(name)
        return min(person.given_level, 2) if person else 0
    return 0 if name.isupper() and " " not in name else 1


def _evidence(groups: list[Group]) -> list[str]:
    """Why the chains of each group are together: same name, same key, same article."""
    found: list[str] = []
    for group in groups:
        found += _group_evidence(group)
    return found


def _group_evidence(group: Group) -> list[str]:
    names = Counter(chain.name for chain in group.chains)
    main = group.name
    found = []
    if names[main] > 1:
        found.append(f"{main}: same name in {len({c.article_id for c in group.chains})} articles")
    for other in sorted(set(names) - {main}):
        found.append(f"{other} = {main}: same spelling key '{_key_text(group)}'")
    shorter = Counter(
        text
        for chain in group.chains
        for text in {m.text for m in _named(chain) if len(m.text) < len(chain.name)}
    )
    for text, count in sorted(shorter.items()):
        found.append(f"{text}: shorter form of {main} in the same article ({count} articles)")
    return found


def _key_text(group: Group) -> str:
    if group.person is None:
        return group.key
    parts = [group.person.given, *group.person.middles, group.person.surname]
    return " ".join(part for part in parts if part)
