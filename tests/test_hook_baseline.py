"""Baselines: the first run records, later runs report only what is new, line moves do not
resurface old findings, and --update-baseline rewrites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hook_helpers import CONDITION_TEXT, TEMPLATE_2016_ORDER, foreign_docx, run


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "cond.yaml").write_text(CONDITION_TEXT, encoding="utf-8")
    return tmp_path


def test_round_trip(repo: Path) -> None:
    args = ["validate", "cases", "--baseline", "baseline.json"]
    first = run(args, repo)
    assert first.exit_code == 0  # recorded, not failed
    assert "orderdraft: recorded 3 finding(s) in the baseline baseline.json" in first.stderr
    assert "OD101" in first.stdout  # today's findings are still shown
    data = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert data["orderdraft_baseline"] == 1
    assert [(e["rule"], e["path"]) for e in data["findings"]] == [
        ("OD101", "cases/cond.yaml"), ("OD201", "cases/cond.yaml"), ("OD202", "cases/cond.yaml")]
    assert "John Smith" not in (repo / "baseline.json").read_text(encoding="utf-8")

    second = run(args, repo)
    assert second.exit_code == 0
    assert second.stdout == ("1 file(s) checked: 0 error(s), 0 warning(s), 0 info, "
                             "3 in the baseline\n")

    # Lines move (a comment on top): still the same findings.
    text = "# reviewed by the legal adviser\n\n" + CONDITION_TEXT
    (repo / "cases" / "cond.yaml").write_text(text, encoding="utf-8")
    assert run(args, repo).exit_code == 0

    # Something new: only it is reported, and it fails.
    (repo / "cases" / "new.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    third = run([*args, "--select", "OD201"], repo)
    assert third.exit_code == 1
    reported = [line for line in third.stdout.splitlines() if " OD201 " in line]
    assert reported == ["cases/new.docx:¶4: error OD201 dvpp-no-referral-by-date: a DVPP is "
                        "ordered but nothing directs Cafcass or the local authority to refer "
                        "the party"]
    assert third.stdout.splitlines()[-1] == ("2 file(s) checked: 1 error(s), 0 warning(s), "
                                             "0 info, 1 in the baseline")

    # --update-baseline takes today's findings as the new baseline.
    update = run([*args, "--update-baseline"], repo)
    assert update.exit_code == 0
    assert "recorded 7 finding(s)" in update.stderr
    assert run(args, repo).exit_code == 0


def test_the_baseline_matches_from_another_folder(repo: Path) -> None:
    (repo / "orderdraft.toml").write_text('baseline = "baseline.json"\n', encoding="utf-8")
    assert run(["validate", "cases"], repo).exit_code == 0  # records
    # Run from inside cases/: paths are relative to the baseline file, so they still match.
    inside = run(["validate", "cond.yaml"], repo / "cases")
    assert inside.exit_code == 0
    assert inside.stdout.endswith("3 in the baseline\n")


def test_json_and_sarif_say_what_the_baseline_hid(repo: Path) -> None:
    args = ["validate", "cases", "--baseline", "b.json"]
    run(args, repo)
    data = json.loads(run([*args, "--format", "json"], repo).stdout)
    assert (data["findings"], data["baselined"], data["baseline"]) == ([], 3, "b.json")
    (repo / "cases" / "new.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    log = json.loads(run([*args, "--format", "sarif"], repo).stdout)
    run_ = log["runs"][0]
    assert run_["properties"] == {"baselined": 3}
    assert {r["baselineState"] for r in run_["results"]} == {"new"}


def test_sarif_fingerprints_are_the_baseline_fingerprints(repo: Path) -> None:
    run(["validate", "cases", "--baseline", "b.json"], repo)
    recorded = {e["fingerprint"] for e in
                json.loads((repo / "b.json").read_text(encoding="utf-8"))["findings"]}
    log = json.loads(run(["validate", "cases", "--format", "sarif"], repo).stdout)
    assert {r["partialFingerprints"]["orderdraft/v1"] for r in log["runs"][0]["results"]} \
        == recorded


def test_suppressed_findings_are_not_baselined(repo: Path) -> None:
    text = CONDITION_TEXT + "suppress:\n  - rule: OD101\n    reason: the court decided\n"
    (repo / "cases" / "cond.yaml").write_text(text, encoding="utf-8")
    result = run(["validate", "cases", "--baseline", "b.json"], repo)
    assert "recorded 2 finding(s)" in result.stderr
    again = run(["validate", "cases", "--baseline", "b.json"], repo)
    assert "suppressed error OD101" in again.stdout  # still shown, with its reason


def test_unreadable_files_are_never_baselined(repo: Path) -> None:
    (repo / "cases" / "bad.docx").write_bytes(b"PK\x03\x04broken")
    result = run(["validate", "cases", "--baseline", "b.json"], repo)
    assert result.exit_code == 2
    assert "baseline b.json not written: 1 file(s) could not be checked" in result.stderr
    assert not (repo / "b.json").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "b.json:1: is not a baseline file: Expecting property name enclosed in "
                      "double quotes"),
        ('{"findings": []}', 'b.json: is not an orderdraft baseline file (no '
                             '"orderdraft_baseline": 1); delete it to record a new one'),
        ('{"orderdraft_baseline": 1, "findings": [1]}',
         'b.json: findings: findings must be a list of {"fingerprint": ...} entries'),
    ],
)
def test_a_damaged_baseline_is_an_input_error(repo: Path, content: str, message: str) -> None:
    (repo / "b.json").write_text(content, encoding="utf-8")
    result = run(["validate", "cases", "--baseline", "b.json"], repo)
    assert result.exit_code == 2
    assert result.stderr == f"error: {message}\n"


def test_update_baseline_needs_a_baseline(repo: Path) -> None:
    result = run(["validate", "cases", "--update-baseline"], repo)
    assert result.exit_code == 2
    assert "--update-baseline needs a baseline" in result.stderr


def test_updating_the_baseline_for_some_files_keeps_the_others(repo: Path) -> None:
    (repo / "cases" / "other.docx").write_bytes(foreign_docx(TEMPLATE_2016_ORDER))
    args = ["validate", "cases", "--baseline", "baseline.json"]
    assert run(args, repo).exit_code == 0
    everything = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {e["path"] for e in everything} == {"cases/cond.yaml", "cases/other.docx"}

    # The case file is fixed and re-recorded on its own: the order's entries stay.
    (repo / "cases" / "cond.yaml").write_text(
        CONDITION_TEXT.replace("mechanism: condition", "mechanism: direction"), "utf-8")
    update = run(["validate", "cases/cond.yaml", "--baseline", "baseline.json",
                  "--update-baseline"], repo)
    assert update.exit_code == 0
    after = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [e for e in after if e["path"] == "cases/other.docx"] == [
        e for e in everything if e["path"] == "cases/other.docx"]
    assert len([e for e in after if e["path"] == "cases/cond.yaml"]) < len(
        [e for e in everything if e["path"] == "cases/cond.yaml"])
    full = run(args, repo)
    assert full.exit_code == 0, full.stdout
    assert full.stdout.endswith(f"{len(after)} in the baseline\n")
