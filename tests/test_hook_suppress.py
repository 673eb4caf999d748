"""Suppressions, table-driven in the flake8 manner: which findings a case-file suppression
covers, which in-document ``orderdraft: ignore`` paragraphs are well formed, and that
suppressed findings are reported as such — never dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from hook_helpers import TEMPLATE_2016_ORDER, foreign_docx, run

from orderdraft.findings import Finding, Location, Severity
from orderdraft.suppress import Inline, Waiver, apply, parse_inline
from orderdraft.validate import Selection


def _f(rule: str, field: str | None = None) -> Finding:
    return Finding(rule, "slug", Severity.ERROR, "msg", "cite", "fix", "case.yaml",
                   Location(line=3, field=field))


HERE = Location(line=50, field="suppress[0]")

# (suppressions as (rule, activity index or None), findings as (rule, field),
#  selection, which findings end suppressed, OD001 messages added)
CASES = [
    pytest.param([("OD101", None)], [("OD101", "activities[0].mechanism")], Selection(),
                 [True], [], id="suppresses-anywhere"),
    pytest.param([("OD101", 0)], [("OD101", "activities[0].mechanism")], Selection(),
                 [True], [], id="activity-scope-matches"),
    pytest.param([("OD101", 0)], [("OD101", "activities[0]")], Selection(),
                 [True], [], id="activity-scope-the-activity-itself"),
    pytest.param([("OD101", 1)], [("OD101", "activities[0].mechanism")], Selection(),
                 [False], ["the suppression of OD101 suppresses nothing"], id="other-activity"),
    pytest.param([("OD101", 1)], [("OD101", "activities[10].mechanism")], Selection(),
                 [False], ["the suppression of OD101 suppresses nothing"],
                 id="index-1-is-not-a-prefix-of-10"),
    pytest.param([("OD101", 0)], [("OD101", "order.kind")], Selection(),
                 [False], ["the suppression of OD101 suppresses nothing"],
                 id="scoped-suppression-misses-order-level-finding"),
    pytest.param([("OD202", None)], [("OD201", None)], Selection(),
                 [False], ["the suppression of OD202 suppresses nothing"], id="other-rule"),
    pytest.param([("OD201", None)], [("OD201", "a"), ("OD201", "b")], Selection(),
                 [True, True], [], id="covers-every-finding-of-the-rule"),
    pytest.param([("OD201", None), ("OD201", None)], [("OD201", None)], Selection(),
                 [True], ["the suppression of OD201 suppresses nothing"],
                 id="duplicate-is-stale"),
    pytest.param([("OD303", None)], [], Selection(ignore=("OD303",)),
                 [], [], id="rule-not-run-is-not-called-unused"),
    pytest.param([("OD303", None)], [], Selection(select=("OD2",)),
                 [], [], id="unused-not-reported-when-OD001-deselected"),
    pytest.param([("HS001", None)], [("HS001", "order.recitals[0]")], Selection(),
                 [True], [], id="house-rule"),
    pytest.param([], [("OD101", None)], Selection(), [False], [], id="nothing-to-apply"),
]


@pytest.mark.parametrize(("sups", "found", "selection", "suppressed", "unused"), CASES)
def test_case_file_suppressions(sups: list[tuple[str, int | None]],
                                found: list[tuple[str, str | None]], selection: Selection,
                                suppressed: list[bool], unused: list[str]) -> None:
    waivers = [Waiver(rule, "reason", HERE, f"activities[{a}]" if a is not None else None)
               for rule, a in sups]
    out = apply([_f(r, fld) for r, fld in found], waivers, "case.yaml", selection.wants)
    assert [f.suppressed for f in out[: len(found)]] == suppressed
    assert all(f.suppression_reason == "reason" for f in out if f.suppressed)
    extra = out[len(found):]
    assert [f.message for f in extra] == unused
    assert all(f.rule == "OD001" and f.location == HERE for f in extra)


INLINE = [
    ("orderdraft: ignore OD303 — the provider confirmed one-to-one work",
     Inline(("OD303",), "the provider confirmed one-to-one work")),
    ("orderdraft: ignore OD303, OD501 - agreed at the hearing",
     Inline(("OD303", "OD501"), "agreed at the hearing")),
    ("Orderdraft: Ignore od303 and hs001: judge's direction",
     Inline(("OD303", "HS001"), "judge's direction")),
    ("  orderdraft:ignore OD303 –reason", Inline(("OD303",), "reason")),
    ("orderdraft: ignore OD303 because the court said so",
     Inline(("OD303",), "because the court said so")),
    ("orderdraft: ignore OD303",
     Inline(("OD303",), "", "gives no reason for ignoring OD303; it was not applied")),
    ("orderdraft: ignore OD303 — ",
     Inline(("OD303",), "", "gives no reason for ignoring OD303; it was not applied")),
    ("orderdraft: ignore — a reason but no code",
     Inline((), "", "names no rule code (write e.g. “orderdraft: ignore OD303 — reason”); "
                    "it was not applied")),
    ("orderdraft: ignore all of it",
     Inline((), "", "names no rule code (write e.g. “orderdraft: ignore OD303 — reason”); "
                    "it was not applied")),
    ("The order says orderdraft: ignore OD303 — x", None),  # not at the start: wording
    ("orderdraft ignore OD303 — x", None),
    ("orderdraft: ignored OD303 — x", None),
]


@pytest.mark.parametrize(("paragraph", "expected"), INLINE)
def test_inline_suppression_paragraphs(paragraph: str, expected: Inline | None) -> None:
    assert parse_inline(paragraph) == expected


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_a_suppression_paragraph_in_a_docx(repo: Path) -> None:
    (repo / "order.docx").write_bytes(foreign_docx([
        *TEMPLATE_2016_ORDER,
        "orderdraft: ignore OD205 — the template wording was approved by the judge",
        "orderdraft: ignore OD201",  # no reason: reported, not applied
        "orderdraft: ignore OD306 — stale",  # suppresses nothing
    ]))
    result = run(["validate", "order.docx", "--select", "OD0", "--select", "OD20",
                  "--select", "OD306"], repo)
    lines = result.stdout.splitlines()
    assert "order.docx:¶4: suppressed warning OD205 dvpp-2016-template-wording: the January " \
           "2016 template wording is used for a DVPP" in lines
    assert "    suppressed: the template wording was approved by the judge" in lines
    assert "order.docx:¶4: error OD201 dvpp-no-referral-by-date: a DVPP is ordered but " \
           "nothing directs Cafcass or the local authority to refer the party" in lines
    assert "order.docx:¶7: warning OD003 suppression-without-reason: the suppression gives no " \
           "reason for ignoring OD201; it was not applied" in lines
    assert "order.docx:¶8: warning OD001 unused-suppression: the suppression of OD306 " \
           "suppresses nothing" in lines
    assert lines[-1] == "1 file(s) checked: 2 error(s), 3 warning(s), 0 info, 1 suppressed"
    assert result.exit_code == 1


def test_suppression_paragraphs_are_not_read_as_wording(repo: Path) -> None:
    # The reason mentions XXX and a DVPP; as wording those would be OD501 and a DVPP order.
    (repo / "order.docx").write_bytes(foreign_docx([
        "CASE MANAGEMENT ORDER",
        "orderdraft: ignore OD303 — XXX: the father must attend a DVPP elsewhere",
    ]))
    result = run(["validate", "order.docx", "--ignore", "OD001"], repo)
    assert result.stdout == "1 file(s) checked: 0 error(s), 0 warning(s), 0 info\n"
    assert result.exit_code == 0


def test_case_file_suppression_through_the_cli(repo: Path) -> None:
    from hook_helpers import CONDITION_TEXT, with_suppress

    text = with_suppress(CONDITION_TEXT, ["rule: od101\n    activity: 0\n    reason: the court "
                                          "decided a condition after hearing argument"])
    (repo / "case.yaml").write_text(text, encoding="utf-8")
    result = run(["validate", "case.yaml", "--select", "OD1"], repo)
    assert result.stdout.splitlines()[:2] == [
        "case.yaml:38: suppressed error OD101 dvpp-as-condition-or-final: the DVPP for John "
        "Smith is imposed as an Activity Condition; in DVPP cases courts should make an "
        "Activity Direction",
        "    suppressed: the court decided a condition after hearing argument",
    ]
    assert result.exit_code == 0  # suppressed findings do not fail, but are never silent
