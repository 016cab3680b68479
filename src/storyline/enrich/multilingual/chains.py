"""Entity chains within one article from a parser's named spans.

The rules of the English path (:mod:`storyline.enrich.entities`), on dictionary forms:

1. A person's mention joins the most recent person chain whose name holds all its
   words ("Лукашенко" -> "Александр Лукашенко"), or whose words it holds (the chain's
   name grows to the fuller form). Inflected forms meet because names are compared in
   their dictionary form (``Name.normal``: "Лукашенку" and "Лукашенком" are both
   "Лукашенко"). Title words never count as name words.
2. Other names are grouped by their dictionary form, case folded; an acronym joins
   the chain whose words it abbreviates. A non-person name that is a person's surname
   joins that person (NER sometimes tags a surname as a place or body).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.enrich.multilingual.lexicon import Lexicon
from storyline.enrich.multilingual.parsed import PERSON, Name, Parsed
from storyline.model import Chain, Mention

_PUNCTUATION = ".,;:!?\"'«»„“”()[]"


@dataclass(slots=True)
class _Chain:
    type: str
    words: list[str]
    name: str
    mentions: list[Mention] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)


def find_chains(parsed: Parsed, article_id: str, lexicon: Lexicon) -> list[Chain]:
    """The article's chains, numbered in order of first mention."""
    persons: list[_Chain] = []
    groups: dict[str, _Chain] = {}
    for name in sorted(parsed.names, key=lambda n: n.start):
        mention = _mention(parsed, name, article_id, lexicon)
        if mention is None:
            continue
        words = name_words(name.normal, lexicon)
        if not words:
            continue
        if name.label == PERSON:
            _add_person(persons, words, mention, _descriptor(parsed, name, lexicon))
        else:
            key = " ".join(w.casefold() for w in words)
            group = groups.setdefault(key, _Chain(name.label, words, " ".join(words)))
            group.mentions.append(mention)
    others = _fold_into_persons(persons, groups)
    others = _fold_acronyms(others)
    chains = sorted(persons + others, key=lambda c: c.mentions[0].start)
    return [
        Chain(article_id, index, c.name, c.type, c.mentions, sorted(set(c.descriptors)))
        for index, c in enumerate(chains)
    ]


def name_words(normal: str, lexicon: Lexicon) -> list[str]:
    """The words of a name without leading title words and surrounding punctuation."""
    words = [w.strip(_PUNCTUATION) for w in normal.split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[0].casefold() in lexicon.titles:
        words = words[1:]
    return words


def _mention(parsed: Parsed, name: Name, article_id: str, lexicon: Lexicon) -> Mention | None:
    text = parsed.text[name.start : name.end]
    start, end = name.start, name.end
    while start < end and (text[0] in _PUNCTUATION or text[0].isspace()):
        start, text = start + 1, text[1:]
    while end > start and (text[-1] in _PUNCTUATION or text[-1].isspace()):
        end, text = end - 1, text[:-1]
    if not text or not any(ch.isalpha() for ch in text):
        return None
    return Mention(article_id, start, end, text, name.label)


def _add_person(persons: list[_Chain], words: list[str], mention: Mention, title: str) -> None:
    folded = {w.casefold() for w in words}
    for chain in reversed(persons):
        known = {w.casefold() for w in chain.words}
        if folded <= known or known <= folded:
            if len(words) > len(chain.words):
                chain.words, chain.name = words, " ".join(words)
            chain.mentions.append(mention)
            if title:
                chain.descriptors.append(title)
            return
    persons.append(_Chain(PERSON, words, " ".join(words), [mention], [title] if title else []))


# A title stands at most this many words before the name it describes ("Президент
# Белоруссии Александр Лукашенко", "der belarussische Machthaber Alexander …").
TITLE_WINDOW_TOKENS = 3


def _descriptor(parsed: Parsed, name: Name, lexicon: Lexicon) -> str:
    """How the article titles a person right before the name: "Президент Белоруссии",
    "Bundeskanzlerin", "président biélorusse" (from the title word to the name)."""
    at = parsed.token_index(name.start)
    first = max(0, at - TITLE_WINDOW_TOKENS)
    sentence = parsed.tokens[at].sentence if at < len(parsed.tokens) else -1
    for index in range(first, at):
        token = parsed.tokens[index]
        if token.sentence != sentence:
            continue
        if token.text.casefold() in lexicon.titles or token.lemma.casefold() in lexicon.titles:
            words = parsed.tokens[index:at]
            if any(not (w.text[:1].isalpha() or w.text == "-") for w in words):
                continue  # punctuation between: not a title of this name
            return parsed.text[token.start : words[-1].end]
    return ""


def _fold_into_persons(persons: list[_Chain], groups: dict[str, _Chain]) -> list[_Chain]:
    """Non-person names that are a person's surname join that person."""
    surnames = {chain.words[-1].casefold(): chain for chain in persons if len(chain.words) > 1}
    kept = []
    for key, group in groups.items():
        person = surnames.get(key)
        if person is not None:
            person.mentions = sorted(person.mentions + group.mentions, key=lambda m: m.start)
        else:
            kept.append(group)
    return kept


def _fold_acronyms(groups: list[_Chain]) -> list[_Chain]:
    """ "ЕС" joins "Европейский союз", "EU" joins "Europäische Union" in the same article."""
    by_initials: dict[tuple[str, str], _Chain] = {}
    for group in groups:
        if len(group.words) > 1:
            initials = "".join(w[0] for w in group.words if w[:1].isupper()).casefold()
            by_initials.setdefault((group.type, initials), group)
    kept = []
    for group in groups:
        single = group.words[0] if len(group.words) == 1 else ""
        target = by_initials.get((group.type, single.casefold()))
        if single.isupper() and 1 < len(single) <= 6 and target is not None:
            target.mentions = sorted(target.mentions + group.mentions, key=lambda m: m.start)
        else:
            kept.append(group)
    return kept
