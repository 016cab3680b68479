"""Integration: the real corpora's formats read as they are (skipped when ../shared is absent)."""

import itertools
import json
from pathlib import Path

import pytest

from storyline.ingest import ReadOptions, read_inputs
from storyline.ingest.records import read_json_lines
from storyline.model import RawDocument

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"


def _corpus_file(relative: str) -> Path:
    path = CORPORA / relative
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path


def test_reuters_json_lines_carry_ids_and_dates() -> None:
    path = _corpus_file("news-reuters21578/reuters21578.jsonl")
    with path.open("rb") as stream:
        results = list(itertools.islice(read_json_lines(stream, str(path), 1 << 20), 50))
    documents = [r for r in results if isinstance(r, RawDocument)]
    assert len(documents) >= 40
    assert all(d.external_id and d.published for d in documents)
    assert documents[0].external_id == "1" and documents[0].title == "BAHIA COCOA REVIEW"


def test_timeline17_array_yields_one_document_per_element() -> None:
    path = _corpus_file("timeline17/bpoil_bbc/articles.json")
    expected = len(json.loads(path.read_text("utf-8")))
    results = list(read_inputs([str(path)], ReadOptions()))
    assert len(results) == expected
    assert all(isinstance(r, RawDocument) and r.external_id and r.published for r in results)
    assert results[3].source_path == f"{path}#3"


def test_bbc_json_lines_read_completely() -> None:
    path = _corpus_file("news-bbc2225/bbc.jsonl")
    results = list(read_inputs([str(path)], ReadOptions()))
    assert len(results) == 2225 and all(isinstance(r, RawDocument) for r in results)
