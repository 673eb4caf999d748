"""The case model: the example loads to exactly what it says, YAML and JSON agree, and
every shape problem comes back as ``file:line: field: message``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from compose_helpers import EXAMPLE, example_data

from orderdraft.case import (
    Activity,
    Case,
    Child,
    Court,
    Hearing,
    Order,
    Party,
    UpdatedSection7,
    case_from_data,
    load_case,
)
from orderdraft.errors import InputErrors


def write(tmp_path: Path, data: Any, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data, indent=2, default=str), "utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_case(path)
    return [e.format_message().replace(str(path.parent) + "/", "") for e in info.value.errors]


def test_the_example_loads_to_exactly_what_it_says() -> None:
    case = load_case(EXAMPLE)
    assert case.court == Court("Family Court sitting at Nottingham", "england")
    assert case.case_number == "NG26P01234"
    assert case.judge == "HH Judge Watson"
    assert case.hearing == Hearing(
        dt.date(2026, 11, 23), "dispute resolution appointment",
        ("the applicant father in person", "the respondent mother, represented by Ms A Counsel",
         "Ms B Officer, Family Court Adviser, Cafcass"))
    assert case.order == Order("case_management")
    assert [(p.id, p.role, p.name, p.sex) for p in case.parties] == [
        ("father", "applicant", "John Smith", "male"),
        ("mother", "respondent", "Mary Smith", "female"),
    ]
    assert case.children == (Child("Amy Smith", dt.date(2019, 4, 2), "female"),)
    assert case.activities == (
        Activity("dvpp", "father", mechanism="direction", referrer="cafcass",
                 provider="Example DVPP Provider (Nottingham)", refer_by=dt.date(2026, 12, 7),
                 midway_report=True, updated_section7=UpdatedSection7(risk_assessment=True),
                 list_on_completion=True, sessions=28, frequency="weekly"),
    )
    assert case.local_authority is None
    assert case.suppress == ()
    assert case.path == str(EXAMPLE)


def test_derived_views() -> None:
    case = load_case(EXAMPLE)
    act = case.activities[0]
    assert case.order_date == dt.date(2026, 11, 23)
    assert case.party("mother").name == "Mary Smith"
    assert case.referrer(act) == "cafcass"
    assert case.referrer_name(act) == "Cafcass"
    assert case.dvpps == [(0, act)]
    lines = ["", *EXAMPLE.read_text("utf-8").splitlines()]
    assert lines[case.line("activities", 0, "refer_by") or 0] == "    refer_by: 2026-12-07"
    assert lines[case.line("parties", 1) or 0] == "  - id: mother"
    assert case.order.disposes is False
    assert case.order.has_warning_notice is False


def test_yaml_and_json_case_files_are_equivalent(tmp_path: Path) -> None:
    from_yaml = load_case(EXAMPLE)
    from_json = load_case(write(tmp_path, example_data(), "case.json"))
    assert from_json == from_yaml
    assert from_json.path.endswith("case.json")


def test_json_errors_have_lines_too(tmp_path: Path) -> None:
    data = example_data()
    data["activities"][0]["refer_by"] = "07/12/2026"
    data["parties"][0]["sx"] = "male"
    path = write(tmp_path, data, "case.json")
    lines = path.read_text().splitlines()
    found = problems(path)
    assert found == [
        f"case.json:{_line(lines, 'sx')}: parties[0].sx: unknown key — did you mean 'sex'?",
        f"case.json:{_line(lines, 'refer_by')}: activities[0].refer_by: is not a date in the "
        "form YYYY-MM-DD (for example 2026-11-23); it looks like day/month/year",
    ]


def _line(lines: list[str], key: str) -> int:
    return next(n for n, text in enumerate(lines, 1) if f'"{key}":' in text)


# Lines are those of the YAML that ``write`` produces for the edited example (safe_dump,
# keys in the example's order): parties start on line 15, activities on line 32.
@pytest.mark.parametrize(
    ("edit", "messages"),
    [
        (lambda d: d["parties"][1].update(id="father"),
         ["case.yaml:22: parties[1].id: parties[0] already uses this id"]),
        (lambda d: d["activities"][0].update(party="fathr"),
         ["case.yaml:34: activities[0].party: no party has this id — did you mean 'father'?"]),
        (lambda d: d["activities"][0].update(party="grandad"),
         ["case.yaml:34: activities[0].party: no party has this id"]),
        (lambda d: d.update(parties=[]),
         ["case.yaml:15: parties: list at least one party"]),
        (lambda d: d.update(children=[]),
         ["case.yaml:28: children: list at least one child"]),
        (lambda d: d.update(suppress=[{"rule": "OD203", "reason": "  "}]),
         ["case.yaml:47: suppress[0].reason: give a reason"]),
        (lambda d: d["activities"][0].update(kind="dvp"),
         ["case.yaml:33: activities[0].kind: is not one of: miam, spip, dvpp, "
          "commissioned_contact, contact_centre — did you mean 'dvpp'?"]),
        (lambda d: d["order"].update(kind="finall"),
         ["case.yaml:14: order.kind: is not one of: case_management, interim, final — did you "
          "mean 'final'?"]),
        (lambda d: d["children"][0].update(date_of_birth="2019-02-29"),
         ["case.yaml:30: children[0].date_of_birth: is not a real date (check the month and "
          "the day)"]),
        (lambda d: d["court"].pop("country"),
         ["case.yaml:1: court: missing required key 'country'"]),
        (lambda d: d.update(cort=d.pop("court")),
         # one problem, not also "missing required key 'court'"
         ["case.yaml:42: cort: unknown key — did you mean 'court'?"]),
        (lambda d: d["activities"][0].update(refer_by="2026-12-07T09:00", sessions="28"),
         ["case.yaml:38: activities[0].refer_by: is not a date in the form YYYY-MM-DD (for "
          "example 2026-11-23); leave out the time",
          "case.yaml:43: activities[0].sessions: expected a whole number, got text"]),
    ],
)
def test_shape_problems(tmp_path: Path, edit: Any, messages: list[str]) -> None:
    data = example_data()
    edit(data)
    assert problems(write(tmp_path, data)) == messages


def test_missing_top_level_keys_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("court: {name: X, country: england}\n", "utf-8")
    assert problems(path) == [
        "case.yaml:1: missing required key 'case_number'",
        "case.yaml:1: missing required key 'judge'",
        "case.yaml:1: missing required key 'hearing'",
        "case.yaml:1: missing required key 'order'",
        "case.yaml:1: missing required key 'parties'",
        "case.yaml:1: missing required key 'children'",
    ]


def test_a_bad_party_is_not_also_reported_as_missing(tmp_path: Path) -> None:
    data = example_data()
    data["parties"][0]["sex"] = "mal"
    assert problems(write(tmp_path, data)) == [
        "case.yaml:19: parties[0].sex: is not one of: male, female, other — did you mean 'male'?"
    ]


def test_case_number_written_as_a_number_keeps_its_digits(tmp_path: Path) -> None:
    text = EXAMPLE.read_text("utf-8").replace("case_number: NG26P01234", "case_number: 012345")
    path = tmp_path / "case.yaml"
    path.write_text(text, "utf-8")
    assert load_case(path).case_number == "012345"


@pytest.mark.parametrize(
    ("local_authority", "referrer", "expected", "name"),
    [
        (None, None, "cafcass", "Cafcass"),
        ({"name": "Derby City Council"}, None, "local_authority", "Derby City Council"),
        ({"name": "Derby City Council", "holds_section7_report": False}, None, "cafcass",
         "Cafcass"),
        ({"name": "Derby City Council"}, "cafcass", "cafcass", "Cafcass"),
        (None, "local_authority", "local_authority", "the local authority"),
    ],
)
def test_who_refers(local_authority: Any, referrer: Any, expected: str, name: str) -> None:
    data = example_data()
    data["activities"][0].pop("referrer")
    if referrer:
        data["activities"][0]["referrer"] = referrer
    if local_authority:
        data["local_authority"] = local_authority
    case = case_from_data(data)
    assert case.referrer(case.activities[0]) == expected
    assert case.referrer_name(case.activities[0]) == name


@pytest.mark.parametrize(
    ("order", "disposes", "warning"),
    [
        ({"kind": "final"}, True, False),
        ({"kind": "final", "finally_disposes": False}, False, False),
        ({"kind": "interim", "child_arrangements": True}, False, True),
        ({"kind": "final", "child_arrangements": True, "warning_notice": False}, True, False),
        ({"kind": "case_management", "warning_notice": True}, False, True),
    ],
)
def test_order_defaults(order: dict[str, Any], disposes: bool, warning: bool) -> None:
    data = example_data()
    data["order"] = order
    case = case_from_data(data)
    assert case.order.disposes is disposes
    assert case.order.has_warning_notice is warning


def test_order_date_defaults_to_the_hearing() -> None:
    data = example_data()
    data["order"]["date"] = "2026-11-24"
    assert case_from_data(data).order_date == dt.date(2026, 11, 24)


def test_case_from_data_names_fields_without_lines() -> None:
    data = example_data()
    data["hearing"]["date"] = "tomorrow"
    with pytest.raises(InputErrors) as info:
        case_from_data(data, name="api")
    assert info.value.format_message() == (
        "api: hearing.date: is not a date in the form YYYY-MM-DD (for example 2026-11-23)"
    )
    assert case_from_data(example_data()).path == "<case>"
    assert case_from_data(example_data()).line("judge") is None


def test_party_defaults() -> None:
    party = load_case(EXAMPLE).party("father")
    assert party == Party("father", "applicant", "John Smith", "male", "england",
                          relationship="father")
    assert party.parent_of_child_concerned is True
    assert party.language.sufficient_english_for_group_work is True
    assert isinstance(load_case(EXAMPLE), Case)
