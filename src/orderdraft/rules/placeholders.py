"""OD501: wording left unfilled — a court order must never be sealed with ``XXX`` in it."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from typing import Any

from ..case import Case
from ..findings import Location, Severity
from .registry import Context, Hit, Text, rule

_BLANKS = (
    r"\*\*|\bX{3,}\b|\bx{3,}\b|"
    r"\[\s*(?:name|date|insert|party|child|children|court|address|tbc|to be confirmed)"
    r"[^\]]{0,40}\]|"
    r"\(\s*name\s*\)|<<[^>]{0,40}>>"
)
# In a case file a value is data the user typed (a name may legitimately contain braces,
# and it is rendered literally); in a finished document ``{{ x }}`` is an unfilled tag.
CASE_PLACEHOLDER = re.compile(_BLANKS, re.IGNORECASE)
PLACEHOLDER = re.compile(_BLANKS + r"|\{\{|\}\}", re.IGNORECASE)


def _strings(value: Any, path: tuple[str | int, ...]
             ) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for name in _public_fields(type(value)):
            yield from _strings(getattr(value, name), (*path, name))


@functools.cache
def _public_fields(cls: type) -> tuple[str, ...]:
    """A record's field names, worked out once per class (``fields()`` per value was most
    of the rule's time on a re-read composed order)."""
    return tuple(f.name for f in dataclasses.fields(cls) if not f.name.startswith("_"))


def _field(path: tuple[str | int, ...]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


@rule(
    "OD501", "unfilled-placeholder", Severity.ERROR,
    summary="Unfilled placeholders such as **, XXX, xxxx or [name].",
    citation="Cafcass letter to HH Judge Watson, 23 December 2016 (its wording uses XXX, xxxx "
             "and ** as placeholders)",
    fix="Replace the placeholder with the real name or date before the order is approved.",
    why="A placeholder in a sealed order leaves a direction with no one to obey it or no date "
        "to obey it by.",
    source="The template and proposed wording quoted in docs/sources/003_551aa47b01fdfaae.txt use "
           "“**”, “XXX (name)”, “XXXX( Name)” and “xxxx date” as blanks to fill in.",
    text_heuristic="Any paragraph containing **, XXX/xxxx, [name]/[date]/[insert …], (name), "
                   "{{ or }}, or <<…>>.",
)
class UnfilledPlaceholder:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for path, value in _strings(case, ()):
            m = CASE_PLACEHOLDER.search(value)
            if m:
                yield Hit(f"{m.group()!r} looks like a placeholder that was never filled in",
                          Location(line=case.line(*path), field=_field(path)))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        for i, m in doc.find(PLACEHOLDER):
            yield Hit(f"{m.group()!r} looks like a placeholder that was never filled in",
                      doc.location(i))
