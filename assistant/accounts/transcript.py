"""Results as stored in a saved conversation: typed records to JSON and back, losslessly.

A saved answer must render after a reload exactly as it did when it was given: text, citations
with their highlighted quotes, facts tables, warnings, timings. ``encode`` writes a result's
dataclass fields as JSON with the record's name; ``decode`` rebuilds it, reading every field's
declared type (nested records, tuples, optionals, dicts), so no ``pickle`` and no hand-written
per-type code. Bulky parts nothing renders (an answer's raw retrieval hits, a retrieval's
question analysis) are dropped.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from assistant.retrieval.retriever import Retrieval
from core.types import Answer, Draft, Summary

Result = Answer | Draft | Summary | Retrieval
"""What an assistant message of a conversation carries."""

RECORDS: dict[str, type[Any]] = {cls.__name__: cls for cls in (Answer, Draft, Summary, Retrieval)}
"""The result types a conversation stores, by name."""
_DROPPED: dict[str, dict[str, Any]] = {"Answer": {"hits": ()}, "Retrieval": {"info": None}}
"""Fields not stored, with the value they come back as."""


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def encode(result: Result) -> str:
    """``result`` as a JSON string (see ``decode``)."""
    name = type(result).__name__
    if name not in RECORDS:
        raise TypeError(f"not a storable result: {name}")
    result = dataclasses.replace(result, **_DROPPED.get(name, {}))
    return json.dumps({"type": name, "value": _plain(result)}, ensure_ascii=False)


def decode(text: str) -> Result:
    """The result ``encode`` wrote.

    >>> from core.types import Citation
    >>> a = Answer("共9个问题[1]。", False, "extractive", (Citation(1, "n", "某局", "通报", "a.txt", "共9个问题", quote="9"),))
    >>> decode(encode(a)) == a
    True
    """
    data = json.loads(text)
    cls = RECORDS.get(data.get("type", ""))
    if cls is None:
        raise ValueError(f"unknown result type {data.get('type')!r}")
    value: Result = _build(cls, data["value"])
    return value


def _build(tp: Any, value: Any) -> Any:
    """``value`` (plain JSON) as an instance of the type ``tp``."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return _build(option, value)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"{value!r} fits none of {tp}")
    if origin is Literal:
        if value not in get_args(tp):
            raise ValueError(f"{value!r} is not one of {get_args(tp)}")
        return value
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in value)
        return tuple(_build(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        _, value_type = get_args(tp)
        if not isinstance(value, dict):
            raise TypeError(f"expected an object, got {value!r}")
        return {k: _build(value_type, v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {tp.__name__}, got {value!r}")
        hints = get_type_hints(tp)
        kwargs = {
            f.name: _build(hints[f.name], value[f.name]) for f in dataclasses.fields(tp) if f.name in value
        }
        return tp(**kwargs)
    if tp is Any or tp is typing.Any:
        return value
    if tp is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(tp, type) and isinstance(value, tp):
        return value
    raise TypeError(f"expected {tp}, got {value!r}")
