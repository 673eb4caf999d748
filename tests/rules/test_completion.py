"""OD204: the optional completion clauses the court asked for are in the order."""

from __future__ import annotations

from orderdraft.findings import Severity
from orderdraft.rules import REGISTRY


def test_od204_case_updated_section7_missing(make_case, run_case):
    built = make_case({"order.asks_for_updated_section7": True})
    [f] = run_case(built, "OD204")
    assert (f.severity, f.location.field) == (Severity.INFO, "activities[0].updated_section7")
    assert f.location.line == built.line("- kind: dvpp")  # nearest line: the activity
    assert f.message == ("the court asks for an updated section 7 report on completion of John "
                         "Smith's DVPP but the order has no dvpp.proposed.s7_update")
    assert f.fix == "Add dvpp.proposed.s7_update: set updated_section7 on activities[0]"


def test_od204_case_listing_missing_local_authority(make_case, run_case, delete):
    built = make_case({"order.asks_for_listing": True, "activities[0].referrer": delete,
                       "local_authority": {"name": "Nottingham City Council"}})
    [f] = run_case(built, "OD204")
    assert f.location.field == "activities[0].list_on_completion"
    assert f.message.endswith("but the order has no dvpp.la.listing")
    assert f.fix == "Add dvpp.la.listing: set list_on_completion: true on activities[0]"


def test_od204_case_template_wording_cannot_carry_the_clause(make_case, run_case):
    built = make_case({"order.asks_for_listing": True, "activities[0].list_on_completion": True,
                       "activities[0].wording": "template_2016",
                       "activities[0].attend_by": "2027-01-04"})
    [f] = run_case(built, "OD204")
    assert f.fix.endswith(" and use the proposed direction wording")


def test_od204_case_clean(make_case, run_case):
    both = make_case({"order.asks_for_updated_section7": True, "order.asks_for_listing": True,
                      "activities[0].updated_section7": {"risk_assessment": True},
                      "activities[0].list_on_completion": True})
    assert run_case(both, "OD204") == []
    assert run_case(make_case(), "OD204") == []


def test_od204_has_no_text_check():
    # Only the case file can say the court wanted the optional clauses.
    assert REGISTRY["OD204"].check_text is None
    assert REGISTRY["OD204"].text_heuristic == ""
