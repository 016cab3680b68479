"""Records to JSON and back, guided by the dataclasses' own type hints.

Derived results (enrichments, events, timelines…) are stored as JSON payloads, so
adding a field to a record needs no schema migration; decoding ignores unknown
keys and fills missing ones with the field's default.

Records are decoded by msgspec, which builds them from the JSON in compiled code (a
batch on a 200k archive decodes ~300k chain lists and ~70k enrichments: twice as fast as
parsing, then building in Python). What msgspec refuses (a payload of an older shape
than the type says, ``NaN``, a type it cannot decode to) goes the Python way below.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, Union

import msgspec
import orjson

T = TypeVar("T")
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def encode(record: Any) -> str:
    """A record (or list of records) as compact JSON.

    orjson writes dataclasses field by field itself: walking them in Python was most of
    the time a story analysis spent storing its results.
    """
    return orjson.dumps(record, default=_plain_value, option=_OPTIONS).decode()


def _plain_value(value: Any) -> Any:
    """What orjson cannot write itself (numpy scalars), as plain JSON values."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot store a {type(value).__name__} as JSON")


def decode(cls: type[T], text: str | bytes) -> T:
    """The record of type ``cls`` that ``encode`` wrote."""
    if cls is dict:
        return typing.cast(T, loads(text))  # plain JSON: nothing to build
    found = _compiled(cls, text)
    if found is not _REFUSED:
        return typing.cast(T, found)
    return typing.cast(T, _build(cls, loads(text)))


def decode_list(cls: type[T], text: str | bytes) -> list[T]:
    """A list of records of type ``cls``."""
    found = _compiled(list[cls], text)  # type: ignore[valid-type]
    if found is not _REFUSED:
        return typing.cast(list[T], found)
    return [typing.cast(T, _build(cls, item)) for item in loads(text)]


_REFUSED = object()


def _compiled(kind: Any, text: str | bytes) -> Any:
    """``text`` decoded as ``kind`` by msgspec, or ``_REFUSED`` when msgspec cannot."""
    decoder = _decoder(kind)
    if decoder is None:
        return _REFUSED
    try:
        return decoder.decode(text)
    except msgspec.MsgspecError:
        return _REFUSED


@cache
def _decoder(kind: Any) -> msgspec.json.Decoder[Any] | None:
    """msgspec's decoder for ``kind``; None for a type it cannot decode to (a union of
    two records, say). A field that holds whole numbers too must say ``int | float``:
    msgspec reads ``5`` as ``5.0`` for a ``float``, which then prints as "5.0"."""
    try:
        return msgspec.json.Decoder(kind)
    except (TypeError, NameError):
        return None


def loads(text: str | bytes) -> Any:
    """Plain JSON, as stored (older stores' payloads may hold ``NaN``, which only the
    standard library reads)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _build(kind: Any, value: Any) -> Any:
    """Rebuild ``value`` (plain JSON) as the type ``kind`` says."""
    return _builder(kind)(value)


def _same(value: Any) -> Any:
    return value


@cache
def _builder(kind: Any) -> Callable[[Any], Any]:
    """A function rebuilding plain JSON as ``kind``, worked out once per type.

    Reading types on every value (typing.get_origin, dataclasses.fields) was most of
    the time a large story page spent decoding its enrichments.
    """
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _builder(options[0]) if len(options) == 1 else _same
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _record_builder(kind)
    if origin is list:
        (item,) = typing.get_args(kind) or (Any,)
        element = _builder(item)
        if element is _same:
            return _same
        return lambda value: None if value is None else [element(e) for e in value]
    if origin is tuple:
        items = [_builder(item) for item in typing.get_args(kind)] or [_same]
        if all(item is _same for item in items):  # (start, end) offsets: millions a batch
            return lambda value: None if value is None else tuple(value)
        last = len(items) - 1
        return lambda value: (
            None if value is None else tuple(items[min(i, last)](v) for i, v in enumerate(value))
        )
    return _same


def _record_builder(cls: type) -> Callable[[Any], Any]:
    fields: dict[str, Callable[[Any], Any]] = {}

    def build(value: dict[str, Any] | None) -> Any:
        if value is None:
            return None
        if not fields:  # on first use, so records that nest their own type still resolve
            hints = typing.get_type_hints(cls)
            fields.update({f.name: _builder(hints[f.name]) for f in dataclasses.fields(cls)})
        return cls(**{name: fields[name](item) for name, item in value.items() if name in fields})

    return build
