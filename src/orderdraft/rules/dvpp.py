"""Rules about how a Domestic Violence Perpetrator Programme is ordered (OD1xx, OD2xx).

Each rule quotes the sentence of the source it rests on in ``source``; the docs page and
``orderdraft rules --code`` show it, so a legal adviser can check the reasoning.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..case import Activity, Case
from ..findings import Location, Severity
from . import text as t
from .registry import Context, Hit, Text, rule

LETTER = "Cafcass letter to HH Judge Watson, 23 December 2016 (ref NH/JF/SL270)"
LETTER_SEED = "docs/sources/003_551aa47b01fdfaae.txt"
PD12J = "PD12J (as in force 22 April 2014 to 1 October 2017)"


def _dvpps(case: Case) -> Iterator[tuple[int, Activity, str]]:
    for i, act in case.dvpps:
        yield i, act, case.party(act.party).name


def _loc(case: Case, i: int, key: str) -> Location:
    return Location(line=case.line("activities", i, key), field=f"activities[{i}].{key}")


@rule(
    "OD101", "dvpp-as-condition-or-final", Severity.ERROR,
    summary="A DVPP imposed as an Activity Condition and/or in a final order.",
    citation=f"{LETTER}; {PD12J} para 33; Children Act 1989 ss11A, 11C",
    fix="Make the DVPP an Activity Direction (mechanism: direction) in a case management or "
        "interim order using the Cafcass wording, so the case stays open until the programme ends.",
    why="A final order or an Activity Condition leaves no route back to court if the party is "
        "unsuitable and no channel for progress reports; Cafcass cannot guarantee providers will "
        "take such cases.",
    source="“The difficulties arise where, as a part of a final order, the court makes an Activity "
           "Condition which requires attendance at a DVPP.” … “In DVPP cases courts only make "
           f"Activity Directions rather than Conditions.” ({LETTER_SEED})",
    text_heuristic="A paragraph that orders attendance at a DVPP and mentions a condition, or "
                   "any DVPP attendance in a document that calls itself a final order.",
)
class DvppConditionOrFinal:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for i, act, name in _dvpps(case):
            if act.mechanism == "condition":
                yield Hit(f"the DVPP for {name} is imposed as an Activity Condition; in DVPP "
                          "cases courts should make an Activity Direction",
                          _loc(case, i, "mechanism"))
            elif case.order.kind == "final":
                yield Hit(f"the DVPP for {name} is directed in a final order; the case must stay "
                          "open until the programme ends",
                          Location(line=case.line("order", "kind"), field="order.kind"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        final = t.is_final(doc)
        for i in t.dvpp_ordered(doc):
            if t.near(doc, i, t.CONDITION, span=1):
                yield Hit("a DVPP is imposed as an Activity Condition", doc.location(i))
            elif final:
                yield Hit("a DVPP is ordered in what reads as a final order", doc.location(i))


@rule(
    "OD201", "dvpp-no-referral-by-date", Severity.ERROR,
    summary="A DVPP without a direction for Cafcass (or the local authority) to refer by a date.",
    citation=f"{PD12J} para 34; {LETTER}",
    fix="Add the referral direction: “Cafcass must by <date> refer <name> for a suitability "
        "assessment to attend a DVPP.” (set refer_by in the case file).",
    why="It is Cafcass, not the party, who makes the referral to an accredited provider; without "
        "a direction nobody refers the party and the programme never starts.",
    source="“Once the court has determined that such an intervention is required, a direction "
           "for Cafcass to make the referral is required.” … “It is Cafcass, rather than the "
           f"individual party, who makes the referral.” ({LETTER_SEED})",
    text_heuristic="A DVPP is ordered but no paragraph both names Cafcass/the local authority "
                   "and says 'refer'; or that paragraph gives no date.",
)
class DvppNoReferral:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for i, act, name in _dvpps(case):
            if act.mechanism == "condition" or act.wording == "template_2016":
                yield Hit(f"the DVPP wording for {name} does not direct "
                          f"{case.referrer_name(act)} to refer", _loc(case, i, "wording"
                          if act.wording == "template_2016" else "mechanism"))
            elif act.refer_by is None:
                yield Hit(f"no refer-by date for {name}'s DVPP, so the order cannot direct "
                          f"{case.referrer_name(act)} to refer by a date",
                          Location(line=case.line("activities", i),
                                   field=f"activities[{i}].refer_by"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        ordered = t.dvpp_ordered(doc)
        if not ordered:
            return
        # Sentences, not paragraphs: PDF text runs several directions together, and the
        # PD12J recital's "referred to in paragraph 33 … Cafcass" is no referral.
        referrals = [(i, s) for i, s in t.sentence_find(doc, t.REFER, t.REFERRER)
                     if not t.PD12J_QUOTE.search(s)]
        if not referrals:
            yield Hit("a DVPP is ordered but nothing directs Cafcass or the local authority to "
                      "refer the party", doc.location(ordered[0]))
        elif not any(t.DATE.search(s) for _, s in referrals):
            yield Hit("the referral direction gives no date to refer by",
                      doc.location(*referrals[0]))


@rule(
    "OD202", "dvpp-no-suitability-assessment", Severity.ERROR,
    summary="A DVPP without the suitability-assessment stage.",
    citation=f"{PD12J} para 34; {LETTER}; Cafcass DVPP Q&A",
    fix="Use the Cafcass wording: attendance “including an initial assessment … and if deemed "
        "suitable on the dates confirmed by the provider”, and a referral “for a suitability "
        "assessment”.",
    why="Acceptance on a DVPP is subject to a suitability assessment; the programme cannot start "
        "until the provider confirms the party is suitable.",
    source="“It is acknowledged that acceptance on a DVPP is subject to a suitability assessment "
           "by the service provider” (PD12J para 34 as quoted); “The template omits the "
           f"suitability assessment stage which must be completed prior to acceptance on the "
           f"programme” ({LETTER_SEED}); “a Contact Activity Suitability Assessment must be "
           "undertaken prior to commencing the full programme” "
           "(docs/sources/000_ba12fdd438ad3cb0.txt)",
    text_heuristic="A DVPP is ordered and no paragraph mentions suitability, being assessed or "
                   "an initial assessment.",
)
class DvppNoSuitability:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for i, act, name in _dvpps(case):
            if act.mechanism == "condition" or act.wording == "template_2016":
                key = "wording" if act.wording == "template_2016" else "mechanism"
                yield Hit(f"the DVPP wording for {name} has no suitability-assessment stage",
                          _loc(case, i, key))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        ordered = t.dvpp_ordered(doc)
        directed = [s for _, s in t.sentence_find(doc, t.SUITABILITY)
                    if not t.PD12J_QUOTE.search(s)]  # the PD12J recital directs nothing
        if ordered and not directed:
            yield Hit("a DVPP is ordered without a suitability assessment",
                      doc.location(ordered[0]))


@rule(
    "OD203", "dvpp-no-midway-report", Severity.WARNING,
    summary="A DVPP without a midway report filed with the court and served on the parties.",
    citation=f"{LETTER}",
    fix="Add: “Cafcass will prepare a report on <name>’s progress midway through the programme. "
        "Cafcass to file a copy of the report with the court and serve a copy of the report on "
        "both parties.” (midway_report: true).",
    why="Without a midway report filed and served there is no mechanism for reporting progress "
        "and the reduction of risk to the child to the court.",
    source="“no mechanism for reporting to the court on progress and the consequential reduction "
           "of risk to the child of contact.” … “Cafcass to file a copy of the report with the "
           f"court and serve a copy of the report on both parties.” ({LETTER_SEED})",
    text_heuristic="A DVPP is ordered and no paragraph mentions a midway/mid-point/progress "
                   "report; or it does but neither it nor the next paragraph says file and serve.",
)
class DvppNoMidway:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for i, act, name in _dvpps(case):
            if act.mechanism == "condition" or act.wording == "template_2016":
                continue  # OD201/OD202 already say the wording must be replaced wholesale
            if not act.midway_report:
                yield Hit(f"no midway report for {name}'s DVPP", _loc(case, i, "midway_report"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        ordered = t.dvpp_ordered(doc)
        if not ordered:
            return
        midway = [i for i, _ in doc.find(t.MIDWAY)]
        if not midway:
            yield Hit("a DVPP is ordered without a midway progress report",
                      doc.location(ordered[0]))
            return
        if not any(t.near(doc, i, t.FILE) and t.near(doc, i, t.SERVE) for i in midway):
            yield Hit("the midway report is not directed to be filed with the court and served "
                      "on the parties", doc.location(midway[0]))


@rule(
    "OD205", "dvpp-2016-template-wording", Severity.WARNING,
    summary="The January 2016 generic activity wording used for a DVPP.",
    citation=f"{LETTER}",
    fix="Replace the 2016 template item for the DVPP with the Cafcass proposed wording "
        "(wording: proposed); keep the template for a MIAM or SPIP.",
    why="The template only directs the party to attend; it does not direct Cafcass to refer and "
        "omits the suitability assessment.",
    source="“While this may be appropriate for directing attendance at a MIAM or SPIP it does not "
           f"reflect the reality of attendance at a DVPP.” ({LETTER_SEED})",
    text_heuristic="'must attend the following activity programme' followed by a DVPP item.",
)
class Dvpp2016Template:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for i, act, name in _dvpps(case):
            if act.wording == "template_2016":
                yield Hit(f"{name}'s DVPP uses the January 2016 template wording",
                          _loc(case, i, "wording"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        start = doc.first(t.TEMPLATE_2016)
        if start is None:
            return
        for i in t.dvpp_ordered(doc):
            if i >= start[0]:
                yield Hit("the January 2016 template wording is used for a DVPP", doc.location(i))
                return
