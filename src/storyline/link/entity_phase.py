"""The entities phase over a growing store: only the components new chains touch are merged.

Merging (:mod:`storyline.link.entities`) decides within small parts of the corpus that
nothing outside can join: people sharing a surname key or a similar one (compared in
blocks), and names sharing an *acronym slot* (an acronym, the multi-word names with
those initials, the names whose articles use it). The phase keeps, as postings,
each article's chains under their group (type class and name key), each group's slots,
the surname blocks, each article's chain names (the context of a shorter name) and
which entities each group's chains became. For the articles that changed it:

1. finds the groups their old and new chains are in, and closes them over slots and
   similar surnames (a *component*);
2. merges the component's chains again, with the corpus-wide block sizes and article
   contexts, which gives exactly what a merge of the whole corpus gives there;
3. writes the entities that changed, deletes those that went, and logs an
   ``entity-article`` change for every article whose chains now belong elsewhere;
   of its own postings it writes only what differs from what is stored (a batch's
   component holds ~300k chains, nearly all of them where they were).

Entities outside the touched components are not read, rebuilt or written.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict

from storyline.link.aliases import SURNAME_SIMILARITY, initials, similarity
from storyline.link.clusters import ArticleContext, article_names
from storyline.link.entities import EntityMerge, chains_of, group_chains, merge_chains, vote_keys
from storyline.link.persons import MAX_BLOCK, surname_blocks
from storyline.model import Chain, Entity, content_hash
from storyline.options import AnalyzeOptions
from storyline.progress import Reporter
from storyline.steps import Delta
from storyline.store import Store
from storyline.store.codec import decode_list, encode
from storyline.store.kinds import ARTICLE, ENRICHMENT, ENTITY_ARTICLE
from storyline.store.update import PostingsWrite, Update

# Bump when the merge rules or thresholds change: the phase rebuilds on the next analyze.
ENTITIES_VERSION = "4"  # 2: components recomputed incrementally; 3: ids kept; 4: the
# chain map of chains outside a batch's component is no longer dropped (rebuild restores it)
CHAINS, SLOTS, BLOCKS = "ent-chain", "ent-slot", "ent-block"
NAMES, OUTCOME, CHAIN_MAP, HASHES = "ent-names", "ent-entity", "ent-map", "ent-hash"
_SEP = "\x1f"


def group_id(chain: Chain) -> str:
    """The group a chain is filed under: its type class and name key."""
    (group,) = group_chains([chain])
    return f"{group.type_class}{_SEP}{group.key}"


def slots_of(group_key: str, chains: list[Chain]) -> set[str]:
    """The slots through which a group's merge depends on other groups."""
    cls, key = group_key.split(_SEP, 1)
    if cls == "PERSON":
        (group,) = group_chains(chains[:1])
        return {f"p{_SEP}{group.person.surname}"} if group.person else set()
    found = set()
    if " " in key:
        if letters := initials(key):
            found.add(f"a{_SEP}{cls}{_SEP}{letters}")
        for chain in chains:
            found |= {f"a{_SEP}{cls}{_SEP}{vote}" for vote in vote_keys(chain)}
    else:
        found.add(f"a{_SEP}{cls}{_SEP}{key}")
    return found


def update_entities(
    store: Store, delta: Delta, options: AnalyzeOptions, reporter: Reporter
) -> Update:
    """Merge again the components the changed articles' chains are in."""
    changed = set(store.existing_ids()) if delta.full else delta.ids(ARTICLE, ENRICHMENT)
    fresh = {e.article_id: chains_of([e]) for e in store.enrichments(sorted(changed))}
    component = _Component(store, changed, fresh, stored=not delta.full)
    component.close()
    chains = component.chains()
    names = component.names(chains)
    merged = merge_chains(chains, ArticleContext(chains, names), component.block_size)
    if component.stored:
        keep_ids(merged, component.previous_ids())
    update = Update(count=len(changed))
    _write_entities(update, component, merged.entities, merged.entity_of_chain)
    _write_index(update, component, fresh, names, merged.entity_of_chain, delta.full)
    reporter.advance(len(changed))
    return update


class _Component:
    """The groups the changes touch, closed over slots and similar surnames."""

    def __init__(
        self, store: Store, changed: set[str], fresh: dict[str, list[Chain]], stored: bool
    ) -> None:
        self.store, self.changed, self.stored = store, changed, stored
        self.fresh: dict[str, list[Chain]] = defaultdict(list)  # group -> fresh chains
        for chains in fresh.values():
            for chain in chains:
                self.fresh[group_id(chain)].append(chain)
        self.fresh_slots = {g: slots_of(g, chains) for g, chains in self.fresh.items()}
        # Indexed once: looking them up group by group made a batch of thousands of
        # articles quadratic (4.7k BBC and Timeline17 articles on 19k wires: 414 s, now 18 s).
        self.fresh_groups: dict[str, set[str]] = defaultdict(set)  # slot -> fresh groups
        self.fresh_surnames: dict[str, set[str]] = defaultdict(set)  # block -> surnames
        for group, slots in self.fresh_slots.items():
            for slot in slots:
                self.fresh_groups[slot].add(group)
                if slot.startswith("p" + _SEP):
                    surname = slot.split(_SEP, 1)[1]
                    for block in surname_blocks(surname):
                        self.fresh_surnames[block].add(surname)
        self.groups: set[str] = set(self.fresh)
        if stored:
            self.groups |= {str(key) for key, _, _, _ in store.postings_of(CHAINS, changed)}
        self.slots: set[str] = set()
        # Each group's slots as stored (read while closing): only groups whose slots
        # differ now are written again.
        self.stored_slots: dict[str, set[str]] = defaultdict(set)
        self._chains: list[Chain] | None = None
        self._group_slots: dict[str, set[str]] | None = None
        self._chain_map: dict[str, bytes] | None = None
        self._by_group: defaultdict[str, list[Chain]] | None = None

    def close(self) -> None:
        """Add every group reachable through a shared slot or a similar surname
        (transitively: a surname similar to a similar one counts too). Each round reads
        the postings it needs in one query per kind, not one per group or slot."""
        groups, slots = set(self.groups), set[str]()
        while groups or slots:
            found = (self._slots_of(groups) | slots) - self.slots
            self.slots |= found
            slots = self._similar(found) - self.slots
            groups = self._groups_of(found) - self.groups
            self.groups |= groups

    def _slots_of(self, groups: set[str]) -> set[str]:
        found = {slot for group in groups for slot in self.fresh_slots.get(group, ())}
        if self.stored and groups:
            for key, member, _, _ in self.store.postings_of(SLOTS, sorted(groups)):
                self.stored_slots[member].add(str(key))
                found.add(str(key))
        return found

    def _groups_of(self, slots: set[str]) -> set[str]:
        found = {group for slot in slots for group in self.fresh_groups.get(slot, ())}
        if self.stored and slots:
            found |= {member for _, member, _, _ in self.store.postings(SLOTS, sorted(slots))}
        return found

    def _similar(self, slots: set[str]) -> set[str]:
        """Person slots of surnames similar to these slots', in blocks not too common."""
        surnames = [s.split(_SEP, 1)[1] for s in slots if s.startswith("p" + _SEP)]
        blocks = {block for surname in surnames for block in surname_blocks(surname)}
        members = self._stored_blocks(blocks)
        for block in blocks:
            members[block] |= self.fresh_surnames.get(block, set())
        found = set()
        for surname in surnames:
            for block in surname_blocks(surname):
                if len(members[block]) <= MAX_BLOCK:
                    found |= {
                        f"p{_SEP}{other}"
                        for other in members[block]
                        if other != surname and similarity(surname, other) >= SURNAME_SIMILARITY
                    }
        return found

    def _stored_blocks(self, blocks: set[str]) -> defaultdict[str, set[str]]:
        found: defaultdict[str, set[str]] = defaultdict(set)
        if self.stored and blocks:
            for key, member, _, _ in self.store.postings(BLOCKS, sorted(blocks)):
                found[str(key)].add(member)
        return found

    def chains(self) -> list[Chain]:
        """Every chain of the component: stored ones of unchanged articles, and fresh ones."""
        if self._chains is None:
            found = [c for group in self.groups for c in self.fresh.get(group, [])]
            if self.stored:
                for _, member, _, payload in self.store.postings(CHAINS, sorted(self.groups)):
                    if member not in self.changed and payload is not None:
                        found += decode_list(Chain, payload)
            self._chains = sorted(found, key=lambda chain: (chain.article_id, chain.index))
        return self._chains

    def names(self, chains: list[Chain]) -> dict[str, set[str]]:
        """Each article's chain names: of the changed articles as now, else as stored."""
        names = article_names([c for chains in self.fresh.values() for c in chains])
        wanted = {c.article_id for c in chains} - set(names) - self.changed
        if self.stored and wanted:
            for key, _, _, payload in self.store.postings(NAMES, sorted(wanted)):
                names[str(key)] = set(json.loads(payload or b"[]"))
        return names

    def chain_map(self) -> dict[str, bytes]:
        """The stored entity of every chain ("article#index") of the component's articles
        and the changed ones (read once: a batch's component holds ~300k chains)."""
        if self._chain_map is None:
            self._chain_map = {}
            if self.stored:
                articles = sorted({c.article_id for c in self.chains()} | self.changed)
                self._chain_map = {
                    member: payload
                    for _, member, _, payload in self.store.postings(CHAIN_MAP, articles)
                    if payload is not None
                }
        return self._chain_map

    def previous_ids(self) -> dict[str, str]:
        """The entity each stored chain of the component belonged to ("article#index")."""
        return {member: payload.decode() for member, payload in self.chain_map().items()}

    def group_slots(self) -> dict[str, set[str]]:
        """The slots of every group of the component that still has chains (worked out
        once: the component's chains are fixed once read, and on a 200k archive a
        batch's component holds ~300k chains)."""
        if self._group_slots is None:
            self._group_slots = {
                group: slots_of(group, chains) for group, chains in self.group_chains().items()
            }
        return self._group_slots

    def group_chains(self) -> dict[str, list[Chain]]:
        """The component's chains by group (those of groups that still have chains)."""
        if self._by_group is None:
            self._by_group = defaultdict(list)
            for chain in self.chains():
                self._by_group[group_id(chain)].append(chain)
        return self._by_group

    def surnames_after(self) -> set[str]:
        return {
            slot.split(_SEP, 1)[1]
            for slots in self.group_slots().values()
            for slot in slots
            if slot.startswith("p" + _SEP)
        }

    def surnames_before(self) -> set[str]:
        return {slot.split(_SEP, 1)[1] for slot in self.slots if slot.startswith("p" + _SEP)}

    def block_size(self, block: str) -> int:
        """How many surname keys the whole corpus has in ``block`` once this update lands."""
        if not hasattr(self, "_after"):
            self._after: defaultdict[str, set[str]] = defaultdict(set)  # block -> surnames
            for surname in self.surnames_after():
                for name in surname_blocks(surname):
                    self._after[name].add(surname)
            self._before = self.surnames_before()
        stored = self._stored_blocks({block})[block]
        return len((stored - self._before) | self._after.get(block, set()))


def keep_ids(merged: EntityMerge, previous: dict[str, str]) -> None:
    """Give each merged entity the id most of its chains had before, when no entity with
    more of them claims it: an entity that grows or changes its canonical name keeps its
    id, so the articles, quotes and stories that point at it need not change."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for (article_id, index), entity_id in merged.entity_of_chain.items():
        if (old := previous.get(f"{article_id}#{index}")) is not None:
            votes[entity_id][old] += 1
    ranked = sorted(
        ((count, new, old) for new, counter in votes.items() for old, count in counter.items()),
        key=lambda vote: (-vote[0], vote[1], vote[2]),
    )
    renamed: dict[str, str] = {}
    taken: set[str] = set()
    for _, new, old in ranked:
        if new not in renamed and old not in taken:
            renamed[new] = old
            taken.add(old)
    for entity in merged.entities:
        if entity.id not in renamed and entity.id in taken:  # its own id went to another
            renamed[entity.id] = content_hash("entity", entity.id, "kept-by-another")
    if not renamed:
        return
    for entity in merged.entities:
        entity.id = renamed.get(entity.id, entity.id)
    merged.entity_of_chain = {
        key: renamed.get(entity_id, entity_id) for key, entity_id in merged.entity_of_chain.items()
    }


def _write_entities(
    update: Update,
    component: _Component,
    entities: list[Entity],
    entity_of_chain: dict[tuple[str, int], str],
) -> None:
    """Upsert the component's entities that changed; delete those no chain leads to now."""
    store = component.store
    outcome_before: dict[str, set[str]] = defaultdict(set)  # group -> its entities
    if component.stored:
        for key, member, _, _ in store.postings(OUTCOME, sorted(component.groups)):
            outcome_before[str(key)].add(member)
        old = {entity for own in outcome_before.values() for entity in own}
    else:  # a rebuild: every entity stored before is the component's
        old = {entity.id for entity in store.entities()}
    hashes = {e.id: _hash(e) for e in entities}
    stored = {}
    if component.stored:
        stored = {key: payload for key, _, _, payload in store.postings(HASHES, sorted(hashes))}
    update.entities = [e for e in entities if stored.get(e.id) != hashes[e.id]]
    update.entities_deleted = sorted(old - set(hashes))
    update.postings.append(
        PostingsWrite(
            HASHES,
            [(e.id, "", None, hashes[e.id]) for e in update.entities],
            remove_keys=update.entities_deleted,
            clear=not component.stored,
        )
    )
    outcome = {
        group: {entity_of_chain[(c.article_id, c.index)] for c in chains}
        for group, chains in component.group_chains().items()
    }
    # Only the groups whose entities changed are filed again (all, on a rebuild).
    moved = sorted(g for g in component.groups if outcome.get(g) != outcome_before.get(g))
    update.postings.append(
        PostingsWrite(
            OUTCOME,
            [(g, entity, None, None) for g in moved for entity in sorted(outcome.get(g, ()))],
            remove_keys=moved,
            clear=not component.stored,
        )
    )


def _write_index(
    update: Update,
    component: _Component,
    fresh: dict[str, list[Chain]],
    names: dict[str, set[str]],
    entity_of_chain: dict[tuple[str, int], str],
    full: bool,
) -> None:
    """File the fresh chains, the component's slots and blocks, and the chain map."""
    changed = component.changed
    by_group: dict[tuple[str, str], list[Chain]] = defaultdict(list)
    for chains in fresh.values():
        for chain in chains:
            by_group[(group_id(chain), chain.article_id)].append(chain)
    slots = component.group_slots()
    after = component.surnames_after()
    # Only the component's own chains (and every chain of a changed article) are mapped
    # again: an article's chains in other components keep their entries.
    new_map = {
        f"{c.article_id}#{c.index}": entity_of_chain[(c.article_id, c.index)].encode()
        for c in component.chains()
    }
    old_map = {
        member: payload
        for member, payload in component.chain_map().items()
        if member in new_map or member.split("#", 1)[0] in changed
    }
    remapped = sorted(m for m, e in new_map.items() if old_map.get(m) != e)
    unmapped = sorted(old_map.keys() - new_map.keys())
    moved = {member.split("#", 1)[0] for member in [*remapped, *unmapped]}
    update.log(ENTITY_ARTICLE, moved | changed)
    # Written where they differ from what is stored (all, on a rebuild): a batch's
    # component holds ~300k chains, most of them unmoved.
    reslotted = sorted(
        g for g in component.groups if slots.get(g, set()) != component.stored_slots.get(g, set())
    )
    update.postings += [
        PostingsWrite(
            CHAINS,
            [(g, a, None, encode(chains).encode()) for (g, a), chains in sorted(by_group.items())],
            remove=sorted(changed),
            clear=full,
        ),
        PostingsWrite(
            SLOTS,
            [(slot, g, None, None) for g in reslotted for slot in sorted(slots.get(g, ()))],
            remove=reslotted,
            clear=full,
        ),
        PostingsWrite(
            BLOCKS,
            [(block, s, None, None) for s in sorted(after) for block in surname_blocks(s)],
            remove=sorted(component.surnames_before() | after),
            clear=full,
        ),
        PostingsWrite(
            CHAIN_MAP,
            [(m.split("#", 1)[0], m, None, new_map[m]) for m in remapped],
            remove=unmapped,
            clear=full,
        ),
        PostingsWrite(
            NAMES,
            [(a, "", None, json.dumps(sorted(names.get(a, set()))).encode()) for a in fresh],
            remove_keys=sorted(changed),
            clear=full,
        ),
    ]


def _hash(entity: Entity) -> bytes:
    return hashlib.sha256(encode(entity).encode()).digest()[:16]
