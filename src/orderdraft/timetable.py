"""When each stage of a court-ordered DVPP is likely to fall, counted in working days.

The order fixes two dates: the order itself and the date the referrer must refer by.
Everything after that (the suitability assessment, the sessions, the reports, a review
hearing) is an *estimate* built on the programme's length and a few stated planning
assumptions, so a legal adviser can list a review hearing that will not come too early
and a provider can see when each report is expected. None of it is a direction.

Bank holidays come from the ``holidays`` library for England or Wales (never a typed
list); a session that falls on one is assumed to move to the next slot in the cycle, so
the programme runs one interval longer. The figures Cafcass gave for the time from
referral to completion (seed 002) are quoted beside the estimate as the range observed
then, not as a promise.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

import holidays

from .case import Activity, Case, Country
from .errors import InputError
from .plan import ROLE_LABEL
from .render.jinja import long_date

Frequency = Literal["weekly", "fortnightly"]

# "the number of group sessions that you will need to attend varies depending on the
# provider the average is 28 sessions" (Cafcass DVPP leaflet, docs/sources/001_...).
DEFAULT_SESSIONS = 28
DEFAULT_FREQUENCY: Frequency = "weekly"
INTERVAL_DAYS: dict[Frequency, int] = {"weekly": 7, "fortnightly": 14}

# Cafcass FOI reply CAF 17-69 (docs/sources/002_963e81c6889d4dd4.txt): referral to
# completion in full, May 2016 to April 2017, for those who started the course.
OBSERVED_AVERAGE_DAYS = 142
OBSERVED_MIN_DAYS = 35
OBSERVED_MAX_DAYS = 334
OBSERVED_RANGE = (
    "Cafcass reported that, from May 2016 to April 2017, people who started a DVPP took "
    f"{OBSERVED_AVERAGE_DAYS} days on average from referral to completing the course in full "
    f"(minimum {OBSERVED_MIN_DAYS} days, maximum {OBSERVED_MAX_DAYS} days; Cafcass FOI reply "
    "CAF 17-69). That is the range Cafcass observed then, not a promise for this case."
)

_SUBDIVISION: dict[Country, str] = {"england": "ENG", "wales": "WLS"}
_COUNTRY_NAME: dict[Country, str] = {"england": "England", "wales": "Wales"}


@dataclass(frozen=True)
class Assumptions:
    """The planning assumptions behind every estimate; none comes from a Cafcass standard.

    They are shown beside the timetable, so anyone relying on a date can see what it
    rests on and change it.
    """

    assessment_working_days: int = 15
    """Working days after the refer-by date within which the face-to-face assessment is held."""
    report_working_days: int = 10
    """Working days the provider takes to send each report after the stage it covers."""
    section7_working_days: int = 20
    """Working days after the completion report for an updated section 7 report."""
    listing_working_days: int = 10
    """Working days after the last report before a review hearing, to read and respond to it."""

    def describe(self, country: Country) -> str:
        return (
            "Planning assumptions (not Cafcass standards): the suitability assessment within "
            f"{self.assessment_working_days} working days of the refer-by date; each provider "
            f"report {self.report_working_days} working days after the stage it covers; an "
            f"updated section 7 report {self.section7_working_days} working days after the "
            f"completion report; a review hearing at least {self.listing_working_days} working "
            "days after the last report; a session that falls on a bank holiday moves to the "
            f"next slot. Bank holidays are those of {_COUNTRY_NAME[country]}."
        )


DEFAULT_ASSUMPTIONS = Assumptions()


@cache
def _calendar(country: Country) -> holidays.HolidayBase:
    """The UK calendar for England or Wales (``UnitedKingdom(subdiv="ENG"|"WLS")``)."""
    return holidays.country_holidays("GB", subdiv=_SUBDIVISION[country])


def bank_holiday(day: dt.date, country: Country = "england") -> str | None:
    """The bank holiday's name if ``day`` is one in ``country``, else None."""
    name = _calendar(country).get(day)
    return str(name) if name else None


def is_working_day(day: dt.date, country: Country = "england") -> bool:
    """Monday to Friday and not a bank holiday.

    Uses the calendar's membership test, which every ``holidays`` release in our pinned
    range has (``HolidayBase.is_working_day`` arrived later).
    """
    return day.weekday() < 5 and day not in _calendar(country)


def add_working_days(day: dt.date, n: int, country: Country = "england") -> dt.date:
    """The ``n``-th working day after ``day`` (``n`` >= 0; 0 gives ``day`` or the next one)."""
    if n < 0:
        raise ValueError("n must not be negative")
    current = day
    if n == 0:
        while not is_working_day(current, country):
            current += dt.timedelta(days=1)
        return current
    for _ in range(n):
        current += dt.timedelta(days=1)
        while not is_working_day(current, country):
            current += dt.timedelta(days=1)
    return current


def working_day_before(day: dt.date, country: Country = "england") -> dt.date:
    """The last working day strictly before ``day``."""
    current = day - dt.timedelta(days=1)
    while not is_working_day(current, country):
        current -= dt.timedelta(days=1)
    return current


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the month's end (31 January + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def session_dates(first: dt.date, count: int, frequency: Frequency,
                  country: Country = "england") -> tuple[tuple[dt.date, ...], tuple[dt.date, ...]]:
    """The expected session dates and the bank holidays skipped on the way.

    Sessions keep their weekday; one that would fall on a bank holiday is not held and the
    programme gains a slot at the end instead.
    """
    if count < 1:
        raise ValueError("a programme has at least one session")
    if first.weekday() >= 5:
        raise ValueError("sessions start on a weekday (every later slot would be a weekend too)")
    step = dt.timedelta(days=INTERVAL_DAYS[frequency])
    held: list[dt.date] = []
    skipped: list[dt.date] = []
    slot = first
    while len(held) < count:
        (held if is_working_day(slot, country) else skipped).append(slot)
        slot += step
    return tuple(held), tuple(skipped)


@dataclass(frozen=True)
class Timetable:
    """Expected dates for one DVPP, from the order's dates and the programme's length."""

    country: Country
    order_date: dt.date
    referral: dt.date  # the refer-by date, or the order date when the order gives none
    refer_by_ordered: bool
    sessions: int
    frequency: Frequency
    assessment_from: dt.date
    assessment_by: dt.date
    suitability_report_by: dt.date
    session_dates: tuple[dt.date, ...]
    skipped: tuple[dt.date, ...]
    midway_session: int
    midway_report_by: dt.date
    completion_report_by: dt.date
    section7_by: dt.date | None
    review_hearing: dt.date
    assumptions: Assumptions

    @property
    def first_session(self) -> dt.date:
        return self.session_dates[0]

    @property
    def midway(self) -> dt.date:
        return self.session_dates[self.midway_session - 1]

    @property
    def completion(self) -> dt.date:
        return self.session_dates[-1]

    @property
    def referral_to_completion_days(self) -> int:
        return (self.completion - self.referral).days

    @property
    def programme(self) -> str:
        """'28 weekly sessions' — how the programme is described everywhere."""
        noun = "session" if self.sessions == 1 else "sessions"
        return f"{self.sessions} {self.frequency} {noun}"


def timetable(order_date: dt.date, refer_by: dt.date | None, *,
              sessions: int = DEFAULT_SESSIONS, frequency: Frequency = DEFAULT_FREQUENCY,
              country: Country = "england", updated_section7: bool = False,
              assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> Timetable:
    """Estimate every stage of a DVPP from the order.

    The referral is taken to happen on the refer-by date (the latest the order allows), so
    the dates are the latest to expect, not the earliest. Without a refer-by date the count
    starts from the order date.
    """
    if sessions < 1:
        raise ValueError("a programme has at least one session")
    a = assumptions
    start = refer_by or order_date
    assessment_from = add_working_days(start, 1, country)
    assessment_by = add_working_days(start, a.assessment_working_days, country)
    suitability_report_by = add_working_days(assessment_by, a.report_working_days, country)
    first = add_working_days(suitability_report_by, 1, country)
    held, skipped = session_dates(first, sessions, frequency, country)
    midway_session = math.ceil(sessions / 2)
    midway_report_by = add_working_days(held[midway_session - 1], a.report_working_days, country)
    completion_report_by = add_working_days(held[-1], a.report_working_days, country)
    section7_by = (add_working_days(completion_report_by, a.section7_working_days, country)
                   if updated_section7 else None)
    review = add_working_days(section7_by or completion_report_by, a.listing_working_days,
                              country)
    return Timetable(
        country=country, order_date=order_date, referral=start,
        refer_by_ordered=refer_by is not None, sessions=sessions, frequency=frequency,
        assessment_from=assessment_from, assessment_by=assessment_by,
        suitability_report_by=suitability_report_by, session_dates=held, skipped=skipped,
        midway_session=midway_session, midway_report_by=midway_report_by,
        completion_report_by=completion_report_by, section7_by=section7_by,
        review_hearing=review, assumptions=a,
    )


MAX_SESSIONS = 200


def activity_timetable(case: Case, index: int, act: Activity,
                       assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> Timetable:
    """The timetable for the DVPP at ``activities[index]``; a bad session count names its line."""
    if act.sessions is not None and not 1 <= act.sessions <= MAX_SESSIONS:
        # Above the cap the session dates run past the year 9999 and date arithmetic
        # overflows; no programme is anywhere near it (the average is 28).
        raise InputError(f"give the number of sessions as 1 to {MAX_SESSIONS}", path=case.path,
                         line=case.line("activities", index, "sessions"),
                         field=f"activities[{index}].sessions")
    return timetable(
        case.order_date, act.refer_by,
        sessions=act.sessions or DEFAULT_SESSIONS,
        frequency=act.frequency or DEFAULT_FREQUENCY,
        country=case.court.country,
        updated_section7=act.updated_section7 is not None,
        assumptions=assumptions,
    )


@dataclass(frozen=True)
class Row:
    """One line of the timetable as the reports show it."""

    stage: str
    when: str
    basis: str  # "the order" or "estimate"
    note: str = ""

    @property
    def explained(self) -> str:
        return f"{self.basis}; {self.note}" if self.note else self.basis


def rows(t: Timetable, *, midway_report: bool = True) -> list[Row]:
    """The timetable as stage / date / basis rows, in the order things happen."""
    estimate = "estimate"
    out = [
        Row("Order made", long_date(t.order_date), "the order"),
        Row("Referral to the provider", f"by {long_date(t.referral)}",
            "the order" if t.refer_by_ordered else estimate,
            "" if t.refer_by_ordered
            else "the order gives no refer-by date, so this counts from the order date"),
        Row("Suitability assessment (face-to-face meeting)",
            f"{long_date(t.assessment_from)} to {long_date(t.assessment_by)}", estimate),
        Row("Suitability assessment report", f"by {long_date(t.suitability_report_by)}",
            estimate),
        Row("Programme", f"{t.programme}, {long_date(t.first_session)} to "
            f"{long_date(t.completion)}", estimate, _skipped(t)),
        Row(f"Midway (session {t.midway_session} of {t.sessions})", long_date(t.midway),
            estimate),
    ]
    if midway_report:
        out.append(Row("Midway progress report", f"by {long_date(t.midway_report_by)}",
                       estimate))
    out.append(Row("Completion report", f"by {long_date(t.completion_report_by)}", estimate))
    if t.section7_by:
        out.append(Row("Updated section 7 report", f"by {long_date(t.section7_by)}", estimate))
    out.append(Row("Review hearing (suggested)", f"on or after {long_date(t.review_hearing)}",
                   estimate))
    return out


def _skipped(t: Timetable) -> str:
    if not t.skipped:
        return ""
    days = ", ".join(f"{bank_holiday(d, t.country)} {long_date(d)}" for d in t.skipped)
    return f"no session on {days}"


def _range_note(t: Timetable) -> str:
    days = t.referral_to_completion_days
    if days > OBSERVED_MAX_DAYS:
        where = (f"longer than the longest time Cafcass observed ({OBSERVED_MAX_DAYS} days); "
                 "consider whether a review hearing is needed before completion")
    elif days < OBSERVED_MIN_DAYS:
        where = f"shorter than the shortest time Cafcass observed ({OBSERVED_MIN_DAYS} days)"
    else:
        where = (f"within the range Cafcass observed ({OBSERVED_MIN_DAYS} to "
                 f"{OBSERVED_MAX_DAYS} days)")
    return f"This estimate is {days} days from the refer-by date to the last session, {where}."


def _refer_by_note(t: Timetable, who: str) -> Iterator[str]:
    day = t.referral
    if not t.refer_by_ordered or is_working_day(day, t.country):
        return
    holiday = bank_holiday(day, t.country)
    why = holiday if holiday else f"a {day:%A}"
    yield (f"{who}: the refer-by date, {long_date(day)}, is {why}, not a working day in "
           f"{_COUNTRY_NAME[t.country]}; consider {long_date(working_day_before(day, t.country))}"
           f" or {long_date(add_working_days(day, 0, t.country))}.")


def timetable_notes(case: Case) -> list[str]:
    """Drafting notes for the legal adviser: the expected DVPP timetable, per DVPP.

    Never raises for a case that loads: an unusable session count becomes a note, so a
    drafting aid can never stop an order being composed.
    """
    notes: list[str] = []
    for index, act in case.dvpps:
        who = (f"DVPP for the {ROLE_LABEL[case.party(act.party).role].lower()} "
               f"(activities[{index}])")
        try:
            t = activity_timetable(case, index, act)
        except InputError as exc:
            notes.append(f"{who}: no timetable: {exc.field}: {exc.detail}.")
            continue
        notes += list(_refer_by_note(t, who))
        parts = [f"{r.stage.lower()} {r.when}" + (f" ({r.note})" if r.note else "")
                 for r in rows(t, midway_report=act.midway_report) if r.stage != "Order made"]
        notes.append(f"{who}, expected timetable (estimates, not directions): "
                     + "; ".join(parts) + ". " + _range_note(t))
    if notes:
        notes.append(OBSERVED_RANGE)
        notes.append(DEFAULT_ASSUMPTIONS.describe(case.court.country))
    return notes
