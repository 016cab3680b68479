"""How an article describes a person: "Belarusian ruler", "Kremlin chief", "dictator".

Descriptors come from four places, all read off the dependency parse:

- modifiers before the name in its noun phrase ("*Russian President* Vladimir Putin",
  "*Kremlin chief* Putin"), honorifics excluded;
- an apposition ("*the Kremlin spokesman* Dmitry Peskov", "Peskov, *a spokesman*");
- a predicate nominal ("Putin is *his last important ally*" gives "last important ally");
- titles resolved to the person ("*the Russian president*" gives "Russian president").

A descriptor keeps the words as written, without determiners and possessives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.enrich.names import HONORIFICS
from storyline.model import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ROLE_NOUNS = frozenset(
    [
        "president",
        "leader",
        "ruler",
        "chief",
        "head",
        "dictator",
        "strongman",
        "premier",
        "chancellor",
        "autocrat",
        "king",
        "queen",
        "minister",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "candidate",
        "nominee",
        "chairman",
        "chairwoman",
        "general",
        "commander",
        "prosecutor",
        "judge",
        "director",
        "analyst",
    ]
)
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
_SKIP_DEPS = frozenset({"det", "poss", "case", "punct", "predet"})
# Longest descriptor kept, in words: longer appositions are clauses, not descriptions.
# Set by hand on the seed articles; tests/enrich/test_entities.py pins the behaviour.
MAX_DESCRIPTOR_WORDS = 6


def person_descriptors(doc: Doc, mentions: list[Mention]) -> list[str]:
    """Every distinct descriptor of a person's mentions, in order of first use."""
    found: list[str] = []
    for mention in mentions:
        for text in _descriptors_of(doc, mention):
            if text.casefold() not in {f.casefold() for f in found}:
                found.append(text)
    return found


def name_descriptors(doc: Doc, mentions: list[Mention]) -> list[tuple[int, set[str]]]:
    """``(position, lowercased words)`` of each descriptor of named mentions."""
    found = []
    for mention in mentions:
        for text in _descriptors_of(doc, mention):
            found.append((mention.start, {word.casefold() for word in text.split()}))
    return found


def title_span(token: Token) -> Span | None:
    """The definite noun phrase a role noun heads ("the Russian president"), if a title.

    Not a title: plurals, role nouns modifying a name ("President Putin"), and role
    nouns with a name in apposition ("the spokesman Dmitry Peskov").
    """
    if token.lemma_.lower() not in ROLE_NOUNS or token.tag_ not in ("NN", "NNP"):
        return None
    if token.dep_ == "compound" or any(c.dep_ == "appos" and c.ent_type_ for c in token.children):
        return None
    left = list(token.lefts)
    if not left or left[0].lower_ != "the":
        return None
    return token.doc[left[0].i : token.i + 1]


def _descriptors_of(doc: Doc, mention: Mention) -> list[str]:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return []
    if mention.label == "TITLE":
        return [_phrase_text(span.root, right=False)]
    if mention.label == "PRONOUN":
        return []
    head = span.root
    found = [_modifiers_before(head, span.start)]
    found += [_phrase_text(c) for c in head.children if c.dep_ == "appos" and _is_noun(c)]
    if head.dep_ == "appos" and _is_noun(head.head):
        found.append(_phrase_text(head.head))
    found.append(_predicate_nominal(head))
    return [text for text in found if text and _acceptable(text)]


def _modifiers_before(head: Token, name_start: int) -> str:
    """Modifier words before the name: "Russian President" of "Russian President Putin"."""
    words = [
        t
        for child in head.lefts
        if child.i < name_start and child.dep_ in _MODIFIER_DEPS
        for t in child.subtree
        if t.i < name_start and t.dep_ not in _SKIP_DEPS
    ]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _predicate_nominal(head: Token) -> str:
    """The attribute of a copula: "ally" of "Putin is his last important ally"."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_ not in ("be", "become", "remain"):
        return ""
    attributes = [c for c in verb.children if c.dep_ == "attr" and _is_noun(c)]
    return _phrase_text(attributes[0]) if attributes else ""


def _phrase_text(noun: Token, right: bool = True) -> str:
    """A noun with its left modifiers and a short "of …" complement, no determiners."""
    words = [t for c in noun.lefts if c.dep_ in _MODIFIER_DEPS for t in c.subtree]
    words.append(noun)
    if right:
        for child in noun.rights:
            if child.lower_ in ("of", "for", "at") and len(list(child.subtree)) <= 4:
                words.extend(child.subtree)
    kept = [t for t in words if t.dep_ not in _SKIP_DEPS or t.i == noun.i]
    return " ".join(t.text for t in sorted(kept, key=lambda t: t.i))


def _is_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.ent_type_ != "PERSON"


def _acceptable(text: str) -> bool:
    words = text.split()
    if not words or len(words) > MAX_DESCRIPTOR_WORDS:
        return False
    return not all(w.lower().rstrip(".") in HONORIFICS for w in words)
