"""OD206: the refer-by date must be a real working day on or after the order date.

Also home to the date reading the text heuristics share: English orders write dates as
"7 December 2026", "7th December 2026", "07/12/2026" (day first) or "2026-12-07", and the
order's own date sits in a closing "Dated …" line.

The split with OD201 is by what the text shows: a referral direction with *no* date at all
is OD201's ("no date to refer by"); OD206 only judges a date that is there — unreadable
(31/02/2027), before the order date, or not a working day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache

import holidays

from ..case import Case, Country
from ..findings import Severity
from ..render.jinja import long_date
from . import text as t
from .locate import activities, at
from .registry import Context, Hit, Text, rule

LETTER_SEED = "docs/sources/003_551aa47b01fdfaae.txt"

_MONTHS = {m: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for m in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
DATE = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?P<mon>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b|"
    rf"\b(?P<mon2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b|"
    r"\b(?P<d3>\d{1,2})[/.](?P<m3>\d{1,2})[/.](?P<y3>\d{4}|\d{2})\b|"
    r"\b(?P<y4>\d{4})-(?P<m4>\d{2})-(?P<d4>\d{2})\b",
    re.I,
)
_INVALID = dt.date.min  # a date-shaped string that names no real day


def _to_date(m: re.Match[str]) -> dt.date:
    g = m.groupdict()
    try:
        if g["d"]:
            return dt.date(int(g["y"]), _MONTHS[g["mon"].lower()], int(g["d"]))
        if g["d2"]:
            return dt.date(int(g["y2"]), _MONTHS[g["mon2"].lower()], int(g["d2"]))
        if g["d3"]:
            year = int(g["y3"]) + (2000 if len(g["y3"]) == 2 else 0)
            return dt.date(year, int(g["m3"]), int(g["d3"]))
        return dt.date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
    except ValueError:
        return _INVALID


def find_dates(s: str) -> list[tuple[re.Match[str], dt.date | None]]:
    """Every date-shaped string in ``s`` with its date, or None when it is not a real day."""
    out: list[tuple[re.Match[str], dt.date | None]] = []
    for m in DATE.finditer(s):
        d = _to_date(m)
        out.append((m, None if d is _INVALID else d))
    return out


def parse_date(s: str) -> dt.date | None:
    """The first real date in ``s``."""
    return next((d for _, d in find_dates(s) if d is not None), None)


_DATED = re.compile(
    r"(?:^|(?<=[.:;)\s]))(?:Dated|DATED|Date of (?:this )?order|Date order made|"
    r"Order (?:made|dated) on|Made on)\b\s*:?\s*(?:this\s+)?",
)


def document_date(doc: Text) -> dt.date | None:
    """The order's own date: the last 'Dated …' / 'Date of order: …' in the document."""
    found: dt.date | None = None
    for para in doc.paragraphs:
        for m in _DATED.finditer(para):
            if m.start() >= 2 and para[m.start() - 2].islower():
                continue  # 'the report dated …' describes another document
            d = DATE.match(para, m.end())
            if d:
                day = _to_date(d)
                found = None if day is _INVALID else day
    return found


_SUBDIV: dict[Country, str] = {"england": "ENG", "wales": "WLS"}


@cache
def _bank_holidays(subdiv: str) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=subdiv)


def non_working_reason(day: dt.date, country: Country | None = None) -> str | None:
    """Why ``day`` is not a working day in the courts of England and Wales, or None.

    Weekends, and bank holidays in England or Wales (``holidays``' GB calendar for the
    court's nation; both when the nation is unknown, as for a foreign document).
    """
    if day.weekday() >= 5:
        return day.strftime("%A")
    subdivs = [_SUBDIV[country]] if country else list(_SUBDIV.values())
    for sub in subdivs:
        name = _bank_holidays(sub).get(day)
        if name:
            return f"a bank holiday ({name})"
    return None


@rule(
    "OD206", "refer-by-date-invalid", Severity.ERROR,
    summary="A refer-by date before the order date (error) or not a working day (warning).",
    citation="Cafcass letter to HH Judge Watson, 23 December 2016 (ref NH/JF/SL270); "
             "Family Procedure Rules 2010 r2.3(1) (“business day”)",
    fix="Give a refer-by date on or after the order date that is a weekday and not a bank "
        "holiday in England and Wales.",
    why="Cafcass cannot refer by a date that has already passed when the order is made, and a "
        "deadline falling on a weekend or bank holiday is one nobody can meet on the day.",
    source="“Cafcass must by xxxx date refer XXX (name) for a suitability assessment to attend "
           f"a DVPP.” ({LETTER_SEED}) — the referral is tied to a date that has to be met. "
           "Family Procedure Rules 2010 r2.3(1), in plain words (not a quotation): a business "
           "day is any day other than a Saturday, Sunday, Christmas Day, Good Friday or a bank "
           "holiday in England and Wales.",
    text_heuristic="In each sentence that tells Cafcass/the local authority to refer for a "
                   "DVPP or suitability assessment, each date introduced as the deadline ('by', "
                   "'before', 'no later than', 'on or before' — not another date in the "
                   "sentence) is read ('7 December 2026', '7th December 2026', '07/12/2026', "
                   "'2026-12-07'): not a "
                   "real day or before the order's 'Dated …' date → error; a weekend or "
                   "English/Welsh bank holiday → warning. A referral with no date is OD201's.",
)
class ReferByDate:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        order_date = case.order_date
        for i, act, _, party in activities(case):
            if act.refer_by is None:
                continue  # no date at all is OD201's
            where = at(case, "activities", i, "refer_by")
            when = long_date(act.refer_by)
            if act.refer_by < order_date:
                yield Hit(f"the refer-by date for {party.name}'s {act.kind.upper()} ({when}) is "
                          f"before the order date ({long_date(order_date)})", where)
                continue
            reason = non_working_reason(act.refer_by, case.court.country)
            if reason:
                yield Hit(f"the refer-by date for {party.name}'s {act.kind.upper()} ({when}) is "
                          f"{reason}, not a working day", where, severity=Severity.WARNING)

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        order_date = document_date(doc)
        for i, sentence in referral_sentences(doc):
            for m, day in find_dates(sentence):
                if not _DEADLINE_LEAD.search(sentence[: m.start()]):
                    continue  # another date in the sentence (an adjournment, a birth date)
                loc = doc.location(i, sentence)
                if day is None:
                    yield Hit(f"the refer-by date {m.group()!r} is not a real date", loc)
                elif order_date and day < order_date:
                    yield Hit(f"the refer-by date ({long_date(day)}) is before the order date "
                              f"({long_date(order_date)})", loc)
                elif reason := non_working_reason(day):
                    yield Hit(f"the refer-by date ({long_date(day)}) is {reason}, not a working "
                              "day", loc, severity=Severity.WARNING)


# What introduces a refer-by date: "must by 7 December 2026 refer", "refer ... by Monday
# 7 December", "no later than 4pm on 7 December". Only such a date is the deadline; other
# dates in the sentence ("the court having adjourned on 1 November") are not.
_DEADLINE_LEAD = re.compile(
    r"\b(?:by|before|no later than|not later than|on or before|latest)"
    r"(?:\s+(?:\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)\s+on|\d{1,2}(?:[.:]\d{2})\s+on|the|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|,))*\s*$", re.I)

_REFER_VERB = re.compile(r"\brefer(?:s|ral)?\b|\bmake a referral\b", re.I)
_REFERRED_TO = re.compile(r"\breferred to in\b", re.I)
_FOR_DVPP = re.compile(t.DVPP.pattern + r"|\bsuitability\b|\bthe programme\b", re.I)


def referral_sentences(doc: Text) -> list[tuple[int, str]]:
    """Sentences that direct a referrer to refer someone for a DVPP."""
    return [(i, s) for i, s in t.sentence_find(doc, _REFER_VERB, t.REFERRER, _FOR_DVPP)
            if not _REFERRED_TO.search(s)]
