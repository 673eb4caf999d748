"""OD102, OD103, OD502: limits the Children Act 1989 puts on activity directions and CAOs."""

from __future__ import annotations

from orderdraft.findings import Severity

FINAL_SPIP = (
    "FINAL CHILD ARRANGEMENTS ORDER",
    "The court makes a final child arrangements order: Amy Smith (born 2 April 2019) shall "
    "live with the mother.",
    "1. John Smith must attend a Separated Parenting Information Programme by 1 March 2027.",
    "WARNING NOTICE: if you do not comply with this order you may be held in contempt of court.",
    "Dated 23 November 2026",
)


# --- OD102 -------------------------------------------------------------------------------

def test_od102_case_direction_in_final_order(make_case, run_case):
    built = make_case({"order.kind": "final"})
    [f] = run_case(built, "OD102")
    assert (f.rule, f.severity) == ("OD102", Severity.ERROR)
    assert f.location.field == "activities[0].mechanism"
    assert f.location.line == built.line("- kind: dvpp")
    assert f.message == ("the DVPP for John Smith is an activity direction but this is a final "
                         "order; s11A(7) bars both on the same occasion")


def test_od102_case_interim_order_that_disposes(make_case, run_case):
    built = make_case({"order.kind": "interim", "order.finally_disposes": True})
    [f] = run_case(built, "OD102")
    assert "the order finally disposes of the proceedings" in f.message


def test_od102_case_every_directed_activity_is_reported(make_case, run_case):
    built = make_case({"order.kind": "final", "activities[1]": {
        "kind": "miam", "party": "mother", "attend_by": "2027-01-04"}})
    assert [f.location.field for f in run_case(built, "OD102")] == [
        "activities[0].mechanism", "activities[1].mechanism"]


def test_od102_case_clean(make_case, run_case):
    assert run_case(make_case(), "OD102") == []
    assert run_case(make_case({"order.kind": "final", "order.finally_disposes": False}),
                    "OD102") == []
    condition = {"order.kind": "final", "activities[0]": {
        "kind": "spip", "party": "father", "mechanism": "condition", "attend_by": "2027-01-04"}}
    assert run_case(make_case(condition), "OD102") == []


def test_od102_text_direction_in_final_order(run_text):
    [f] = run_text(FINAL_SPIP, "OD102")
    assert f.location.paragraph == 3
    assert f.message == ("an activity is directed in what reads as an order finally disposing "
                         "of the proceedings")


def test_od102_text_condition_or_interim_is_clean(run_text, clean_order):
    condition = list(FINAL_SPIP)
    condition[2] = ("1. It is a condition of this child arrangements order that John Smith "
                    "attends a Separated Parenting Information Programme by 1 March 2027.")
    assert run_text(condition, "OD102") == []
    assert run_text(clean_order, "OD102") == []


# --- OD103 -------------------------------------------------------------------------------

def test_od103_case_child_who_is_not_a_parent(make_case, run_case):
    built = make_case({"parties[2]": {
        "id": "brother", "role": "intervener", "name": "Tom Smith", "sex": "male",
        "lives_in": "england", "date_of_birth": "2010-06-01", "parent_of_child_concerned": False},
        "activities[1]": {"kind": "spip", "party": "brother", "attend_by": "2027-01-04"}})
    [f] = run_case(built, "OD103")
    assert (f.severity, f.location.field) == (Severity.ERROR, "parties[2].date_of_birth")
    assert f.location.line == built.line("date_of_birth: '2010-06-01'")
    assert f.message == ("the SPIP activity direction is on Tom Smith, who is a child on the "
                         "order date and not a parent of the child concerned")


def test_od103_case_child_party_without_birth_date_and_condition(make_case, run_case):
    built = make_case({"parties[2]": {
        "id": "sibling", "role": "child_party", "name": "Tom Smith", "sex": "male",
        "lives_in": "england", "parent_of_child_concerned": False},
        "activities[1]": {"kind": "spip", "party": "sibling", "mechanism": "condition",
                          "attend_by": "2027-01-04"}})
    [f] = run_case(built, "OD103")
    assert f.location.field == "parties[2].role"
    assert "activity condition" in f.message


def test_od103_case_child_parent_and_adult_are_allowed(make_case, run_case):
    young_parent = {"parties[0].date_of_birth": "2009-01-01"}  # 17, but the child's parent
    assert run_case(make_case(young_parent), "OD103") == []
    eighteen_today = {"parties[0].date_of_birth": "2008-11-23",
                      "parties[0].parent_of_child_concerned": False}
    assert run_case(make_case(eighteen_today), "OD103") == []
    a_day_short = {"parties[0].date_of_birth": "2008-11-24",
                   "parties[0].parent_of_child_concerned": False}
    assert len(run_case(make_case(a_day_short), "OD103")) == 1


def test_od103_case_non_party(make_case, run_case):
    built = make_case({"parties[2]": {
        "id": "gran", "role": "non_party", "name": "Joan Smith", "sex": "female",
        "lives_in": "england", "parent_of_child_concerned": False},
        "activities[1]": {"kind": "miam", "party": "gran", "attend_by": "2027-01-04"}})
    [f] = run_case(built, "OD103")
    assert f.location.field == "activities[1].party"
    assert f.location.line == built.line("party: gran")
    assert f.message == ("the MIAM activity direction is on Joan Smith, who is not a party to "
                         "the proceedings")
    as_condition = make_case({"parties[2]": {
        "id": "gran", "role": "non_party", "name": "Joan Smith", "sex": "female",
        "lives_in": "england", "parent_of_child_concerned": False},
        "activities[1]": {"kind": "spip", "party": "gran", "mechanism": "condition",
                          "attend_by": "2027-01-04"}})
    assert run_case(as_condition, "OD103") == []


def test_od103_text_child_of_the_proceedings(run_text):
    doc = ("The children", "Amy Smith", "born 2 April 2012",
           "1. Amy Smith must attend a Separated Parenting Information Programme.",
           "Dated 23 November 2026")
    [f] = run_text(doc, "OD103")
    assert (f.location.paragraph, f.message) == (
        4, "an activity is directed at a child of the proceedings")


def test_od103_text_inline_birth_date_and_age_cut_off(run_text):
    doc = ["Concerning Amy Smith (born 2 April 2008).",
           "1. Amy Smith must attend a MIAM.", "Dated 23 November 2026"]
    assert run_text(doc, "OD103") == []  # 18 on the order date
    doc[0] = "Concerning Amy Smith (born 2 April 2009)."
    assert [f.location.paragraph for f in run_text(doc, "OD103")] == [2]


def test_od103_text_non_party(run_text, clean_order):
    doc = ["1. The paternal grandmother, who is not a party, must attend a MIAM by 4 January "
           "2027."]
    [f] = run_text(doc, "OD103")
    assert f.message == "an activity is directed at a person described as not a party"
    assert run_text(clean_order, "OD103") == []
    assert run_text(["1. The child's father must attend a MIAM by 4 January 2027."], "OD103") == []
    assert len(run_text(["1. The child must attend a SPIP by 4 January 2027."], "OD103")) == 1


# --- OD502 -------------------------------------------------------------------------------

def test_od502_case_cao_without_notice(make_case, run_case):
    built = make_case({"order.kind": "final", "order.child_arrangements": True,
                       "order.warning_notice": False, "activities": []})
    [f] = run_case(built, "OD502")
    assert (f.severity, f.location.field) == (Severity.ERROR, "order.warning_notice")
    assert f.location.line == built.line("warning_notice: false")


def test_od502_case_interim_cao_also_needs_notice(make_case, run_case):
    built = make_case({"order.kind": "interim", "order.child_arrangements": True,
                       "order.warning_notice": False})
    assert [f.rule for f in run_case(built, "OD502")] == ["OD502"]


def test_od502_case_clean(make_case, run_case):
    assert run_case(make_case({"order.child_arrangements": True}), "OD502") == []
    assert run_case(make_case({"order.warning_notice": False}), "OD502") == []


def test_od502_text(run_text, clean_order):
    no_notice = [p for p in FINAL_SPIP if not p.startswith("WARNING")]
    [f] = run_text(no_notice, "OD502")
    assert (f.location.paragraph, f.message) == (
        2, "a child arrangements order is made without the s11I warning notice")
    assert run_text(FINAL_SPIP, "OD502") == []
    assert run_text(clean_order, "OD502") == []
    recital = ["The court will not make a child arrangements order until the programme ends.",
               "Cafcass to file an updated section 7 report in relation to the application for "
               "a CAO on completion of the programme."]
    assert run_text(recital, "OD502") == []
