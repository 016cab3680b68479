"""Quotes with their speakers, from quotation marks, dialogue dashes and speech cues.

Direct quotes are the stretches :mod:`storyline.enrich.quotemarks` finds (every
quotation style: «…», „…“, “…”, "…") and, where the language writes dialogue that way,
lines opened by a dash ("— Мы договорились, — заявил Лукашенко."). Each is attributed
to the speaker of a speech cue (a verb of the lexicon: "заявил", "sagte", "a déclaré")
next to it in its sentence, preferring a cue after the quote (the usual order in
these languages: "«…», — заявил он", "„…“, sagte Merkel", "« … », a déclaré Macron"),
else one before it ("Лукашенко заявил: «…»"). The speaker is the cue's subject when
the parser gives syntax, else the name (or pronoun) next to the cue. A pronoun
speaker is the person last named before it. With no cue, a quote introduced by a name
and a colon is that person's; a quote standing alone as a sentence inherits the
previous attribution of its paragraph or the one before.

Short quoted phrases (at most ``SCARE_MAX_WORDS`` words) with no speaker are scare
quotes. Indirect speech: a cue followed by a reported clause ("заявил, что …",
"sagte, dass …", "a affirmé que …") and "according to" phrases ("по словам X, …",
"laut X …", "selon X, …") give ``kind="indirect"`` quotes of the reported clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.enrich.multilingual.lexicon import Lexicon
from storyline.enrich.multilingual.parsed import PERSON, Parsed, Token
from storyline.enrich.quotemarks import Quoted, find_quoted
from storyline.model import Chain, Quote, content_hash

# Same threshold and reason as the English path (enrich/quotes.py SCARE_MAX_WORDS).
SCARE_MAX_WORDS = 6
# How far after a quote its cue may stand ("», — заявил глава государства"): about a
# short clause. Set by hand on the unit examples, not tuned on any gold.
AFTER_CHARS = 80
# A speaker named after its cue stands right after it ("sagte Merkel"), a few
# characters away at most (a title between: "заявил президент Лукашенко").
SPEAKER_AFTER_CHARS = 40
# A quote with no cue inherits the latest attribution at most this many lines back.
INHERIT_LINES = 2
MIN_CLAUSE_WORDS = 3
_DASH_LINE = re.compile(
    r"^[ \t]*[—–-][ \t]+(?P<quote>[^\n]+?)[,.!?…]?[ \t]+[—–][ \t]+(?P<rest>[^\n]+)$", re.M
)
_SUBJECT_RELATIONS = ("nsubj", "nsubj:pass")


@dataclass(slots=True)
class _Attribution:
    cue: Token | None
    speaker: tuple[int, int] | None  # character span of the speaker
    chain: int | None
    line: int


@dataclass(slots=True)
class _Article:
    parsed: Parsed
    article_id: str
    lexicon: Lexicon
    quoted: list[Quoted]
    chain_of: dict[tuple[int, int], int]  # mention span -> chain index
    persons: set[int]
    mention_starts: list[tuple[int, int, int]]  # (start, end, chain) in text order


def find_quotes(
    parsed: Parsed, article_id: str, chains: list[Chain], lexicon: Lexicon
) -> list[Quote]:
    """Direct, scare and indirect quotes of one parsed article, in text order."""
    text = parsed.text
    quoted = find_quoted(text)
    quoted = sorted(quoted + _spaced_guillemets(text, quoted), key=lambda q: q.start)
    if lexicon.dialogue_dashes:
        quoted = sorted(quoted + _dash_quotes(text, quoted), key=lambda q: q.start)
    chain_of = {(m.start, m.end): c.index for c in chains for m in c.mentions}
    article = _Article(
        parsed, article_id, lexicon, quoted, chain_of,
        {c.index for c in chains if c.type == PERSON},
        sorted((m.start, m.end, c.index) for c in chains for m in c.mentions),
    )  # fmt: skip
    quotes: list[Quote] = []
    last: _Attribution | None = None
    for stretch in quoted:
        attribution = _attribute(article, stretch)
        line = text.count("\n", 0, stretch.start)
        alone = attribution is None and last is not None and _stands_alone(text, stretch)
        if alone and last is not None and line - last.line <= INHERIT_LINES:
            attribution = last
        words = len(text[stretch.start : stretch.end].split())
        if attribution is None and words <= SCARE_MAX_WORDS:
            quotes.append(_quote(article, stretch.start, stretch.end, None, "scare"))
            continue
        quotes.append(_quote(article, stretch.start, stretch.end, attribution, "direct"))
        if attribution is not None:
            last = _Attribution(attribution.cue, attribution.speaker, attribution.chain, line)
    quotes += _indirect(article)
    return sorted(quotes, key=lambda q: (q.start, q.end))


# French « spaced » guillemets and German »reversed« ones, which the quotation-mark
# scanner (written for “…”, „…“, «…») does not open.
_OTHER_GUILLEMETS = re.compile(
    r"«[ \u00a0\u202f]+(?P<quote>[^»\n]+?)[ \u00a0\u202f]*»|»(?P<reversed>[^«»\n]+?)«"
)


def _spaced_guillemets(text: str, quoted: list[Quoted]) -> list[Quoted]:
    """Quotes in « spaced » and »reversed« guillemets, unless found already."""
    found = []
    for match in _OTHER_GUILLEMETS.finditer(text):
        group = "quote" if match.group("quote") is not None else "reversed"
        start, end = match.span(group)
        end = start + len(match.group(group).rstrip(" ,\u00a0\u202f"))
        if not any(q.outer_start < match.end() and match.start() < q.outer_end for q in quoted):
            found.append(Quoted(start, end, match.start(), match.end()))
    return found


def _dash_quotes(text: str, quoted: list[Quoted]) -> list[Quoted]:
    """Dialogue lines: "— Слова, — сказал он." (the words before the second dash)."""
    found = []
    for match in _DASH_LINE.finditer(text):
        start, end = match.span("quote")
        if any(q.outer_start < end and start < q.outer_end for q in quoted):
            continue
        found.append(Quoted(start, end, match.start(), match.start("rest")))
    return found


def _stands_alone(text: str, stretch: Quoted) -> bool:
    """The quote is a sentence of its own: nothing but space or a dash before it on its line."""
    line_start = text.rfind("\n", 0, stretch.outer_start) + 1
    return not text[line_start : stretch.outer_start].strip(" \t—–-")


def _attribute(article: _Article, stretch: Quoted) -> _Attribution | None:
    text = article.parsed.text
    line = text.count("\n", 0, stretch.start)
    after_end = _clause_end(text, stretch.outer_end)
    before_start = _clause_start(article, stretch)
    after = _cues(article, stretch.outer_end, after_end)
    before = _cues(article, before_start, stretch.outer_start)
    for cue, side in [*((c, "after") for c in after[:1]), *((c, "before") for c in before[-1:])]:
        speaker = _speaker(article, cue, side, before_start, after_end)
        if speaker is not None or side == "before" or not before:
            span, chain = speaker if speaker else (None, None)
            return _Attribution(cue, span, chain, line)
    colon = _colon_speaker(article, stretch, before_start)
    if colon is not None:
        return _Attribution(None, colon[0], colon[1], line)
    return None


def _clause_end(text: str, position: int) -> int:
    """Where the sentence going on after a quote ends (its full stop, or the line end)."""
    limit = min(len(text), position + AFTER_CHARS)
    newline = text.find("\n", position, limit)
    limit = newline if newline >= 0 else limit
    stop = re.search(r"[.!?…](?=\s|$)", text[position + 1 : limit])
    return position + 1 + stop.start() if stop else limit


def _clause_start(article: _Article, stretch: Quoted) -> int:
    """Where the sentence holding a quote starts, or the previous quote's end."""
    parsed, text = article.parsed, article.parsed.text
    start = parsed.sentences[parsed.sentence_of(stretch.outer_start)][0] if parsed.sentences else 0
    start = max(start, text.rfind("\n", 0, stretch.outer_start) + 1)
    for other in article.quoted:
        if start <= other.outer_end <= stretch.outer_start and other is not stretch:
            start = other.outer_end
    return min(start, stretch.outer_start)


def _cues(article: _Article, start: int, end: int) -> list[Token]:
    speech = article.lexicon.speech_lemmas
    return [
        t for t in article.parsed.tokens_between(start, end)
        if t.lemma.casefold() in speech and not _inside_quote(article, t.start)
    ]  # fmt: skip


def _inside_quote(article: _Article, position: int) -> bool:
    return any(q.outer_start <= position < q.outer_end for q in article.quoted)


def _speaker(
    article: _Article, cue: Token, side: str, start: int, end: int
) -> tuple[tuple[int, int], int | None] | None:
    """The cue's speaker: its syntactic subject, else a name or pronoun beside it."""
    subject = _syntactic_subject(article, cue)
    if subject is not None:
        return subject
    after = _first_named(article, cue.end, min(end, cue.end + SPEAKER_AFTER_CHARS))
    if after is not None and (side == "after" or after[0][0] - cue.end < 3):
        return after
    return _last_named(article, start, cue.start)


def _syntactic_subject(article: _Article, cue: Token) -> tuple[tuple[int, int], int | None] | None:
    tokens = article.parsed.tokens
    if cue.head is None:
        return None
    index = article.parsed.token_index(cue.start)
    lo, hi = max(0, index - 40), min(len(tokens), index + 40)
    for token in tokens[lo:hi]:
        if token.head == index and token.relation in _SUBJECT_RELATIONS:
            return _as_speaker(article, token)
    return None


def _as_speaker(article: _Article, token: Token) -> tuple[tuple[int, int], int | None] | None:
    """A subject token as a speaker: the mention holding it, or a pronoun resolved."""
    for start, end, chain in article.mention_starts:
        if start <= token.start < end:
            return (start, end), chain
    if token.text.casefold() in article.lexicon.pronouns:
        return (token.start, token.end), _previous_person(article, token.start)
    if token.pos in ("PROPN", "NOUN"):
        return (token.start, token.end), None
    return None


def _first_named(
    article: _Article, start: int, end: int
) -> tuple[tuple[int, int], int | None] | None:
    for token in article.parsed.tokens_between(start, end):
        found = _as_speaker(article, token)
        if found is not None and (found[1] is not None or token.pos == "PRON"):
            return found
    return None


def _last_named(
    article: _Article, start: int, end: int
) -> tuple[tuple[int, int], int | None] | None:
    named = [(s, e, c) for s, e, c in article.mention_starts if s >= start and e <= end]
    people = [item for item in named if item[2] in article.persons] or named
    if people:
        s, e, chain = people[-1]
        return (s, e), chain
    pronouns = [
        t for t in article.parsed.tokens_between(start, end)
        if t.text.casefold() in article.lexicon.pronouns
    ]  # fmt: skip
    if pronouns:
        token = pronouns[-1]
        return (token.start, token.end), _previous_person(article, token.start)
    return None


def _previous_person(article: _Article, position: int) -> int | None:
    """The person chain mentioned last before ``position``."""
    found = None
    for start, _, chain in article.mention_starts:
        if start >= position:
            break
        if chain in article.persons:
            found = chain
    return found


def _colon_speaker(
    article: _Article, stretch: Quoted, start: int
) -> tuple[tuple[int, int], int | None] | None:
    text = article.parsed.text
    if not re.search(r":\s*[—–-]?\s*$", text[start : stretch.outer_start]):
        return None
    return _last_named(article, start, stretch.outer_start)


def _indirect(article: _Article) -> list[Quote]:
    """Reported clauses after a cue and clauses sourced with "according to" phrases."""
    found = []
    for index, token in enumerate(article.parsed.tokens):
        if token.lemma.casefold() not in article.lexicon.speech_lemmas:
            continue
        if _inside_quote(article, token.start):
            continue
        clause = _reported_clause(article, index)
        if clause is None:
            continue
        sentence_end = _sentence_end(article, token.start)
        speaker = _speaker(article, token, "before", _sentence_start(article, token.start),
                           clause[0])  # fmt: skip
        span, chain = speaker if speaker else (None, None)
        attribution = _Attribution(token, span, chain, line=0)
        found.append(_quote(article, clause[0], min(clause[1], sentence_end), attribution,
                            "indirect"))  # fmt: skip
    found += _according(article)
    return [q for q in found if q.end - q.start > 0]


def _reported_clause(article: _Article, index: int) -> tuple[int, int] | None:
    tokens = article.parsed.tokens
    cue = tokens[index]
    for token in tokens[index + 1 : index + 5]:
        if token.sentence != cue.sentence:
            return None
        word = token.text.casefold()
        elided = word.endswith(("'", "’")) and word[:-1] + "e" in article.lexicon.complementizers
        if word in article.lexicon.complementizers or elided:
            start = token.end
            end = _sentence_end(article, token.start)
            clause = article.parsed.text[start:end].strip(" ,.;:!?")
            if len(clause.split()) < MIN_CLAUSE_WORDS or _quoted_share(article, start, end) > 0.5:
                return None
            offset = article.parsed.text.index(clause, start)
            return offset, offset + len(clause)
    return None


def _according(article: _Article) -> list[Quote]:
    text, lexicon = article.parsed.text, article.lexicon
    found: list[Quote] = []
    if not lexicon.according:
        return found
    phrases = "|".join(re.escape(p) for p in sorted(lexicon.according, key=len, reverse=True))
    for match in re.finditer(rf"(?i)(?<!\w)(?:{phrases})(?!\w)", text):
        if _inside_quote(article, match.start()):
            continue
        named = _first_named(article, match.end(), match.end() + 80)
        if named is None or named[1] is None:
            continue
        (speaker_start, speaker_end), chain = named
        sentence_start = _sentence_start(article, match.start())
        sentence_end = _sentence_end(article, match.start())
        if _quoted_share(article, sentence_start, sentence_end) > 0.3:
            continue  # the source of a direct quote, attributed already
        if text[sentence_start : match.start()].strip(" ,—–-"):
            clause_start, clause_end = sentence_start, match.start()
        else:
            comma = text.find(",", speaker_end, sentence_end)
            clause_start, clause_end = (comma + 1 if comma >= 0 else speaker_end), sentence_end
        body = text[clause_start:clause_end].strip(" ,.;:!?—–-")
        if len(body.split()) < MIN_CLAUSE_WORDS:
            continue
        start = text.index(body, clause_start)
        quote = _quote(article, start, start + len(body), None, "indirect")
        quote.cue, quote.cue_start, quote.cue_end = match.group(0), match.start(), match.end()
        quote.speaker_start, quote.speaker_end = speaker_start, speaker_end
        quote.speaker_text, quote.speaker_chain = text[speaker_start:speaker_end], chain
        found.append(quote)
    return found


def _quoted_share(article: _Article, start: int, end: int) -> float:
    inside = sum(max(0, min(end, q.outer_end) - max(start, q.outer_start)) for q in article.quoted)
    return inside / max(1, end - start)


def _sentence_start(article: _Article, position: int) -> int:
    sentences = article.parsed.sentences
    return sentences[article.parsed.sentence_of(position)][0] if sentences else 0


def _sentence_end(article: _Article, position: int) -> int:
    sentences = article.parsed.sentences
    return (
        sentences[article.parsed.sentence_of(position)][1]
        if sentences
        else len(article.parsed.text)
    )


def _quote(
    article: _Article, start: int, end: int, attribution: _Attribution | None, kind: str
) -> Quote:
    text = article.parsed.text
    quote = Quote(
        id=content_hash(article.article_id, str(start), str(end)),
        article_id=article.article_id,
        text=text[start:end],
        start=start,
        end=end,
        kind=kind,  # type: ignore[arg-type]
        sentence_start=_sentence_start(article, start),
        sentence_end=max(end, _sentence_end(article, max(start, end - 1))),
    )
    if attribution is None:
        return quote
    if attribution.cue is not None:
        cue = attribution.cue
        quote.cue, quote.cue_start, quote.cue_end = cue.text, cue.start, cue.end
    if attribution.speaker is not None:
        quote.speaker_start, quote.speaker_end = attribution.speaker
        quote.speaker_text = text[attribution.speaker[0] : attribution.speaker[1]]
        quote.speaker_chain = attribution.chain
    return quote
