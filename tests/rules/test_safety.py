"""OD401 (no SPIP with unresolved abuse) and OD402 (no supported contact centre with a DVPP)."""

from __future__ import annotations

from orderdraft.findings import Severity

SPIP = {"kind": "spip", "party": "mother", "attend_by": "2027-01-04"}
CENTRE = {"kind": "contact_centre", "party": "father", "provider": "Example Contact Centre"}


def test_od401_case(make_case, run_case):
    built = make_case({"activities[1]": SPIP})
    [f] = run_case(built, "OD401")
    assert (f.severity, f.location.field) == (Severity.ERROR, "activities[1].kind")
    assert f.location.line == built.line("- kind: spip")
    assert f.message == ("a SPIP for Mary Smith alongside a DVPP; cases with unresolved domestic "
                         "abuse are not suitable for a SPIP")
    assert run_case(make_case({"activities": [SPIP]}), "OD401") == []


def test_od401_text_alongside_dvpp(run_text, clean_order):
    doc = [*clean_order[:-1], "4. Mary Smith must attend a Separated Parenting Information "
           "Programme by 4 January 2027.", clean_order[-1]]
    [f] = run_text(doc, "OD401")
    assert (f.location.paragraph, f.message) == (
        7, "a SPIP is directed in a case with unresolved domestic abuse")


def test_od401_text_2016_template_items(run_text):
    doc = ["You John Smith must attend the following activity programme on the dates and times "
           "to be confirmed by the activity provider, and in any event by 4 January 2027",
           "a Separated Parenting Information Programme (SPIP)",
           "a Domestic Violence Perpetrator’s Programme (a DVPP)"]
    assert [f.location.paragraph for f in run_text(doc, "OD401")] == [2]


def test_od401_text_unresolved_allegations(run_text):
    doc = ["The court has listed a fact-finding hearing on the mother's allegations of domestic "
           "abuse.", "1. Both parents must attend a SPIP by 4 January 2027."]
    assert [f.location.paragraph for f in run_text(doc, "OD401")] == [2]
    doc[0] = "There are no allegations of domestic abuse in this case."
    assert run_text(doc, "OD401") == []


def test_od402_case(make_case, run_case):
    built = make_case({"activities[1]": CENTRE})
    [f] = run_case(built, "OD402")
    assert (f.severity, f.location.field) == (Severity.ERROR, "activities[1].kind")
    assert f.location.line == built.line("- kind: contact_centre")
    supervised = {"kind": "commissioned_contact", "party": "father", "referrer": "cafcass"}
    assert run_case(make_case({"activities[1]": supervised}), "OD402") == []
    assert run_case(make_case({"activities": [CENTRE]}), "OD402") == []


def test_od402_text(run_text, clean_order):
    doc = [*clean_order[:-1], "4. John Smith may have supported contact with Amy at the Example "
           "Child Contact Centre on alternate Saturdays.", clean_order[-1]]
    [f] = run_text(doc, "OD402")
    assert (f.location.paragraph, f.message) == (
        7, "supported contact centre contact alongside a DVPP")
    supervised = [*clean_order[:-1], "4. Cafcass must refer the case for Commissioned Child "
                  "Contact (supervised contact) at a contact centre.", clean_order[-1]]
    assert run_text(supervised, "OD402") == []
    refused = [*clean_order[:-1], "A supported contact centre is not suitable in this case.",
               clean_order[-1]]
    assert run_text(refused, "OD402") == []
    no_dvpp = ["1. John Smith may have supported contact with Amy at a contact centre."]
    assert run_text(no_dvpp, "OD402") == []
