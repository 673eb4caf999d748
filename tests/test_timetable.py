"""The DVPP timetable: working days in England and Wales, sessions around bank holidays,
the stages that follow from the order, and the notes for the legal adviser."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from orderdraft.case import case_from_data, load_case
from orderdraft.compose import template_context
from orderdraft.errors import InputError
from orderdraft.library import load_library
from orderdraft.plan import plan
from orderdraft.timetable import (
    OBSERVED_RANGE,
    Assumptions,
    activity_timetable,
    add_months,
    add_working_days,
    bank_holiday,
    is_working_day,
    rows,
    session_dates,
    timetable,
    timetable_notes,
    working_day_before,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "reports" / "cafcass.yaml"
D = dt.date


# --- working days ---------------------------------------------------------------------------

def test_christmas_2026_bank_holidays_come_from_the_library() -> None:
    # Christmas Day is a Friday; Boxing Day a Saturday, so its bank holiday moves to Monday 28th.
    assert bank_holiday(D(2026, 12, 25)) == "Christmas Day"
    assert bank_holiday(D(2026, 12, 28)) == "Boxing Day (observed)"
    assert bank_holiday(D(2027, 1, 1)) == "New Year's Day"
    assert [d.day for d in (D(2026, 12, 21) + dt.timedelta(n) for n in range(14))
            if is_working_day(d)] == [21, 22, 23, 24, 29, 30, 31]
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert working_day_before(D(2026, 12, 29)) == D(2026, 12, 24)


def test_wales_uses_its_own_calendar() -> None:
    assert bank_holiday(D(2027, 3, 29), "wales") == "Easter Monday"
    assert add_working_days(D(2027, 3, 25), 1, "wales") == D(2027, 3, 30)  # Good Friday, Easter


def test_zero_working_days_is_the_day_itself_or_the_next_working_day() -> None:
    assert add_working_days(D(2026, 12, 23), 0) == D(2026, 12, 23)
    assert add_working_days(D(2026, 12, 25), 0) == D(2026, 12, 29)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 12, 23), -1)


def test_add_months_keeps_to_the_end_of_a_short_month() -> None:
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)
    assert add_months(D(2026, 12, 18), 3) == D(2027, 3, 18)


@given(st.dates(D(2024, 1, 1), D(2035, 12, 31)), st.integers(0, 60))
def test_adding_working_days_lands_on_a_working_day_n_working_days_on(start: dt.date,
                                                                      n: int) -> None:
    end = add_working_days(start, n)
    assert is_working_day(end)
    between = [start + dt.timedelta(k) for k in range(1, (end - start).days + 1)]
    assert sum(is_working_day(d) for d in between) == (n if n else int(not is_working_day(start)))


# --- sessions -------------------------------------------------------------------------------

def test_weekly_sessions_skip_christmas_and_new_year() -> None:
    held, skipped = session_dates(D(2026, 12, 18), 4, "weekly")
    assert held == (D(2026, 12, 18), D(2027, 1, 8), D(2027, 1, 15), D(2027, 1, 22))
    assert skipped == (D(2026, 12, 25), D(2027, 1, 1))


def test_fortnightly_sessions_are_fourteen_days_apart() -> None:
    held, skipped = session_dates(D(2027, 1, 13), 28, "fortnightly")  # Wednesdays
    assert skipped == ()
    assert held[0] == D(2027, 1, 13) and held[-1] == D(2028, 1, 26)
    assert {(b - a).days for a, b in itertools.pairwise(held)} == {14}


def test_sessions_cannot_start_at_a_weekend() -> None:
    with pytest.raises(ValueError, match="start on a weekday"):
        session_dates(D(2025, 2, 1), 1, "weekly")  # every slot would be a Saturday


@given(st.dates(D(2025, 1, 1), D(2034, 12, 31)).filter(lambda d: d.weekday() < 5),
       st.integers(1, 40), st.sampled_from(["weekly", "fortnightly"]))
def test_sessions_keep_their_weekday_and_count(first: dt.date, count: int, freq: str) -> None:
    held, skipped = session_dates(first, count, freq)  # type: ignore[arg-type]
    step = 7 if freq == "weekly" else 14
    assert len(held) == count
    assert all(is_working_day(d) for d in held)
    assert all(not is_working_day(d) for d in skipped)
    slots = sorted(held + skipped)
    assert all((d - first).days % step == 0 for d in slots)
    assert slots[-1] == held[-1]


# --- the timetable --------------------------------------------------------------------------

def test_refer_by_before_christmas_2026_weekly() -> None:
    t = timetable(D(2026, 12, 4), D(2026, 12, 18), sessions=24)
    # 15 working days after Friday 18 December, skipping 25, 28 December and 1 January.
    assert (t.assessment_from, t.assessment_by) == (D(2026, 12, 21), D(2027, 1, 13))
    assert t.suitability_report_by == D(2027, 1, 27)
    assert t.first_session == D(2027, 1, 28)
    assert (t.midway_session, t.midway) == (12, D(2027, 4, 15))
    assert t.midway_report_by == D(2027, 4, 29)
    assert t.completion == D(2027, 7, 8)
    assert t.completion_report_by == D(2027, 7, 22)
    assert t.section7_by is None
    assert t.review_hearing == D(2027, 8, 5)
    assert t.referral_to_completion_days == 202


def test_fortnightly_default_length_runs_past_the_longest_observed() -> None:
    weekly = timetable(D(2026, 11, 30), D(2027, 1, 8))
    fortnightly = timetable(D(2026, 11, 30), D(2027, 1, 8), frequency="fortnightly")
    assert weekly.sessions == fortnightly.sessions == 28
    assert fortnightly.first_session == weekly.first_session == D(2027, 2, 15)
    # Mondays: Easter Monday, the late summer bank holiday and New Year (observed) fall out.
    assert fortnightly.skipped == (D(2027, 3, 29), D(2027, 8, 30), D(2028, 1, 3))
    assert fortnightly.completion == D(2028, 4, 10)
    assert fortnightly.referral_to_completion_days == 458
    assert weekly.skipped == (D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31), D(2027, 8, 30))
    assert weekly.completion == D(2027, 9, 20)


def test_updated_section7_and_review_hearing_follow_the_completion_report() -> None:
    t = timetable(D(2026, 12, 4), D(2026, 12, 18), sessions=24, updated_section7=True)
    assert t.section7_by == D(2027, 8, 19)
    assert t.review_hearing == D(2027, 9, 3)  # 30 August is a bank holiday


def test_midway_is_the_middle_session_rounded_up() -> None:
    for sessions, midway in ((28, 14), (25, 13), (1, 1), (2, 1)):
        assert timetable(D(2027, 1, 4), D(2027, 1, 11), sessions=sessions).midway_session == midway


def test_without_a_refer_by_date_the_count_starts_at_the_order() -> None:
    t = timetable(D(2027, 2, 1), None, sessions=10)
    assert (t.referral, t.refer_by_ordered) == (D(2027, 2, 1), False)
    row = rows(t)[1]
    assert (row.stage, row.when, row.explained) == (
        "Referral to the provider", "by 1 February 2027",
        "estimate; the order gives no refer-by date, so this counts from the order date")


def test_assumptions_can_be_changed() -> None:
    quick = Assumptions(assessment_working_days=5, report_working_days=2)
    t = timetable(D(2027, 1, 4), D(2027, 1, 11), sessions=2, assumptions=quick)
    assert (t.assessment_by, t.suitability_report_by, t.first_session) == (
        D(2027, 1, 18), D(2027, 1, 20), D(2027, 1, 21))


def test_a_programme_needs_a_session() -> None:
    with pytest.raises(ValueError):
        timetable(D(2027, 1, 4), D(2027, 1, 11), sessions=0)


@given(st.dates(D(2025, 1, 1), D(2033, 12, 31)), st.integers(0, 30), st.integers(1, 40),
       st.sampled_from(["weekly", "fortnightly"]), st.booleans())
def test_stages_come_in_order(order: dt.date, wait: int, sessions: int, freq: str,
                              s7: bool) -> None:
    t = timetable(order, order + dt.timedelta(wait), sessions=sessions,
                  frequency=freq, updated_section7=s7)  # type: ignore[arg-type]
    chain = [t.referral, t.assessment_from, t.assessment_by, t.suitability_report_by,
             t.first_session, t.midway, t.completion, t.completion_report_by, t.review_hearing]
    assert chain == sorted(chain) and t.assessment_from > t.referral
    assert t.midway <= t.midway_report_by
    if s7:
        assert t.section7_by is not None
        assert t.completion_report_by < t.section7_by < t.review_hearing
    for day in (t.assessment_by, t.suitability_report_by, t.midway_report_by,
                t.completion_report_by, t.review_hearing):
        assert is_working_day(day)


# --- Cafcass's observed figures -------------------------------------------------------------

def test_observed_range_wording_and_figures_match_the_foi_reply() -> None:
    assert OBSERVED_RANGE == (
        "Cafcass reported that, from May 2016 to April 2017, people who started a DVPP took "
        "142 days on average from referral to completing the course in full (minimum 35 days, "
        "maximum 334 days; Cafcass FOI reply CAF 17-69). That is the range Cafcass observed "
        "then, not a promise for this case.")
    foi = (ROOT / "docs" / "sources" / "002_963e81c6889d4dd4.txt").read_text("utf-8")
    flat = re.sub(r"\s+", " ", foi)
    for said in ('" Average > 142 "', '" Max > 334 "', '" Min > 35 "',
                 "data taken from May 2016 to April 2017",
                 "covers the period from referral to completion of the course in full",
                 "Your reference number is CAF 17-69"):
        assert said in flat


# --- notes for the order --------------------------------------------------------------------

def test_timetable_notes_for_the_order() -> None:
    notes = timetable_notes(load_case(FIXTURE))
    assert notes == [
        "DVPP for the applicant (activities[0]), expected timetable (estimates, not "
        "directions): referral to the provider by 18 December 2026; suitability assessment "
        "(face-to-face meeting) 21 December 2026 to 13 January 2027; suitability assessment "
        "report by 27 January 2027; programme 24 weekly sessions, 28 January 2027 to 8 July "
        "2027; midway (session 12 of 24) 15 April 2027; midway progress report by 29 April "
        "2027; completion report by 22 July 2027; updated section 7 report by 19 August 2027; "
        "review hearing (suggested) on or after 3 September 2027. This estimate is 202 days "
        "from the refer-by date to the last session, within the range Cafcass observed (35 to "
        "334 days).",
        OBSERVED_RANGE,
        "Planning assumptions (not Cafcass standards): the suitability assessment within 15 "
        "working days of the refer-by date; each provider report 10 working days after the "
        "stage it covers; an updated section 7 report 20 working days after the completion "
        "report; a review hearing at least 10 working days after the last report; a session "
        "that falls on a bank holiday moves to the next slot. Bank holidays are those of "
        "England.",
    ]


def _data() -> dict[str, object]:
    data = yaml.safe_load(FIXTURE.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_notes_flag_a_refer_by_date_on_a_bank_holiday_and_a_long_programme() -> None:
    data = _data()
    act = data["activities"][0]  # type: ignore[index]
    act.update(refer_by="2026-12-25", frequency="fortnightly", sessions=28)
    notes = timetable_notes(case_from_data(data))
    assert notes[0] == (
        "DVPP for the applicant (activities[0]): the refer-by date, 25 December 2026, is "
        "Christmas Day, not a working day in England; consider 24 December 2026 or 29 December "
        "2026.")
    assert notes[1].endswith(
        "This estimate is 418 days from the refer-by date to the last session, longer than "
        "the longest time Cafcass observed (334 days); consider whether a review hearing is "
        "needed before completion.")


def test_notes_never_stop_an_order_for_a_bad_session_count() -> None:
    data = _data()
    data["activities"][0]["sessions"] = 0  # type: ignore[index]
    case = case_from_data(data)
    assert timetable_notes(case)[0] == (
        "DVPP for the applicant (activities[0]): no timetable: activities[0].sessions: give the "
        "number of sessions as 1 to 200.")
    with pytest.raises(InputError):
        activity_timetable(case, 0, case.activities[0])


def test_no_dvpp_no_notes() -> None:
    data = _data()
    data["activities"] = [{"kind": "miam", "party": "father", "attend_by": "2027-01-15"}]
    assert timetable_notes(case_from_data(data)) == []


def test_the_order_template_context_carries_the_notes() -> None:
    case = load_case(FIXTURE)
    ctx = template_context(plan(case, load_library()))
    assert ctx["drafting_notes"] == timetable_notes(case)
