"""House-style rules as data: each kind positive and negative, on foreign and composed
orders and case-file recitals, and every mistake in a rule file named with its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hook_helpers import EXAMPLE_TEXT, ROOT, composed_docx, foreign_docx, run

from orderdraft.errors import InputErrors
from orderdraft.house_rules import load_house_rules
from orderdraft.rules.registry import Context, Text
from orderdraft.validate import check_text


def _rules(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "house.yaml"
    path.write_text("rules:\n" + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8")
    return path


def _hits(tmp_path: Path, body: str, paragraphs: list[str]) -> list[tuple[str, int, str]]:
    house = load_house_rules([_rules(tmp_path, body)])
    text = Text("order.docx", tuple(paragraphs))
    found = check_text(text, Context(), house=house)
    return [(f.rule, f.location.paragraph or 0, f.message) for f in found
            if f.rule.startswith("HS")]


EXISTENCE = """\
- code: HS010
  slug: no-legalese
  kind: existence
  message: "“{match}” is legalese"
  tokens: [forthwith, the said]
"""

SUBSTITUTION = """\
- code: HS011
  slug: must-not-shall
  kind: substitution
  message: "write “{replacement}”, not “{match}”"
  swap:
    shall: must
    child contact centre: contact centre
"""

REQUIRED_DOC = """\
- code: HS012
  slug: direction-cites-11a
  kind: required_with
  message: an Activity Direction without section 11A
  when: activity direction
  require: section 11A
"""


@pytest.mark.parametrize(
    ("body", "paragraphs", "expected"),
    [
        (EXISTENCE, ["The father must attend forthwith.", "The   said  order."],
         [("HS010", 1, "“forthwith” is legalese"), ("HS010", 2, "“The   said” is legalese")]),
        (EXISTENCE, ["The father must attend immediately.", "Forthwithstanding is not a word."],
         []),  # whole words only
        (SUBTITUTION := SUBSTITUTION, ["The mother SHALL file a statement.",
                                       "At a child contact centre."],
         [("HS011", 1, "write “must”, not “SHALL”"),
          ("HS011", 2, "write “contact centre”, not “child contact centre”")]),
        (SUBTITUTION, ["The mother must file a statement.", "Marshall Street."], []),
        (REQUIRED_DOC, ["An Activity Direction is made.", "Under section 11A of the Act."], []),
        (REQUIRED_DOC, ["An Activity Direction is made.", "No statute cited."],
         [("HS012", 1, "an Activity Direction without section 11A")]),
        (REQUIRED_DOC, ["An order about section 11A only."], []),  # no trigger, no finding
        (REQUIRED_DOC.replace("require: section 11A\n",
                              "require: section 11A\n  scope: paragraph\n"),
         ["An Activity Direction is made.", "Under section 11A of the Act."],
         [("HS012", 1, "an Activity Direction without section 11A")]),
        (REQUIRED_DOC.replace("require: section 11A\n",
                              "require: (?:section|s\\.?) ?11A\n  regex: true\n"),
         ["An Activity Direction (s.11A) is made."], []),
        (EXISTENCE.replace("[forthwith, the said]", "['\\bX{3,}\\b']\n  regex: true"),
         ["Name: XXXX"], [("HS010", 1, "“XXXX” is legalese")]),
    ],
)
def test_the_three_kinds(tmp_path: Path, body: str, paragraphs: list[str],
                         expected: list[tuple[str, int, str]]) -> None:
    assert _hits(tmp_path, body, paragraphs) == expected


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (SUBSTITUTION.replace("HS011", "OD011"),
         ["2: rules[0].code: 'OD011': OD codes are reserved for orderdraft's own rules; use HS "
          "and three digits, e.g. HS001"]),
        (SUBSTITUTION.replace("HS011", "HS11"),
         ["2: rules[0].code: 'HS11' is not a house-rule code; use HS and three digits, e.g. "
          "HS001"]),
        (SUBSTITUTION.replace("must-not-shall", "Must Not"),
         ["3: rules[0].slug: 'Must Not' is not a slug; use lower-case words joined by hyphens, "
          "e.g. no-shall"]),
        (EXISTENCE.replace("  tokens: [forthwith, the said]\n", ""),
         ["2: rules[0].tokens: an existence rule needs tokens"]),
        (EXISTENCE + "  when: x\n", ["7: rules[0].when: when is not used by an existence rule"]),
        (REQUIRED_DOC.replace("  require: section 11A\n", ""),
         ["2: rules[0].require: a required_with rule needs require"]),
        (EXISTENCE.replace("[forthwith, the said]", "['(unclosed']\n  regex: true"),
         ["6: rules[0].tokens[0]: is not a valid regular expression: missing ), unterminated "
          "subpattern at position 0"]),
        (EXISTENCE.replace("kind: existence", "kind: existance"),
         ["4: rules[0].kind: is not one of: existence, substitution, required_with — did you "
          "mean 'existence'?"]),
        (EXISTENCE.replace("tokens:", "tokes:"),
         ["6: rules[0].tokes: unknown key — did you mean 'tokens'?"]),
        (EXISTENCE + SUBSTITUTION.replace("HS011", "HS010"),
         ["7: rules[1].code: code HS010 is already used at {path}:2"]),
    ],
)
def test_rule_files_are_checked_with_lines(tmp_path: Path, body: str,
                                           errors: list[str]) -> None:
    path = _rules(tmp_path, body)
    with pytest.raises(InputErrors) as caught:
        load_house_rules([path])
    assert [e.format_message() for e in caught.value.errors] == [
        f"{path}:{e.format(path=path)}" for e in errors]


def test_the_shipped_example_loads_and_finds_each_kind(tmp_path: Path) -> None:
    rules = load_house_rules([ROOT / "examples" / "house-rules.yaml"])
    assert [r.code for r in rules] == ["HS001", "HS002", "HS003"]
    text = Text("x.docx", ("The father shall attend forthwith.", "The aforesaid order.",
                           "An Activity Direction is made."))
    found = check_text(text, Context(), house=rules)
    assert [(f.rule, f.location.paragraph) for f in found if f.rule.startswith("HS")] == [
        ("HS001", 1), ("HS001", 1), ("HS002", 2), ("HS003", 3)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "house.yaml").write_text("rules:\n" + textwrap.indent(SUBSTITUTION, "  "),
                                         encoding="utf-8")
    (tmp_path / "orderdraft.toml").write_text('house_rules = ["house.yaml"]\n',
                                              encoding="utf-8")
    return tmp_path


def test_house_rules_read_composed_orders_too(repo: Path) -> None:
    # A composed, unedited order is checked exactly from its case, but house style is about
    # wording, so it reads the text as well. The example's recitals say "shall" nowhere;
    # a recital that does is found in the composed order.
    text = EXAMPLE_TEXT.replace("order:\n  kind: case_management\n",
                                "order:\n  kind: case_management\n  recitals:\n"
                                "    - The parties shall exchange statements.\n")
    (repo / "order.docx").write_bytes(composed_docx(text))
    (repo / "case.yaml").write_text(text, encoding="utf-8")
    result = run(["validate", "case.yaml", "order.docx", "--select", "HS"], repo)
    lines = [line for line in result.stdout.splitlines() if " HS011 " in line]
    assert len(lines) == 2
    assert lines[0].startswith("case.yaml:19: warning HS011 must-not-shall: write “must”")
    assert lines[1].startswith("order.docx:¶")
    assert run(["validate", "order.docx", "--ignore", "HS"], repo).stdout == (
        "1 file(s) checked: 0 error(s), 0 warning(s), 0 info\n")


def test_house_rules_through_the_cli_and_json(repo: Path) -> None:
    (repo / "draft.docx").write_bytes(foreign_docx(["The mother shall file a statement."]))
    result = run(["validate", "draft.docx", "--format", "json", "--fail-on", "warning"], repo)
    assert result.exit_code == 1
    assert '"rule": "HS011"' in result.stdout
    override = run(["validate", "draft.docx", "--house-rules",
                    str(ROOT / "examples" / "house-rules.yaml")], repo)
    assert " HS001 must-not-shall" in override.stdout  # --house-rules replaces the config's


def test_a_bad_rule_file_stops_the_run_with_its_line(repo: Path) -> None:
    (repo / "house.yaml").write_text("rules:\n  - code: HS1\n", encoding="utf-8")
    (repo / "draft.docx").write_bytes(foreign_docx(["An order."]))
    result = run(["validate", "draft.docx"], repo)
    assert result.exit_code == 2
    assert f"error: {(repo / 'house.yaml').resolve()}:2: rules[0]: missing required key 'slug'" \
        in result.stderr
