"""Speech cues and their speakers, read off the dependency parse.

A cue is a verb of saying ("said", "told", "added", "wrote", "stressed",
"reaffirmed", …) or the phrase "according to". Its speaker is the verb's subject,
found through coordination and participles ("Lukashenko thanked Putin and *said*",
"*saying* …" takes the subject of the verb it hangs from), relative clauses ("Putin,
who *said* …") and passives of quoting ("he was quoted as *saying*").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

CUE_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "write",
        "stress",
        "reaffirm",
        "emphasize",
        "emphasise",
        "state",
        "declare",
        "claim",
        "insist",
        "explain",
        "note",
        "argue",
        "warn",
        "ask",
        "answer",
        "reply",
        "respond",
        "announce",
        "acknowledge",
        "admit",
        "assert",
        "confirm",
        "deny",
        "suggest",
        "comment",
        "conclude",
        "observe",
        "remark",
        "recall",
        "report",
        "repeat",
        "tweet",
        "post",
        "quip",
        "joke",
        "predict",
        "promise",
        "pledge",
        "vow",
        "urge",
        "describe",
        "complain",
        "agree",
        "shout",
        "scream",
        "whisper",
        "testify",
        "caution",
        "boast",
        "concede",
        "contend",
        "counter",
        "mention",
        "muse",
        "recount",
        "reiterate",
        "reveal",
        "maintain",
        "proclaim",
        "exclaim",
        "lament",
        "charge",
        "allege",
        "demand",
        "wonder",
        "opine",
        "chime",
        "continue",
        "read",
        "put",
        "call",
        "dub",
        "label",
        "brand",
        "term",
        "decry",
        "praise",
        "criticise",
        "criticize",
        "accuse",
        "blast",
        "slam",
        "hail",
        "tout",
        "cite",
        "quote",
    ]
)
# Verbs whose clausal complement is reported speech ("Putin said that …").
REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "write",
        "stress",
        "reaffirm",
        "emphasize",
        "emphasise",
        "state",
        "declare",
        "claim",
        "insist",
        "explain",
        "note",
        "argue",
        "warn",
        "announce",
        "acknowledge",
        "admit",
        "assert",
        "confirm",
        "deny",
        "suggest",
        "conclude",
        "observe",
        "remark",
        "recall",
        "report",
        "repeat",
        "tweet",
        "predict",
        "promise",
        "pledge",
        "vow",
        "testify",
        "caution",
        "boast",
        "concede",
        "contend",
        "counter",
        "mention",
        "reiterate",
        "reveal",
        "maintain",
        "proclaim",
        "allege",
    ]
)
# Verbs that may introduce a direct quote with no comma or colon between ("Trump
# declared “I think NATO may be obsolete”", "he asked “Why now?”").
INTRODUCING_VERBS = REPORTING_VERBS | frozenset(["ask", "answer", "reply", "respond", "read"])
# Verbs that name what something was called: their object may be a quoted phrase.
NAMING_VERBS = frozenset(["call", "describe", "label", "dub", "term", "brand", "decry"])
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "acl"})
# Subjects that name nobody: "it was said", "there are reports".
_EMPTY_SUBJECTS = frozenset({"it", "there", "this", "that", "which"})


def is_cue(token: Token) -> bool:
    """A verb of saying, or "according" of "according to"."""
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    if token.lemma_.lower() not in CUE_VERBS:
        return False
    return token.pos_ in ("VERB", "AUX") or _verb_tagged_as_noun(token)


def _verb_tagged_as_noun(token: Token) -> bool:
    """ "Bozell answers", "he notes": a plural-looking cue right after its speaker."""
    if token.tag_ != "NNS" or token.i == 0:
        return False
    return token.doc[token.i - 1].pos_ in ("PROPN", "PRON")


def cue_text(token: Token) -> str:
    return "according to" if token.lower_ == "according" else token.text


def speaker_of(cue: Token) -> Token | None:
    """The head token of whoever speaks through ``cue``, or None (passive, imperative)."""
    if cue.lower_ == "according":
        objects = [g for c in cue.children if c.lower_ == "to" for g in c.children]
        return objects[0] if objects else None
    if _verb_tagged_as_noun(cue):
        return cue.doc[cue.i - 1]
    token: Token | None = cue
    for _ in range(4):  # climb at most four coordinations/participles/"as saying"
        assert token is not None
        quoted_person = _quoted_as_saying(token)
        if quoted_person is not None:
            return quoted_person
        subject = _subject(token)
        if subject is not None:
            return subject
        if token.dep_ == "relcl" and token.head.pos_ in ("PROPN", "NOUN"):
            return token.head
        if token.dep_ not in _CLIMB_DEPS or token.head.i == token.i:
            return None
        token = token.head
    return None


def _quoted_as_saying(verb: Token) -> Token | None:
    """The object of "quoted X as saying": X speaks, not the one who quotes."""
    if verb.lemma_ != "quote":
        return None
    objects = [child for child in verb.children if child.dep_ in ("dobj", "nsubjpass")]
    return objects[0] if objects else None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.lower_ not in _EMPTY_SUBJECTS:
            if child.lower_ in ("who", "that") and verb.dep_ == "relcl":
                return verb.head
            return child
    return None


def phrase_bounds(token: Token) -> tuple[int, int]:
    """Character bounds of the noun phrase ``token`` heads, without clauses or commas.

    "the Kremlin spokesman Dmitry Peskov" for either word; relative clauses and
    appositions set off by commas are left out.
    """
    if token.ent_type_:
        token = _entity_root(token)
    tokens = [token]
    for child in token.lefts:
        tokens.extend(t for t in child.subtree if t.dep_ != "punct")
    for child in token.rights:
        if child.dep_ in ("compound", "flat") or (
            child.dep_ == "appos" and _adjacent(token, child)
        ):
            tokens.extend(child.subtree)
    ordered = sorted(tokens, key=lambda t: t.i)
    return ordered[0].idx, ordered[-1].idx + len(ordered[-1].text)


def _entity_root(token: Token) -> Token:
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            return entity.root
    return token


def _adjacent(head: Token, child: Token) -> bool:
    """An apposition directly after its head, no comma between ("spokesman Peskov")."""
    return child.left_edge.i == head.i + 1
