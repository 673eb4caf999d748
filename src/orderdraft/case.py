"""The case file: what the court is ordering, typed and checked, with the lines kept.

Every later stage (plan, rules, reports) reads this model and never the raw YAML, so a
typo is caught once, here, with its line. Cross-field checks that are about the *shape*
of the file (a party id that does not exist) live here; checks about the *law or practice*
(a DVPP as a condition) are rules, because a user may legitimately acknowledge those.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import source
from .schema import SchemaValueError, build, did_you_mean

Country = Literal["england", "wales"]
Residence = Literal["england", "wales", "scotland", "northern_ireland", "elsewhere"]
Sex = Literal["male", "female", "other"]
OrderKind = Literal["case_management", "interim", "final"]
ActivityKind = Literal["miam", "spip", "dvpp", "commissioned_contact", "contact_centre"]
Mechanism = Literal["direction", "condition"]
Referrer = Literal["cafcass", "local_authority"]
Wording = Literal["proposed", "template_2016"]
UnsuitableReason = Literal[
    "motivation",
    "seriousness",
    "risk_to_staff",
    "language",
    "conflict_of_interest",
    "group_member_knowledge",
    "other",
]


def doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True)
class Court:
    name: str = field(metadata=doc(
        "The court's name as it heads the order, e.g. 'Family Court sitting at Nottingham'."))
    country: Country = field(metadata=doc("Where the court sits: england or wales."))


@dataclass(frozen=True)
class Hearing:
    date: dt.date = field(metadata=doc("The date of the hearing (YYYY-MM-DD)."))
    type: str = field(metadata=doc("The kind of hearing, e.g. 'dispute resolution appointment'."))
    attended: tuple[str, ...] = field(default=(), metadata=doc(
        "Who attended, one line each, e.g. 'the applicant father in person'."))
    judge: str | None = field(default=None, metadata=doc(
        "Overrides the case-level judge for this hearing."))


@dataclass(frozen=True)
class Language:
    interpreter: bool = field(default=False, metadata=doc("The party needs an interpreter."))
    language: str | None = field(default=None, metadata=doc("The language, e.g. 'Polish'."))
    sufficient_english_for_group_work: bool = field(default=True, metadata=doc(
        "Whether the party understands English well enough to take a full part in group work."))


@dataclass(frozen=True)
class Party:
    id: str = field(metadata=doc(
        "A short name used to refer to the party elsewhere in the file, e.g. 'father'."))
    role: Literal["applicant", "respondent", "intervener", "child_party", "non_party"] = field(
        metadata=doc("The party's role in the proceedings. Use non_party for a person who is "
                     "not a party (an activity direction cannot be made on them)."))
    name: str = field(metadata=doc("Full name as it should appear in the order."))
    sex: Sex = field(metadata=doc("male, female or other."))
    lives_in: Residence = field(metadata=doc(
        "Where the party lives: england, wales, scotland, northern_ireland or elsewhere."))
    relationship: str | None = field(default=None, metadata=doc(
        "Relationship to the children, e.g. 'father'."))
    date_of_birth: dt.date | None = field(default=None, metadata=doc(
        "Only needed where the party may be under 18."))
    parent_of_child_concerned: bool = field(default=True, metadata=doc(
        "Whether the party is a parent of a child concerned (s11B(2) Children Act 1989)."))
    language: Language = field(default_factory=Language, metadata=doc("Language needs."))
    address_confidential: bool = field(default=False, metadata=doc(
        "The party's address is withheld from the other party."))


@dataclass(frozen=True)
class Child:
    name: str = field(metadata=doc("The child's full name."))
    date_of_birth: dt.date = field(metadata=doc("Date of birth (YYYY-MM-DD)."))
    sex: Sex | None = field(default=None, metadata=doc("Optional."))


@dataclass(frozen=True)
class LocalAuthority:
    name: str = field(metadata=doc("The local authority's name, e.g. 'Nottingham City Council'."))
    holds_section7_report: bool = field(default=True, metadata=doc(
        "The local authority, not Cafcass, is writing the section 7 report (it then refers and "
        "receives the provider's reports)."))


@dataclass(frozen=True)
class PreviousAssessment:
    date: dt.date = field(metadata=doc("Date of the earlier suitability assessment."))
    provider: str = field(metadata=doc("The provider that assessed the party."))
    outcome: Literal["suitable", "unsuitable"] = field(metadata=doc("suitable or unsuitable."))
    reason: UnsuitableReason | None = field(default=None, metadata=doc(
        "Why the party was found unsuitable: motivation, seriousness, risk_to_staff, language, "
        "conflict_of_interest, group_member_knowledge or other."))


@dataclass(frozen=True)
class UpdatedSection7:
    risk_assessment: bool = field(default=False, metadata=doc(
        "Ask for a risk assessment with the updated section 7 report."))


@dataclass(frozen=True)
class Activity:
    kind: ActivityKind = field(metadata=doc(
        "miam, spip, dvpp, commissioned_contact or contact_centre."))
    party: str = field(metadata=doc("The id of the party who must attend."))
    mechanism: Mechanism = field(default="direction", metadata=doc(
        "direction (an Activity Direction, s11A) or condition (an Activity Condition attached to "
        "a child arrangements order, s11C)."))
    referrer: Referrer | None = field(default=None, metadata=doc(
        "Who refers the party: cafcass or local_authority. Defaults to the local authority when "
        "it holds the section 7 report, else Cafcass."))
    provider: str | None = field(default=None, metadata=doc(
        "The provider's name as listed in the provider directory."))
    venue: str | None = field(default=None, metadata=doc(
        "The venue, where the party has chosen one."))
    refer_by: dt.date | None = field(default=None, metadata=doc(
        "The date by which the referrer must refer the party (DVPP)."))
    attend_by: dt.date | None = field(default=None, metadata=doc(
        "The date by which the party must attend (MIAM/SPIP)."))
    midway_report: bool = field(default=True, metadata=doc(
        "A midway progress report filed with the court and served on both parties (DVPP)."))
    updated_section7: UpdatedSection7 | None = field(default=None, metadata=doc(
        "Ask for an updated section 7 report on completion (optional Cafcass clause)."))
    list_on_completion: bool = field(default=False, metadata=doc(
        "List the matter for further directions at completion on application (optional Cafcass "
        "clause)."))
    one_to_one: bool = field(default=False, metadata=doc(
        "One-to-one delivery rather than group work."))
    wording: Wording = field(default="proposed", metadata=doc(
        "proposed (Cafcass's proposed DVPP wording, recommended) or template_2016 (the January "
        "2016 generic template wording)."))
    previous_assessment: PreviousAssessment | None = field(default=None, metadata=doc(
        "An earlier suitability assessment for this programme, for re-referrals."))
    sessions: int | None = field(default=None, metadata=doc(
        "Programme length in sessions, for the timetable (average 28)."))
    frequency: Literal["weekly", "fortnightly"] | None = field(default=None, metadata=doc(
        "How often sessions run."))


@dataclass(frozen=True)
class Order:
    kind: OrderKind = field(metadata=doc("case_management, interim or final."))
    date: dt.date | None = field(default=None, metadata=doc(
        "The date of the order; defaults to the hearing date."))
    finally_disposes: bool | None = field(default=None, metadata=doc(
        "The order finally disposes of the proceedings. Defaults to true for a final order."))
    child_arrangements: bool = field(default=False, metadata=doc(
        "The order includes a child arrangements order."))
    warning_notice: bool | None = field(default=None, metadata=doc(
        "Include the s11I warning notice. Defaults to true when the order includes a child "
        "arrangements order."))
    asks_for_updated_section7: bool = field(default=False, metadata=doc(
        "The court wants an updated section 7 report on completion (OD204 checks the clause is "
        "there)."))
    asks_for_listing: bool = field(default=False, metadata=doc(
        "The court wants the matter listed at completion (OD204 checks the clause is there)."))
    recitals: tuple[str, ...] = field(default=(), metadata=doc("Extra recitals, one per entry."))
    final: bool = field(default=False, metadata=doc(
        "Approved for sealing: composes without the DRAFT watermark and the drafting-notes "
        "comment (as compose --final)."))

    @property
    def disposes(self) -> bool:
        return self.kind == "final" if self.finally_disposes is None else self.finally_disposes

    @property
    def has_warning_notice(self) -> bool:
        return self.child_arrangements if self.warning_notice is None else self.warning_notice


@dataclass(frozen=True)
class Suppression:
    rule: str = field(metadata=doc("The rule code to suppress, e.g. OD303."))
    reason: str = field(metadata=doc(
        "Why — shown in every report; a suppression without a reason is refused."))
    activity: int | None = field(default=None, metadata=doc(
        "Only for the activity at this index (0-based)."))


@dataclass(frozen=True)
class Case:
    court: Court = field(metadata=doc("The court."))
    case_number: str = field(metadata=doc("The case number, e.g. 'NG16P01234'."))
    judge: str = field(metadata=doc("The judge, e.g. 'HH Judge Watson'."))
    hearing: Hearing = field(metadata=doc("The hearing at which the order is made."))
    order: Order = field(metadata=doc("What kind of order this is."))
    parties: tuple[Party, ...] = field(metadata=doc("The parties (at least one)."))
    children: tuple[Child, ...] = field(metadata=doc("The children concerned (at least one)."))
    activities: tuple[Activity, ...] = field(default=(), metadata=doc(
        "The activities directed or imposed."))
    local_authority: LocalAuthority | None = field(default=None, metadata=doc(
        "The local authority, where it is involved."))
    suppress: tuple[Suppression, ...] = field(default=(), metadata=doc(
        "Rule findings the legal adviser has considered and accepted, each with a reason."))
    _source: source.Loaded | None = field(default=None, compare=False, repr=False)

    def __checked__(self) -> None:
        ids = [p.id for p in self.parties]
        if not self.parties:
            raise SchemaValueError(("parties",), "list at least one party")
        if not self.children:
            raise SchemaValueError(("children",), "list at least one child")
        for i, pid in enumerate(ids):
            if pid in ids[:i]:
                raise SchemaValueError(
                    ("parties", i, "id"), f"parties[{ids.index(pid)}] already uses this id"
                )
        for i, act in enumerate(self.activities):
            if act.party not in ids:
                raise SchemaValueError(
                    ("activities", i, "party"),
                    # Not quoted: people write a name here as often as an id.
                    f"no party has this id{did_you_mean(act.party, ids)}",
                )
        for i, sup in enumerate(self.suppress):
            if not sup.reason.strip():
                raise SchemaValueError(("suppress", i, "reason"), "give a reason")

    # Derived views the rules and plan share, so each is computed in one place.
    @property
    def path(self) -> str:
        return self._source.path if self._source else "<case>"

    @property
    def order_date(self) -> dt.date:
        return self.order.date or self.hearing.date

    def party(self, pid: str) -> Party:
        return next(p for p in self.parties if p.id == pid)

    def referrer(self, act: Activity) -> Referrer:
        if act.referrer:
            return act.referrer
        la = self.local_authority
        return "local_authority" if la and la.holds_section7_report else "cafcass"

    def referrer_name(self, act: Activity) -> str:
        if self.referrer(act) == "local_authority":
            return self.local_authority.name if self.local_authority else "the local authority"
        return "Cafcass"

    def line(self, *key: str | int) -> int | None:
        return self._source.line_of(key) if self._source else None

    @property
    def dvpps(self) -> list[tuple[int, Activity]]:
        return [(i, a) for i, a in enumerate(self.activities) if a.kind == "dvpp"]


def load_case(path: str | Path) -> Case:
    """Load and check a case file; raises ``InputErrors`` listing every problem with its line."""
    loaded = source.load(Path(path))
    case = build(Case, loaded)
    object.__setattr__(case, "_source", loaded)
    return case


def case_from_data(data: object, name: str = "<case>") -> Case:
    """Build a case from already-parsed data (the Python API and property tests use this)."""
    loaded = source.Loaded(name, data, {})
    case = build(Case, loaded)
    object.__setattr__(case, "_source", loaded)
    return case
