"""Entity chains within one article: every mention of a person, place or body, resolved.

Rules, in order (all within one article):

1. NER mentions of PERSON are grouped by name: a mention joins the most recent chain
   whose fullest name contains all its words ("Putin" → "Vladimir Putin"), or whose
   words it contains (the chain's name then grows to the fuller form). Titles and
   honorifics never count as name words ("Mr Putin", "President Putin").
2. Other named mentions (ORG, GPE, NORP, …) are grouped by normalised name; an
   acronym joins the chain whose capitalised words it abbreviates ("EU" → "European
   Union"). A non-person mention with a person's name joins that person's chain
   (NER sometimes tags "Putin" ORG).
3. Titles ("the Russian president") and pronouns ("he") are resolved to person
   chains by :mod:`storyline.enrich.references`; descriptors ("Belarusian ruler") are
   collected by :mod:`storyline.enrich.descriptors`.

Numeric and date mentions (DATE, MONEY, …) form no chain: they are returned loose.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.enrich.descriptors import person_descriptors
from storyline.enrich.names import (
    CHAIN_LABELS,
    LOOSE_LABELS,
    honorific_gender,
    is_clutter,
    name_tokens,
    normalise,
    trimmed_bounds,
)
from storyline.enrich.parse import text_of
from storyline.enrich.quotemarks import Quoted
from storyline.enrich.references import PersonChain, resolve_references
from storyline.model import Chain, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de"})


@dataclass(slots=True)
class _Group:
    """Non-person mentions sharing a normalised name."""

    key: str
    mentions: list[Mention] = field(default_factory=list)

    def chain(self, article_id: str) -> Chain:
        labels = Counter(m.label for m in self.mentions)
        name = max((m.text for m in self.mentions), key=len)
        return Chain(article_id, 0, name, labels.most_common(1)[0][0], self.mentions)


def find_chains(
    doc: Doc, article_id: str, quoted: list[Quoted]
) -> tuple[list[Chain], list[Mention]]:
    """Chains (numbered in order of first mention) and loose mentions of one article.

    Args:
        doc: the article parsed (its text is the article text).
        article_id: stamped on every mention.
        quoted: quoted stretches; mentions inside them are no antecedents for pronouns.

    Returns:
        ``(chains, loose)``: chains of named entities with their references, and
        DATE/TIME/MONEY/PERCENT/QUANTITY mentions, which belong to no chain.
    """
    persons: list[PersonChain] = []
    groups: dict[str, _Group] = {}
    loose: list[Mention] = []
    for span in doc.ents:
        if is_clutter(span):
            continue
        mention = _mention(span, article_id)
        if mention is None:
            continue
        if span.label_ == "PERSON":
            _add_person(persons, span, mention)
        elif span.label_ in CHAIN_LABELS:
            groups.setdefault(normalise(mention.text), _Group(normalise(mention.text)))
            groups[normalise(mention.text)].mentions.append(mention)
        elif span.label_ in LOOSE_LABELS:
            loose.append(mention)
    _merge_named_persons(persons, groups)
    resolve_references(doc, article_id, persons, quoted)
    for person in persons:
        person.chain.descriptors = person_descriptors(doc, person.chain.mentions)
    chains = [p.chain for p in persons] + [g.chain(article_id) for g in _merge_acronyms(groups)]
    return _numbered(chains), loose


def _mention(span: Span, article_id: str) -> Mention | None:
    start, end = trimmed_bounds(span)
    if end <= start:
        return None
    text = text_of(span.doc)[start:end]
    return Mention(article_id, start, end, text, span.label_)


def _add_person(persons: list[PersonChain], span: Span, mention: Mention) -> None:
    words = name_tokens(span)
    if not words:
        return
    person = _matching_person(persons, words)
    if person is None:
        person = PersonChain(Chain(mention.article_id, 0, " ".join(words), "PERSON"), words)
        persons.append(person)
    elif len(words) > len(person.words):
        person.words = words
        person.chain.name = " ".join(words)
    person.chain.mentions.append(mention)
    person.gender = person.gender or honorific_gender(span)


def _matching_person(persons: list[PersonChain], words: list[str]) -> PersonChain | None:
    """The most recent chain whose name contains ``words`` or is contained in them."""
    wanted = {w.casefold() for w in words}
    for person in sorted(persons, key=lambda p: p.chain.mentions[-1].start, reverse=True):
        have = {w.casefold() for w in person.words}
        if wanted <= have or have <= wanted:
            return person
    return None


def _merge_named_persons(persons: list[PersonChain], groups: dict[str, _Group]) -> None:
    """Non-person mentions named like a person ("Putin" tagged ORG) join the person."""
    for key in list(groups):
        words = key.split()
        person = _matching_person(persons, words) if len(words) <= 3 else None
        if person is not None and {w.casefold() for w in words} <= set(
            w.casefold() for w in person.words
        ):
            person.chain.mentions.extend(groups.pop(key).mentions)
            person.chain.mentions.sort(key=lambda m: m.start)


def _merge_acronyms(groups: dict[str, _Group]) -> list[_Group]:
    """Fold "eu" into "european union" when the letters are the initials of the words."""
    by_initials: dict[str, _Group] = {}
    for group in groups.values():
        words = [w for w in group.key.split() if w not in _ACRONYM_SKIP]
        if len(words) > 1:
            by_initials.setdefault("".join(w[0] for w in words), group)
    merged = []
    for group in groups.values():
        target = by_initials.get(group.key.replace(" ", ""))
        if target is not None and target is not group and " " not in group.key:
            target.mentions.extend(group.mentions)
            target.mentions.sort(key=lambda m: m.start)
        else:
            merged.append(group)
    return merged


def _numbered(chains: list[Chain]) -> list[Chain]:
    ordered = sorted((c for c in chains if c.mentions), key=lambda c: c.mentions[0].start)
    for index, chain in enumerate(ordered):
        chain.index = index
        chain.mentions.sort(key=lambda m: m.start)
    return ordered
