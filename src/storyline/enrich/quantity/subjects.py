"""What a number is about: "programs" in "28 programs", "government loan" in "a
government loan of €1.26bn". From the dependency parse when a spaCy doc is given,
else from the words around the number.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Words that end a noun phrase (or never start one) when reading without a parse.
_STOP_TEXT = (
    "of the a an to and or in on at for with by from as is was were are be been being "
    "has have had will would shall should can could may might must that which who whom "
    "whose than more less per each this these those its their his her our it they he she "
    "we i you said says say told left out up down over under about into after before "
    "since while when where if but so not no all some any such other another there here "
    "then also only just both either neither nor yet still even closer together apart "
    "again away back ago later earlier ahead alone instead vs versus v"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())
# Words that name a unit or scale, or compare: never what a number is about on their own
# ("Revs 16.6 mln vs 13.2 mln", "rose 3.6 pct").
_UNIT_TEXT = "vs versus v pct percent per cent mln bln mn bn million billion thousand dlrs cts stg"
UNIT_WORDS = frozenset(_UNIT_TEXT.split())
_DETERMINER_TEXT = "a an the its their his her our this these those that some any"
DETERMINERS = frozenset(_DETERMINER_TEXT.split())
# Up to three words make a subject ("integration road maps"); more is a clause.
MAX_SUBJECT_WORDS = 3
_WORD = re.compile(r"\s*\[?([A-Za-z][\w'’-]*)\]?")
_LEAD_OF = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|our|these|those)\s+)?")
_OF_BEFORE = re.compile(
    r"((?:[A-Za-z][\w'’-]*\s+){0,4}[A-Za-z][\w'’-]*)\s+(?:of|worth|totall?ing|valued\s+at|"
    r"amounting\s+to)\s+$"
)


def noun_phrase_after(text: str, position: int, proper: bool = False) -> str | None:
    """The noun phrase right after ``position`` ("28 programs aimed at" gives "programs").

    Participles after the first word end it ("road maps left"); capitalised words are
    taken only with ``proper`` ("69-year-old Russian leader").
    """
    lead = _LEAD_OF.match(text, position)
    if lead:
        position = lead.end()
    words: list[str] = []
    while len(words) < MAX_SUBJECT_WORDS:
        match = _WORD.match(text, position)
        if not match or not _continues(match.group(1), words, proper):
            break
        words.append(match.group(1))
        position = match.end()
    return " ".join(words) or None


def _continues(word: str, words: list[str], proper: bool) -> bool:
    lowered = word.lower()
    if lowered in STOP_WORDS or (word[0].isupper() and not proper):
        return False
    return not (words and lowered.endswith(("ed", "ing")))


def noun_phrase_before_of(text: str, position: int) -> str | None:
    """ "a government loan of €1.26bn": the noun phrase before "of"/"worth"."""
    match = _OF_BEFORE.search(text[max(0, position - 60) : position])
    if not match:
        return None
    words: list[str] = []
    for word in reversed(match.group(1).split()):  # back to the first function word
        if word.lower() in STOP_WORDS | DETERMINERS:
            break
        words.insert(0, word)
    return " ".join(words) or None


def subject_from_doc(doc: Doc, start: int, end: int, kind: str) -> str | None:
    """The noun the quantity modifies, the noun it is "of", or (for a percentage, "stocks
    fell 12 percent") its clause's subject."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root, head = span.root, span.root.head
    modifies = root.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod", "npadvmod", "dep")
    if modifies and head.pos_ in ("NOUN", "PROPN") and head.i >= span.end:
        return _phrase(head, span.end)
    if root.dep_ == "pobj" and head.lower_ in ("of", "worth") and head.head.pos_ == "NOUN":
        return _phrase(head.head)
    return _clause_subject(root) if kind == "percent" else None


def _clause_subject(token: Token) -> str | None:
    """ "Stocks fell 12 percent": the subject of the verb the quantity belongs to."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subjects = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[0].pos_ not in ("NOUN", "PROPN"):
        return None
    return _phrase(subjects[0])


def _phrase(noun: Token, first_allowed: int = 0) -> str:
    """The noun with the compounds and adjectives right before it ("government loan"),
    none of them before ``first_allowed`` (the quantity's own tokens)."""
    lowest = max(noun.i - 3, first_allowed)
    modifiers = [
        child for child in noun.lefts if child.dep_ in ("compound", "amod") and child.i >= lowest
    ]
    first = min([noun.i, *(child.i for child in modifiers)])
    phrase = noun.doc[first : noun.i + 1].text
    return phrase.split("\n")[-1].strip() or noun.text


def is_subject(phrase: str | None) -> bool:
    """Whether a phrase can be what a number is about (not only units and "vs")."""
    return bool(phrase) and any(w.lower() not in UNIT_WORDS for w in str(phrase).split())
