"""Names by a linear-chain CRF over a parser's tokens, the parser's own names among its
features.

A language's parser finds and types names its own way (German: rules and gazetteers over
HanTa's tags; Russian: slovnet's NER); the CRF (python-crfsuite) reads them as one sign
among many and weighs them with the word, its shape, affixes, lemma and tag, what the
language's word lists say (``hints``), and the same for two tokens either side. Each
language's model is a file beside its pipeline (``enrich/de/names.crfsuite``,
``enrich/ru/names.crfsuite``), trained by ``eval/train_names.py`` on the annotated
sentences of that language within reach here (GermEval 2014 dev, factRuEval-2016 devset),
which score it by cross-validation: each fold tagged by a model that never saw it.
Without the model file the parser's names stand.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.enrich.multilingual.parsed import MISC, ORG, PERSON, PLACE, Name, Parsed, Token

# The training corpora's classes (GermEval's outer ones) and the labels of storyline's names.
LABELS = {"PER": PERSON, "LOC": PLACE, "ORG": ORG, "OTH": MISC}
CLASSES = {label: name for name, label in LABELS.items()}
_CONTEXT = ("w", "stts", "shape", "rule", "hint")  # the features a neighbour lends
_WINDOW = (-2, -1, 1, 2)

Hints = Callable[[Token], list[str]]
Span = tuple[int, int, str]  # first token, last token (indices into parsed.tokens), label
_local = threading.local()


def sentences(parsed: Parsed) -> list[list[int]]:
    """The token indices of each sentence."""
    found: dict[int, list[int]] = {}
    for index, token in enumerate(parsed.tokens):
        found.setdefault(token.sentence, []).append(index)
    return [found[key] for key in sorted(found)]


def rule_tags(parsed: Parsed, names: list[Name]) -> list[str]:
    """BIO tags of the tokens from the rules' names ("B-PER", "I-PER", "O")."""
    tags = ["O"] * len(parsed.tokens)
    for name in names:
        index, prefix = parsed.token_index(name.start), "B"
        while 0 <= index < len(tags) and parsed.tokens[index].start < name.end:
            tags[index], prefix, index = f"{prefix}-{CLASSES[name.label]}", "I", index + 1
    return tags


def features(parsed: Parsed, tokens: list[int], rules: list[str], hints: Hints) -> list[list[str]]:
    """Each token's features (strings), its neighbours' within two tokens among them."""
    own = [_own(parsed.tokens[i], rules[i], hints) for i in tokens]
    found = []
    for position, mine in enumerate(own):
        row = list(mine)
        if position == 0:
            row.append("first")
        for step in _WINDOW:
            other = position + step
            if not 0 <= other < len(own):
                row.append(f"{step}:edge")
                continue
            row += [f"{step}:{f}" for f in own[other] if f.split("=", 1)[0] in _CONTEXT]
        found.append(row)
    return found


def _own(token: Token, rule: str, hints: Hints) -> list[str]:
    word = token.text
    low = word.casefold()
    return [
        f"w={low}", f"lemma={(token.lemma or word).casefold()}", f"s3={low[-3:]}",
        f"s4={low[-4:]}", f"p3={low[:3]}", f"shape={_shape(word)}",
        f"stts={token.feats.get('STTS', '').split('(')[0]}", f"rule={rule}",
        *(f"hint={hint}" for hint in hints(token)),
    ]  # fmt: skip


def _shape(word: str) -> str:
    """``Xx`` for "Merkel", ``X`` for "SPD", ``d`` for "2014", ``Xx-Xx`` for "Baden-Baden"."""
    shape: list[str] = []
    for char in word:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)[:8]


def tag(parsed: Parsed, rules: list[Name], hints: Hints, model: Path) -> list[Span] | None:
    """The names the model at ``model`` finds (token spans with labels), or None when
    there is no such file."""
    tagger = _tagger(model)
    if tagger is None:
        return None
    tags = rule_tags(parsed, rules)
    spans: list[Span] = []
    for tokens in sentences(parsed):
        labels = tagger.tag(features(parsed, tokens, tags, hints))
        spans += [(tokens[a], tokens[b], label) for a, b, label in decode(labels)]
    return spans


def decode(labels: list[str]) -> list[tuple[int, int, str]]:
    """Spans of BIO labels: ``(first, last, storyline label)``; an I after O opens one."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for index, label in enumerate([*labels, "O"]):
        prefix, _, name = label.partition("-")
        if kind and (prefix != "I" or name != kind):
            spans.append((start, index - 1, LABELS[kind]))
            kind = ""
        if prefix in ("B", "I") and not kind and name in LABELS:
            start, kind = index, name
    return spans


def _tagger(path: Path) -> Any:
    """This thread's tagger over the model at ``path`` (crfsuite taggers are not shared
    between threads), or None when there is no such file."""
    if not hasattr(_local, "taggers"):
        _local.taggers = {}
    if path not in _local.taggers:
        tagger = None
        if path.exists():
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
        _local.taggers[path] = tagger
    return _local.taggers[path]


def train(rows: list[tuple[list[list[str]], list[str]]], path: Path, iterations: int = 150) -> None:
    """Train a model on ``(features, BIO labels)`` sentences and write it to ``path``.

    L-BFGS with both penalties: L1 keeps the model small (most word features get no
    weight), L2 keeps the weights of the many rare ones low.
    """
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for row_features, labels in rows:
        trainer.append(row_features, labels)
    trainer.set_params(
        {"c1": 0.1, "c2": 0.05, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    trainer.train(str(path))
