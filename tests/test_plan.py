"""Which clauses a case produces, in what order, numbered how — and that the words are the
Cafcass letter's, filled in with the case's names and dates.

Expected wording is taken from the seed letter itself (docs/sources/003_...txt) with its
placeholders replaced, so a clause that drifts from the letter fails here as well as in the
clause library's own quote check.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from compose_helpers import SEED, example_data

from orderdraft.case import case_from_data
from orderdraft.errors import InputError
from orderdraft.library import load_library
from orderdraft.plan import Draft, plan

LIB = load_library()


def draft_of(data: dict[str, Any]) -> Draft:
    return plan(case_from_data(data, "case.yaml"), LIB)


def layout(draft: Draft) -> list[tuple[str, str, int, str]]:
    """(clause id, label, level, slot) per paragraph, in order."""
    return [(p.clause_id, p.label, p.level, p.slot) for p in draft.paragraphs]


def seed_block(after: str, count: int) -> list[str]:
    """The ``count`` non-empty lines of the letter that follow the line ``after``."""
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines()]
    start = lines.index(after)
    return [line for line in lines[start + 1:] if line][:count]


def fill(line: str, name: str, date: str = "", risk: bool = True) -> str:
    line = re.sub(r"XXXX\( Name\)|XXX \((?:N|n)ame\)", name, line)
    line = line.replace("xxxx date", date).replace(" (Optional)", "")
    line = line.replace("[and risk assessment]", "and risk assessment" if risk else "")
    return re.sub(r"  +", " ", line).strip()


PROPOSED = seed_block("Court Ordered Activity> Domestic Violence Perpetrator Programme", 5)
TEMPLATE = seed_block("Activity Directions", 7)

HEAD = [
    ("order.heading.children_act", "", 0, "heading"),
    ("order.recital.hearing", "", 0, "recital"),
    ("order.recital.attended", "", 0, "recital"),
]
PD12J = [
    ("order.recital.pd12j_33", "", 0, "recital"),
    ("order.recital.pd12j_34", "", 0, "recital"),
]
DATED = [("order.closing.dated", "", 0, "closing")]


def test_the_seed_blocks_were_found() -> None:
    assert PROPOSED[0].startswith("XXXX( Name) must attend")
    assert PROPOSED[4].startswith("The matter to be listed")
    assert TEMPLATE[0].startswith("You ** must attend the following activity programme")
    assert TEMPLATE[6].startswith("(c)")


def test_proposed_dvpp_with_every_optional_part() -> None:
    draft = draft_of(example_data())
    assert draft.title == "CASE MANAGEMENT ORDER"
    assert layout(draft) == [
        *HEAD, *PD12J,
        ("dvpp.proposed.heading", "", 0, "direction"),
        ("dvpp.proposed.attend", "1.", 0, "direction"),
        ("dvpp.proposed.refer", "2.", 0, "direction"),
        ("dvpp.proposed.midway", "3.", 0, "direction"),
        ("dvpp.proposed.s7_update", "4.", 0, "direction"),
        ("dvpp.proposed.listing", "5.", 0, "direction"),
        *DATED,
    ]
    directions = [p.text for p in draft.slot("direction") if p.label]
    assert directions == [fill(line, "John Smith", "7 December 2026") for line in PROPOSED]
    heading = draft.paragraphs[5]
    assert heading.text == "Court Ordered Activity: Domestic Violence Perpetrator Programme"
    assert heading.is_subheading


def test_proposed_dvpp_without_optional_parts() -> None:
    data = example_data()
    act = data["activities"][0]
    del act["updated_section7"], act["list_on_completion"]
    draft = draft_of(data)
    assert [p.clause_id for p in draft.paragraphs if p.label] == [
        "dvpp.proposed.attend", "dvpp.proposed.refer", "dvpp.proposed.midway",
    ]
    assert [p.text for p in draft.paragraphs if p.label] == [
        fill(line, "John Smith", "7 December 2026") for line in PROPOSED[:3]
    ]


def test_updated_section7_without_a_risk_assessment() -> None:
    data = example_data()
    data["activities"][0]["updated_section7"] = {}
    s7 = next(p for p in draft_of(data).paragraphs if p.clause_id == "dvpp.proposed.s7_update")
    assert s7.text == fill(PROPOSED[3], "", risk=False)
    assert "risk" not in s7.text


def test_no_midway_report_leaves_it_out() -> None:
    data = example_data()
    data["activities"][0]["midway_report"] = False
    ids = [p.clause_id for p in draft_of(data).paragraphs if p.label]
    assert "dvpp.proposed.midway" not in ids
    assert ids[:2] == ["dvpp.proposed.attend", "dvpp.proposed.refer"]


def test_local_authority_holding_the_section7_report_refers() -> None:
    data = example_data()
    del data["activities"][0]["referrer"]
    data["local_authority"] = {"name": "Derby City Council", "holds_section7_report": True}
    draft = draft_of(data)
    assert [p.clause_id for p in draft.paragraphs if p.slot == "direction"] == [
        "dvpp.proposed.heading", "dvpp.la.attend", "dvpp.la.refer", "dvpp.la.midway",
        "dvpp.la.s7_update", "dvpp.la.listing",
    ]
    texts = [p.text for p in draft.paragraphs if p.label]
    assert texts[1] == ("Derby City Council must by 7 December 2026 refer John Smith for a "
                        "suitability assessment to attend a DVPP.")
    assert all("Cafcass" not in t for t in texts[:4])


def test_explicit_cafcass_referrer_wins_over_the_local_authority() -> None:
    data = example_data()
    data["local_authority"] = {"name": "Derby City Council"}
    ids = [p.clause_id for p in draft_of(data).paragraphs]
    assert "dvpp.proposed.refer" in ids
    assert not any(i.startswith("dvpp.la.") for i in ids)


def test_miam_and_spip_grouped_under_the_2016_template() -> None:
    data = example_data()
    data["hearing"].pop("attended")
    data["activities"] = [
        {"kind": "miam", "party": "father", "attend_by": "2026-12-14"},
        {"kind": "spip", "party": "father", "attend_by": "2026-12-14"},
        {"kind": "miam", "party": "mother", "attend_by": "2026-12-21"},
    ]
    draft = draft_of(data)
    heading = ("template2016.heading", "", 0, "direction")
    provisions = [(f"template2016.provision.{x}", f"({x})", 1, "direction") for x in "abc"]
    assert layout(draft) == [
        HEAD[0], HEAD[1],
        heading, ("template2016.attend", "1.", 0, "direction"),
        ("template2016.item.miam", "•", 1, "direction"),
        ("template2016.item.spip", "•", 1, "direction"),
        *provisions,
        heading, ("template2016.attend", "2.", 0, "direction"),
        ("template2016.item.miam", "•", 1, "direction"),
        *provisions,
        *DATED,
    ]
    texts = [p.text for p in draft.paragraphs if p.slot == "direction"]
    expected_first = [
        "Activity Directions",
        TEMPLATE[0].replace("You **", "You John Smith").replace("by **", "by 14 December 2026"),
        TEMPLATE[1].lstrip("· "), TEMPLATE[2].lstrip("· "),
        *(re.sub(r"^\([abc]\)\s+", "", line) for line in TEMPLATE[4:7]),
    ]
    assert texts[:7] == expected_first
    assert texts[8] == expected_first[1].replace("John Smith", "Mary Smith").replace(
        "14 December", "21 December")
    # No DVPP direction, so no PD12J recitals.
    assert not any(p.clause_id.startswith("order.recital.pd12j") for p in draft.paragraphs)


def test_dvpp_in_2016_wording_is_an_item_of_the_template() -> None:
    data = example_data()
    data["activities"] = [
        {"kind": "miam", "party": "father", "attend_by": "2026-12-14"},
        {"kind": "dvpp", "party": "father", "wording": "template_2016", "attend_by": "2026-12-14"},
    ]
    draft = draft_of(data)
    items = [(p.clause_id, p.activity) for p in draft.paragraphs if p.label == "•"]
    assert items == [("template2016.item.miam", 0), ("template2016.item.dvpp", 1)]
    dvpp_item = next(p for p in draft.paragraphs if p.clause_id == "template2016.item.dvpp")
    assert dvpp_item.text == TEMPLATE[3].lstrip("· ")
    assert dvpp_item.status == "legacy"


def test_dvpp_as_a_condition_is_the_non_compliant_condition_clause() -> None:
    data = example_data()
    data["order"] = {"kind": "final", "child_arrangements": True}
    data["activities"][0]["mechanism"] = "condition"
    draft = draft_of(data)
    assert draft.title == "FINAL ORDER"
    assert layout(draft) == [
        *HEAD,
        ("condition.dvpp.final_order", "1.", 0, "condition"),
        ("order.notice.s11i_warning", "", 0, "notice"),
        *DATED,
    ]
    condition = draft.slot("condition")[0]
    assert condition.status == "non_compliant"
    assert condition.text == ("It is a condition of this child arrangements order that John "
                              "Smith attends a Domestic Violence Perpetrator Programme.")


@pytest.mark.parametrize(
    ("order", "warning"),
    [
        ({"kind": "final", "child_arrangements": True}, True),
        ({"kind": "interim", "child_arrangements": True}, True),
        ({"kind": "final", "child_arrangements": True, "warning_notice": False}, False),
        ({"kind": "final"}, False),
        ({"kind": "case_management", "warning_notice": True}, True),
    ],
)
def test_warning_notice_follows_the_child_arrangements_order(
    order: dict[str, Any], warning: bool
) -> None:
    data = example_data()
    data["order"] = order
    data["activities"] = []
    draft = draft_of(data)
    notices = [p.clause_id for p in draft.slot("notice")]
    assert notices == (["order.notice.s11i_warning"] if warning else [])
    if warning:
        assert [p.slot for p in draft.paragraphs][-2:] == ["notice", "closing"]
        assert draft.slot("notice")[0].text.startswith("WARNING NOTICE: Where a child "
                                                       "arrangements order is in force")


def test_extra_recitals_follow_the_clause_recitals_literally() -> None:
    data = example_data()
    data["order"]["recitals"] = ["The court read {{ x }} & <y>.", "Second."]
    draft = draft_of(data)
    recitals = draft.slot("recital")
    assert [p.clause_id for p in recitals] == [
        "order.recital.hearing", "order.recital.attended", "order.recital.pd12j_33",
        "order.recital.pd12j_34", "case.recital", "case.recital",
    ]
    assert [p.text for p in recitals[-2:]] == ["The court read {{ x }} & <y>.", "Second."]
    assert "case.recital" not in draft.clause_versions


@pytest.mark.parametrize(
    ("attended", "text"),
    [
        (["A"], "The following attended the hearing: A."),
        (["A", "B, with C"], "The following attended the hearing: A and B, with C."),
        (["A", "B", "C"], "The following attended the hearing: A; B; and C."),
        ([], None),
    ],
)
def test_attended_recital(attended: list[str], text: str | None) -> None:
    data = example_data()
    data["hearing"]["attended"] = attended
    found = [p.text for p in draft_of(data).paragraphs if p.clause_id == "order.recital.attended"]
    assert found == ([text] if text else [])


def test_hearing_recital_and_dated_line() -> None:
    data = example_data()
    data["order"]["date"] = "2026-11-24"
    data["hearing"]["judge"] = "District Judge Patel"
    draft = draft_of(data)
    assert draft.slot("recital")[0].text == (
        "Upon the dispute resolution appointment on 23 November 2026 before District Judge "
        "Patel.")
    assert draft.slot("closing")[0].text == "Dated 24 November 2026"


def test_numbering_runs_across_activities_and_each_dvpp_has_its_heading() -> None:
    data = example_data()
    data["activities"].append({"kind": "dvpp", "party": "mother", "refer_by": "2026-12-08"})
    data["activities"].append({"kind": "miam", "party": "father", "attend_by": "2027-01-04"})
    draft = draft_of(data)
    numbered = [(p.label, p.clause_id, p.activity) for p in draft.paragraphs if p.label
                and p.label.endswith(".")]
    assert [n for n, _, _ in numbered] == [f"{i}." for i in range(1, 10)]
    assert [(c, a) for _, c, a in numbered][5:] == [
        ("dvpp.proposed.attend", 1), ("dvpp.proposed.refer", 1), ("dvpp.proposed.midway", 1),
        ("template2016.attend", 2),
    ]
    headings = [p.activity for p in draft.paragraphs if p.clause_id == "dvpp.proposed.heading"]
    assert headings == [0, 1]


def test_order_titles() -> None:
    for kind, title in [("case_management", "CASE MANAGEMENT ORDER"),
                        ("interim", "INTERIM ORDER"), ("final", "FINAL ORDER")]:
        data = example_data()
        data["order"] = {"kind": kind}
        assert draft_of(data).title == title


def test_clause_versions_record_every_clause_used() -> None:
    draft = draft_of(example_data())
    assert draft.clause_versions == {
        p.clause_id: LIB[p.clause_id].version for p in draft.paragraphs
    }
    assert next(iter(draft.clause_versions)) == "order.heading.children_act"


def test_plan_is_pure() -> None:
    case = case_from_data(example_data())
    assert plan(case, LIB) == plan(case, LIB)


@pytest.mark.parametrize(
    ("activity", "message"),
    [
        ({"kind": "dvpp", "party": "father"},
         "case.yaml: activities[0].refer_by: missing; the wording of clause "
         "'dvpp.proposed.refer' needs it"),
        ({"kind": "miam", "party": "father"},
         "case.yaml: activities[0].attend_by: missing; the wording of clause "
         "'template2016.attend' needs it"),
        ({"kind": "spip", "party": "father", "mechanism": "condition"},
         "case.yaml: activities[0].attend_by: missing; the wording of clause "
         "'condition.spip' needs it"),
        ({"kind": "miam", "party": "father", "mechanism": "condition"},
         "case.yaml: activities[0].mechanism: orderdraft has no wording for a MIAM as an "
         "activity condition; use mechanism: direction"),
    ],
)
def test_what_the_wording_needs_is_named_by_field(activity: dict[str, Any], message: str) -> None:
    data = example_data()
    data["activities"] = [activity]
    with pytest.raises(InputError) as info:
        draft_of(data)
    assert info.value.format_message() == message
