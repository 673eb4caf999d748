"""OD503: whoever holds the section 7 report refers the party and receives the reports.

When the local authority, not Cafcass, writes the section 7 report, the Cafcass DVPP
guidance still applies but the local authority completes the referral and receives the
provider's reports; an order that tells Cafcass to refer leaves a case closed to Cafcass
with nobody acting on the direction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..case import Case
from ..findings import Severity
from . import text as t
from .locate import activities, at
from .registry import Context, Hit, Text, rule

QA = "Cafcass Questions and Answers, Domestic Violence Perpetrator Programme (DVPP)"
QA_SEED = "docs/sources/000_ba12fdd438ad3cb0.txt"

_LA = re.compile(r"\blocal authority\b|\bcouncil\b|\bchildren'?s services\b|"
                 r"\bsocial services\b", re.I)
_CAFCASS = re.compile(r"\bcafcass\b|\bfamily court advis[eo]r\b", re.I)
_S7 = re.compile(r"\bsection 7\b|\bs\.? ?7\b|\bwelfare report\b", re.I)
_REFER = re.compile(r"\brefer(?:s|ral)?\b|\bmidway\b|\bmid[- ]point\b|\bprogress\b", re.I)
_ABOUT_DVPP = re.compile(t.DVPP.pattern + r"|\bsuitability\b|\bthe programme\b", re.I)


def _first(doc: Text, *patterns: re.Pattern[str],
           without: re.Pattern[str]) -> tuple[int, str] | None:
    return next(((i, s) for i, s in t.sentence_find(doc, *patterns)
                 if not without.search(s) and not re.search(r"\breferred to in\b", s, re.I)),
                None)


@rule(
    "OD503", "referrer-mismatch", Severity.WARNING,
    summary="Cafcass named as the DVPP referrer where the local authority holds the section 7 "
            "report, or the local authority named where it does not.",
    citation=QA,
    fix="Where the local authority holds the section 7 report use the dvpp.la clauses (the "
        "local authority refers and receives the reports; referrer: local_authority); "
        "otherwise use the Cafcass wording (referrer: cafcass).",
    why="The body that holds the case and the section 7 report is the one that completes the "
        "referral, manages the case and receives the provider's reports; naming the other one "
        "leaves the direction with nobody to act on it.",
    source="“When the Local Authority is responsible for the case and the section 7 report the "
           "Cafcass 'DVPP Referral Process Guidance' still applies, however the Local Authority "
           "are responsible for completing the referral, the case management and receiving "
           f"reports from the provider.” ({QA_SEED})",
    text_heuristic="A DVPP is ordered; a sentence has the local authority/council holding or "
                   "filing a section 7 report (without Cafcass) while a DVPP sentence has "
                   "Cafcass (without the local authority) referring or receiving the "
                   "midway/progress report — or the reverse.",
)
class ReferrerMismatch:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        la = case.local_authority
        la_holds = la is not None and la.holds_section7_report
        for i, act, _, party in activities(case, "dvpp"):
            where = at(case, "activities", i, "referrer")
            if act.referrer == "cafcass" and la_holds and la is not None:
                yield Hit(f"{la.name} holds the section 7 report, but Cafcass is named to refer "
                          f"{party.name} for the DVPP", where)
            elif act.referrer == "local_authority" and not la_holds:
                yield Hit(f"the local authority is named to refer {party.name} for the DVPP, but "
                          "no local authority holds the section 7 report", where)

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        if not t.dvpp_ordered(doc):
            return
        la_s7 = _first(doc, _LA, _S7, without=_CAFCASS)
        cafcass_s7 = _first(doc, _CAFCASS, _S7, without=_LA)
        cafcass_refers = _first(doc, _CAFCASS, _REFER, _ABOUT_DVPP, without=_LA)
        la_refers = _first(doc, _LA, _REFER, _ABOUT_DVPP, without=_CAFCASS)
        if la_s7 and not cafcass_s7 and cafcass_refers:
            yield Hit("the local authority holds the section 7 report but Cafcass is directed to "
                      "refer or receive the DVPP reports", doc.location(*cafcass_refers))
        elif cafcass_s7 and not la_s7 and la_refers:
            yield Hit("Cafcass holds the section 7 report but the local authority is directed "
                      "to refer or receive the DVPP reports", doc.location(*la_refers))
