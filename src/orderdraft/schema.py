"""Turn loaded YAML/JSON into frozen dataclasses, collecting every error with its line.

Case files, clause libraries, provider directories, house rules and config all go through
this one checker, so they share behaviour users can rely on: unknown keys are errors with a
"did you mean" hint, missing keys are named, wrong types say what was expected, dates must
be ``YYYY-MM-DD`` and real, and all problems in a file are reported in one pass.

Field docs live in ``field(metadata={"doc": ...})`` so the schema reference in
``docs/`` is generated from the same source the checker uses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, TypeVar, get_args, get_origin

from .errors import InputError, InputErrors
from .source import Loaded, PathKey, format_path

T = TypeVar("T")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Characters XML 1.0 cannot hold (lone surrogates arrive via "\ud800" escapes and would
# crash the UTF-8 encoder deep inside rendering, far from the field that caused them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_TEXT = 2000
MIN_YEAR, MAX_YEAR = 1900, 2199


def did_you_mean(word: str, options: typing.Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" — did you mean {matches[0]!r}?" if matches else ""


@functools.cache
def _shape(cls: type[Any]) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """A record class's resolved type hints and fields, worked out once per class:
    ``get_type_hints`` re-evaluates every string annotation on each call, which made it most
    of the cost of re-reading a composed order's embedded case."""
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


class _Checker:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.errors: list[InputError] = []

    def fail(self, key: PathKey, message: str) -> None:
        self.errors.append(
            InputError(
                message,
                path=self.loaded.path,
                line=self.loaded.line_of(key),
                field=format_path(key) or None,
            )
        )

    def convert(self, tp: Any, value: Any, key: PathKey) -> Any:
        origin = get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if value is None:
                return None
            return self.convert(args[0], value, key)
        if origin is Literal:
            allowed = [str(a) for a in get_args(tp)]
            if not isinstance(value, str) or value not in allowed:
                hint = did_you_mean(str(value), allowed) if isinstance(value, str) else ""
                self.fail(key, f"is not one of: {', '.join(allowed)}{hint}")
                return _MISSING
            return value
        if origin in (tuple, list):
            (item_tp, *_) = get_args(tp)
            if not isinstance(value, list):
                self.fail(key, f"expected a list, got {_describe(value)}")
                return _MISSING
            items = [self.convert(item_tp, v, (*key, i)) for i, v in enumerate(value)]
            # A bad item makes the whole list bad: dropping it would let the parent's
            # cross-field checks report phantom errors (a party "missing" because its name
            # had a typo).
            if any(i is _MISSING for i in items):
                return _MISSING
            return tuple(items)
        if origin is dict:
            _, val_tp = get_args(tp)
            if not isinstance(value, dict):
                self.fail(key, f"expected a mapping of names to values, got {_describe(value)}")
                return _MISSING
            out = {}
            for k, v in value.items():
                out[str(k)] = self.convert(val_tp, v, (*key, k))
            if any(v is _MISSING for v in out.values()):
                return _MISSING
            return types.MappingProxyType(out)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            return self.record(tp, value, key)
        if tp is bool:
            if not isinstance(value, bool):
                self.fail(key, f"expected true or false, got {_describe(value)}")
                return _MISSING
            return value
        if tp is int:
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(key, f"expected a whole number, got {_describe(value)}")
                return _MISSING
            return value
        if tp is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.fail(key, f"expected a number, got {_describe(value)}")
                return _MISSING
            return float(value)
        if tp is str:
            if isinstance(value, bool) or value is None or isinstance(value, dict | list):
                self.fail(key, f"expected text, got {_describe(value)}")
                return _MISSING
            try:
                text = str(value)
            except ValueError:  # an int past Python's 4,300-digit conversion limit
                self.fail(key, "expected text, got a number too long to read")
                return _MISSING
            if isinstance(value, int | float):  # as written: 0123 is not the number 83
                text = self.loaded.raw.get(key, text)
            bad = _CONTROL.search(text)
            if bad:
                self.fail(
                    key,
                    f"contains a control character (U+{ord(bad.group()):04X}) that a Word "
                    "document cannot hold; remove it",
                )
                return _MISSING
            if len(text) > MAX_TEXT:
                self.fail(key, f"is {len(text):,} characters long; the limit is {MAX_TEXT:,}")
                return _MISSING
            return text
        if tp is dt.date:
            return self.date(value, key)
        raise TypeError(f"schema cannot convert {tp!r}")  # programming error, not user input

    def date(self, value: Any, key: PathKey) -> Any:
        if isinstance(value, dt.date):
            return self._plausible(value.date() if isinstance(value, dt.datetime) else value, key)
        if not isinstance(value, str) or not _DATE.match(value.strip()):
            self.fail(
                key,
                "is not a date in the form YYYY-MM-DD (for example 2026-11-23)"
                + _date_hint(value),
            )
            return _MISSING
        try:
            date = dt.date.fromisoformat(value.strip())
        except ValueError:
            self.fail(key, "is not a real date (check the month and the day)")
            return _MISSING
        return self._plausible(date, key)

    def _plausible(self, date: dt.date, key: PathKey) -> Any:
        if not MIN_YEAR <= date.year <= MAX_YEAR:
            # A typo (0226, 9026) that date arithmetic downstream would overflow on.
            self.fail(key, f"is not a plausible date (the year must be {MIN_YEAR} to {MAX_YEAR})")
            return _MISSING
        return date

    def record(self, cls: type[T], value: Any, key: PathKey) -> Any:
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping with keys, got {_describe(value)}")
            return _MISSING
        hints, fields = _shape(typing.cast(Any, cls))
        kwargs: dict[str, Any] = {}
        ok = True
        suggested: set[str] = set()
        for name in value:
            if name not in fields or name.startswith("_"):
                public = [n for n in fields if not n.startswith("_")]  # never suggest _source
                close = difflib.get_close_matches(str(name), public, n=1, cutoff=0.6)
                suggested.update(close)
                self.fail((*key, name), f"unknown key{did_you_mean(str(name), public)}")
                ok = False
        for name, f in fields.items():
            if name.startswith("_"):
                continue
            if name not in value:
                no_default = (
                    f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                )
                if no_default and name not in suggested:  # a typo is one problem, not two
                    self.fail(key, f"missing required key {name!r}")
                    ok = False
                continue
            conv = self.convert(hints[name], value[name], (*key, name))
            if conv is _MISSING:
                ok = False
            else:
                kwargs[name] = conv
        if not ok:
            return _MISSING
        post: Callable[..., Any] | None = getattr(cls, "__checked__", None)
        try:
            obj = cls(**kwargs)
            if post:
                post(obj)
        except SchemaValueError as exc:
            self.fail((*key, *exc.key), exc.message)
            return _MISSING
        return obj


class SchemaValueError(ValueError):
    """Raised from a record's ``__checked__`` hook for a cross-field problem."""

    def __init__(self, key: PathKey, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


class _Missing:
    pass


_MISSING: Any = _Missing()


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    return "text"


# Messages describe a bad value's shape, never quote it: the value may be a child's name
# or date of birth, and error output ends up in logs and CI (see docs/privacy.md).
_DAY_FIRST = re.compile(r"^\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*$")
_WITH_TIME = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[T ]")


def _date_hint(value: Any) -> str:
    if isinstance(value, str) and _DAY_FIRST.match(value):
        return "; it looks like day/month/year"
    if isinstance(value, str) and _WITH_TIME.match(value):
        return "; leave out the time"
    return ""


def build(cls: type[T], loaded: Loaded, key: PathKey = ()) -> T:
    """Build ``cls`` from ``loaded.data``; raise every problem at once as ``InputErrors``."""
    checker = _Checker(loaded)
    data = loaded.data
    for part in key:
        data = data[part]
    obj = checker.record(cls, data, key)
    if checker.errors:
        raise InputErrors(checker.errors)
    return typing.cast(T, obj)


def field_doc(cls: type[Any]) -> list[tuple[str, str, str, bool]]:
    """(name, type, doc, required) per field — for generated schema docs."""
    hints = typing.get_type_hints(cls)
    rows = []
    for f in dataclasses.fields(cls):
        if f.name.startswith("_"):
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        rows.append((f.name, _type_name(hints[f.name]), f.metadata.get("doc", ""), required))
    return rows


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in get_args(tp) if a is not type(None))
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in get_args(tp))
    if origin in (tuple, list):
        return f"list of {_type_name(get_args(tp)[0])}"
    if origin is dict:
        return f"mapping of name to {_type_name(get_args(tp)[1])}"
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return tp.__name__
    return {str: "text", int: "whole number", float: "number", bool: "true/false",
            dt.date: "date (YYYY-MM-DD)"}.get(tp, getattr(tp, "__name__", str(tp)))
