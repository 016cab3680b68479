"""JSON and JSON lines: one object per article, with the field names real corpora use.

A record needs ``text`` or ``html`` (aliases ``body``/``content``); ``id``, ``url``,
``title``, ``published``, ``outlet``, ``language`` and ``author`` are optional and have
aliases too (``newid``/``uid``/``doc_id``, ``headline``, ``date``/``dct``/``published_at``,
``source``/``site``, ...), so Reuters-21578, BBC News and Timeline17 dumps read as they are.

Documents are named ``path#L12`` (line 12) or ``path#3`` (array index 3); failures in
JSON lines are named ``path:12`` so they print as ``path:12: malformed JSON (...)``.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

from storyline.errors import InputError
from storyline.ingest.decode import decode_bytes
from storyline.ingest.problems import too_large
from storyline.model import RawDocument, ReadFailure

TEXT_FIELDS = ("text", "body", "content")
HTML_FIELDS = ("html",)
ID_FIELDS = ("id", "uid", "newid", "doc_id")
URL_FIELDS = ("url", "link")
TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = ("published", "date", "dct", "published_at")
OUTLET_FIELDS = ("outlet", "source", "site")
LANGUAGE_FIELDS = ("language", "lang")
AUTHOR_FIELDS = ("author", "authors", "byline")

ReadResult = RawDocument | ReadFailure
# JSON may spell half a UTF-16 pair ("\ud800"); Python keeps it as a lone surrogate,
# which no UTF-8 text can hold, so storing the document would fail.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
TOO_DEEP = "malformed JSON (nested too deeply)"


def read_json_lines(
    stream: io.BufferedIOBase, source: str, max_bytes: int, first_line: int = 1
) -> Iterator[ReadResult]:
    """One document per non-blank line; a bad line is a failure and the rest still read.

    ``max_bytes`` caps each line, not the file, since lines are read one at a time.
    ``first_line`` numbers the stream's first line, for a stream that starts mid-file
    (a shard of the file, read by one worker).
    """
    records = 0
    for number, line in _numbered_lines(stream, max_bytes, first_line):
        if line is None:
            yield ReadFailure(f"{source}:{number}", "line " + too_large(max_bytes))
            records += 1
            continue
        if not line.strip():
            continue
        records += 1
        try:
            yield _line_document(line, source, number)
        except InputError as error:
            yield ReadFailure(error.path, error.problem)
    if not records and first_line == 1:  # a shard of a longer file may be all blank
        yield ReadFailure(source, "no records (only blank lines)")


def _numbered_lines(
    stream: io.BufferedIOBase, max_bytes: int, first_line: int = 1
) -> Iterator[tuple[int, bytes | None]]:
    """Lines with their numbers; None for a line over the cap (the rest of it is skipped)."""
    number = first_line - 1
    while line := stream.readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_to_line_end(stream)
            yield number, None
        else:
            yield number, line.rstrip(b"\r\n")


def _skip_to_line_end(stream: io.BufferedIOBase) -> None:
    while chunk := stream.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return


def _line_document(line: bytes, source: str, number: int) -> RawDocument:
    location = f"{source}:{number}"
    text = _decode_line(line.removeprefix(b"\xef\xbb\xbf"), location)
    try:
        record = without_surrogates(json.loads(text))
    except json.JSONDecodeError as error:
        raise InputError(location, malformed_json(error)) from None
    except RecursionError:
        raise InputError(location, TOO_DEEP) from None
    return record_document(record, f"{source}#L{number}", line, location)


def malformed_json(error: json.JSONDecodeError) -> str:
    """The problem for a JSON syntax error: ``malformed JSON (Expecting value at column 1)``."""
    return f"malformed JSON ({error.msg} at column {error.colno})"


def _decode_line(line: bytes, location: str) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return decode_bytes(line, location)


def read_json(data: bytes, source: str, max_bytes: int) -> Iterator[ReadResult]:
    """A ``.json`` file: one object, an array of objects, or (despite the name) JSON lines."""
    text = decode_bytes(data, source)
    try:
        value = without_surrogates(json.loads(text))
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            yield from read_json_lines(io.BytesIO(data), source, max_bytes)
            return
        raise InputError(f"{source}:{error.lineno}", malformed_json(error)) from None
    except RecursionError:
        raise InputError(source, TOO_DEEP) from None
    if isinstance(value, list):
        yield from _array_documents(value, source)
    else:
        yield record_document(value, source, data, source)


def _array_documents(records: list[object], source: str) -> Iterator[ReadResult]:
    if not records:
        yield ReadFailure(source, "no records (empty JSON array)")
    for index, record in enumerate(records):
        raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        try:
            yield record_document(record, f"{source}#{index}", raw, f"{source}#{index}")
        except InputError as error:
            yield ReadFailure(error.path, error.problem)


def without_surrogates(value: Any) -> Any:
    """``value`` (decoded JSON) with lone surrogates in its strings replaced by U+FFFD."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value


def record_document(record: object, source: str, raw: bytes, location: str) -> RawDocument:
    """A RawDocument from one decoded JSON record.

    Args:
        record: the decoded JSON value (must be an object).
        source: the document's ``source_path`` (``path#L12``).
        raw: the record's bytes, kept with the document.
        location: names the record in failures (``path:12``).

    Raises:
        InputError: not an object, no text or html field, or empty text.

    Example:
        >>> record_document({"newid": 7, "body": "Text."}, "r#L1", b"", "r:1").external_id
        '7'
    """
    if not isinstance(record, dict):
        raise InputError(location, f"record is a JSON {type(record).__name__}, not an object")
    html = field_value(record, HTML_FIELDS)
    text = field_value(record, TEXT_FIELDS, joiner="\n\n")
    if html is None and text is None:
        keys = ", ".join(list(map(str, record))[:8]) or "none"
        raise InputError(location, f"record has neither text nor html (keys: {keys})")
    is_html = bool(html and html.strip())
    body = html if is_html else text
    if not body or not body.strip():
        raise InputError(location, "record has no text")
    return RawDocument(
        source_path=source,
        format="html" if is_html else "text",
        body=body,
        raw=raw,
        content_type="text/html" if is_html else "text/plain",
        url=field_value(record, URL_FIELDS),
        external_id=field_value(record, ID_FIELDS),
        title=field_value(record, TITLE_FIELDS),
        published=field_value(record, PUBLISHED_FIELDS),
        outlet=field_value(record, OUTLET_FIELDS),
        language=field_value(record, LANGUAGE_FIELDS),
        author=field_value(record, AUTHOR_FIELDS),
    )


def field_value(
    record: dict[str, object], names: tuple[str, ...], joiner: str = ", "
) -> str | None:
    """The first of ``names`` present with a usable value, as a string.

    Numbers become strings (``"newid": 7`` -> ``"7"``), an object gives its ``name``
    (``"source": {"name": "BBC"}``), a list of strings is joined.
    """
    for name in names:
        value = _as_string(record.get(name), joiner)
        if value is not None:
            return value
    return None


def _as_string(value: object, joiner: str) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return _as_string(value.get("name"), joiner)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return joiner.join(value)
    return None
