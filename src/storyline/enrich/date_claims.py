"""Date claims: a date an article gives for a one-off event ("9 August presidential polls").

Outlets disagreeing about when an election or an invasion happened is worth
flagging; outlets giving different dates for "a meeting" usually mean different
meetings. So only events that happen once per occasion are claimed (the lexicon
below), found through the parse: the noun a date modifies ("his August 20, 2020
election victory", "last year's election") or the objects of the verb it dates
("he won a sixth term last year in a disputed election").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.model import Claim, TimeMention, content_hash

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# One-off events, folded to one name each ("polls" and "vote" are the election).
EVENT_NOUNS = {
    "election": "election", "poll": "election", "polls": "election", "vote": "election",
    "ballot": "election", "referendum": "referendum", "invasion": "invasion",
    "annexation": "annexation", "coup": "coup", "independence": "independence",
    "inauguration": "inauguration", "assassination": "assassination", "death": "death",
    "birth": "birth", "earthquake": "earthquake", "explosion": "explosion", "crash": "crash",
    "ceasefire": "ceasefire", "armistice": "armistice", "treaty": "treaty", "war": "war",
}  # fmt: skip
_NOUN_LINKS = {"nmod", "compound", "poss", "npadvmod", "nummod", "amod"}
_CHILD_LINKS = {"appos", "compound"}


def date_claims(doc: Doc, times: list[TimeMention], article_id: str) -> list[Claim]:
    """A ``date`` claim for each dated mention of a one-off event.

    A mention the article's own date cannot place ("last year's election" in an undated
    article) is claimed too, with no range: the dating phase places the article by it
    once another article dates the event (:mod:`storyline.link.dating`).
    """
    claims = []
    for time in times:
        if time.type != "DATE" or (time.range is None and not _relative(time)):
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        event = _event(span) if span is not None else None
        if event is not None:
            claims.append(_claim(time, article_id, *event))
    return claims


def _event(span: Span) -> tuple[str, str] | None:
    """(event name, subject phrase) the date span is about, if a one-off event."""
    for token in _candidates(span):
        name = EVENT_NOUNS.get(token.lower_) or EVENT_NOUNS.get(token.lemma_.lower())
        if name:
            return name, _phrase(token)
    return None


def _candidates(span: Span) -> list[Token]:
    """Nouns the date belongs to: its head noun, nouns hung on it, or its verb's objects."""
    inside = {token.i for token in span}
    found: list[Token] = []
    for token in span:
        hung = [c for c in token.children if c.i not in inside and c.dep_ in _CHILD_LINKS]
        found += hung + [g for c in hung for g in c.children if g.dep_ == "compound"]
    root = span.root
    head = root.head
    if root.dep_ in _NOUN_LINKS and head.pos_ in ("NOUN", "PROPN"):
        found.append(head)
    verb = head.head if root.dep_ == "pobj" and head.dep_ == "prep" else head
    if verb.pos_ in ("VERB", "AUX"):
        found += _objects(verb)
    return found


def _objects(verb: Token) -> list[Token]:
    objects = [child for child in verb.children if child.dep_ in ("dobj", "attr", "nsubj")]
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        objects += [child for child in prep.children if child.dep_ == "pobj"]
    return objects


def _phrase(noun: Token) -> str:
    """The event noun with its adjectives and compounds ("presidential election")."""
    modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.pos_ != "NUM"]
    words = sorted([*modifiers, noun], key=lambda token: token.i)
    return " ".join(token.text for token in words if not token.like_num)


def _relative(time: TimeMention) -> bool:
    """An unplaced value that a publication date would place ("XXXX", "XXXX-WXX")."""
    return bool(time.value) and str(time.value).startswith("XXXX")


def _claim(time: TimeMention, article_id: str, event: str, subject: str) -> Claim:
    return Claim(
        id=content_hash(article_id, "date", str(time.start), str(time.end)),
        kind="date",
        value=time.value or time.text,
        unit=None,
        article_id=article_id,
        start=time.start,
        end=time.end,
        subject=subject,
        normalized={
            "value": time.value,
            "range": list(time.range) if time.range else None,
            "event": event,
        },
    )
