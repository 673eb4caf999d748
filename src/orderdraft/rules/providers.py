"""Rules about who can attend which programme, and with whom (OD301–OD306).

They rest on the Cafcass DVPP Questions and Answers (docs/sources/000_…): Cafcass funds a
programme only with a listed provider, for a participant who lives in England, in groups
that need enough English, for men in heterosexual relationships, and a second assessment
only after three months or for a reason that a different provider can cure.

OD301 and OD305 need the approved provider directory (``Context.providers``). When none is
configured they stay silent rather than judging against the shipped example list: a
finding that names an invented list as the authority would be worse than no finding, and
``orderdraft rules --code OD301`` says how to configure the real one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ..case import Activity, Case, Party
from ..findings import Severity
from ..providers import Provider, ProviderDirectory, normalise_name
from ..render.jinja import long_date
from . import text as t
from .dates import document_date, find_dates
from .locate import activities, at
from .registry import Context, Hit, Text, rule

QA = "Cafcass Questions and Answers, Domestic Violence Perpetrator Programme (DVPP)"
QA_SEED = "docs/sources/000_ba12fdd438ad3cb0.txt"


def _directory(ctx: Context) -> ProviderDirectory | None:
    return ctx.providers if isinstance(ctx.providers, ProviderDirectory) else None


def _dvpps(case: Case) -> Iterator[tuple[int, Activity, int, Party]]:
    return activities(case, "dvpp")


# --- naming a provider in text --------------------------------------------------------

_NAME = r"[A-Z][\w’'&.-]*(?:\s+(?:\([A-Z][\w’'&.\s-]*\)|[A-Z][\w’'&.-]*|of|and|for|the|&|in))*"
_NAMED = [
    re.compile(rf"\b(?:provided|delivered|run|offered)\b[^.;]{{0,40}}?\bby\s+(?P<n>{_NAME})"),
    re.compile(rf"\b(?:DVPP |programme |activity )?provider,?:?\s+(?:namely\s+|being\s+|is\s+)?"
               rf"(?P<n>{_NAME})"),
    re.compile(rf"(?P<n>{_NAME})\s*\((?:[“\"])?the (?:DVPP |programme )?provider(?:[”\"])?\)"),
    re.compile(rf"\b(?:with|at|by)\s+(?P<n>{_NAME}),?\s+(?:an?|the)\s+(?:approved\s+|accredited\s+|"
               rf"Respect[- ]accredited\s+)?(?:DVPP\s+)?provider\b"),
]
_TRAILING = re.compile(r"(?:\s+(?:of|and|for|the|&|in))+$")
_NOT_FIRST = re.compile(r"(?:If|The|It|This|You|Upon)\b")
_NOT_PROVIDER = re.compile(r"\b(?:Cafcass|CAFCASS|Court|Council|Authority|Borough|Service)\b")


def named_providers(doc: Text) -> list[tuple[int, str]]:
    """(paragraph, name) for each provider a DVPP order names in a recognisable phrase."""
    out: list[tuple[int, str]] = []
    for i, para in enumerate(doc.paragraphs):
        for s in t.sentences(para):
            if not (t.DVPP.search(s) or re.search(r"\bprovider\b|\bprogramme\b", s, re.I)):
                continue
            for pattern in _NAMED:
                for m in pattern.finditer(s):
                    name = _TRAILING.sub("", m.group("n")).rstrip(" ,.;:")
                    if len(name.split()) >= 2 and not _NOT_FIRST.match(name) \
                            and not _NOT_PROVIDER.search(name) and (i, name) not in out:
                        out.append((i, name))
    return out


def lookup(directory: ProviderDirectory, name: str) -> Provider | None:
    """The listed provider ``name`` means; a name without the listing's '(Area)' counts."""
    found = directory.get(name)
    if found:
        return found
    key = normalise_name(name)
    return next((p for p in directory.providers
                 if normalise_name(p.name).split(" (")[0] == key), None)


@rule(
    "OD301", "provider-not-approved", Severity.ERROR,
    summary="A DVPP provider that is not in the approved provider directory.",
    citation=f"{QA}; Cafcass DVPP leaflet",
    fix="Name a provider from the current Cafcass list of approved DVPP providers (load it with "
        "--providers FILE), or leave the provider out and let Cafcass choose with the party.",
    why="Cafcass funds a court-ordered DVPP only with a provider on its list, which meets "
        "Respect or Probation standards; with any other provider the direction cannot be "
        "carried out as a funded contact activity.",
    source="“You cannot use a non-approved provider for a Contact Activity funded case. The "
           "providers that we list meet Respect or Probation Standards, and have been through "
           "a grant application process. You can only use providers that are listed on the "
           f"Cafcass website.” ({QA_SEED}). Checked only when a provider directory is "
           "configured; without one OD301 says nothing.",
    text_heuristic="With a provider directory configured: a DVPP is ordered and the document "
                   "names a provider ('provided by X', 'the provider, X', 'X (the provider)', "
                   "'with X, an approved provider') that is not in the directory (a name "
                   "without the listing's '(Area)' suffix counts as listed).",
    needs=("providers",),
)
class ProviderNotApproved:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        directory = _directory(ctx)
        if directory is None:
            return
        for i, act, _, party in _dvpps(case):
            if act.provider and lookup(directory, act.provider) is None:
                yield Hit(f"{act.provider!r}, named for {party.name}'s DVPP, is not in the "
                          f"provider directory ({directory.path})",
                          at(case, "activities", i, "provider"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        directory = _directory(ctx)
        if directory is None or not t.dvpp_ordered(doc):
            return
        for i, name in named_providers(doc):
            if lookup(directory, name) is None:
                yield Hit(f"{name!r} is named as the DVPP provider but is not in the provider "
                          f"directory ({directory.path})", doc.location(i))


_ELSEWHERE = (
    r"Wales|Scotland|Northern Ireland|(?:the Republic of )?Ireland|the Isle of Man|Jersey|"
    r"Guernsey|abroad|overseas|outside England|Cardiff|Swansea|Wrexham|Glasgow|Edinburgh|"
    r"Aberdeen|Dundee|Belfast|Londonderry|Dublin|[A-Z][a-z]+ \((?:Wales|Scotland)\)"
)
_LIVES = re.compile(
    r"\b(?:lives?|living|resides?|residing|resident|habitually resident|moved|relocated|"
    r"home is|address is)\b[^.;]{0,40}?\b(?:in|to)\s+(?P<place>" + _ELSEWHERE + r")\b",
)


def _clauses(sentence: str) -> list[str]:
    return [c for c in re.split(r";|\band\b(?= the\b)", sentence) if c.strip()]


def _about(doc: Text, pattern: re.Pattern[str]) -> Iterator[tuple[int, str, t.Participant]]:
    """Clauses matching ``pattern`` that speak of a DVPP participant (name or role), or that
    sit in the sentence directing the DVPP itself."""
    ordered = t.activity_ordered(doc, t.DVPP)
    people = [(s, p) for _, s in ordered if (p := t.participant(s)) is not None]
    for i, para in enumerate(doc.paragraphs):
        for s in t.sentences(para):
            for clause in _clauses(s):
                if not pattern.search(clause):
                    continue
                for sentence, who in people:
                    if s == sentence or who.mentioned_in(clause):
                        yield i, clause, who
                        break


@rule(
    "OD302", "dvpp-participant-not-in-england", Severity.ERROR,
    summary="A DVPP for a participant who does not live in England.",
    citation=f"{QA}; Cafcass DVPP leaflet",
    fix="Do not direct a Cafcass-funded DVPP; ask Cafcass (or Cafcass Cymru for a participant "
        "in Wales) what programme can be provided where the participant lives.",
    why="Cafcass funds a DVPP ordered by a court in England or Wales only where the "
        "participant lives in England; its providers cover areas in England.",
    source=f"“Q: Will DVPP be funded if the Contact Activity order is made by a Court in Wales?” "
           f"“A: Yes, so long as the programme participant lives in England.” ({QA_SEED})",
    text_heuristic="A DVPP is ordered and a clause that names the participant (name or role "
                   "from the directing sentence) or is that sentence says they live, reside or "
                   "moved in/to Wales, Scotland, Northern Ireland, Ireland, abroad or a "
                   "principal city there.",
)
class ParticipantNotInEngland:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for i, _, j, party in _dvpps(case):
            if party.lives_in != "england":
                place = party.lives_in.replace("_", " ").title()
                yield Hit(f"{party.name} lives in {place}; Cafcass funds a DVPP only for a "
                          "participant who lives in England",
                          at(case, "parties", j, "lives_in", activity=i))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        for i, clause, _ in _about(doc, _LIVES):
            m = _LIVES.search(clause)
            place = m.group("place") if m else "outside England"
            yield Hit(f"the DVPP participant appears to live in {place}", doc.location(i, clause))
            return


def _counterpart(case: Case, party: Party) -> Party | None:
    """The other parent on the other side: applicant for a respondent and vice versa."""
    other = {"applicant": "respondent", "respondent": "applicant"}.get(party.role)
    return next((p for p in case.parties if p.role == other and p.id != party.id
                 and p.parent_of_child_concerned), None)


_SIGNPOST_FIX = (
    "Do not direct a DVPP; include the notice dvpp.notice.signposting: “There is at present no "
    "accredited Domestic Violence Perpetrator Programme that Cafcass can commission as a "
    "contact activity for women perpetrators or for people in same-sex relationships. Cafcass "
    "may instead signpost the family to other available services, including support services "
    "for male victims of domestic abuse.”"
)
_SAME_SEX = re.compile(r"\bsame[- ]sex\b", re.I)
_NO_PROGRAMME = re.compile(r"\bno accredited\b|\bnot (?:yet )?(?:able|available)\b|\bthere is "
                           r"(?:at present )?no\b", re.I)


def _described_female(doc: Text, who: t.Participant) -> bool:
    """Whether the document elsewhere calls the participant's role a woman's: a direction
    to 'the Respondent' in an order that speaks of 'the Respondent mother'."""
    for role in set(who.roles) & {"applicant", "respondent"}:
        pattern = re.compile(rf"\b{role}\s+(?:mother|grandmother|stepmother|wife)\b|"
                             rf"\b(?:mother|grandmother|stepmother|wife),?\s+(?:the\s+)?{role}\b",
                             re.I)
        if any(pattern.search(p) for p in doc.paragraphs):
            return True
    return False


@rule(
    "OD303", "dvpp-women-or-same-sex", Severity.WARNING,
    summary="A DVPP for a woman, or for abuse within a same-sex relationship.",
    citation=f"{QA}; Cafcass FOI reply CAF 15-202 (16 December 2015)",
    fix=_SIGNPOST_FIX,
    why="Cafcass has no accredited programme it can commission as a contact activity for "
        "women perpetrators or for people in same-sex relationships; its providers address "
        "male-to-female abuse, so the direction could not be carried out.",
    source="“We do not yet have any accredited programmes that would meet the needs in these "
           "cases. Provision is developing but is not yet able to offer suitable programmes as "
           f"a Contact Activity.” ({QA_SEED}); “These approved providers deliver programmes "
           "which specifically address male to female domestic violence.” "
           "(docs/sources/004_cef3d4d84d2b8376.txt). Same-sex is derived: the participant's "
           "sex equals that of the other parent on the other side of the proceedings "
           "(respondent for an applicant, applicant for a respondent) who is a parent of the "
           "child concerned; 'other' matches nobody.",
    text_heuristic="A DVPP is ordered for someone the directing sentence describes as female "
                   "(mother, Ms/Mrs/Miss, she/her …), or the document speaks of a same-sex "
                   "relationship outside a sentence saying there is no accredited programme.",
)
class WomenOrSameSex:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for i, _, j, party in _dvpps(case):
            where = at(case, "parties", j, "sex", activity=i)
            other = _counterpart(case, party)
            if party.sex == "female":
                yield Hit(f"{party.name} is a woman; Cafcass has no accredited DVPP for women "
                          "perpetrators", where)
            elif other is not None and party.sex == other.sex != "other":
                yield Hit(f"{party.name} and {other.name} are both {party.sex} (a same-sex "
                          "relationship); Cafcass has no accredited DVPP for people in same-sex "
                          "relationships", where)

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        ordered = t.activity_ordered(doc, t.DVPP)
        if not ordered:
            return
        for i, sentence in ordered:
            who = t.participant(sentence)
            if who is not None and (who.female or _described_female(doc, who)):
                yield Hit("a DVPP is ordered for a woman", doc.location(i, sentence))
                return
        for i, s in t.sentence_find(doc, _SAME_SEX):
            if not _NO_PROGRAMME.search(s) and not t.negated(s, _SAME_SEX):
                yield Hit("a DVPP is ordered in a case about a same-sex relationship",
                          doc.location(i, s))
                return


_LANGUAGE = re.compile(
    r"\binterpret(?:er|ers|ing|ation)\b|\b(?:limited|little|no|insufficient|basic) "
    r"(?:spoken |written )?English\b|\bdoes not (?:speak|understand|read) English\b|"
    r"\bspeaks? (?:little|no) English\b|\bEnglish is not (?:his|her|their) first language\b",
    re.I,
)


@rule(
    "OD304", "dvpp-language", Severity.WARNING,
    summary="A DVPP participant who needs an interpreter or lacks enough English for group "
            "work.",
    citation=QA,
    fix="Ask the provider to assess English at the suitability assessment (using the Cafcass "
        "interpreter service for the assessment); if group work is not possible, ask Cafcass "
        "whether an accredited one-to-one service exists before directing a DVPP.",
    why="Group work is only available to participants who understand English well enough to "
        "take a full part; an interpreter can be used for the assessment, not the group.",
    source="“DVPP group work is only available for participants who have sufficient "
           "understanding of English to participate fully in a group programme.” “An "
           "interpreter may be required for this assessment in which instance providers "
           f"should use The Big Word interpreter service.” ({QA_SEED})",
    text_heuristic="A DVPP is ordered and a clause naming the participant (or the directing "
                   "sentence) mentions an interpreter or limited/no English.",
)
class Language:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for i, _, j, party in _dvpps(case):
            lang = party.language
            named = f" ({lang.language})" if lang.language else ""
            if not lang.sufficient_english_for_group_work:
                yield Hit(f"{party.name} does not have enough English for group work{named}; "
                          "DVPP group work needs it",
                          at(case, "parties", j, "language", "sufficient_english_for_group_work",
                             activity=i))
            elif lang.interpreter:
                yield Hit(f"{party.name} needs an interpreter{named}; the provider must arrange "
                          "one for the suitability assessment, which will check English for "
                          "group work", at(case, "parties", j, "language", "interpreter",
                                           activity=i))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        for i, clause, _ in _about(doc, _LANGUAGE):
            yield Hit("the DVPP participant needs an interpreter or has limited English",
                      doc.location(i, clause))
            return


_ONE_TO_ONE = re.compile(r"\bone[- ]to[- ]one\b|\b1[- :]1\b|\b1[- ]to[- ]1\b|\bindividual "
                         r"(?:basis|sessions|programme|work)\b", re.I)


@rule(
    "OD305", "dvpp-one-to-one-not-accredited", Severity.ERROR,
    summary="One-to-one DVPP delivery asked of a provider not accredited for it.",
    citation=QA,
    fix="Choose a provider the directory lists with one_to_one: true, or direct group work.",
    why="Individual work is not widely available; only services the Cafcass listing shows as "
        "accredited for one-to-one work can deliver it as a funded contact activity.",
    source="“Individual work is a developing option but is not widely available – the Cafcass "
           f"website listing will show services accredited to offer 1-1 work.” ({QA_SEED}). "
           "Checked only when a provider directory is configured.",
    text_heuristic="With a provider directory configured: a DVPP is ordered, a sentence about "
                   "it asks for one-to-one / 1-1 / individual sessions, and the provider the "
                   "document names is listed without one_to_one.",
    needs=("providers",),
)
class OneToOne:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        directory = _directory(ctx)
        if directory is None:
            return
        for i, act, _, party in _dvpps(case):
            found = lookup(directory, act.provider) if act.provider else None
            if act.one_to_one and found is not None and not found.one_to_one:
                yield Hit(f"one-to-one delivery is asked for {party.name}, but {found.name} is "
                          "not accredited for one-to-one work", at(case, "activities", i,
                                                                   "one_to_one"))

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        directory = _directory(ctx)
        if directory is None or not t.dvpp_ordered(doc):
            return
        listed = [p for _, n in named_providers(doc) if (p := lookup(directory, n))]
        listed += [p for p in directory.providers if p not in listed
                   and normalise_name(p.name) in doc.whole.replace("\u2019", "'")]
        if not listed or any(p.one_to_one for p in listed):
            return
        for i, s in t.sentence_find(doc, _ONE_TO_ONE):
            if t.DVPP.search(s) or re.search(r"\bprogramme\b", s, re.I):
                yield Hit(f"one-to-one delivery is asked of {listed[0].name}, which is not "
                          "accredited for one-to-one work", doc.location(i, s))
                return


FUNDAMENTAL = {"motivation", "seriousness", "risk_to_staff"}
CURABLE = {"language", "conflict_of_interest", "group_member_knowledge"}
_REASON_WORDS = {
    "motivation": "lack of motivation", "seriousness": "the seriousness of the violence",
    "risk_to_staff": "risk to staff", "language": "a language issue",
    "conflict_of_interest": "a conflict of interest",
    "group_member_knowledge": "knowledge of other group members", "other": "another reason",
}


def three_months_after(day: dt.date) -> dt.date:
    """The same day of the month three months on (the last day when that month is shorter)."""
    months = day.month + 2  # zero-based month three on
    year, month = day.year + months // 12, months % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def rereferral(reason: str | None, same_provider: bool | None, assessed: dt.date,
               referred: dt.date) -> tuple[Severity, str]:
    """Apply the Q&A on re-referral after an unsuitable assessment.

    A reason a different provider can cure (language, conflict of interest, knowledge of
    other group members) allows referral to another provider straight away. Otherwise —
    a fundamental issue (motivation, seriousness, risk to staff) or any other reason — a
    reassessment by the same or another provider needs a gap of three months.
    """
    why = _REASON_WORDS.get(reason or "other", "another reason")
    gap_ends = three_months_after(assessed)
    if reason in CURABLE and same_provider is not True:
        return Severity.INFO, (f"found unsuitable on {long_date(assessed)} because of {why}; "
                               "referral to another provider may be appropriate")
    if referred < gap_ends:
        return Severity.ERROR, (f"found unsuitable on {long_date(assessed)} because of {why}; a "
                                "reassessment by the same or another provider needs a gap of "
                                f"three months (not before {long_date(gap_ends)})")
    return Severity.INFO, (f"found unsuitable on {long_date(assessed)} because of {why}; "
                           "reassessment after three months is possible if motivation or "
                           "circumstances have changed — record the change")


@rule(
    "OD306", "dvpp-rereferral-too-soon", Severity.ERROR,
    summary="A DVPP re-referral within three months of an unsuitable assessment, or for a "
            "reason another provider cannot cure.",
    citation=QA,
    fix="Wait three months from the unsuitable assessment and record the change in motivation "
        "or circumstances; refer to a different provider straight away only where the "
        "unsuitability was about language, a conflict of interest or knowing other group "
        "members.",
    why="All programmes work to the same standards, so a second assessment soon after a "
        "fundamental finding (motivation, seriousness, risk to staff) will not be funded and "
        "is unlikely to differ.",
    source="“If a service user is assessed unsuitable for a programme because of a fundamental "
           "issue such as lack of motivation, seriousness of the violence, risk to staff – then "
           "it would be inappropriate to refer him to another provider for a repeat assessment.” "
           "“A service user can be reassessed by the same or another provider after a gap of "
           "three months in the event that motivation has changed, or other change in "
           "circumstances.” “If the unsuitability relates to a language issue, conflicts of "
           "interest or knowledge of other group members, then referral to another provider "
           f"might be appropriate.” ({QA_SEED}). The gap is counted to the order date, the "
           "first day the referral can be made.",
    text_heuristic="A DVPP is ordered and a sentence says the participant was previously "
                   "assessed/found unsuitable on a date; the reason is read from keywords "
                   "(motivation, seriousness, risk to staff, language/English, conflict of "
                   "interest, other group members) and 'another/different provider' vs 'same "
                   "provider'; compared with the order's 'Dated …' date.",
)
class Rereferral:
    @staticmethod
    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        for i, act, _, party in _dvpps(case):
            prev = act.previous_assessment
            if prev is None or prev.outcome != "unsuitable":
                continue
            same = (normalise_name(act.provider) == normalise_name(prev.provider)
                    if act.provider else None)
            severity, message = rereferral(prev.reason, same, prev.date, case.order_date)
            key = "date" if severity is Severity.ERROR else "reason"
            yield Hit(f"{party.name} was {message}",
                      at(case, "activities", i, "previous_assessment", key), severity=severity)

    @staticmethod
    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        if not t.dvpp_ordered(doc):
            return
        order_date = document_date(doc)
        for i, s in t.sentence_find(doc, _UNSUITABLE):
            assessed = next((d for _, d in find_dates(s) if d is not None), None)
            if assessed is None or order_date is None:
                continue
            reason = next((r for r, p in _REASONS if p.search(s)), "other")
            same = (True if re.search(r"\bsame provider\b", s, re.I) else
                    False if re.search(r"\b(?:another|a different|a new) provider\b", s, re.I)
                    else None)
            severity, message = rereferral(reason, same, assessed, order_date)
            yield Hit(f"the participant was {message}", doc.location(i, s), severity=severity)
            return


_UNSUITABLE = re.compile(r"\b(?:assessed|found|deemed)\b[^.;]{0,40}?\bunsuitable\b|"
                         r"\bunsuitab(?:le|ility)\b[^.;]{0,30}?\bassess", re.I)
_REASONS = [
    ("risk_to_staff", re.compile(r"\brisk to (?:the )?(?:provider'?s? )?staff\b", re.I)),
    ("seriousness", re.compile(r"\bseriousness\b|\bserious(?:ness)? of the (?:violence|abuse)",
                               re.I)),
    ("motivation", re.compile(r"\bmotivat", re.I)),
    ("conflict_of_interest", re.compile(r"\bconflicts? of interest\b", re.I)),
    ("group_member_knowledge", re.compile(r"\b(?:knows|knowledge of|known to|knew)\b[^.;]{0,30}"
                                          r"\b(?:group )?members?\b", re.I)),
    ("language", re.compile(r"\blanguage\b|\bEnglish\b|\binterpret", re.I)),
]
