"""Quotes with their speakers: direct, partial, scare quotes and indirect speech.

Direct quotes are the stretches :mod:`storyline.enrich.quotemarks` finds. Each is
attributed, in this order, to:

1. the speaker of a speech cue in the sentence(s) holding it ("…," Putin said /
   said Putin / according to Putin), preferring a cue whose clause contains the
   quote, then the nearest one;
2. the subject of the clause that introduces it with a colon ("He had a question: "…"");
3. the speaker of the latest attribution in the same or the previous paragraph,
   for a quote that stands as its own sentence ("…," he said. "…" — or a quote
   after "Lukashenko … said the pressure had become a 'test'.").

An interrupted quote ("…," he said, "…") gives **two** Quote records with the same
speaker, cue and ``cue_start``: the text of each is only quoted words. Quotes
sharing ``cue_start`` are one statement.

A short quoted phrase (at most ``SCARE_MAX_WORDS`` words) inside the narrator's
sentence is a partial quote of a speaker only when it sits in the reported clause
of a cue ("said the "unprecedented pressure" had…") or is what a naming verb names
("calling them "constructive""); otherwise it is a scare quote (``kind="scare"``:
vowed to stick closer to "elder brother" Moscow), kept apart from statements.

Indirect speech (``kind="indirect"``) is the clausal complement of a reporting verb
("Putin said that …", the text is the reported clause) or the clause qualified by
"according to X".

Speakers written as pronouns or titles resolve to the person through the chains.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.enrich.parse import text_of
from storyline.enrich.quotemarks import Quoted, enclosing
from storyline.enrich.speech import (
    INTRODUCING_VERBS,
    NAMING_VERBS,
    REPORTING_VERBS,
    cue_text,
    is_cue,
    phrase_bounds,
    speaker_of,
)
from storyline.model import Chain, Quote, content_hash

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Quoted phrases of at most this many words need a cue that governs them to count as
# someone's words, else they are scare quotes. Set by hand from the seeds and the
# PolNeAR train errors (eval/polnear.py train --show N), not swept; re-run
# `python eval/polnear.py train` and `dev` before changing it.
SCARE_MAX_WORDS = 6
# A quote with no cue of its own inherits the latest attribution at most this many
# paragraphs back (0 = same paragraph): news continues a speaker's quotes in the next
# paragraph. Set by hand from PolNeAR train errors; re-run eval/polnear.py to change.
INHERIT_PARAGRAPHS = 1
# A quote of fewer words ending in a full stop is not taken for a sentence of its own
# ("called him a “loser.”"). Set by hand from PolNeAR train errors.
MIN_SENTENCE_WORDS = 3
# A reported clause needs this many tokens to be a statement ("he said so" is not).
# Set by hand; indirect speech has no gold here (PolNeAR scores direct quotes only).
MIN_CLAUSE_TOKENS = 3
# A dash after the closing mark, then a capitalised word, on the same line or opening
# the next paragraph ("“…”\n\n- Sanders."): a signature.
_SIGNATURE = re.compile(r"[ \t\xa0]*(?:\n+[ \t\xa0]*)?(―|—|–|--|-)[ \t\xa0]*(?=[A-Z])")
_SIGNING_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Words after which a comma does not set a quote off as speech: the quote goes on
# their clause ("said that, “…”", "things such as, “…”"). From PolNeAR train, where
# 11 of 13 such quotes are partial.
_CLAUSE_OPENERS = _words(
    "that as because including like than if when while of which where so although though"
    " since unless who"
)
_DASHES = ("—", "–", "-")
# Words that carry the narrator's clause on past a closing mark ("“…” for criminal
# behavior, she said"): 33 of 36 such PolNeAR train quotes are partial.
_RUNS_ON_AFTER = re.compile(r"[ \xa0]+(?:because|to|from|that|of|for|if|at|or)\b")
# Titles ("Legend in the Coal Fields", "Make Your Kid a Millionaire") capitalise every
# word but these; longer capitalised stretches are shouted sentences, not titles.
_TITLE_SMALL_WORDS = _words(
    "a an the and or but nor of in on at to for by with from as into than vs"
)
TITLE_MAX_WORDS = 12
# An interrupted quote may go on after this many words ("he said, but").
RESUME_MAX_WORDS = 6
_SPEECH_PATH_DEPS = frozenset({"ccomp", "parataxis"})
_NAMED_DEPS = frozenset({"dobj", "oprd", "attr", "xcomp"})


@dataclass(frozen=True, slots=True)
class _Attribution:
    cue: Token
    speaker: Token | None

    @property
    def position(self) -> int:
        return self.cue.idx


class _Article:
    """What the attribution rules look up: quotes, chains, paragraphs of one article."""

    def __init__(self, doc: Doc, article_id: str, chains: list[Chain], quoted: list[Quoted]):
        self.doc, self.article_id, self.quoted = doc, article_id, quoted
        self.chain_of_token = _chain_index(doc, chains)
        self.person_chains = {c.index for c in chains if c.type == "PERSON"}
        text = self.text = text_of(doc)
        self.paragraphs = [0] + [
            i for i in range(1, len(text)) if text[i - 1] == "\n" and text[i] != "\n"
        ]

    def paragraph(self, position: int) -> int:
        return bisect_right(self.paragraphs, position) - 1

    def quoted_at(self, position: int) -> bool:
        return enclosing(self.quoted, position) is not None

    def token_at(self, position: int) -> Token:
        span = self.doc.char_span(position, position + 1, alignment_mode="expand")
        assert span is not None
        return span[0]


def find_quotes(
    doc: Doc, article_id: str, chains: list[Chain], quoted: list[Quoted]
) -> list[Quote]:
    """Every direct, scare and indirect quote of one article, in text order.

    Args:
        doc: the parsed article.
        article_id: stamped on every quote (and hashed into its id).
        chains: the article's entity chains (speakers resolve through them).
        quoted: the quoted stretches of the text.
    """
    article = _Article(doc, article_id, chains, quoted)
    indirect = _indirect_quotes(article)
    history = sorted((a for _, a in indirect), key=lambda a: a.position)
    direct = []
    for stretch in quoted:
        attribution, kind = _attribute(article, stretch, history)
        if attribution is not None:
            history = sorted([*history, attribution], key=lambda a: a.position)
        if kind == "partial":
            if _reported_within(indirect, stretch, attribution):
                continue  # the reported clause that holds it is already a record
            kind = "indirect"
        direct.append(_quote(article, stretch.start, stretch.end, attribution, kind))
    return sorted(direct + [q for q, _ in indirect], key=lambda q: (q.start, q.end))


def _reported_within(
    indirect: list[tuple[Quote, _Attribution]], stretch: Quoted, attribution: _Attribution | None
) -> bool:
    """Whether a reported clause of the same cue holds the quoted stretch."""
    return attribution is not None and any(
        a.cue.i == attribution.cue.i and q.start <= stretch.start and stretch.end <= q.end
        for q, a in indirect
    )


# Direct and scare quotes ----------------------------------------------------------


def _attribute(
    article: _Article, stretch: Quoted, history: list[_Attribution]
) -> tuple[_Attribution | None, str]:
    """The attribution of a quoted stretch and its kind ("direct", "partial" or "scare")."""
    if _runs_on(article, stretch):
        cue = _best_cue(article, stretch, strict=_is_short(article, stretch), governing=True)
        if cue is None:
            return None, "scare"
        return _Attribution(cue, _speaker(article, cue)), "partial"
    signed = _signature(article, stretch)
    if signed is not None:
        return signed, "direct"
    if _is_title(article.text[stretch.start : stretch.end]):
        return None, "scare"
    embedded = _is_short(article, stretch) and not _introduced(article, stretch)
    cue = _best_cue(article, stretch, strict=embedded)
    if cue is not None:
        speaker = _speaker(article, cue)
        if speaker is None and speaker_of(cue) is not None:  # its subject was quoted words
            return _inherited(article, stretch, history) or _Attribution(cue, None), "direct"
        return _Attribution(cue, speaker), "direct"
    if embedded:
        return None, "scare"
    found = _colon_subject(article, stretch) or _inherited(article, stretch, history)
    return found, "direct"


def _signature(article: _Article, stretch: Quoted) -> _Attribution | None:
    """A name signing the quote after a dash ("“…” ― Sonya Herrid", "“…”\n\n- Sanders.")."""
    found = _SIGNATURE.match(article.text, stretch.outer_end)
    if found is None:
        return None
    name = article.token_at(found.end())
    if name.pos_ != "PROPN" and name.ent_type_ not in _SIGNING_ENTITIES:
        return None
    speaker = name
    for entity in article.doc.ents:
        if entity.start <= name.i < entity.end:
            speaker = entity.root
    return _Attribution(article.token_at(found.start(1)), speaker)


def _speaker(article: _Article, cue: Token) -> Token | None:
    """The cue's speaker, never a word of a quote: when the parse makes a quoted word the
    subject ("“The future we want …,” Obama said" with "future" as subject), the name or
    pronoun hanging from the cue outside the quotes speaks, else nobody found."""
    speaker = speaker_of(cue)
    if speaker is None or not article.quoted_at(speaker.idx):
        return speaker
    outside = [
        child
        for child in cue.children
        if child.pos_ in ("PROPN", "PRON") and not article.quoted_at(child.idx)
    ]
    return min(outside, key=lambda t: abs(t.i - cue.i)) if outside else None


def _is_title(quoted: str) -> bool:
    """A Title In Capitals (a show, book, headline or slogan), not someone's sentence."""
    words = [word.strip(".,;:!?'’\"“”()") for word in quoted.split()]
    content = [word for word in words if word and word.lower() not in _TITLE_SMALL_WORDS]
    if len(words) > TITLE_MAX_WORDS or len(content) < 2:
        return False
    return all(word[0].isupper() or not word[0].isalpha() for word in content)


def _is_short(article: _Article, stretch: Quoted) -> bool:
    return len(article.text[stretch.start : stretch.end].split()) <= SCARE_MAX_WORDS


def _runs_on(article: _Article, stretch: Quoted) -> bool:
    """Whether the narrator's sentence runs into the quote.

    "said the “pressure” had become", "called him a “liar”", "said that, “…”": the
    quoted words are part of the narrator's clause, a partial quote (PolNeAR's
    annotators make the whole clause the content), not a direct quote. So is a quote
    whose mark follows a word (or a dash), or a comma after a word that cannot end a
    clause ("that, “…”", "because, “…”"), or that the clause goes on after ("“…” for
    criminal behavior, she said"). A reporting verb directly before a quote that opens
    with a capital introduces it ("Trump declared “I think NATO may be obsolete”"), and
    an interrupted quote goes on after its cue ("“…,” he said, but “…”").
    """
    text = article.text
    if _RUNS_ON_AFTER.match(text, stretch.outer_end):
        return True  # “…” for criminal behavior, she said
    before = text[: stretch.outer_start].rstrip(" \t")
    capital = text[stretch.start : stretch.start + 1].isupper()
    if before.endswith(","):
        words = before[:-1].split()
        return bool(words) and words[-1].lower() in _CLAUSE_OPENERS
    if before.endswith(_DASHES):
        return True
    if not before or not before[-1].isalnum() or _resumed(article, stretch):
        return False
    token = article.token_at(len(before) - 1)
    return not (capital and is_cue(token) and token.lemma_.lower() in INTRODUCING_VERBS)


def _resumed(article: _Article, stretch: Quoted) -> bool:
    """An interrupted quote going on after its cue: “…,” he said, but “…”."""
    earlier = [q for q in article.quoted if q.outer_end <= stretch.outer_start]
    if not earlier:
        return False
    gap = article.text[earlier[-1].outer_end : stretch.outer_start]
    words = gap.replace(",", " ").split()
    if not 2 <= len(words) <= RESUME_MAX_WORDS or words[-1].lower() not in ("but", "and"):
        return False
    start = earlier[-1].outer_end
    return any(is_cue(t) for t in _tokens_between(article.doc, start, stretch.outer_start))


def _introduced(article: _Article, stretch: Quoted) -> bool:
    """Set off as speech: after a colon or comma, opening its line, or a full sentence."""
    text = article.text
    before = text[: stretch.outer_start].rstrip(" \t")
    if not before or before[-1] in ":,\n":
        return True
    words = text[stretch.start : stretch.end].split()
    if sum(word[:1].isupper() for word in words) * 2 > len(words) + 1:
        return False  # mostly capitals: a name of a show, book or slogan
    sentence = article.token_at(stretch.outer_start).sent
    if sentence.start_char >= stretch.outer_start - 1:
        return True
    return len(words) >= MIN_SENTENCE_WORDS and words[-1][-1:] in (".", "?", "!")


def _best_cue(
    article: _Article, stretch: Quoted, strict: bool, governing: bool = False
) -> Token | None:
    """The cue of the quote's sentence(s): one whose clause holds the quote, else nearest.

    ``governing``: only a cue whose clause holds the quote.
    """
    heads = _outside_heads(article, stretch)
    ranked = []
    for token in _region(article, stretch):
        if article.quoted_at(token.idx) or not is_cue(token):
            continue
        governs = any(_governs(token, head, strict) for head in heads)
        if (strict or governing) and not governs:
            continue
        ranked.append((not governs, _distance(token, stretch), token.i))
    return article.doc[min(ranked)[2]] if ranked else None


def _region(article: _Article, stretch: Quoted) -> list[Token]:
    """Tokens of the sentences holding the quote, plus a following "he said." sentence."""
    first = article.token_at(stretch.outer_start).sent
    last = article.token_at(max(stretch.outer_end - 1, stretch.outer_start)).sent
    end = last.end
    doc = article.doc
    if end < len(doc) and last.end_char - stretch.outer_end <= 2:
        following = doc[end].sent
        if article.paragraph(following.start_char) == article.paragraph(stretch.outer_end):
            end = following.end
    return list(doc[first.start : end])


def _outside_heads(article: _Article, stretch: Quoted) -> list[Token]:
    """Tokens of the quote whose syntactic head lies outside it (how it attaches)."""
    inside = _tokens_between(article.doc, stretch.start, stretch.end)
    found = [t for t in inside if not stretch.start <= t.head.idx < stretch.end or t.head.i == t.i]
    return found or inside[:1]


def _governs(cue: Token, head: Token, strict: bool) -> bool:
    """Whether the quote (attached at ``head``) is in what ``cue`` reports or names."""
    if not cue.is_ancestor(head):
        return False
    if not strict:
        return True
    if head.head.i == cue.i and head.dep_ in _NAMED_DEPS and _names_or_reports(cue):
        return True  # calling them "constructive"; decrying "military integration"
    token = head
    while token.i != cue.i:
        if token.dep_ in _SPEECH_PATH_DEPS:
            return cue.lemma_.lower() in REPORTING_VERBS
        token = token.head
    return False


def _names_or_reports(cue: Token) -> bool:
    return cue.lemma_.lower() in NAMING_VERBS or cue.lemma_.lower() in REPORTING_VERBS


def _distance(token: Token, stretch: Quoted) -> int:
    if token.idx >= stretch.outer_end:
        return token.idx - stretch.outer_end
    return max(0, stretch.outer_start - token.idx - len(token.text))


def _colon_subject(article: _Article, stretch: Quoted) -> _Attribution | None:
    """The subject of a clause introducing the quote with a colon ("He asked: "…"")."""
    before = article.text[: stretch.outer_start].rstrip()
    if not before.endswith(":"):
        return None
    root = article.token_at(len(before) - 1).sent.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or article.quoted_at(subjects[0].idx):
        return None
    return _Attribution(root, subjects[0])


def _inherited(
    article: _Article, stretch: Quoted, history: list[_Attribution]
) -> _Attribution | None:
    """The latest attribution before the quote, in its paragraph or the one before."""
    here = article.paragraph(stretch.outer_start)
    earlier = [a for a in history if a.position < stretch.outer_start]
    if not earlier or here - article.paragraph(earlier[-1].position) > INHERIT_PARAGRAPHS:
        return None
    return earlier[-1]


# Indirect speech ------------------------------------------------------------------


def _indirect_quotes(article: _Article) -> list[tuple[Quote, _Attribution]]:
    """Reported clauses of reporting verbs and "according to" outside quotes."""
    found = []
    for token in article.doc:
        if article.quoted_at(token.idx) or not is_cue(token):
            continue
        clause = _reported_clause(token)
        speaker = speaker_of(token)
        if clause is None or speaker is None or article.quoted_at(speaker.idx):
            continue
        start, end = clause
        if _quoted_share(article, start, end) >= 0.5:
            continue
        attribution = _Attribution(token, speaker)
        found.append((_quote(article, start, end, attribution, "indirect"), attribution))
    return found


def _reported_clause(cue: Token) -> tuple[int, int] | None:
    """Character bounds of what ``cue`` reports, or None."""
    if cue.lower_ == "according":
        return _according_clause(cue)
    if cue.lemma_.lower() not in REPORTING_VERBS:
        return None
    clauses = [c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i]
    if not clauses:
        return None
    tokens = [t for t in clauses[0].subtree]
    while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
        tokens.pop(0)
    return _bounds(tokens)


def _according_clause(cue: Token) -> tuple[int, int] | None:
    """The longer side of the sentence: "Y, according to X." / "According to X, Y."."""
    sentence = cue.sent
    phrase = list(cue.subtree)
    before = [t for t in sentence if t.i < phrase[0].i]
    after = [t for t in sentence if t.i > phrase[-1].i and not _is_relative_tail(t, cue)]
    return _bounds(max(before, after, key=len))


def _is_relative_tail(token: Token, cue: Token) -> bool:
    return any(a.i == cue.i for a in token.ancestors)


def _bounds(tokens: list[Token]) -> tuple[int, int] | None:
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    if len(tokens) < MIN_CLAUSE_TOKENS:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _quoted_share(article: _Article, start: int, end: int) -> float:
    inside = sum(max(0, min(end, q.outer_end) - max(start, q.outer_start)) for q in article.quoted)
    return inside / max(1, end - start)


# Records --------------------------------------------------------------------------


def _quote(
    article: _Article, start: int, end: int, attribution: _Attribution | None, kind: str
) -> Quote:
    text = article.text
    quote = Quote(
        id=content_hash(article.article_id, str(start), str(end)),
        article_id=article.article_id,
        text=text[start:end],
        start=start,
        end=end,
        kind=kind,  # type: ignore[arg-type]
    )
    quote.sentence_start, quote.sentence_end = _sentence_bounds(article, start, end)
    if attribution is not None:
        _set_attribution(article, quote, attribution)
    return quote


def _set_attribution(article: _Article, quote: Quote, attribution: _Attribution) -> None:
    cue = attribution.cue
    quote.cue = cue_text(cue)
    quote.cue_start, quote.cue_end = cue.idx, cue.idx + len(cue.text)
    if cue.lower_ == "according":
        quote.cue_end = max(t.idx + len(t.text) for t in cue.children if t.lower_ == "to")
    speaker = attribution.speaker
    if speaker is None:
        return
    start, end = phrase_bounds(speaker)
    quote.speaker_start, quote.speaker_end = start, end
    quote.speaker_text = article.text[start:end]
    quote.speaker_chain = _speaker_chain(article, speaker, start, end)


def _speaker_chain(article: _Article, speaker: Token, start: int, end: int) -> int | None:
    """The chain of the speaker's head word, else of a person named in its phrase."""
    found = article.chain_of_token.get(speaker.i)
    if found is not None:
        return found
    inside = [
        article.chain_of_token[t.i]
        for t in _tokens_between(article.doc, start, end)
        if t.i in article.chain_of_token
    ]
    people = [index for index in inside if index in article.person_chains]
    found_any = people or inside
    return found_any[0] if found_any else None


def _sentence_bounds(article: _Article, start: int, end: int) -> tuple[int, int]:
    first = article.token_at(start).sent
    last = article.token_at(max(start, end - 1)).sent
    return _stripped(first)[0], _stripped(last)[1]


def _stripped(sentence: Span) -> tuple[int, int]:
    text = sentence.text
    return (
        sentence.start_char + len(text) - len(text.lstrip()),
        sentence.start_char + len(text.rstrip()),
    )


def _chain_index(doc: Doc, chains: list[Chain]) -> dict[int, int]:
    """Token index -> chain index, for every token of every chain mention."""
    index: dict[int, int] = {}
    for chain in chains:
        for mention in chain.mentions:
            for token in _tokens_between(doc, mention.start, mention.end):
                index.setdefault(token.i, chain.index)
    return index


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []
