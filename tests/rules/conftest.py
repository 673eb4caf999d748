"""Builders for the rule tests: a valid base case changed by dotted paths, and text docs.

Cases are dumped to YAML and loaded back through the real loader so every finding's
``line`` can be checked against the line a person would see in the file.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from orderdraft.case import Case, case_from_data
from orderdraft.findings import Finding
from orderdraft.providers import ProviderDirectory, example_providers_path, load_providers
from orderdraft.rules.registry import Context, Text
from orderdraft.schema import build
from orderdraft.source import loads
from orderdraft.validate import Selection, check_case, check_text

DELETE = object()

BASE: dict[str, Any] = {
    "court": {"name": "Family Court sitting at Nottingham", "country": "england"},
    "case_number": "NG26P01234",
    "judge": "HH Judge Watson",
    "hearing": {"date": "2026-11-23", "type": "dispute resolution appointment"},
    "order": {"kind": "case_management"},
    "parties": [
        {"id": "father", "role": "applicant", "name": "John Smith", "sex": "male",
         "lives_in": "england", "relationship": "father"},
        {"id": "mother", "role": "respondent", "name": "Mary Smith", "sex": "female",
         "lives_in": "england", "relationship": "mother"},
    ],
    "children": [{"name": "Amy Smith", "date_of_birth": "2019-04-02"}],
    "activities": [
        {"kind": "dvpp", "party": "father", "referrer": "cafcass",
         "provider": "Example DVPP Provider (Nottingham)", "refer_by": "2026-12-07"},
    ],
}

_STEP = re.compile(r"([^.\[]+)|\[(\d+)\]")


def _path(dotted: str) -> list[str | int]:
    return [int(i) if i else k for k, i in _STEP.findall(dotted)]


def apply(data: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Copy ``data`` with each dotted path ('parties[0].lives_in') set, or DELETEd."""
    out = copy.deepcopy(data)
    for dotted, value in changes.items():
        *parents, last = _path(dotted)
        node: Any = out
        for step in parents:
            if isinstance(step, str) and step not in node:
                node[step] = {}
            node = node[step]
        if value is DELETE:
            del node[last]
        elif isinstance(last, int) and last == len(node):
            node.append(value)
        else:
            node[last] = value
    return out


@dataclass(frozen=True)
class Built:
    case: Case
    yaml: str

    def line(self, needle: str, nth: int = 1) -> int:
        """The 1-based line of the ``nth`` line of the YAML containing ``needle``."""
        hits = [n for n, text in enumerate(self.yaml.splitlines(), 1) if needle in text]
        return hits[nth - 1]


def build_case(changes: Mapping[str, Any] | None = None) -> Built:
    data = apply(BASE, changes or {})
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    loaded = loads(text, "case.yaml")
    case = build(Case, loaded)
    object.__setattr__(case, "_source", loaded)
    return Built(case, text)


@pytest.fixture
def make_case() -> Callable[..., Built]:
    return build_case


@pytest.fixture
def delete() -> object:
    """Pass as a value in ``make_case`` changes to remove that key."""
    return DELETE


@pytest.fixture
def case_from_dict() -> Callable[[Mapping[str, Any]], Case]:
    """Build a case straight from a dict (no lines), as the Python API does."""
    return lambda changes: case_from_data(apply(BASE, changes))


@pytest.fixture(scope="session")
def directory() -> ProviderDirectory:
    return load_providers(example_providers_path())


@pytest.fixture
def ctx(directory: ProviderDirectory) -> Context:
    return Context(providers=directory)


@pytest.fixture
def run_case(ctx: Context) -> Callable[..., list[Finding]]:
    def run(case: Case | Built, code: str, context: Context | None = None) -> list[Finding]:
        c = case.case if isinstance(case, Built) else case
        return check_case(c, context or ctx, Selection(select=(code,)))
    return run


@pytest.fixture
def run_text(ctx: Context) -> Callable[..., list[Finding]]:
    def run(paragraphs: list[str] | tuple[str, ...], code: str,
            context: Context | None = None) -> list[Finding]:
        return check_text(Text("order.docx", tuple(paragraphs)), context or ctx,
                          Selection(select=(code,)))
    return run


# A hand-written Cafcass-style DVPP direction order that is clean under every rule.
CLEAN_ORDER = (
    "IN THE FAMILY COURT SITTING AT NOTTINGHAM",
    "CASE MANAGEMENT ORDER",
    "Upon the dispute resolution appointment on 23 November 2026 before HH Judge Watson.",
    "1. John Smith must attend a Domestic Violence Perpetrator Programme including an initial "
    "assessment on dates to be provided by Cafcass and if deemed suitable on the dates "
    "confirmed by the provider.",
    "2. Cafcass must by 7 December 2026 refer John Smith for a suitability assessment to "
    "attend a DVPP.",
    "3. If John Smith is assessed by the provider as suitable to attend the programme, Cafcass "
    "will prepare a report on John Smith’s progress midway through the programme. Cafcass to "
    "file a copy of the report with the court and serve a copy of the report on both parties.",
    "Dated 23 November 2026",
)


@pytest.fixture
def clean_order() -> tuple[str, ...]:
    return CLEAN_ORDER
