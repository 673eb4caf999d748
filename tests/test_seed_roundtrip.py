"""Orders written by hand (python-docx, not our composer) in the Cafcass letter's two
wordings, checked by ``orderdraft validate``.

The proposed DVPP wording in a case management order must validate clean; the January
2016 template wording used for a DVPP in a final order must be flagged with exactly the
rules the letter's criticisms map to.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from compose_helpers import SEED
from docx import Document

from orderdraft.cli.main import cli


def seed_lines(after: str, count: int) -> list[str]:
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines()]
    start = lines.index(after)
    return [line for line in lines[start + 1:] if line][:count]


def fill(line: str, name: str, date: str) -> str:
    """The letter's blanks filled in as a legal adviser would."""
    line = re.sub(r"XXXX\( Name\)|XXX \((?:N|n)ame\)", name, line)
    line = line.replace("xxxx date", date).replace(" (Optional)", "")
    line = line.replace("[and risk assessment]", "and risk assessment")
    line = line.replace("You **", f"You {name}").replace("by **", f"by {date}")
    return re.sub(r"^· ", "", re.sub(r"  +", " ", line)).strip()


def write_order(path: Path, title: str, body: list[str]) -> Path:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Case number: NG26P01234"
    for text in ["IN THE FAMILY COURT SITTING AT NOTTINGHAM", "Case number: NG26P01234",
                 "IN THE MATTER OF THE CHILDREN ACT 1989"]:
        doc.add_paragraph(text)
    table = doc.add_table(rows=2, cols=2)
    for row, (role, name) in zip(table.rows, [("Applicant", "John Smith"),
                                              ("Respondent", "Mary Smith")], strict=True):
        row.cells[0].text, row.cells[1].text = role, name
    doc.add_paragraph(title)
    doc.add_paragraph("Upon the dispute resolution appointment on 23 November 2026 before "
                      "HH Judge Watson.")
    doc.add_paragraph("IT IS ORDERED THAT:")
    for text in body:
        doc.add_paragraph(text)
    doc.add_paragraph("Dated 23 November 2026")
    doc.save(str(path))
    return path


PROPOSED_HEADING = "Court Ordered Activity> Domestic Violence Perpetrator Programme"


def test_seed_blocks() -> None:
    proposed = seed_lines(PROPOSED_HEADING, 5)
    template = seed_lines("Activity Directions", 7)
    assert proposed[0].startswith("XXXX( Name) must attend a Domestic Violence Perpetrator")
    assert template[3] == "· a Domestic Violence Perpetrator’s Programme (a DVPP)"


def test_proposed_wording_in_a_case_management_order_validates_clean(tmp_path: Path) -> None:
    body = [PROPOSED_HEADING] + [
        f"{n}. {fill(line, 'John Smith', '7 December 2026')}"
        for n, line in enumerate(seed_lines(PROPOSED_HEADING, 5), 1)
    ]
    assert body[2] == ("2. Cafcass must by 7 December 2026 refer John Smith for a suitability "
                       "assessment to attend a DVPP.")
    path = write_order(tmp_path / "proposed.docx", "CASE MANAGEMENT ORDER", body)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.output == "1 file(s) checked: 0 error(s), 0 warning(s), 0 info\n"
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("items", "extra"),
    [
        # The template exactly as the letter prints it: MIAM, SPIP and DVPP for one party.
        ((1, 2, 3), [("OD401", "error")]),  # a SPIP in a case with unresolved domestic abuse
        # The same wording with only the DVPP item.
        ((3,), []),
    ],
    ids=["as-printed", "dvpp-only"],
)
def test_template_2016_wording_for_a_dvpp_in_a_final_order_is_flagged(
    tmp_path: Path, items: tuple[int, ...], extra: list[tuple[str, str]]
) -> None:
    lines = seed_lines("Activity Directions", 7)
    keep = [0, *items, 4, 5, 6]
    body = ["Activity Directions"] + [fill(lines[i], "John Smith", "7 December 2026")
                                      for i in keep]
    assert body[1] == ("You John Smith must attend the following activity programme on the "
                       "dates and times to be confirmed by the activity provider, and in any "
                       "event by 7 December 2026")
    path = write_order(tmp_path / "template.docx", "FINAL ORDER", body)
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    # Paragraph numbers count the body from 1: three heading lines and a table of two rows
    # of two cells, then the title, the recital and "IT IS ORDERED THAT:".
    first = 3 + 4 + 3 + 1
    dvpp_item = first + body.index("a Domestic Violence Perpetrator’s Programme (a DVPP)")
    attend = first + 1
    assert sorted((f["rule"], f["severity"]) for f in findings) == sorted([
        ("OD101", "error"),    # a DVPP in what reads as a final order
        ("OD102", "error"),    # an activity direction and a final disposal together (s11A(7))
        ("OD201", "error"),    # nothing directs Cafcass to refer
        ("OD202", "error"),    # no suitability assessment
        ("OD203", "warning"),  # no midway report filed and served
        ("OD205", "warning"),  # the 2016 template wording used for a DVPP
        *extra,
    ])
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["OD101"]["message"] == "a DVPP is ordered in what reads as a final order"
    for code in ("OD101", "OD201", "OD202", "OD203", "OD205"):
        assert by_rule[code]["location"]["paragraph"] == dvpp_item, code
    assert by_rule["OD102"]["location"]["paragraph"] == attend
    assert by_rule["OD201"]["message"] == ("a DVPP is ordered but nothing directs Cafcass or "
                                           "the local authority to refer the party")
    assert all(f["path"] == str(path) for f in findings)


def test_template_2016_for_miam_and_spip_only_is_not_a_dvpp_problem(tmp_path: Path) -> None:
    lines = seed_lines("Activity Directions", 7)
    body = ["Activity Directions"] + [fill(line, "John Smith", "7 December 2026")
                                      for i, line in enumerate(lines) if i != 3]
    path = write_order(tmp_path / "miam.docx", "CASE MANAGEMENT ORDER", body)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.output == "1 file(s) checked: 0 error(s), 0 warning(s), 0 info\n"
    assert result.exit_code == 0
