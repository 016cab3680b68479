"""Records to JSON and back, guided by the dataclasses' own type hints.

Derived results (enrichments, events, timelines…) are stored as JSON payloads, so
adding a field to a record needs no schema migration; decoding ignores unknown
keys and fills missing ones with the field's default.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, TypeVar, Union

T = TypeVar("T")


def encode(record: Any) -> str:
    """A record (or list of records) as compact JSON."""
    return json.dumps(_plain(record), ensure_ascii=False, separators=(",", ":"))


def decode(cls: type[T], text: str | bytes) -> T:
    """The record of type ``cls`` that ``encode`` wrote."""
    if cls is dict:
        return typing.cast(T, json.loads(text))  # plain JSON: nothing to build
    return typing.cast(T, _build(cls, json.loads(text)))


def decode_list(cls: type[T], text: str | bytes) -> list[T]:
    """A list of records of type ``cls``."""
    return [typing.cast(T, _build(cls, item)) for item in json.loads(text)]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(kind: Any, value: Any) -> Any:
    """Rebuild ``value`` (plain JSON) as the type ``kind`` says."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _build(options[0], value) if len(options) == 1 else value
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _build_record(kind, value)
    if origin is list:
        (item,) = typing.get_args(kind) or (Any,)
        return [_build(item, element) for element in value]
    if origin is tuple:
        items = typing.get_args(kind)
        return tuple(_build(items[min(i, len(items) - 1)], v) for i, v in enumerate(value))
    return value


def _build_record(cls: type, value: dict[str, Any]) -> Any:
    hints = _hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{name: _build(hints[name], item) for name, item in value.items() if name in known})
