"""The clause model: one piece of order wording with its variables, authority and status.

Wording is data, not code: ``text`` is a Jinja template restricted to variables (the
sandboxed environment in ``render.jinja`` enforces that), and every variable is declared
with a type so a case value of the wrong kind is caught before rendering.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .case import doc

Status = Literal["recommended", "legacy", "non_compliant"]
Section = Literal["heading", "recital", "direction", "condition", "notice", "closing"]
VarType = Literal["name", "text", "date", "court", "referrer", "list", "flag"]
CitationKind = Literal["statute", "practice_direction", "source", "case_law"]


@dataclass(frozen=True)
class Variable:
    type: VarType = field(metadata=doc("name, text, date, court, referrer, list or flag."))
    description: str = field(metadata=doc("What the variable holds, for drafting notes."))


@dataclass(frozen=True)
class Citation:
    kind: CitationKind = field(metadata=doc("statute, practice_direction, source or case_law."))
    ref: str = field(metadata=doc("e.g. 'Children Act 1989 s11A' or 'PD12J para 34'."))
    version: str | None = field(default=None, metadata=doc(
        "The version of the instrument cited, e.g. which PD12J."))
    document: str | None = field(default=None, metadata=doc(
        "The source document's title, for kind: source."))
    seed: str | None = field(default=None, metadata=doc(
        "The file under docs/sources/ the wording is quoted from."))

    def render(self) -> str:
        out = self.ref
        if self.version:
            out += f" ({self.version})"
        if self.document:
            out += f" — {self.document}"
        return out


@dataclass(frozen=True)
class Clause:
    id: str = field(metadata=doc("Dotted, stable id, e.g. 'dvpp.proposed.refer'."))
    title: str = field(metadata=doc("Short title."))
    section: Section = field(metadata=doc("Where the clause goes in the order."))
    status: Status = field(metadata=doc("recommended, legacy or non_compliant."))
    version: int = field(metadata=doc("Bumped whenever the wording changes."))
    effective_from: dt.date = field(metadata=doc("From when the wording applies."))
    text: str = field(metadata=doc("The wording: Jinja, variables only."))
    citations: tuple[Citation, ...] = field(metadata=doc("Statute, practice direction and source."))
    variables: dict[str, Variable] = field(default_factory=dict, metadata=doc(
        "Every variable the text uses, with its type."))
    effective_to: dt.date | None = field(default=None, metadata=doc(
        "Until when the wording applied."))
    optional: bool = field(default=False, metadata=doc("Included only when the case asks for it."))
    requires: tuple[str, ...] = field(default=(), metadata=doc(
        "Clause ids that must be in the same order."))
    excludes: tuple[str, ...] = field(default=(), metadata=doc(
        "Clause ids that must not be in the same order."))
    quote: str | None = field(default=None, metadata=doc(
        "The exact source wording this clause reproduces (placeholders included), checked against"
        " the seed."))
    drafting_note: str | None = field(default=None, metadata=doc("Guidance for the legal adviser."))
    applies_to: tuple[str, ...] = field(default=(), metadata=doc(
        "Activity kinds the clause is for (miam, spip, dvpp, ...)."))

    @property
    def citation_text(self) -> str:
        return "; ".join(c.render() for c in self.citations)


@dataclass(frozen=True)
class LibraryFile:
    """The top level of a ``clauses/*.yaml`` file."""

    library: str = field(metadata=doc("The library's name."))
    description: str = field(metadata=doc("What the library holds."))
    clauses: tuple[Clause, ...] = field(metadata=doc("The clauses."))
