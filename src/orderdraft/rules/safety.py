"""What may run alongside a DVPP (OD401, OD402): no SPIP, no supported contact centre.

Both come from the Cafcass DVPP Questions and Answers: a case serious enough for a DVPP has
unresolved domestic abuse, which makes a parenting course premature and an unsupervised
contact centre unsafe. Commissioned (supervised) child contact is the safe route.
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

_UNRESOLVED_DA = re.compile(
    r"\bfact[- ]finding hearing\b|\ballegations? of domestic (?:abuse|violence)\b|"
    r"\bdomestic (?:abuse|violence) (?:issues |allegations )?(?:remain|are|is) unresolved\b|"
    r"\bunresolved (?:issues of |allegations of )?(?:domestic (?:abuse|violence)|DV|DA)\b",
    re.I,
)
_NEGATED = re.compile(r"\b(?:no|not|none|withdrawn|neither)\b", re.I)


@rule(
    "OD401", "spip-unresolved-domestic-abuse", Severity.ERROR,
    summary="A SPIP directed where domestic abuse is unresolved, e.g. alongside a DVPP.",
    citation=QA,
    fix="Leave the SPIP out while domestic abuse is unresolved; consider it only after the DVPP "
        "has been completed successfully and safe, beneficial contact is a realistic outcome.",
    why="A SPIP assumes parents who can plan together safely; with unresolved abuse it can "
        "expose the victim and children to further harm.",
    source="“No. Cases with unresolved DV issues are not suitable for a SPIP. In a few cases "
           "SPIP may become appropriate following successful completion of a DVPP and where "
           "there are no unresolved DV issues and safe and beneficial contact is assessed as "
           f"being a realistic outcome.” ({QA_SEED})",
    text_heuristic="A sentence directs or requires attendance at a SPIP (Separated Parenting "
                   "Information Programme, Planning Together for Children) and the document "
                   "also orders a DVPP or speaks of a fact-finding hearing, allegations of "
                   "domestic abuse/violence or unresolved domestic abuse (not negated).",
)
class SpipWithUnresolvedAbuse:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        if not case.dvpps:
            return
        for i, _, _, party in activities(case, "spip"):
            yield Hit(f"a SPIP for {party.name} alongside a DVPP; cases with unresolved "
                      "domestic abuse are not suitable for a SPIP",
                      at(case, "activities", i, "kind"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        spips = t.activity_ordered(doc, t.SPIP)
        if not spips:
            return
        abuse = bool(t.dvpp_ordered(doc)) or any(
            not _NEGATED.search(s) for _, s in t.sentence_find(doc, _UNRESOLVED_DA))
        if abuse:
            i, sentence = spips[0]
            yield Hit("a SPIP is directed in a case with unresolved domestic abuse",
                      doc.location(i, sentence))


_CENTRE = re.compile(r"\bsupported (?:child )?contact\b|\bcontact cent(?:re|er)s?\b", re.I)
_SUPERVISED = re.compile(r"\bsupervised\b|\bcommissioned\b", re.I)
_REFUSED = re.compile(r"\bnot (?:be )?(?:suitable|appropriate|safe)\b|\b(?:shall|must|will) not\b|"
                      r"\bunsuitable\b|\brather than\b|\binstead of\b", re.I)


@rule(
    "OD402", "contact-centre-with-dvpp", Severity.ERROR,
    summary="Contact at a supported contact centre alongside a DVPP.",
    citation=QA,
    fix="Use Commissioned Child Contact (supervised contact) instead (clause "
        "contact.commissioned_supervised).",
    why="A case with enough safety issues for a DVPP is not safe for a supported centre, where "
        "contact is not closely supervised.",
    source="“No. If the case has sufficient safety issues for a DVPP to be considered, it will "
           "not be suitable for a supported contact centre. Commissioned Child Contact "
           "(supervised contact) is the only safe contact route for these cases (see above).” "
           f"({QA_SEED})",
    text_heuristic="A DVPP is ordered and a sentence arranges supported contact or contact at a "
                   "contact centre without calling it supervised/commissioned and without "
                   "saying it is unsuitable.",
)
class ContactCentreWithDvpp:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        if not case.dvpps:
            return
        for i, _, _, party in activities(case, "contact_centre"):
            yield Hit(f"supported contact centre contact for {party.name} alongside a DVPP; only "
                      "commissioned supervised contact is safe", at(case, "activities", i, "kind"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        if not t.dvpp_ordered(doc):
            return
        for i, s in t.sentence_find(doc, _CENTRE):
            if not _SUPERVISED.search(s) and not _REFUSED.search(s):
                yield Hit("supported contact centre contact alongside a DVPP",
                          doc.location(i, s))
                return
