"""Redaction: findings headed for CI logs and code hosts name roles, not people, quote no
wording, and keep the fingerprints a baseline follows them by."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hook_helpers import CONDITION_TEXT, composed_docx, foreign_docx, run

from orderdraft.case import case_from_data
from orderdraft.config import Config
from orderdraft.formatters.sarif import fingerprint
from orderdraft.redact import case_names, text_names
from orderdraft.rules.registry import Text
from orderdraft.validate import validate

FATHER, MOTHER, CHILD = "John Smith", "Mary Smith", "Amy Smith"

FOREIGN = (
    "IN THE FAMILY COURT SITTING AT NOTTINGHAM",
    "Applicant | Gwilym Parry-Jones",
    "Respondent | Ffion Parry-Jones",
    "The child: Eira Parry-Jones (born 3 May 2020).",
    "FINAL ORDER",
    "1. It is a condition of this order that Gwilym Parry-Jones must attend a Domestic "
    "Violence Perpetrator Programme.",
    "2. Eira Parry-Jones shall live with the mother.",
)
FOREIGN_NAMES = ("Gwilym", "Ffion", "Eira")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "cond.yaml").write_text(CONDITION_TEXT, encoding="utf-8")
    (tmp_path / "composed.docx").write_bytes(composed_docx(CONDITION_TEXT, accept=(
        "OD101", "OD201", "OD202")))
    (tmp_path / "foreign.docx").write_bytes(foreign_docx(FOREIGN))
    return tmp_path


def _everything(report_json: str) -> str:
    return json.dumps(json.loads(report_json), ensure_ascii=False)


@pytest.mark.parametrize("fmt", ["github", "sarif"])
def test_log_formats_are_redacted_by_default(repo: Path, fmt: str) -> None:
    out = run(["validate", ".", "--format", fmt, "--fail-on", "info"], repo).stdout
    assert "OD101" in out
    for name in (FATHER, MOTHER, CHILD, *FOREIGN_NAMES):
        assert name not in out, f"{name} in the {fmt} output"
    assert "the applicant" in out


def test_text_and_json_name_the_party_unless_asked(repo: Path) -> None:
    text = run(["validate", "cases"], repo).stdout
    assert "the DVPP for John Smith is imposed as an Activity Condition" in text
    redacted = run(["validate", "cases", "--redact"], repo).stdout
    assert "the DVPP for the applicant is imposed as an Activity Condition" in redacted
    assert FATHER not in redacted
    plain_github = run(["validate", "cases", "--format", "github", "--no-redact"], repo).stdout
    assert FATHER in plain_github


def test_config_file_turns_redaction_on(repo: Path) -> None:
    (repo / "orderdraft.toml").write_text("redact = true\n", encoding="utf-8")
    out = run(["validate", ".", "--format", "json"], repo).stdout
    assert "OD101" in out
    assert all(name not in _everything(out) for name in (FATHER, CHILD, *FOREIGN_NAMES))
    assert '"snippet"' not in out


def test_redacted_findings_keep_their_fingerprints(repo: Path) -> None:
    plain = validate([repo], config=Config()).findings
    hidden = validate([repo], config=Config(), redact=True).findings
    assert [f.rule for f in plain] == [f.rule for f in hidden]
    assert [fingerprint(f, repo) for f in plain] == [fingerprint(f, repo) for f in hidden]
    assert any(f.location.snippet for f in plain)
    assert not any(f.location.snippet for f in hidden)
    assert "anchor" not in json.dumps([f.to_dict() for f in hidden])


def test_a_baseline_recorded_plain_matches_a_redacted_run(repo: Path) -> None:
    args = ["validate", ".", "--baseline", ".orderdraft-baseline.json"]
    assert run(args, repo).exit_code == 0
    again = run([*args, "--format", "github"], repo)
    assert again.exit_code == 0
    assert "::error" not in again.stdout


def test_case_names_give_roles_with_ordinals_when_shared() -> None:
    import yaml

    data = yaml.safe_load(CONDITION_TEXT)
    data["parties"].append({**data["parties"][1], "id": "gran", "name": "Joan Smith"})
    data["children"].append({"name": "Ben Smith", "date_of_birth": "2021-01-01"})
    assert case_names(case_from_data(data)) == {
        "John Smith": "the applicant",
        "Mary Smith": "the first respondent",
        "Joan Smith": "the second respondent",
        "Amy Smith": "the first child",
        "Ben Smith": "the second child",
        # Titles by sex; a shared surname goes to the first party it fits.
        "Mr Smith": "the applicant", "Dr Smith": "the applicant",
        "Mrs Smith": "the first respondent", "Ms Smith": "the first respondent",
        "Miss Smith": "the first respondent",
    }


def test_text_names_from_the_parties_lines_children_and_directions() -> None:
    names = text_names(Text("x.docx", FOREIGN))
    assert names == {
        "Gwilym Parry-Jones": "the applicant",
        "Ffion Parry-Jones": "the respondent",
        "Eira Parry-Jones": "the child",
        "Mr Parry-Jones": "the participant",
    }
