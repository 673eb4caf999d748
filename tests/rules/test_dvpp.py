"""OD101, OD201, OD202, OD203, OD205: how a DVPP is ordered — each branch of each rule on a
case file (exact: field and line) and on document text (heuristic: paragraph), with the
negative case beside the positive one."""

from __future__ import annotations

import pytest

from orderdraft.findings import Severity

TEMPLATE_2016 = (
    "You John Smith must attend the following activity programme on the dates and times to "
    "be confirmed by the activity provider, and in any event by 1 March 2027",
    "a Domestic Violence Perpetrator’s Programme (a DVPP)",
    "(a) The court shall send this order to the activity provider with the parties contact "
    "details.",
    "(c) CAFCASS must monitor compliance with the activity direction given above and report to "
    "the court in the event of non-compliance.",
)


# --- OD101 ------------------------------------------------------------------------------


def test_od101_case_condition(make_case, run_case):
    built = make_case({"activities[0].mechanism": "condition"})
    [f] = run_case(built, "OD101")
    assert (f.severity, f.location.field) == (Severity.ERROR, "activities[0].mechanism")
    assert f.location.line == built.line("mechanism: condition")
    assert f.message == ("the DVPP for John Smith is imposed as an Activity Condition; in DVPP "
                         "cases courts should make an Activity Direction")


def test_od101_case_final_order(make_case, run_case):
    built = make_case({"order.kind": "final"})
    [f] = run_case(built, "OD101")
    assert (f.location.field, f.location.line) == ("order.kind", built.line("kind: final"))
    assert f.message.endswith("is directed in a final order; the case must stay open until "
                              "the programme ends")


@pytest.mark.parametrize("kind", ["case_management", "interim"])
def test_od101_case_clean(make_case, run_case, kind):
    assert run_case(make_case({"order.kind": kind, "activities[0].mechanism": "direction"}),
                    "OD101") == []


def test_od101_text(run_text, clean_order):
    assert run_text(clean_order, "OD101") == []
    condition = list(clean_order)
    condition[3] = ("1. It is a condition of the child arrangements order that John Smith must "
                    "attend a Domestic Violence Perpetrator Programme.")
    found = run_text(condition, "OD101")
    assert found[0].location.paragraph == 4
    assert {f.message for f in found} == {"a DVPP is imposed as an Activity Condition"}
    final = list(clean_order)
    final[1] = "FINAL ORDER"
    found = run_text(final, "OD101")
    assert found[0].location.paragraph == 4
    assert {f.message for f in found} == {"a DVPP is ordered in what reads as a final order"}


# --- OD201 ------------------------------------------------------------------------------


def test_od201_case_no_refer_by_date(make_case, run_case, delete):
    built = make_case({"activities[0].refer_by": delete})
    [f] = run_case(built, "OD201")
    assert f.location.field == "activities[0].refer_by"
    assert f.location.line == built.line("- kind: dvpp")
    assert f.message == ("no refer-by date for John Smith's DVPP, so the order cannot direct "
                         "Cafcass to refer by a date")


@pytest.mark.parametrize(("change", "key"), [
    ({"activities[0].wording": "template_2016", "activities[0].attend_by": "2027-03-01"},
     "wording"),
    ({"activities[0].mechanism": "condition"}, "mechanism"),
])
def test_od201_case_wording_that_directs_no_referral(make_case, run_case, change, key):
    [f] = run_case(make_case(change), "OD201")
    assert f.location.field == f"activities[0].{key}"
    assert f.message == "the DVPP wording for John Smith does not direct Cafcass to refer"


def test_od201_case_clean(make_case, run_case):
    assert run_case(make_case(), "OD201") == []


def test_od201_text(run_text, clean_order):
    assert run_text(clean_order, "OD201") == []
    no_referral = [p for p in clean_order if "refer John Smith" not in p]
    [f] = run_text(no_referral, "OD201")
    assert (f.location.paragraph, f.message) == (
        4, "a DVPP is ordered but nothing directs Cafcass or the local authority to refer the "
           "party")
    undated = [p.replace("by 7 December 2026 ", "") for p in clean_order]
    [g] = run_text(undated, "OD201")
    assert (g.location.paragraph, g.message) == (
        5, "the referral direction gives no date to refer by")


def test_od201_text_pd12j_recital_is_no_referral(run_text, clean_order):
    recital = ("The court has had regard to paragraph 34 of Practice Direction 12J, which "
               "provides: “Further or as an alternative to the advice, treatment or other "
               "intervention referred to in paragraph 33 above, the court may make an Activity "
               "Direction under section 11A and 11B Children Act 1989. Any intervention "
               "directed pursuant to this provision should be one commissioned and approved by "
               "Cafcass.”")
    no_referral = [p for p in clean_order if "refer John Smith" not in p]
    assert [f.rule for f in run_text([recital, *no_referral], "OD201")] == ["OD201"]


# --- OD202 ------------------------------------------------------------------------------


def test_od202_case(make_case, run_case):
    built = make_case({"activities[0].mechanism": "condition"})
    [f] = run_case(built, "OD202")
    assert (f.severity, f.location.field) == (Severity.ERROR, "activities[0].mechanism")
    assert f.message == "the DVPP wording for John Smith has no suitability-assessment stage"
    assert run_case(make_case(), "OD202") == []


def test_od202_text(run_text, clean_order):
    assert run_text(clean_order, "OD202") == []
    [f] = run_text(TEMPLATE_2016, "OD202")
    assert (f.location.paragraph, f.message) == (
        2, "a DVPP is ordered without a suitability assessment")


# --- OD203 ------------------------------------------------------------------------------


def test_od203_case(make_case, run_case, delete):
    built = make_case({"activities[0].midway_report": False})
    [f] = run_case(built, "OD203")
    assert (f.severity, f.location.field) == (Severity.WARNING, "activities[0].midway_report")
    assert f.location.line == built.line("midway_report: false")
    assert f.message == "no midway report for John Smith's DVPP"
    assert run_case(make_case({"activities[0].midway_report": True}), "OD203") == []
    # The 2016 wording is reported by OD201/OD202 as a whole, not part by part.
    assert run_case(make_case({"activities[0].wording": "template_2016",
                               "activities[0].attend_by": "2027-03-01"}), "OD203") == []


def test_od203_text(run_text, clean_order):
    assert run_text(clean_order, "OD203") == []
    [f] = run_text(clean_order[:5], "OD203")
    assert f.message == "a DVPP is ordered without a midway progress report"
    unserved = list(clean_order)
    unserved[5] = ("3. Cafcass will prepare a report on John Smith’s progress midway through "
                   "the programme.")
    [g] = run_text(unserved, "OD203")
    assert (g.location.paragraph, g.message) == (
        6, "the midway report is not directed to be filed with the court and served on the "
           "parties")


# --- OD205 ------------------------------------------------------------------------------


def test_od205_case(make_case, run_case):
    built = make_case({"activities[0].wording": "template_2016",
                       "activities[0].attend_by": "2027-03-01"})
    [f] = run_case(built, "OD205")
    assert (f.severity, f.location.field) == (Severity.WARNING, "activities[0].wording")
    assert f.location.line == built.line("wording: template_2016")
    assert f.message == "John Smith's DVPP uses the January 2016 template wording"
    assert run_case(make_case({"activities[0].wording": "proposed"}), "OD205") == []


def test_od205_case_the_template_is_fine_for_a_miam(make_case, run_case):
    miam = {"kind": "miam", "party": "father", "mechanism": "direction",
            "wording": "template_2016", "attend_by": "2027-01-10"}
    assert run_case(make_case({"activities[0]": miam}), "OD205") == []


def test_od205_text(run_text, clean_order):
    assert run_text(clean_order, "OD205") == []
    [f] = run_text(TEMPLATE_2016, "OD205")
    assert (f.location.paragraph, f.message) == (
        2, "the January 2016 template wording is used for a DVPP")
    miam_only = [TEMPLATE_2016[0], "a Mediation Information and Assessment Meeting (MIAM)"]
    assert run_text(miam_only, "OD205") == []
