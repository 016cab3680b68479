import io
import json
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.records import read_json, read_json_lines, record_document
from storyline.model import RawDocument, ReadFailure

CAP = 10_000


def _lines(*records: object) -> bytes:
    return b"".join(json.dumps(record).encode() + b"\n" for record in records)


def test_json_lines_become_documents_named_by_line() -> None:
    data = _lines(
        {"id": 7, "text": "First."}, {"html": "<p>Second.</p>", "url": "https://a.example/2"}
    )
    first, second = read_json_lines(io.BytesIO(data), "in.jsonl", CAP)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.source_path, first.external_id, first.format, first.body) == (
        "in.jsonl#L1", "7", "text", "First.",
    )  # fmt: skip
    assert (second.source_path, second.format, second.url) == (
        "in.jsonl#L2",
        "html",
        "https://a.example/2",
    )
    assert first.raw == json.dumps({"id": 7, "text": "First."}).encode()


def test_malformed_line_is_one_failure_and_the_others_still_read() -> None:
    data = _lines({"text": "one"}) + b'{"text": "two",\n' + b"\n" + _lines({"text": "three"})
    results = list(read_json_lines(io.BytesIO(data), "in.jsonl", CAP))
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [r.body for r in results if isinstance(r, RawDocument)] == ["one", "three"]
    assert [f.source_path for f in failures] == ["in.jsonl:2"]
    assert failures[0].problem.startswith("malformed JSON (")


def test_records_without_text_are_failures_for_their_line() -> None:
    data = _lines({"title": "no body"}, {"text": "   "}, [1, 2], {"body": "kept"})
    results = list(read_json_lines(io.BytesIO(data), "in.jsonl", CAP))
    problems = [(r.source_path, r.problem) for r in results if isinstance(r, ReadFailure)]
    assert problems == [
        ("in.jsonl:1", "record has neither text nor html (keys: title)"),
        ("in.jsonl:2", "record has no text"),
        ("in.jsonl:3", "record is a JSON list, not an object"),
    ]
    assert isinstance(results[-1], RawDocument) and results[-1].body == "kept"


def test_common_corpus_aliases_are_understood() -> None:
    record = {
        "newid": 12, "headline": "Cocoa review", "dct": "2010-04-06", "content": "Body.",
        "source": {"name": "Reuters"}, "lang": "en", "link": "https://r.example/1",
        "authors": ["A. Writer", "B. Writer"],
    }  # fmt: skip
    document = record_document(record, "r#L1", b"", "r:1")
    assert (document.external_id, document.title, document.published) == (
        "12",
        "Cocoa review",
        "2010-04-06",
    )
    assert (document.outlet, document.language, document.url) == (
        "Reuters",
        "en",
        "https://r.example/1",
    )
    assert document.author == "A. Writer, B. Writer"


def test_canonical_fields_win_over_aliases() -> None:
    record = {
        "id": "a",
        "uid": "b",
        "text": "T.",
        "body": "B.",
        "published": "2020-01-02",
        "date": "x",
    }
    document = record_document(record, "r", b"", "r")
    assert (document.external_id, document.body, document.published) == ("a", "T.", "2020-01-02")


def test_html_field_makes_an_html_document_even_with_text() -> None:
    document = record_document({"html": "<p>x</p>", "text": "x"}, "r", b"", "r")
    assert (document.format, document.body, document.content_type) == (
        "html",
        "<p>x</p>",
        "text/html",
    )


def test_line_over_the_cap_is_a_failure_and_the_next_line_reads() -> None:
    data = _lines({"text": "x" * 200}, {"text": "short"})
    results = list(read_json_lines(io.BytesIO(data), "in.jsonl", 100))
    assert isinstance(results[0], ReadFailure)
    assert results[0].problem == "line larger than the 100-byte cap (use --max-bytes)"
    assert isinstance(results[1], RawDocument) and results[1].source_path == "in.jsonl#L2"


def test_json_array_yields_one_document_per_element_named_by_index() -> None:
    data = json.dumps([{"uid": "1", "text": "a"}, {"uid": "2"}, {"uid": "3", "text": "c"}]).encode()
    results = list(read_json(data, "articles.json", CAP))
    assert [r.source_path for r in results] == [
        "articles.json#0",
        "articles.json#1",
        "articles.json#2",
    ]
    assert isinstance(results[1], ReadFailure)
    assert [r.external_id for r in results if isinstance(r, RawDocument)] == ["1", "3"]


def test_json_single_object_is_one_document_named_by_the_file() -> None:
    [document] = read_json(b'{\n "text": "Only one."\n}\n', "one.json", CAP)
    assert isinstance(document, RawDocument) and document.source_path == "one.json"


def test_json_file_holding_json_lines_is_read_as_lines() -> None:
    results = list(read_json(_lines({"text": "a"}, {"text": "b"}), "lines.json", CAP))
    assert [r.source_path for r in results] == ["lines.json#L1", "lines.json#L2"]


def test_malformed_json_file_names_the_line() -> None:
    with pytest.raises(InputError) as raised:
        list(read_json(b'[\n{"text": "a"},\n{oops}\n]', "bad.json", CAP))
    assert raised.value.path == "bad.json:3"
    assert raised.value.problem.startswith("malformed JSON (")


def test_empty_json_array_is_a_failure() -> None:
    [failure] = read_json(b"[]", "empty.json", CAP)
    assert isinstance(failure, ReadFailure) and "no records" in failure.problem


def test_cp1252_line_is_decoded(tmp_path: Path) -> None:
    line = '{"text": "café – “quoted”"}\n'.encode("cp1252")
    [document] = read_json_lines(io.BytesIO(line), "legacy.jsonl", CAP)
    assert isinstance(document, RawDocument) and document.body == "café – “quoted”"
