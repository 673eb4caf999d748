"""The one shape every check produces, whether it read a case file or a foreign DOCX.

A finding is a frozen record so formatters, baselines and suppressions can hash and
compare findings without worrying that an earlier stage will change them underneath.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """Ordered so ``--fail-on`` is a plain comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; use error, warning or info") from None


@dataclass(frozen=True)
class Location:
    """Where in the input the problem is: a line for case files, a paragraph for documents.

    ``field`` is the dotted path in the case file (``activities[0].refer_by``); ``paragraph``
    is the 1-based paragraph number in a DOCX/PDF's extracted text; ``snippet`` quotes the
    offending words so a reader of a foreign document can find them.
    """

    line: int | None = None
    column: int | None = None
    field: str | None = None
    paragraph: int | None = None
    page: int | None = None
    snippet: str | None = None
    # The activity a finding is about when its field lies elsewhere (the party's sex for
    # OD303), so a suppression scoped to that activity still reaches it.
    activity: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Finding:
    rule: str
    slug: str
    severity: Severity
    message: str
    citation: str
    fix: str
    path: str
    location: Location = field(default_factory=Location)
    suppressed: bool = False
    suppression_reason: str | None = None
    # The words the finding's fingerprint is worked out from, when they are no longer in it
    # (redaction drops the snippet and replaces names). Never printed.
    anchor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "slug": self.slug,
            "severity": self.severity.label,
            "message": self.message,
            "citation": self.citation,
            "fix": self.fix,
            "path": self.path,
            "location": self.location.to_dict(),
        }
        if self.suppressed:
            data["suppressed"] = True
            data["suppression_reason"] = self.suppression_reason
        return data

    def where(self) -> str:
        """``file:line`` or ``file:¶n`` — the prefix every human message starts with."""
        loc = self.location
        if loc.line is not None:
            return f"{self.path}:{loc.line}"
        if loc.paragraph is not None:
            return f"{self.path}:¶{loc.paragraph}"
        if loc.page is not None:
            return f"{self.path}:p{loc.page}"
        return self.path
