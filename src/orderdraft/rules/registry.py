"""One registry of rules; each rule has a stable code, and may check a case and/or text.

A rule is data (code, slug, severity, citation, fix, docs) plus up to two checks: one on
the typed ``Case`` (exact) and one on a document's extracted text (heuristic). Both
return ``Hit``s; the engine turns them into ``Finding``s so the shape is always the same.
Codes are never reused: a retired rule stays in the registry with ``retired=True``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..case import Case
from ..findings import Location, Severity

CODE = re.compile(r"^OD\d{3}$")


@dataclass(frozen=True)
class Hit:
    """A rule firing: what is wrong here, and where. Severity may be lowered per hit."""

    message: str
    location: Location = field(default_factory=Location)
    severity: Severity | None = None
    fix: str | None = None


@dataclass(frozen=True)
class Context:
    """What rules may consult beyond the input: provider directory, config, today."""

    providers: Any = None
    today: dt.date | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


CaseCheck = Callable[[Case, Context], Iterable[Hit]]
TextCheck = Callable[["Text", Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    severity: Severity
    summary: str
    citation: str
    fix: str
    why: str
    source: str  # the exact sentence(s) or section that support the rule
    check_case: CaseCheck | None = None
    check_text: TextCheck | None = None
    text_heuristic: str = ""  # how the text check decides, for the docs
    retired: bool = False
    # Context the rule cannot run without (e.g. "providers"): without it the rule says
    # nothing, so a suppression of it is not "unused" (OD001) either.
    needs: tuple[str, ...] = ()

    def can_run(self, ctx: Context) -> bool:
        return all(getattr(ctx, name) is not None for name in self.needs)


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    slug: str,
    severity: Severity,
    *,
    summary: str,
    citation: str,
    fix: str,
    why: str,
    source: str,
    text_heuristic: str = "",
    needs: tuple[str, ...] = (),
) -> Callable[[type], type]:
    """Class decorator: a class with optional ``case`` and ``text`` static methods."""
    if not CODE.match(code):
        raise ValueError(f"bad rule code {code}")

    def register(cls: type) -> type:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        REGISTRY[code] = Rule(
            code, slug, severity, summary, citation, fix, why, source,
            check_case=getattr(cls, "case", None),
            check_text=getattr(cls, "text", None),
            text_heuristic=text_heuristic, needs=needs,
        )
        return cls

    return register


_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Text:
    """A document's paragraphs, normalised once for all the text rules to search."""

    path: str
    paragraphs: tuple[str, ...]
    pages: tuple[int, ...] = ()

    @property
    def lower(self) -> tuple[str, ...]:
        return _lowered(self)

    @property
    def whole(self) -> str:
        return "\n".join(self.lower)

    def find(self, pattern: re.Pattern[str]) -> Iterable[tuple[int, re.Match[str]]]:
        """(paragraph index, match) for every paragraph that matches."""
        for i, para in enumerate(self.paragraphs):
            m = pattern.search(para)
            if m:
                yield i, m

    def first(self, pattern: re.Pattern[str]) -> tuple[int, re.Match[str]] | None:
        return next(iter(self.find(pattern)), None)

    def location(self, index: int, snippet: str | None = None) -> Location:
        page = self.pages[index] if index < len(self.pages) and self.pages[index] else None
        return Location(paragraph=index + 1, page=page,
                        snippet=_clip(snippet or self.paragraphs[index]))


def _lowered(text: Text) -> tuple[str, ...]:
    return tuple(_WS.sub(" ", p).lower() for p in text.paragraphs)


def _clip(s: str, n: int = 90) -> str:
    s = _WS.sub(" ", s).strip()
    return s if len(s) <= n else s[: n - 1] + "…"
