"""OD503: the body holding the section 7 report refers and receives the DVPP reports."""

from __future__ import annotations

from orderdraft.findings import Severity

LA = {"local_authority": {"name": "Nottingham City Council", "holds_section7_report": True}}


def test_od503_case_cafcass_named_where_la_holds_report(make_case, run_case):
    built = make_case(LA)
    [f] = run_case(built, "OD503")
    assert (f.severity, f.location.field) == (Severity.WARNING, "activities[0].referrer")
    assert f.location.line == built.line("referrer: cafcass")
    assert f.message == ("Nottingham City Council holds the section 7 report, but Cafcass is "
                         "named to refer John Smith for the DVPP")


def test_od503_case_local_authority_named_without_one(make_case, run_case):
    built = make_case({"activities[0].referrer": "local_authority"})
    [f] = run_case(built, "OD503")
    assert f.message == ("the local authority is named to refer John Smith for the DVPP, but no "
                         "local authority holds the section 7 report")
    not_holding = make_case({"activities[0].referrer": "local_authority", "local_authority": {
        "name": "Nottingham City Council", "holds_section7_report": False}})
    assert len(run_case(not_holding, "OD503")) == 1


def test_od503_case_clean(make_case, run_case, delete):
    assert run_case(make_case(), "OD503") == []
    default = make_case({**LA, "activities[0].referrer": delete})  # defaults to the LA
    assert run_case(default, "OD503") == []
    assert run_case(make_case({**LA, "activities[0].referrer": "local_authority"}), "OD503") == []


LA_ORDER = (
    "1. John Smith must attend a Domestic Violence Perpetrator Programme including an initial "
    "assessment on dates to be provided by Nottingham City Council.",
    "2. Nottingham City Council must by 7 December 2026 refer John Smith for a suitability "
    "assessment to attend a DVPP.",
    "3. Nottingham City Council to file an updated section 7 report in relation to the "
    "application for a CAO on completion of the programme.",
)


def test_od503_text(run_text):
    assert run_text(LA_ORDER, "OD503") == []
    mixed = list(LA_ORDER)
    mixed[1] = ("2. Cafcass must by 7 December 2026 refer John Smith for a suitability "
                "assessment to attend a DVPP.")
    [f] = run_text(mixed, "OD503")
    assert (f.location.paragraph, f.message) == (
        2, "the local authority holds the section 7 report but Cafcass is directed to refer or "
           "receive the DVPP reports")
    reverse = ["1. John Smith must attend a DVPP.",
               "2. The local authority must refer John Smith for a suitability assessment.",
               "3. Cafcass to file a section 7 report by 1 March 2027."]
    [g] = run_text(reverse, "OD503")
    assert g.location.paragraph == 2


def test_od503_text_clean_cafcass_order(run_text, clean_order):
    assert run_text(clean_order, "OD503") == []
