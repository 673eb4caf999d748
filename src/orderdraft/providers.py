"""The approved DVPP provider directory: who may be named, where, and who offers 1-1 work.

Cafcass funds a court-ordered DVPP only with a provider on its published list, and only
some listed providers are accredited for one-to-one work; rules OD301 and OD305 need that
list. The real list lives on the Cafcass website and changes, so it is never built in: a
court or team keeps its own copy as a YAML file and passes it with ``--providers FILE``.
The file goes through the same checker as case files, so a typo in a key or an unknown
accreditation is an error naming its line rather than a provider silently ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import source
from .resources import data_dir
from .schema import SchemaValueError, build

Accreditation = Literal["Respect", "Probation"]


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """The form names are compared in: case, spacing and curly apostrophes do not count."""
    return _SPACES.sub(" ", name.replace("\u2019", "'")).strip().casefold()


@dataclass(frozen=True)
class Provider:
    name: str = field(metadata=_doc(
        "The provider's name exactly as the case file and the order give it."))
    accreditation: Accreditation = field(metadata=_doc(
        "Respect (voluntary-sector providers) or Probation (National Probation Service / "
        "Community Rehabilitation Company programmes)."))
    areas: tuple[str, ...] = field(metadata=_doc(
        "The areas the provider covers, e.g. 'Nottingham'."))
    venues: tuple[str, ...] = field(default=(), metadata=_doc("Where sessions are delivered."))
    days: tuple[str, ...] = field(default=(), metadata=_doc(
        "Days and times of delivery agreed with the local Cafcass service managers."))
    one_to_one: bool = field(default=False, metadata=_doc(
        "The provider is accredited to deliver the programme one-to-one as well as in groups."))

    def __checked__(self) -> None:
        if not self.name.strip():
            raise SchemaValueError(("name",), "give the provider's name")
        if not self.areas:
            raise SchemaValueError(("areas",), "list at least one area the provider covers")


@dataclass(frozen=True)
class ProviderDirectory:
    description: str = field(metadata=_doc(
        "What this list is and when it was copied from the Cafcass website."))
    providers: tuple[Provider, ...] = field(metadata=_doc("The approved providers."))
    _source: source.Loaded | None = field(default=None, compare=False, repr=False)

    def __checked__(self) -> None:
        seen: set[str] = set()
        for i, p in enumerate(self.providers):
            key = normalise_name(p.name)
            if key in seen:
                raise SchemaValueError(("providers", i, "name"),
                                       f"provider {p.name!r} is listed twice")
            seen.add(key)

    @property
    def path(self) -> str:
        return self._source.path if self._source else "<providers>"

    def get(self, name: str) -> Provider | None:
        """The listed provider called ``name``; spacing, case and apostrophes are ignored."""
        key = normalise_name(name)
        return next((p for p in self.providers if normalise_name(p.name) == key), None)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None


def load_providers(path: str | Path) -> ProviderDirectory:
    """Load and check a provider directory; raises ``InputErrors`` naming file:line."""
    loaded = source.load(Path(path))
    directory = build(ProviderDirectory, loaded)
    object.__setattr__(directory, "_source", loaded)
    return directory


def example_providers_path() -> Path:
    """The shipped, clearly fictional directory used by the docs, tests and corpus."""
    return data_dir("examples") / "providers.yaml"
