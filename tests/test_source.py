"""Loading YAML and JSON with a line for every value, and refusing what is unsafe or
ambiguous — each refusal one exact ``file:line: field: message``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from compose_helpers import EXAMPLE

from orderdraft import source
from orderdraft.errors import InputError


def load_text(tmp_path: Path, text: str | bytes, name: str = "case.yaml") -> source.Loaded:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, "utf-8")
    else:
        path.write_bytes(text)
    return source.load(path)


def refusal(tmp_path: Path, text: str | bytes, name: str = "case.yaml") -> str:
    with pytest.raises(InputError) as info:
        load_text(tmp_path, text, name)
    return info.value.format_message().replace(str(tmp_path) + "/", "")


NESTED = """\
court:
  name: Family Court
  country: england
parties:
  - id: father
    name: John
  - id: mother
    name: >-
      Mary
      Smith
"""


def test_every_value_and_key_has_its_line(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, NESTED)
    assert loaded.data == {
        "court": {"name": "Family Court", "country": "england"},
        "parties": [{"id": "father", "name": "John"}, {"id": "mother", "name": "Mary Smith"}],
    }
    assert loaded.line_of(()) == 1
    assert loaded.line_of(("court",)) == 1
    assert loaded.line_of(("court", "country")) == 3
    assert loaded.line_of(("parties", 0)) == 5
    assert loaded.line_of(("parties", 1, "id")) == 7
    assert loaded.line_of(("parties", 1, "name")) == 8
    assert ("parties", 1, "name") in loaded.blocks


def test_line_of_falls_back_to_the_nearest_ancestor(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, NESTED)
    assert loaded.line_of(("parties", 1, "date_of_birth")) == 7
    assert loaded.line_of(("nowhere", 3)) == 1
    assert source.Loaded("x", {}).line_of(("a",)) is None


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ((), ""),
        (("court",), "court"),
        (("children", 1, "date_of_birth"), "children[1].date_of_birth"),
        (("a", 0, 2, "b"), "a[0][2].b"),
    ],
)
def test_format_path(key: source.PathKey, text: str) -> None:
    assert source.format_path(key) == text


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, b"\xef\xbb\xbfcase_number: X1\njudge: J\n")
    assert loaded.data == {"case_number": "X1", "judge": "J"}
    assert loaded.line_of(("judge",)) == 2


def test_not_utf8_names_the_byte_and_line(tmp_path: Path) -> None:
    text = "court:\n  name: Llys\n  country: Caerdydd \xff\n".encode("latin-1")
    assert refusal(tmp_path, text) == (
        "case.yaml:3: is not UTF-8 text (byte 0xff); save it as UTF-8 and try again"
    )


def test_utf16_file_is_not_utf8(tmp_path: Path) -> None:
    assert refusal(tmp_path, "judge: J\n".encode("utf-16")) == (
        "case.yaml:1: is not UTF-8 text (byte 0xff); save it as UTF-8 and try again"
    )


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "\ufeff", "# only a comment\n"])
def test_empty_files(tmp_path: Path, text: str) -> None:
    assert refusal(tmp_path, text.encode("utf-8")) == "case.yaml: is empty"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        source.load(tmp_path / "nope.yaml")
    assert info.value.format_message() == f"{tmp_path}/nope.yaml: no such file"
    with pytest.raises(InputError) as info:
        source.load(tmp_path)
    assert info.value.format_message() == f"{tmp_path}: is a folder, not a file"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 100 + "\n")
    with pytest.raises(InputError) as info:
        source.load(path, max_bytes=50)
    assert info.value.format_message() == (
        f"{path}: is 104 bytes; the limit is 50 bytes. A case file or clause library is never "
        "this large — check you passed the right file"
    )


def test_duplicate_keys_name_the_second_line(tmp_path: Path) -> None:
    assert refusal(tmp_path, "judge: A\ncase_number: 1\njudge: B\n") == (
        "case.yaml:3: judge: this key appears twice; keep one"
    )
    assert refusal(tmp_path, "court:\n  name: A\n  country: wales\n  name: B\n") == (
        "case.yaml:4: court.name: this key appears twice; keep one"
    )


def test_aliases_are_refused(tmp_path: Path) -> None:
    text = "court:\n  name: &n Family Court\n  country: england\njudge: *n\n"
    assert refusal(tmp_path, text) == (
        "case.yaml:4: judge: YAML aliases (*name) are not allowed; write the value out in full"
    )


def test_alias_in_a_list_is_refused(tmp_path: Path) -> None:
    text = "attended:\n  - &who the father\n  - the mother\n  - *who\n"
    assert refusal(tmp_path, text) == (
        "case.yaml:4: attended[2]: YAML aliases (*name) are not allowed; write the value out "
        "in full"
    )


def test_billion_laughs_is_refused_before_expanding(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    message = refusal(tmp_path, "\n".join(lines) + "\n")
    assert message == (
        "case.yaml:2: a1[0]: YAML aliases (*name) are not allowed; write the value out in full"
    )


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    text = "base: {country: wales}\ncourt:\n  <<: {country: wales}\n  name: Llys\n"
    message = refusal(tmp_path, text)
    assert message.startswith("case.yaml:3: court")
    assert "<<" in message


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system ['true']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system x", "!!python/name:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!custom x", "!name"),  # the user's own tag text is not quoted
    ],
)
def test_tags_are_refused(tmp_path: Path, value: str, tag: str) -> None:
    assert refusal(tmp_path, f"judge: J\ncourt: {value}\n") == (
        f"case.yaml:2: court: YAML tags such as {tag} are not allowed"
    )


def test_syntax_error_has_a_line(tmp_path: Path) -> None:
    assert refusal(tmp_path, "judge: J\nattended: [a, b\ncourt: x\n") == (
        "case.yaml:3: is not valid YAML: expected ',' or ']', but got ':'"
    )


def test_tab_indentation_is_a_syntax_error_with_a_line(tmp_path: Path) -> None:
    assert refusal(tmp_path, "court:\n\tname: x\n") == (
        "case.yaml:2: is not valid YAML: found character '\\t' that cannot start any token"
    )


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, "a: " + "[" * 60 + "]" * 60 + "\n")
    assert message.startswith("case.yaml:1: a[0][0]")
    assert message.endswith(f": is nested more than {source.MAX_DEPTH} levels deep")


def test_numbers_keep_the_text_as_written(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, "a: 0123\nb: 1_000\nc: 1:20\nd: 2.50\ne: text\n")
    assert loaded.data == {"a": 83, "b": 1000, "c": 80, "d": 2.5, "e": "text"}
    assert dict(loaded.raw) == {("a",): "0123", ("b",): "1_000", ("c",): "1:20", ("d",): "2.50"}


def test_dates_stay_text_for_the_schema(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, "a: 2026-11-23\nb: 2026-02-30\nc: 2026-11-23 10:00:00\n")
    assert loaded.data == {"a": "2026-11-23", "b": "2026-02-30", "c": "2026-11-23 10:00:00"}


# --- JSON -------------------------------------------------------------------------


def example_json(tmp_path: Path, **dumps: object) -> Path:
    data = source.load(EXAMPLE).data
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, **dumps), "utf-8")  # type: ignore[arg-type]
    return path


@pytest.mark.parametrize(
    "dumps",
    [
        {"indent": 2},
        {"indent": "\t"},
        {"separators": (",", ":")},
        {"indent": 4, "ensure_ascii": True},
    ],
    ids=["indent2", "tabs", "compact", "indent4"],
)
def test_json_gives_the_same_data_as_yaml(tmp_path: Path, dumps: dict[str, object]) -> None:
    assert source.load(example_json(tmp_path, **dumps)).data == source.load(EXAMPLE).data


def test_json_lines_point_at_keys(tmp_path: Path) -> None:
    loaded = source.load(example_json(tmp_path, indent=2))
    text = (tmp_path / "case.json").read_text().splitlines()
    line = loaded.line_of(("activities", 0, "refer_by"))
    assert line is not None
    assert '"refer_by": "2026-12-07"' in text[line - 1]
    line = loaded.line_of(("parties", 1, "name"))
    assert line is not None
    assert '"name": "Mary Smith"' in text[line - 1]


def test_json_escaped_surrogate_pair_is_one_character(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text('{"judge": "Si\\u00e2n \\ud83d\\ude00", "x": "a\\/b"}', "utf-8")
    assert source.load(path).data == {"judge": "Siân \U0001f600", "x": "a/b"}


def test_json_duplicate_key_has_a_line(tmp_path: Path) -> None:
    text = '{\n  "judge": "A",\n  "court": {"name": "x",\n            "name": "y"}\n}\n'
    assert refusal(tmp_path, text, "case.json") == (
        "case.json:4: court.name: this key appears twice; keep one"
    )


def test_json_syntax_error_has_a_line(tmp_path: Path) -> None:
    assert refusal(tmp_path, '{\n  "judge": "A",\n}\n', "case.json") == (
        "case.json:3: is not valid JSON: Expecting property name enclosed in double quotes"
    )


def test_json_is_never_read_as_yaml(tmp_path: Path) -> None:
    assert refusal(tmp_path, "judge: A\n", "case.json") == (
        "case.json:1: is not valid JSON: Expecting value"
    )


def test_json_suffix_is_case_insensitive(tmp_path: Path) -> None:
    assert load_text(tmp_path, '{"a": 1}', "CASE.JSON").data == {"a": 1}
