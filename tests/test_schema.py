"""The typed checker every input goes through: unknown and missing keys, wrong types and
dates, all reported in one pass as ``file:line: field: message``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest

from orderdraft import source
from orderdraft.errors import InputErrors
from orderdraft.schema import MAX_TEXT, SchemaValueError, build, did_you_mean, field_doc


@dataclass(frozen=True)
class Pet:
    name: str = field(metadata={"doc": "The pet's name."})
    born: dt.date | None = None


@dataclass(frozen=True)
class Owner:
    name: str = field(metadata={"doc": "Full name."})
    kind: Literal["person", "company"]
    born: dt.date
    age: int | None = None
    height: float | None = None
    active: bool = True
    tags: tuple[str, ...] = ()
    pets: tuple[Pet, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)
    _source: object = field(default=None, compare=False)

    def __checked__(self) -> None:
        names = [p.name for p in self.pets]
        for i, n in enumerate(names):
            if n in names[:i]:
                raise SchemaValueError(("pets", i, "name"), "this pet name is used twice")


VALID = """\
name: Ann
kind: person
born: 1980-02-29
"""


def build_yaml(tmp_path: Path, text: str) -> Owner:
    path = tmp_path / "owner.yaml"
    path.write_text(text, "utf-8")
    return build(Owner, source.load(path))


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(InputErrors) as info:
        build_yaml(tmp_path, text)
    return [e.format_message().replace(str(tmp_path) + "/", "") for e in info.value.errors]


def test_valid_file_builds_a_frozen_record(tmp_path: Path) -> None:
    owner = build_yaml(tmp_path, VALID + "tags: [a, b]\npets:\n  - name: Rex\nnotes: {x: y}\n")
    assert owner == Owner("Ann", "person", dt.date(1980, 2, 29), tags=("a", "b"),
                          pets=(Pet("Rex"),), notes={"x": "y"})
    assert dict(owner.notes) == {"x": "y"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        owner.name = "Bob"  # type: ignore[misc]
    with pytest.raises(TypeError):
        owner.notes["x"] = "z"  # type: ignore[index]


def test_unknown_keys_with_and_without_a_suggestion(tmp_path: Path) -> None:
    assert problems(tmp_path, VALID + "nmae: x\nzzz: 1\n") == [
        "owner.yaml:4: nmae: unknown key — did you mean 'name'?",
        "owner.yaml:5: zzz: unknown key",
    ]


def test_private_fields_are_neither_accepted_nor_suggested(tmp_path: Path) -> None:
    assert problems(tmp_path, VALID + "_source: x\nsource: y\n") == [
        "owner.yaml:4: _source: unknown key",
        "owner.yaml:5: source: unknown key",
    ]


def test_missing_keys_are_named_at_their_parent(tmp_path: Path) -> None:
    assert problems(tmp_path, "kind: person\npets:\n  - born: 2020-01-01\n") == [
        "owner.yaml:1: missing required key 'name'",
        "owner.yaml:1: missing required key 'born'",
        "owner.yaml:3: pets[0]: missing required key 'name'",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("name: [a, b]", "owner.yaml:4: name: expected text, got a list"),
        ("name: {a: b}", "owner.yaml:4: name: expected text, got a mapping"),
        ("name: yes", "owner.yaml:4: name: expected text, got true (true/false)"),
        ("name:", "owner.yaml:4: name: expected text, got nothing (an empty value)"),
        ("kind: persn", "owner.yaml:4: kind: is not one of: person, company — did you mean "
                        "'person'?"),
        ("kind: 3", "owner.yaml:4: kind: is not one of: person, company"),
        ("age: '12'", "owner.yaml:4: age: expected a whole number, got text"),
        ("age: 1.5", "owner.yaml:4: age: expected a whole number, got a number"),
        ("age: true", "owner.yaml:4: age: expected a whole number, got true (true/false)"),
        ("height: tall", "owner.yaml:4: height: expected a number, got text"),
        ("active: 'no'", "owner.yaml:4: active: expected true or false, got text"),
        ("active: 1", "owner.yaml:4: active: expected true or false, got a number"),
        ("tags: a", "owner.yaml:4: tags: expected a list, got text"),
        ("pets: {name: Rex}", "owner.yaml:4: pets: expected a list, got a mapping"),
        ("pets: [Rex]", "owner.yaml:4: pets[0]: expected a mapping with keys, got text"),
        ("notes: [a]", "owner.yaml:4: notes: expected a mapping of names to values, got a list"),
        ("notes: {a: [b]}", "owner.yaml:4: notes.a: expected text, got a list"),
    ],
)
def test_wrong_types(tmp_path: Path, line: str, message: str) -> None:
    text = VALID.replace("name: Ann\n", "") if line.startswith("name") else VALID
    text = text.replace("kind: person\n", "") if line.startswith("kind") else text
    assert problems(tmp_path, text + line + "\n") == [message.replace(":4:", f":{_n(text)}:")]


def _n(text: str) -> int:
    return text.count("\n") + 1


def test_numbers_are_accepted_as_text_as_written(tmp_path: Path) -> None:
    text = "name: 0123\nkind: person\nborn: 2000-01-01\ntags: [1_000, 2.50]\n"
    owner = build_yaml(tmp_path, text)
    assert owner.name == "0123"
    assert owner.tags == ("1_000", "2.50")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("23/11/2026", "is not a date in the form YYYY-MM-DD (for example 2026-11-23); it "
                       "looks like day/month/year"),
        ("'2026-11-23 10:00'", "is not a date in the form YYYY-MM-DD (for example 2026-11-23); "
                               "leave out the time"),
        ("2026-11-23T10:00:00", "is not a date in the form YYYY-MM-DD (for example 2026-11-23); "
                                "leave out the time"),
        ("November 2026", "is not a date in the form YYYY-MM-DD (for example 2026-11-23)"),
        ("20261123", "is not a date in the form YYYY-MM-DD (for example 2026-11-23)"),
        ("2026-1-5", "is not a date in the form YYYY-MM-DD (for example 2026-11-23)"),
        ("[2026, 11, 23]", "is not a date in the form YYYY-MM-DD (for example 2026-11-23)"),
        ("2026-02-29", "is not a real date (check the month and the day)"),
        ("2026-13-01", "is not a real date (check the month and the day)"),
        ("'2026-04-31'", "is not a real date (check the month and the day)"),
        ("0000-01-01", "is not a real date (check the month and the day)"),
    ],
)
def test_dates(tmp_path: Path, value: str, message: str) -> None:
    assert problems(tmp_path, f"name: Ann\nkind: person\nborn: {value}\n") == [
        f"owner.yaml:3: born: {message}"
    ]


@pytest.mark.parametrize("value", ["2024-02-29", "'2024-02-29'", "\"2024-02-29\""])
def test_good_dates_plain_or_quoted(tmp_path: Path, value: str) -> None:
    owner = build_yaml(tmp_path, f"name: Ann\nkind: person\nborn: {value}\n")
    assert owner.born == dt.date(2024, 2, 29)


def test_error_messages_never_quote_the_value(tmp_path: Path) -> None:
    text = "name: [Siân Llŷr]\nkind: Siân Llŷr\nborn: Siân Llŷr\nage: Siân Llŷr\n"
    found = problems(tmp_path, text)
    assert len(found) == 4
    assert not any("Siân" in m for m in found)


def test_every_problem_in_one_pass_in_file_order(tmp_path: Path) -> None:
    text = ("name: 1980-01-01x\nkind: persn\nborn: 1980-02-30\nage: x\n"
            "pets:\n  - name: Rex\n    born: yesterday\n    colour: brown\n")
    assert problems(tmp_path, text) == [
        "owner.yaml:2: kind: is not one of: person, company — did you mean 'person'?",
        "owner.yaml:3: born: is not a real date (check the month and the day)",
        "owner.yaml:4: age: expected a whole number, got text",
        "owner.yaml:8: pets[0].colour: unknown key",
        "owner.yaml:7: pets[0].born: is not a date in the form YYYY-MM-DD (for example "
        "2026-11-23)",
    ]


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\x01", "0001"), ("\\x1b", "001B"), ("\\uFFFE", "FFFE"), ("\\uFFFF", "FFFF"),
     ("\\ud800", "D800"), ("\\udfff", "DFFF"), ("\\0", "0000")],
)
def test_characters_a_word_document_cannot_hold(tmp_path: Path, escape: str, code: str) -> None:
    assert problems(tmp_path, f'name: "Ann {escape}"\nkind: person\nborn: 2000-01-01\n') == [
        f"owner.yaml:1: name: contains a control character (U+{code}) that a Word document "
        "cannot hold; remove it"
    ]


@pytest.mark.parametrize("escape", ["\\t", "\\n", "\\u00a0", "\\u200f", "\\U0001F600"])
def test_characters_xml_can_hold_are_kept(tmp_path: Path, escape: str) -> None:
    owner = build_yaml(tmp_path, f'name: "Ann{escape}Lee"\nkind: person\nborn: 2000-01-01\n')
    decoded = escape.encode().decode("unicode_escape")
    assert owner.name == f"Ann{decoded}Lee"


def test_text_length_limit(tmp_path: Path) -> None:
    ok = build_yaml(tmp_path, f"name: {'a' * MAX_TEXT}\nkind: person\nborn: 2000-01-01\n")
    assert len(ok.name) == MAX_TEXT
    assert problems(tmp_path, f"name: {'a' * (MAX_TEXT + 1)}\nkind: person\nborn: 2000-01-01\n") \
        == [f"owner.yaml:1: name: is {MAX_TEXT + 1:,} characters long; the limit is {MAX_TEXT:,}"]


def test_a_bad_list_item_does_not_cause_phantom_cross_field_errors(tmp_path: Path) -> None:
    # Rex's birthday is wrong; the two pets named Rex must not be reported as a duplicate
    # (nor "fixed" by dropping the bad one), only the date.
    text = VALID + "pets:\n  - name: Rex\n    born: 2020-02-30\n  - name: Rex\n"
    assert problems(tmp_path, text) == [
        "owner.yaml:6: pets[0].born: is not a real date (check the month and the day)"
    ]


def test_cross_field_check_names_the_field_and_line(tmp_path: Path) -> None:
    text = VALID + "pets:\n  - name: Rex\n  - name: Max\n  - name: Rex\n"
    assert problems(tmp_path, text) == [
        "owner.yaml:7: pets[2].name: this pet name is used twice"
    ]


def test_build_from_a_key_inside_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("owner:\n  name: Ann\n  kind: company\n  born: 2000-01-01\n")
    assert build(Owner, source.load(path), ("owner",)).kind == "company"
    path.write_text("owner:\n  name: Ann\n  kind: company\n")
    with pytest.raises(InputErrors) as info:
        build(Owner, source.load(path), ("owner",))
    assert info.value.format_message() == f"{path}:1: owner: missing required key 'born'"


def test_data_without_lines_still_names_fields() -> None:
    with pytest.raises(InputErrors) as info:
        build(Owner, source.Loaded("<api>", {"name": "A", "kind": "x", "born": "2000-01-01"}))
    assert info.value.format_message() == "<api>: kind: is not one of: person, company"


def test_did_you_mean() -> None:
    assert did_you_mean("refer_bye", ["refer_by", "attend_by"]) == " — did you mean 'refer_by'?"
    assert did_you_mean("zzz", ["refer_by"]) == ""


def test_field_doc_lists_public_fields_with_types() -> None:
    rows = field_doc(Owner)
    assert rows[0] == ("name", "text", "Full name.", True)
    assert ("kind", "one of `person`, `company`", "", True) in rows
    assert ("born", "date (YYYY-MM-DD)", "", True) in rows
    assert ("age", "whole number", "", False) in rows
    assert ("pets", "list of Pet", "", False) in rows
    assert ("notes", "mapping of name to text", "", False) in rows
    assert all(not r[0].startswith("_") for r in rows)
