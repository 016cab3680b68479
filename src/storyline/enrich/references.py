"""Resolve titles ("the Russian president") and pronouns ("he") to person chains.

A simple, rule-based resolver (spaCy's small English model has no coreference):

- **Titles** are definite noun phrases headed by a role noun ("the Kremlin chief",
  "the Belarusian leader"), not attached to a name. One resolves to the earlier
  person whose descriptors use the same role noun, or one of the same class
  ("leader" ~ "president" ~ "ruler"), sharing the title's modifiers when it has
  any ("Russian"); ties go to the most recent. With no such person, a title that is
  a subject resolves to the subject of the same or the previous sentence.
- **Pronouns** (he/him/himself, she/her/herself; possessives are left alone) resolve
  to the most recent person mentioned as a grammatical subject in the same sentence
  before the pronoun, else in the previous sentences (up to ``PRONOUN_WINDOW``),
  else to the most recent person mentioned at all in that window. A person whose
  gender is known (an honorific, an earlier pronoun) must agree, and an object
  pronoun never refers to the subject of its own verb ("Putin thanked him").
- Nothing inside quotation marks is an antecedent, and pronouns inside quotes are
  not resolved: the quoted speaker's "he" is not the narrator's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.enrich.descriptors import name_descriptors, title_span
from storyline.enrich.parse import text_of
from storyline.enrich.quotemarks import Quoted, enclosing
from storyline.model import Chain, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PRONOUN_GENDER = {"he": "m", "him": "m", "himself": "m", "she": "f", "her": "f", "herself": "f"}
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# How many sentences back a pronoun may look (the current one plus two before). Set by
# hand, not swept; speaker accuracy in eval/polnear.py depends on it: re-run it
# (train, then dev) before changing.
PRONOUN_WINDOW = 2
_LEADER_CLASS = frozenset(
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
    ]
)


@dataclass(slots=True)
class PersonChain:
    """A person chain being built: the chain, its fullest name's words, its gender."""

    chain: Chain
    words: list[str]
    gender: str | None = None
    roles: list[tuple[int, set[str]]] = field(default_factory=list)  # (position, words)


@dataclass(frozen=True, slots=True)
class _Antecedent:
    person: PersonChain
    sentence: int
    token: int
    subject: bool


def resolve_references(
    doc: Doc, article_id: str, persons: list[PersonChain], quoted: list[Quoted]
) -> None:
    """Add TITLE and PRONOUN mentions to ``persons``' chains, in text order."""
    sentence_of = _sentence_index(doc)
    for person in persons:
        person.roles = name_descriptors(doc, person.chain.mentions)
    history: list[_Antecedent] = []
    for position, kind, item in _events(doc, persons, quoted):
        if kind == "name":
            assert isinstance(item, PersonChain)
            history.append(_antecedent(doc, item, position, sentence_of))
            continue
        token = doc[position]
        found = (
            _resolve_title(token, persons, history, sentence_of)
            if kind == "title"
            else _resolve_pronoun(token, history, sentence_of)
        )
        if found is not None:
            _attach(doc, article_id, found, token, kind)
            history.append(_antecedent(doc, found, position, sentence_of))


def _events(
    doc: Doc, persons: list[PersonChain], quoted: list[Quoted]
) -> list[tuple[int, str, PersonChain | None]]:
    """Person names, titles and pronouns outside quotes, by token position."""
    events: list[tuple[int, str, PersonChain | None]] = []
    for person in persons:
        for mention in person.chain.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and not _inside(quoted, mention.start):
                events.append((span.root.i, "name", person))
    for token in doc:
        if _inside(quoted, token.idx) or token.ent_type_:
            continue
        if _is_pronoun(token):
            events.append((token.i, "pronoun", None))
        elif title_span(token) is not None:
            events.append((token.i, "title", None))
    return sorted(events, key=lambda event: event[0])


def _is_pronoun(token: Token) -> bool:
    return token.tag_ == "PRP" and token.lower_ in PRONOUN_GENDER


def _resolve_title(
    token: Token,
    persons: list[PersonChain],
    history: list[_Antecedent],
    sentence_of: dict[int, int],
) -> PersonChain | None:
    span = title_span(token)
    assert span is not None
    places = _place_words(token.doc)
    modifiers = {t.lower_ for t in span if t.lower_ in places}
    best, best_score = None, 0
    for person in persons:
        score = _title_score(token.lemma_.lower(), modifiers, person, token.idx, places)
        if score >= best_score and score > 0:
            best, best_score = person, score
    if best is None and token.dep_ in SUBJECT_DEPS:
        recent = [a for a in history if sentence_of[token.i] - a.sentence <= 1 and a.subject]
        best = recent[-1].person if recent else None
    return best


def _title_score(
    role: str, modifiers: set[str], person: PersonChain, before: int, places: set[str]
) -> int:
    """Role noun match (2 same noun, 1 same class) plus shared place words ("Russian").

    A person described with other place words than the title's does not fit
    ("the Belarusian leader" is not the "Russian President").
    """
    score = 0
    for position, words in person.roles:
        if position >= before:
            continue
        fit = 2 if role in words else 1 if role in _LEADER_CLASS and words & _LEADER_CLASS else 0
        if modifiers and words & places and not modifiers & words:
            fit = 0
        score = max(score, fit + len(modifiers & words) if fit else 0)
    return score


def _place_words(doc: Doc) -> set[str]:
    """Lowercased words NER tagged as nationalities, places or bodies in this article."""
    return {t.lower_ for e in doc.ents if e.label_ in ("NORP", "GPE", "ORG", "LOC") for t in e}


def _resolve_pronoun(
    token: Token, history: list[_Antecedent], sentence_of: dict[int, int]
) -> PersonChain | None:
    here, gender = sentence_of[token.i], PRONOUN_GENDER[token.lower_]
    window = [a for a in history if here - a.sentence <= PRONOUN_WINDOW]
    clause_subjects = _subjects_of_head(token) if token.dep_ not in SUBJECT_DEPS else set()
    fitting = [
        a for a in window if a.person.gender in (None, gender) and a.token not in clause_subjects
    ]
    ranked = sorted(fitting, key=lambda a: (here - a.sentence, not a.subject, -a.token))
    return ranked[0].person if ranked else None


def _subjects_of_head(token: Token) -> set[int]:
    if token.lower_.endswith("self"):
        return set()
    return {child.i for child in token.head.children if child.dep_ in SUBJECT_DEPS}


def _attach(doc: Doc, article_id: str, person: PersonChain, token: Token, kind: str) -> None:
    if kind == "pronoun":
        start, end, label = token.idx, token.idx + len(token.text), "PRONOUN"
        person.gender = person.gender or PRONOUN_GENDER[token.lower_]
    else:
        span = title_span(token)
        assert span is not None
        start, end, label = span.start_char, span.end_char, "TITLE"
    person.chain.mentions.append(Mention(article_id, start, end, text_of(doc)[start:end], label))


def _antecedent(
    doc: Doc, person: PersonChain, position: int, sentence_of: dict[int, int]
) -> _Antecedent:
    token = doc[position]
    subject = token.dep_ in SUBJECT_DEPS or (
        token.dep_ in ("appos", "compound") and token.head.dep_ in SUBJECT_DEPS
    )
    return _Antecedent(person, sentence_of[position], position, subject)


def _sentence_index(doc: Doc) -> dict[int, int]:
    return {token.i: index for index, sent in enumerate(doc.sents) for token in sent}


def _inside(quoted: list[Quoted], position: int) -> bool:
    return enclosing(quoted, position) is not None
