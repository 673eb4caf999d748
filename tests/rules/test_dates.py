"""OD206: the refer-by date is real, not before the order, and a working day."""

from __future__ import annotations

import datetime as dt

import pytest

from orderdraft.findings import Severity
from orderdraft.rules.dates import document_date, find_dates, non_working_reason, parse_date
from orderdraft.rules.registry import Text


def test_od206_case_before_order_date(make_case, run_case):
    built = make_case({"activities[0].refer_by": "2026-11-20"})
    [f] = run_case(built, "OD206")
    assert (f.severity, f.location.field) == (Severity.ERROR, "activities[0].refer_by")
    assert f.location.line == built.line("refer_by: '2026-11-20'")
    assert f.message == ("the refer-by date for John Smith's DVPP (20 November 2026) is before "
                         "the order date (23 November 2026)")


def test_od206_case_order_date_overrides_hearing_date(make_case, run_case):
    built = make_case({"order.date": "2026-12-08"})
    [f] = run_case(built, "OD206")
    assert "before the order date (8 December 2026)" in f.message


@pytest.mark.parametrize(("day", "reason"), [
    ("2026-12-05", "Saturday"),
    ("2026-12-06", "Sunday"),
    ("2026-12-28", "a bank holiday (Boxing Day (observed))"),
    ("2027-03-26", "a bank holiday (Good Friday)"),
])
def test_od206_case_not_a_working_day(make_case, run_case, day, reason):
    [f] = run_case(make_case({"activities[0].refer_by": day}), "OD206")
    assert f.severity == Severity.WARNING
    assert f.message.endswith(f") is {reason}, not a working day")


def test_od206_case_welsh_court_uses_welsh_calendar(make_case, run_case):
    built = make_case({"court.country": "wales", "activities[0].refer_by": "2027-03-01"})
    assert run_case(built, "OD206") == []  # St David's Day is not a bank holiday


def test_od206_case_clean(make_case, run_case):
    assert run_case(make_case(), "OD206") == []
    assert run_case(make_case({"activities[0].refer_by": "2026-11-23"}), "OD206") == []


def test_od206_case_leaves_a_missing_date_to_od201(make_case, run_case, delete):
    built = make_case({"activities[0].refer_by": delete})
    assert run_case(built, "OD206") == []
    assert [f.rule for f in run_case(built, "OD201")] == ["OD201"]


def test_od206_text_before_order_date(run_text, clean_order):
    doc = list(clean_order)
    doc[4] = ("2. Cafcass must by 20 November 2026 refer John Smith for a suitability "
              "assessment to attend a DVPP.")
    [f] = run_text(doc, "OD206")
    assert (f.severity, f.location.paragraph) == (Severity.ERROR, 5)
    assert f.message == ("the refer-by date (20 November 2026) is before the order date "
                         "(23 November 2026)")


@pytest.mark.parametrize(("written", "severity", "message"), [
    ("05/12/2026", Severity.WARNING, "the refer-by date (5 December 2026) is Saturday, not a "
                                     "working day"),
    ("28th December 2026", Severity.WARNING, "the refer-by date (28 December 2026) is a bank "
                                             "holiday (Boxing Day (observed)), not a working day"),
    ("31/02/2027", Severity.ERROR, "the refer-by date '31/02/2027' is not a real date"),
])
def test_od206_text_dates(run_text, clean_order, written, severity, message):
    doc = list(clean_order)
    doc[4] = f"2. Cafcass shall refer John Smith for a DVPP suitability assessment by {written}."
    [f] = run_text(doc, "OD206")
    assert (f.severity, f.message) == (severity, message)


def test_od206_text_clean_and_split_with_od201(run_text, clean_order):
    assert run_text(clean_order, "OD206") == []
    undated = list(clean_order)
    undated[4] = "2. Cafcass must refer John Smith for a suitability assessment to attend a DVPP."
    assert run_text(undated, "OD206") == []
    assert [f.rule for f in run_text(undated, "OD201")] == ["OD201"]


@pytest.mark.parametrize("sentence", [
    "2. Cafcass must by 7 December 2026 refer John Smith for a suitability assessment, the "
    "court having adjourned on 1 November 2026.",
    "2. Cafcass, as it told the court on 1 November 2026, must refer John Smith for a "
    "suitability assessment by 7 December 2026.",
])
def test_od206_text_reads_only_the_deadline_not_other_dates(run_text, clean_order, sentence):
    doc = list(clean_order)
    doc[4] = sentence
    assert run_text(doc, "OD206") == []


@pytest.mark.parametrize(("lead", "flagged"), [
    ("no later than 4pm on", True), ("on or before", True), ("before", True),
    ("by Friday", True), ("on", False), ("after", False),
])
def test_od206_text_deadline_leads(run_text, clean_order, lead, flagged):
    doc = list(clean_order)
    doc[4] = (f"2. Cafcass must refer John Smith for a suitability assessment {lead} "
              "20 November 2026.")
    assert [f.rule for f in run_text(doc, "OD206")] == (["OD206"] if flagged else [])


def test_od206_text_without_order_date_still_checks_working_day(run_text):
    doc = ["1. The father must attend a DVPP.",
           "2. Cafcass must by 5 December 2026 refer the father for a suitability assessment."]
    assert [f.severity for f in run_text(doc, "OD206")] == [Severity.WARNING]
    doc[1] = ("2. Cafcass must by 1 December 2020 refer the father (born 5 December 1990) for a "
              "suitability assessment.")
    assert run_text(doc, "OD206") == []  # no order date; the birth date is not a refer-by date


def test_find_dates_forms():
    found = [(m.group(), d) for m, d in find_dates(
        "7 December 2026, 7th Dec. 2026, December 7, 2026, 07/12/26, 7.12.2026, 2026-12-07, "
        "30/02/2026")]
    day = dt.date(2026, 12, 7)
    assert found == [("7 December 2026", day), ("7th Dec. 2026", day), ("December 7, 2026", day),
                     ("07/12/26", day), ("7.12.2026", day), ("2026-12-07", day),
                     ("30/02/2026", None)]
    assert parse_date("born 2 April 2019") == dt.date(2019, 4, 2)


def test_document_date():
    doc = Text("x", ("Upon the hearing on 1 November 2026.", "The report dated 3 October 2026.",
                     "Dated: 23rd November 2026"))
    assert document_date(doc) == dt.date(2026, 11, 23)
    assert document_date(Text("x", ("The report dated 3 October 2026.",))) is None
    assert document_date(Text("x", ("… on both parties. Dated 2 December 2026 NG26",))) == \
        dt.date(2026, 12, 2)


def test_non_working_reason():
    assert non_working_reason(dt.date(2026, 12, 7)) is None
    assert non_working_reason(dt.date(2026, 12, 25), "england") == "a bank holiday (Christmas Day)"
    assert non_working_reason(dt.date(2026, 8, 31), "wales") == \
        "a bank holiday (Late Summer Bank Holiday)"
