"""Rules that come straight from the Children Act 1989 (OD102, OD103, OD502).

These are limits on the court's power rather than Cafcass practice, so a breach makes the
direction or order open to challenge whatever the facts. The statute is described in plain
words in ``source`` and never quoted: none of our source documents reproduces the
sections, and an invented quotation would be worse than none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..case import Case, Party
from ..findings import Severity
from . import text as t
from .dates import document_date
from .locate import activities, at
from .registry import Context, Hit, Text, rule

LETTER_SEED = "docs/sources/003_551aa47b01fdfaae.txt"


@rule(
    "OD102", "activity-direction-final-disposal", Severity.ERROR,
    summary="An activity direction made on the same occasion as the order that finally "
            "disposes of the proceedings.",
    citation="Children Act 1989 s11A(7); PD12J (as in force 22 April 2014 to 1 October 2017) "
             "para 33",
    fix="Make the activity direction in a case management or interim order and decide the "
        "child arrangements order at a later hearing; or, if the proceedings must end now, "
        "impose the activity as an activity condition of the child arrangements order (s11C) "
        "— never for a DVPP (OD101).",
    why="An activity direction is an interim step: the court sees how the activity went before "
        "it decides the arrangements, so it cannot direct the activity and close the case at "
        "the same hearing.",
    source="Children Act 1989 s11A(7), in plain words (not a quotation): a court may not on "
           "the same occasion make an activity direction and dispose finally of the "
           "proceedings as they relate to the matters in connection with which the direction "
           "is made. Cafcass notes the practice varies: “There is currently some inconsistency "
           "around the country as to whether final orders can be made at the same time as a "
           f"referral to a DVPP and it may assist if some local guidance could be issued.” "
           f"({LETTER_SEED})",
    text_heuristic="The document reads as a final order (as for OD101) and a sentence directs "
                   "someone to attend a MIAM, SPIP, DVPP or 'activity programme' without "
                   "making it a condition.",
)
class ActivityDirectionOnFinalDisposal:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        if not case.order.disposes:
            return
        why = ("the order finally disposes of the proceedings"
               if case.order.finally_disposes else "this is a final order")
        for i, act, _, party in activities(case):
            if act.mechanism == "direction":
                yield Hit(f"the {act.kind.upper()} for {party.name} is an activity direction but "
                          f"{why}; s11A(7) bars both on the same occasion",
                          at(case, "activities", i, "mechanism"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        if not t.is_final(doc):
            return
        for i, sentence in t.activity_ordered(doc, t.ACTIVITY):
            if not t.CONDITION.search(sentence):
                yield Hit("an activity is directed in what reads as an order finally disposing "
                          "of the proceedings", doc.location(i, sentence))
                return


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _is_child(party: Party, day: dt.date) -> bool:
    if party.date_of_birth is not None:
        return _age_on(party.date_of_birth, day) < 18
    return party.role == "child_party"


_NON_PARTY = re.compile(r"\bnot (?:a|yet a) party\b|\bnon[- ]party\b|\bnot a party to\b", re.I)
_CHILD_SUBJECT = re.compile(r"\bthe (?:subject )?(?:child|children)\b(?![’']s)", re.I)
_BORN = re.compile(
    r"(?P<name>\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+)\s*[,(]?\s*(?:born|d\.?o\.?b\.?:?)\s+"
    r"(?P<date>[^,;)]{6,24})",
)


_FULL_NAME = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")


def _children(doc: Text) -> list[tuple[str, str]]:
    """(name, date text) for each child the document lists as 'Name (born <date>)' or as a
    name paragraph followed by a 'born <date>' paragraph (our template's layout)."""
    found: list[tuple[str, str]] = []
    for i, para in enumerate(doc.paragraphs):
        m = re.match(r"^born\s+(.{6,24})$", para, re.I)
        if m and i > 0 and _FULL_NAME.fullmatch(doc.paragraphs[i - 1]):
            found.append((doc.paragraphs[i - 1], m.group(1)))
        found += [(b.group("name"), b.group("date")) for b in _BORN.finditer(para)]
    return found


def _named(name: str, subject: str) -> bool:
    """Whether ``subject`` names the child: a listed 'Concerning Amy Rose Smith' matches
    'Amy Smith' — any word of the listed name followed by its surname."""
    words = name.split()
    return any(f"{w} {words[-1]}" in subject for w in words[:-1])


@rule(
    "OD103", "activity-on-ineligible-person", Severity.ERROR,
    summary="An activity direction on someone who is not a party, or an activity direction "
            "or condition on a child who is not a parent of the child concerned.",
    citation="Children Act 1989 s11A(3), s11B(2); s11C and s11D (activity conditions)",
    fix="Direct the activity only at a party to the proceedings (join the person as a party "
        "first if the court thinks it right), and never at a child unless that child is a "
        "parent of the child concerned.",
    why="The Act gives the court power to direct only parties, and forbids requiring a child to "
        "take part in an activity unless the child is a parent of the child concerned; a "
        "direction outside that power cannot be enforced.",
    source="Children Act 1989, in plain words (not a quotation): s11A(3) — an activity "
           "direction requires an individual who is a party to the proceedings to take part in "
           "an activity; s11B(2) — the court may not make an activity direction requiring an "
           "individual who is a child to take part in an activity unless that individual is a "
           "parent of the child concerned; s11D — the same restriction for an activity "
           "condition in a child arrangements order. An activity condition may be imposed on "
           "a person the child arrangements order names (s11C), who need not be a party, so "
           "non-parties are only checked for directions.",
    text_heuristic="A sentence directing someone to attend an activity whose subject is "
                   "described as not a party, or is 'the child'/'the children' or a child the "
                   "document lists as 'Name (born <date>)' and who is under 18 on the order "
                   "date ('Dated …').",
)
class ActivityOnIneligiblePerson:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        day = case.order_date
        for i, act, j, party in activities(case):
            what = "activity direction" if act.mechanism == "direction" else "activity condition"
            if _is_child(party, day) and not party.parent_of_child_concerned:
                key = "date_of_birth" if party.date_of_birth else "role"
                yield Hit(f"the {act.kind.upper()} {what} is on {party.name}, who is a child on "
                          f"the order date and not a parent of the child concerned",
                          at(case, "parties", j, key, activity=i))
            elif act.mechanism == "direction" and party.role == "non_party":
                yield Hit(f"the {act.kind.upper()} activity direction is on {party.name}, who "
                          "is not a party to the proceedings",
                          at(case, "activities", i, "party"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        directed = [(i, s) for i, s in t.activity_ordered(doc, t.ACTIVITY)]
        if not directed:
            return
        day = document_date(doc) or ctx.today or dt.date.today()
        from .dates import parse_date

        minors = []
        for name, when in _children(doc):
            born = parse_date(when)
            if born is not None and _age_on(born, day) < 18:
                minors.append(name)
        for i, sentence in directed:
            who = t.participant(sentence)
            subject = who.subject if who else ""
            if _NON_PARTY.search(subject) and not t.CONDITION.search(sentence):
                yield Hit("an activity is directed at a person described as not a party",
                          doc.location(i, sentence))
            elif _CHILD_SUBJECT.search(subject) or any(_named(n, subject) for n in minors):
                yield Hit("an activity is directed at a child of the proceedings",
                          doc.location(i, sentence))


_MAKES_CAO = re.compile(
    r"\b(?:makes|grants)\s+(?:an?\s+|the\s+)?(?:interim\s+|final\s+)?child arrangements order|"
    r"\bthere (?:shall|will) be an? (?:interim |final )?child arrangements order|"
    r"\bthis (?:interim |final )?child arrangements order\b|"
    r"\b(?:shall|is to|are to|will)\s+(?:continue to\s+)?(?:live|spend time|have (?:direct |"
    r"indirect |supervised |unsupervised )?contact)\s+with\b|"
    r"\b(?:lives?|spends? time) with order\b",
    re.I,
)
_WARNING = re.compile(r"\bwarning\b", re.I)
_CONSEQUENCE = re.compile(
    r"\bcontempt of court\b|\benforcement order\b|\bunpaid work\b|\bfinancial compensation\b|"
    r"\bcommitted to prison\b",
    re.I,
)


@rule(
    "OD502", "cao-without-warning-notice", Severity.ERROR,
    summary="A child arrangements order without the s11I warning notice.",
    citation="Children Act 1989 s11I; ss11J–11O (enforcement orders and compensation)",
    fix="Attach the warning notice (clause order.notice.s11i_warning; in the case file leave "
        "order.warning_notice unset or true).",
    why="The notice tells each person what happens if they do not comply; without it the "
        "court cannot later enforce the order by unpaid work or compensation.",
    source="Children Act 1989 s11I, in plain words (not a quotation): where the court makes or "
           "varies a child arrangements order it is to attach to the order a notice warning of "
           "the consequences of failing to comply with it. This applies to interim as well as "
           "final child arrangements orders.",
    text_heuristic="A sentence makes a child arrangements order ('makes a child arrangements "
                   "order', 'this child arrangements order', 'shall live / spend time / have "
                   "contact with') and no paragraph pairs 'warning' with a consequence "
                   "(contempt of court, enforcement order, unpaid work, financial compensation).",
)
class CaoWithoutWarning:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        order = case.order
        if order.child_arrangements and not order.has_warning_notice:
            yield Hit("the order makes a child arrangements order but leaves out the s11I "
                      "warning notice", at(case, "order", "warning_notice"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        makes = next(((i, s) for i, p in enumerate(doc.paragraphs) for s in t.sentences(p)
                      if _MAKES_CAO.search(s) and not re.search(r"\b(?:may|not|before|whether)\b"
                                                                 r"[^.]{0,20}child arr", s, re.I)),
                     None)
        if makes is None:
            return
        warned = any(_WARNING.search(p) and t.near(doc, i, _CONSEQUENCE)
                     for i, p in enumerate(doc.paragraphs))
        if not warned:
            yield Hit("a child arrangements order is made without the s11I warning notice",
                      doc.location(*makes))
