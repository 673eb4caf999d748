"""Each output format of ``orderdraft validate``: exact text, the JSON finding shape, SARIF
valid against the official 2.1.0 schema, GitHub workflow commands escaped correctly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hook_helpers import CONDITION_TEXT, EXAMPLE_TEXT, foreign_docx, run, with_suppress

from orderdraft.commands.validate import use_colour
from orderdraft.findings import Finding, Location, Severity
from orderdraft.formatters import github
from orderdraft.validate import FileResult, Report

SCHEMA = json.loads(
    (Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

HOUSE = """\
rules:
  - code: HS001
    slug: must-not-shall
    kind: substitution
    message: "write “{replacement}”, not “{match}”"
    fix: Use must.
    citation: House style 1
    swap:
      shall: must
  - code: HS002
    slug: no-forthwith
    kind: existence
    severity: info
    message: "“{match}” is legalese"
    fix: Say immediately.
    citation: House style 2
    tokens: [forthwith]
"""

RECITAL_CASE = with_suppress(
    EXAMPLE_TEXT.replace("order:\n  kind: case_management\n",
                         "order:\n  kind: case_management\n  recitals:\n"
                         "    - The father shall attend forthwith.\n"),
    ["rule: HS002\n    reason: the judge's own words", "rule: HS009\n    reason: stale"],
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A case with house-rule findings (one suppressed, one stale suppression) and a
    foreign order with a house-rule finding in its second paragraph."""
    (tmp_path / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (tmp_path / "orderdraft.toml").write_text('house_rules = ["house.yaml"]\n', encoding="utf-8")
    (tmp_path / "case.yaml").write_text(RECITAL_CASE, encoding="utf-8")
    (tmp_path / "draft.docx").write_bytes(
        foreign_docx(["ORDER", "The mother shall file a statement."]))
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_text_output_is_exact(tree: Path) -> None:
    result = run(["validate", "case.yaml", "draft.docx", "--select", "HS", "--select", "OD001"],
                 tree)
    assert result.stdout == """\
case.yaml:19: warning HS001 must-not-shall: write “must”, not “shall”
    “The father shall attend forthwith.”
    why: House style 1
    fix: Use must.
case.yaml:19: suppressed info HS002 no-forthwith: “forthwith” is legalese
    “The father shall attend forthwith.”
    suppressed: the judge's own words
case.yaml:53: warning OD001 unused-suppression: the suppression of HS009 suppresses nothing
    why: orderdraft suppression policy
    fix: Remove the suppression, or correct its rule code or activity index.
draft.docx:¶2: warning HS001 must-not-shall: write “must”, not “shall”
    “The mother shall file a statement.”
    why: House style 1
    fix: Use must.
2 file(s) checked: 0 error(s), 3 warning(s), 0 info, 1 suppressed
"""
    assert result.exit_code == 0


def test_text_is_plain_unless_colour_is_asked_for(tree: Path) -> None:
    args = ["validate", "case.yaml", "--select", "HS"]
    assert "\x1b[" not in run(args, tree).stdout  # not a terminal
    assert "\x1b[33m\x1b[1mwarning\x1b[0m" in run([*args, "--colour"], tree).stdout
    # NO_COLOR turns the default off; an explicit --colour still wins over it.
    assert "\x1b[" in run([*args, "--colour"], tree, env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in run([*args, "--no-colour"], tree).stdout


class _Stdout:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("option", "tty", "no_color", "expected"),
    [
        (None, True, None, True),
        (None, False, None, False),
        (None, True, "1", False),
        (None, True, "", True),  # NO_COLOR only counts when it is non-empty
        (True, False, "1", True),
        (False, True, None, False),
    ],
)
def test_colour_decision(monkeypatch: pytest.MonkeyPatch, option: bool | None, tty: bool,
                         no_color: str | None, expected: bool) -> None:
    monkeypatch.setattr("sys.stdout", _Stdout(tty))
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert use_colour(option) is expected


def test_json_has_the_design_finding_shape(tree: Path) -> None:
    (tree / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run(["validate", "case.yaml", "draft.docx", "broken.docx", "--format", "json",
                  "--select", "HS", "--select", "OD001"], tree)
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["files"] == 3
    assert data["errors"] == [{"path": "broken.docx",
                               "message": "broken.docx: could not be read: the file is damaged "
                                          "(BadZipFile)"}]
    first = data["findings"][0]
    assert set(first) == {"rule", "slug", "severity", "message", "citation", "fix", "path",
                          "location", "fingerprint"}
    assert first["rule"] == "HS001" and first["severity"] == "warning"
    assert first["location"] == {"line": 19, "field": "order.recitals[0]",
                                 "snippet": "The father shall attend forthwith."}
    suppressed = data["findings"][1]
    assert suppressed["suppressed"] is True
    assert suppressed["suppression_reason"] == "the judge's own words"
    para = data["findings"][-1]
    assert para["path"] == "draft.docx"
    assert para["location"] == {"paragraph": 2, "snippet": "The mother shall file a statement."}
    assert len({f["fingerprint"] for f in data["findings"]}) == len(data["findings"])


def _sarif(tree: Path, *paths: str) -> tuple[int, dict[str, Any]]:
    result = run(["validate", *paths, "--format", "sarif"], tree)
    return result.exit_code, json.loads(result.stdout)


def _valid(log: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)


def test_sarif_is_valid_with_suppressed_paragraph_and_line_results(tree: Path) -> None:
    (tree / "cond.yaml").write_text(CONDITION_TEXT, encoding="utf-8")
    code, log = _sarif(tree, "case.yaml", "draft.docx", "cond.yaml")
    assert code == 1
    _valid(log)
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == tree.resolve().as_uri() + "/"
    assert run_["invocations"] == [{"executionSuccessful": True}]
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "SRCROOT"
        assert len(r["partialFingerprints"]["orderdraft/v1"]) == 32
    case_results = [r for r in results if r["ruleId"] == "OD101"]
    assert case_results[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "cond.yaml", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 38},
    }
    suppressed = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"]) for r in suppressed] == [
        ("HS002", [{"kind": "inSource", "state": "accepted",
                    "justification": "the judge's own words"}])]
    (docx_result,) = [r for r in results
                      if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                      == "draft.docx"]
    location = docx_result["locations"][0]
    # A paragraph is not a line: no region at all, the paragraph said as what it is.
    assert "region" not in location["physicalLocation"]
    assert location["logicalLocations"] == [{"name": "paragraph 2", "kind": "element"}]
    # SARIF goes to code hosts, so by default it quotes no wording (see test_redact.py) ...
    assert location["properties"] == {"paragraph": 2}
    # ... and with --no-redact the snippet is there.
    plain = json.loads(run(["validate", "case.yaml", "draft.docx", "cond.yaml", "--format",
                            "sarif", "--no-redact"], tree).stdout)
    _valid(plain)
    (docx_plain,) = [r for r in plain["runs"][0]["results"]
                     if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                     == "draft.docx"]
    assert docx_plain["locations"][0]["properties"] == {
        "paragraph": 2, "snippet": "The mother shall file a statement."}
    assert docx_plain["partialFingerprints"] == docx_result["partialFingerprints"]


def test_sarif_reports_unreadable_files_as_failed_execution(tree: Path) -> None:
    (tree / "sub dir").mkdir()
    (tree / "sub dir" / "bröken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    code, log = _sarif(tree, "draft.docx", "sub dir")
    assert code == 2
    _valid(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "sub%20dir/br%C3%B6ken.docx", "uriBaseId": "SRCROOT"}


def test_sarif_uses_an_absolute_uri_outside_the_working_folder(tree: Path,
                                                               tmp_path_factory: Any) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "x.docx").write_bytes(foreign_docx(["The mother shall attend."]))
    code, log = _sarif(tree, str(elsewhere / "x.docx"))
    assert code == 0  # one house-style warning
    _valid(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": (elsewhere / "x.docx").resolve().as_uri()}


def test_schema_fixture_is_the_official_one() -> None:
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    with pytest.raises(jsonschema.ValidationError):  # the schema really constrains results
        _valid({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                              "results": [{"message": {}}]}]})


def _report(*findings: Finding, error: tuple[str, str] | None = None) -> Report:
    results = [FileResult(f.path, [f]) for f in findings]
    if error:
        results.append(FileResult(error[0], error=error[1]))
    return Report(results)


def _finding(path: str, message: str, *, line: int | None = None, paragraph: int | None = None,
             page: int | None = None, suppressed: bool = False) -> Finding:
    return Finding("OD101", "dvpp-as-condition-or-final", Severity.ERROR, message, "PD12J",
                   "Make it a direction", path, Location(line=line, paragraph=paragraph,
                                                         page=page),
                   suppressed=suppressed, suppression_reason="agreed\n::error::x" if suppressed
                   else None)


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50%", "50%25", "50%25"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("x:y,z", "x:y,z", "x%3Ay%2Cz"),
        ("%0A", "%250A", "%250A"),  # an escape sequence in the input is not decoded
    ],
)
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


def test_github_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = _report(
        _finding("cases/a,b:c.yaml", "first line\nsecond 100%", line=7),
        _finding("orders/x.pdf", "in a PDF", paragraph=3, page=2),
        _finding("orders/y.docx", "accepted", paragraph=1, suppressed=True),
        error=("orders/bad.docx", "orders/bad.docx: could not be read: damaged"),
    )
    assert github.render(report, False).splitlines() == [
        "::error file=orders/bad.docx,title=orderdraft%3A cannot check::orders/bad.docx: could "
        "not be read: damaged",
        "::error file=cases/a%2Cb%3Ac.yaml,line=7,title=OD101 dvpp-as-condition-or-final::first "
        "line%0Asecond 100%25. Fix: Make it a direction (PD12J)",
        "::error file=orders/x.pdf,title=OD101 dvpp-as-condition-or-final::paragraph 3, page 2: "
        "in a PDF. Fix: Make it a direction (PD12J)",
        # Suppressed: listed, not annotated, and a newline in the reason cannot start a command.
        "orderdraft: suppressed OD101 in orders/y.docx: agreed ::error::x",
    ]


def test_github_format_through_the_cli(tree: Path) -> None:
    result = run(["validate", "draft.docx", "--format", "github", "--select", "HS"], tree)
    assert result.stdout.splitlines() == [
        "::warning file=draft.docx,title=HS001 must-not-shall::paragraph 2: write “must”, not "
        "“shall”. Fix: Use must. (House style 1)"]
    assert result.exit_code == 0
