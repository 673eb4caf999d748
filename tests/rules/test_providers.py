"""OD301–OD306: providers, residence, sex, language, one-to-one work and re-referrals."""

from __future__ import annotations

import datetime as dt

import pytest

from orderdraft.findings import Severity
from orderdraft.library import load_library
from orderdraft.rules.providers import named_providers, rereferral, three_months_after
from orderdraft.rules.registry import Context, Text

DIRECT = ("1. John Smith must attend a Domestic Violence Perpetrator Programme including an "
          "initial assessment on dates to be provided by Cafcass and if deemed suitable on the "
          "dates confirmed by the provider.")


# --- OD301 -------------------------------------------------------------------------------

def test_od301_case_unlisted_provider(make_case, run_case):
    built = make_case({"activities[0].provider": "Acme Anger Management Ltd"})
    [f] = run_case(built, "OD301")
    assert (f.severity, f.location.field) == (Severity.ERROR, "activities[0].provider")
    assert f.location.line == built.line("provider: Acme Anger Management Ltd")
    assert f.message.startswith("'Acme Anger Management Ltd', named for John Smith's DVPP, is "
                                "not in the provider directory (")


def test_od301_case_listed_or_unchecked(make_case, run_case):
    assert run_case(make_case(), "OD301") == []
    assert run_case(make_case({"activities[0].provider": "example dvpp provider"}), "OD301") == []
    unlisted = make_case({"activities[0].provider": "Acme Anger Management Ltd"})
    assert run_case(unlisted, "OD301", Context()) == []  # no directory configured


def test_od301_text(run_text, clean_order):
    doc = [*clean_order[:3], DIRECT.replace("by the provider.", "by the provider, Acme Anger "
                                            "Management Ltd."), *clean_order[4:]]
    [f] = run_text(doc, "OD301")
    assert f.location.paragraph == 4
    assert f.message.startswith("'Acme Anger Management Ltd' is named as the DVPP provider but")
    listed = [*clean_order, "The programme will be delivered by Example DVPP Provider "
              "(Nottingham) at its Nottingham venue."]
    assert run_text(listed, "OD301") == []
    assert run_text(doc, "OD301", Context()) == []


def test_named_providers_phrasings():
    doc = Text("x", (
        "The DVPP will be provided by Acme Services of Leeds.",
        "John Smith must attend a DVPP with Safer Futures, an accredited provider.",
        "Reports from Calm Minds (the provider) are to be filed.",
        "Cafcass must refer John Smith to the provider, Example DVPP Provider (Nottingham).",
    ))
    assert named_providers(doc) == [(0, "Acme Services of Leeds"), (1, "Safer Futures"),
                                    (2, "Calm Minds"), (3, "Example DVPP Provider (Nottingham)")]


# --- OD302 -------------------------------------------------------------------------------

def test_od302_case(make_case, run_case):
    built = make_case({"parties[0].lives_in": "wales"})
    [f] = run_case(built, "OD302")
    assert (f.severity, f.location.field) == (Severity.ERROR, "parties[0].lives_in")
    assert f.location.line == built.line("lives_in: wales")
    assert f.message == ("John Smith lives in Wales; Cafcass funds a DVPP only for a participant "
                         "who lives in England")
    welsh_court = make_case({"court.country": "wales"})
    assert run_case(welsh_court, "OD302") == []
    mother_abroad = make_case({"parties[1].lives_in": "scotland"})
    assert run_case(mother_abroad, "OD302") == []


def test_od302_text(run_text, clean_order):
    doc = [*clean_order[:3], "John Smith lives in Cardiff with his partner.", *clean_order[3:]]
    [f] = run_text(doc, "OD302")
    assert (f.location.paragraph, f.message) == (
        4, "the DVPP participant appears to live in Cardiff")
    other = [*clean_order[:3], "Mary Smith has moved to Scotland.", *clean_order[3:]]
    assert run_text(other, "OD302") == []
    court = ["IN THE FAMILY COURT SITTING AT CARDIFF", *clean_order[1:]]
    assert run_text(court, "OD302") == []


# --- OD303 -------------------------------------------------------------------------------

def test_od303_case_woman(make_case, run_case):
    built = make_case({"activities[0].party": "mother"})
    [f] = run_case(built, "OD303")
    assert (f.severity, f.location.field) == (Severity.WARNING, "parties[1].sex")
    assert f.location.line == built.line("sex: female")
    assert f.message == ("Mary Smith is a woman; Cafcass has no accredited DVPP for women "
                         "perpetrators")
    assert "dvpp.notice.signposting" in f.fix
    clause = " ".join(load_library()["dvpp.notice.signposting"].text.split())
    assert f"“{clause}”" in f.fix  # the fix quotes the clause as the library has it


def test_od303_case_same_sex_derived_from_the_other_parent(make_case, run_case):
    two_fathers = {"parties[1].sex": "male", "parties[1].name": "Paul Jones"}
    [f] = run_case(make_case(two_fathers), "OD303")
    assert f.location.field == "parties[0].sex"
    assert f.message.startswith("John Smith and Paul Jones are both male (a same-sex relationship)")
    grandfather = {**two_fathers, "parties[1].parent_of_child_concerned": False}
    assert run_case(make_case(grandfather), "OD303") == []
    other = {"parties[0].sex": "other", "parties[1].sex": "other"}
    assert run_case(make_case(other), "OD303") == []
    assert run_case(make_case(), "OD303") == []


def test_od303_text(run_text, clean_order):
    woman = [*clean_order[:3], "1. The mother must attend a Domestic Violence Perpetrator "
             "Programme including an initial assessment.", *clean_order[4:]]
    [f] = run_text(woman, "OD303")
    assert (f.location.paragraph, f.message) == (4, "a DVPP is ordered for a woman")
    same_sex = [*clean_order, "The parents were in a same-sex relationship for six years."]
    assert [f.location.paragraph for f in run_text(same_sex, "OD303")] == [8]
    signposted = [*clean_order[:3], "There is at present no accredited Domestic Violence "
                  "Perpetrator Programme that Cafcass can commission as a contact activity for "
                  "women perpetrators or for people in same-sex relationships."]
    assert run_text(signposted, "OD303") == []
    assert run_text(clean_order, "OD303") == []


# --- OD304 -------------------------------------------------------------------------------

def test_od304_case(make_case, run_case):
    built = make_case({"parties[0].language": {"interpreter": True, "language": "Polish",
                                               "sufficient_english_for_group_work": False}})
    [f] = run_case(built, "OD304")
    assert f.location.field == "parties[0].language.sufficient_english_for_group_work"
    assert f.location.line == built.line("sufficient_english_for_group_work: false")
    assert f.message == ("John Smith does not have enough English for group work (Polish); DVPP "
                         "group work needs it")
    interpreter = make_case({"parties[0].language": {"interpreter": True}})
    [g] = run_case(interpreter, "OD304")
    assert (g.severity, g.location.field) == (Severity.WARNING, "parties[0].language.interpreter")
    mother = make_case({"parties[1].language": {"interpreter": True}})
    assert run_case(mother, "OD304") == []


def test_od304_text(run_text, clean_order):
    doc = ["Upon John Smith attending with the assistance of a Polish interpreter.",
           *clean_order[3:]]
    [f] = run_text(doc, "OD304")
    assert f.location.paragraph == 1
    recital = ["The following attended: the applicant father in person; the respondent "
               "mother, with an interpreter.", "1. The father must attend a DVPP."]
    assert run_text(recital, "OD304") == []
    recital[0] = "The father speaks little English."
    assert [f.location.paragraph for f in run_text(recital, "OD304")] == [1]


# --- OD305 -------------------------------------------------------------------------------

def test_od305_case(make_case, run_case):
    built = make_case({"activities[0].one_to_one": True})
    [f] = run_case(built, "OD305")
    assert (f.severity, f.location.field) == (Severity.ERROR, "activities[0].one_to_one")
    assert f.location.line == built.line("one_to_one: true")
    assert f.message == ("one-to-one delivery is asked for John Smith, but Example DVPP Provider "
                         "(Nottingham) is not accredited for one-to-one work")
    derby = make_case({"activities[0].one_to_one": True,
                       "activities[0].provider": "Example Respect Partnership (Derby)"})
    assert run_case(derby, "OD305") == []
    assert run_case(built, "OD305", Context()) == []


def test_od305_text(run_text, clean_order):
    doc = [*clean_order, "The programme is to be delivered on a one-to-one basis by Example DVPP "
           "Provider (Nottingham)."]
    [f] = run_text(doc, "OD305")
    assert f.location.paragraph == 8
    derby = [*clean_order, "The programme is to be delivered on a one-to-one basis by Example "
             "Respect Partnership (Derby)."]
    assert run_text(derby, "OD305") == []
    assert run_text(doc, "OD305", Context()) == []


# --- OD306 -------------------------------------------------------------------------------

def _previous(date: str, reason: str, provider: str = "Example DVPP Provider (Nottingham)"):
    return {"activities[0].previous_assessment": {
        "date": date, "provider": provider, "outcome": "unsuitable", "reason": reason}}


def test_od306_case_fundamental_reason_within_three_months(make_case, run_case):
    built = make_case(_previous("2026-09-01", "motivation"))
    [f] = run_case(built, "OD306")
    assert (f.severity, f.location.field) == (
        Severity.ERROR, "activities[0].previous_assessment.date")
    assert f.location.line == built.line("date: '2026-09-01'")
    assert f.message == ("John Smith was found unsuitable on 1 September 2026 because of lack of "
                         "motivation; a reassessment by the same or another provider needs a gap "
                         "of three months (not before 1 December 2026)")


def test_od306_case_after_three_months_is_info(make_case, run_case):
    [f] = run_case(make_case(_previous("2026-08-23", "seriousness")), "OD306")
    assert (f.severity, f.location.field) == (
        Severity.INFO, "activities[0].previous_assessment.reason")


@pytest.mark.parametrize("reason", ["language", "conflict_of_interest", "group_member_knowledge"])
def test_od306_case_curable_reason_at_another_provider(make_case, run_case, reason):
    [f] = run_case(make_case(_previous("2026-11-01", reason, "Other Provider")), "OD306")
    assert f.severity == Severity.INFO
    assert "referral to another provider may be appropriate" in f.message
    same = make_case(_previous("2026-11-01", reason))
    assert [g.severity for g in run_case(same, "OD306")] == [Severity.ERROR]


def test_od306_case_suitable_or_none(make_case, run_case):
    assert run_case(make_case(), "OD306") == []
    suitable = {"activities[0].previous_assessment": {
        "date": "2026-11-01", "provider": "X", "outcome": "suitable"}}
    assert run_case(make_case(suitable), "OD306") == []


def test_od306_text(run_text, clean_order):
    doc = [*clean_order[:3], "John Smith was assessed as unsuitable on 1 October 2026 because of "
           "a lack of motivation.", *clean_order[3:]]
    [f] = run_text(doc, "OD306")
    assert (f.severity, f.location.paragraph) == (Severity.ERROR, 4)
    doc[3] = ("John Smith was found unsuitable on 1 October 2026 because he knows another group "
              "member; he is to be referred to a different provider.")
    [g] = run_text(doc, "OD306")
    assert g.severity == Severity.INFO
    assert run_text(clean_order, "OD306") == []


def test_rereferral_rules_table():
    d = dt.date(2026, 1, 31)
    assert three_months_after(d) == dt.date(2026, 4, 30)
    assert rereferral("motivation", False, d, dt.date(2026, 4, 29))[0] == Severity.ERROR
    assert rereferral("motivation", False, d, dt.date(2026, 4, 30))[0] == Severity.INFO
    assert rereferral(None, None, d, dt.date(2026, 2, 1))[0] == Severity.ERROR
    assert rereferral("language", None, d, dt.date(2026, 2, 1))[0] == Severity.INFO
    assert rereferral("language", True, d, dt.date(2026, 2, 1))[0] == Severity.ERROR


def test_od303_suppression_scoped_to_the_activity_reaches_a_finding_on_the_party(
        make_case, run_case):
    """OD303 points at the party's sex, not the activity; a suppression for that activity
    must still reach it (it used to be reported as unused, OD001)."""
    mother_dvpp = {"kind": "dvpp", "party": "mother", "referrer": "cafcass",
                   "provider": "Example DVPP Provider (Nottingham)", "refer_by": "2026-12-07"}
    built = make_case({"activities[1]": mother_dvpp, "suppress": [
        {"rule": "OD303", "activity": 1, "reason": "the court has heard why"}]})
    from orderdraft.validate import Selection, check_case

    found = check_case(built.case, None, Selection(select=("OD303", "OD001")))
    assert [(f.rule, f.suppressed, f.location.field, f.location.activity) for f in found] == [
        ("OD303", True, "parties[1].sex", 1)]
    other = make_case({"activities[1]": mother_dvpp, "suppress": [
        {"rule": "OD303", "activity": 0, "reason": "about the father's programme"}]})
    found = check_case(other.case, None, Selection(select=("OD303", "OD001")))
    assert sorted((f.rule, f.suppressed) for f in found) == [("OD001", False),
                                                             ("OD303", False)]
