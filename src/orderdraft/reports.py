"""The DVPP report forms: who writes each, who receives it, when it is due, and what the
case file already answers.

A report is a form, not an order: the template (``templates/reports/<kind>.docx``, built
by ``tools/make_report_templates.py``) holds the layout, the fixed headings and the quoted
Cafcass wording; this module fills in what the case file and the timetable know and
leaves the rest to the writer as shaded ``FORM_FIELD`` boxes. The marker is a run of
ellipses rather than "[insert …]" or "XXX": those are what OD501 hunts for in orders,
and a report must never look like an unfinished order (or hide one).

Who receives the provider's reports follows the order: the referrer, which is Cafcass, or
the local authority when it holds the section 7 report (Cafcass Q&A: "reports forwarded
to the LA on assessment, midway and on completion").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from . import __version__
from .case import Activity, Case, Party, UnsuitableReason, load_case
from .errors import OrderdraftError
from .plan import ORDER_TITLE, ROLE_LABEL, plan
from .render.docx import Properties, compiled
from .render.jinja import long_date
from .report_kinds import TITLES, ReportKind
from .resources import templates_dir
from .timetable import (
    DEFAULT_ASSUMPTIONS,
    OBSERVED_RANGE,
    Timetable,
    activity_timetable,
    add_months,
    rows,
)
from .validate import PROP_REPORT, PROP_VERSION

# What the writer fills in. Shaded in the template; a run of ellipses that no order
# placeholder pattern (OD501) matches, so a report can never pass for an unfinished order.
FORM_FIELD = "\u2026" * 20
CHECKBOX = "\u2610"

PROP_ACTIVITY = "orderdraft.activity"

# Cafcass Q&A (docs/sources/000_ba12fdd438ad3cb0.txt), "If a service user is unsuitable to
# attend at one provider can I refer him to another provider?". The reason decides whether
# another provider may assess.
REASON_LABEL: dict[UnsuitableReason, str] = {
    "motivation": "Lack of motivation",
    "seriousness": "Seriousness of the violence",
    "risk_to_staff": "Risk to staff",
    "language": "A language issue",
    "conflict_of_interest": "A conflict of interest",
    "group_member_knowledge": "Knowledge of other group members",
    "other": "Another reason",
}
FUNDAMENTAL: frozenset[UnsuitableReason] = frozenset({"motivation", "seriousness",
                                                      "risk_to_staff"})
ANOTHER_PROVIDER: frozenset[UnsuitableReason] = frozenset({"language", "conflict_of_interest",
                                                           "group_member_knowledge"})
REASSESSMENT_GAP_MONTHS = 3


def reason_consequence(reason: UnsuitableReason) -> str:
    """What follows from each reason a provider can give, in the Q&A's terms."""
    if reason in FUNDAMENTAL:
        return ("A fundamental issue: no repeat assessment by another provider (it is not "
                "funded). The same or another provider may reassess after a gap of three "
                "months if motivation or other circumstances have changed.")
    if reason in ANOTHER_PROVIDER:
        return "Referral to another provider might be appropriate."
    return "Explain the reason; the referrer decides what follows."


@dataclass(frozen=True)
class Chosen:
    """The DVPP a report is about, with everything derived from it once."""

    case: Case
    index: int
    activity: Activity
    participant: Party
    timetable: Timetable

    @property
    def referrer(self) -> str:
        return self.case.referrer_name(self.activity)

    @property
    def referrer_is_la(self) -> bool:
        return self.case.referrer(self.activity) == "local_authority"

    @property
    def provider(self) -> str:
        return self.activity.provider or "the DVPP provider"


def _choices(case: Case) -> str:
    return ", ".join(f"{i} ({ROLE_LABEL[case.party(a.party).role].lower()})"
                     for i, a in case.dvpps)


def choose_activity(case: Case, activity: int | None = None) -> tuple[int, Activity]:
    """The DVPP the report is for: the only one, or the one ``--activity`` names.

    Choices are named by index and role, never by name: error messages may end up in logs.
    """
    dvpps = case.dvpps
    if not dvpps:
        raise OrderdraftError("the case directs no DVPP, so there is no DVPP report to draft",
                              path=case.path, field="activities")
    if activity is None:
        if len(dvpps) > 1:
            raise OrderdraftError(
                f"the case has {len(dvpps)} DVPP activities; choose one with --activity: "
                + _choices(case), path=case.path, field="activities")
        return dvpps[0]
    if not 0 <= activity < len(case.activities):
        raise OrderdraftError(
            f"--activity {activity}: there is no activities[{activity}]; DVPP activities: "
            + _choices(case), path=case.path)
    act = case.activities[activity]
    if act.kind != "dvpp":
        raise OrderdraftError(
            f"--activity {activity}: activities[{activity}] is a {act.kind.upper()}, not a "
            "DVPP; DVPP activities: " + _choices(case), path=case.path)
    return activity, act


def choose(case: Case, activity: int | None = None) -> Chosen:
    index, act = choose_activity(case, activity)
    return Chosen(case, index, act, case.party(act.party), activity_timetable(case, index, act))


def report_template(kind: ReportKind) -> Path:
    return templates_dir() / "reports" / f"{kind}.docx"


# --- what every report shows -------------------------------------------------------------

def _language(p: Party) -> str:
    lang = p.language
    need = (f"an interpreter is needed ({lang.language})" if lang.interpreter and lang.language
            else "an interpreter is needed" if lang.interpreter else "no interpreter is needed")
    english = ("English sufficient for group work" if lang.sufficient_english_for_group_work
               else "English may not be sufficient for group work")
    return f"As the case file records: {need}; {english}."


def _others(c: Chosen) -> str:
    out = []
    for p in c.case.parties:
        if p.id == c.participant.id or p.role == "non_party":
            continue
        who = ROLE_LABEL[p.role] + (f", {p.relationship}" if p.relationship else "")
        secret = "; address confidential: do not disclose it" if p.address_confidential else ""
        out.append(f"{p.name} ({who}{secret})")
    return "; ".join(out) or "none"


def _directions(c: Chosen) -> list[str]:
    """The order's paragraphs for this DVPP, numbered as the composed order numbers them."""
    from .library import load_library

    draft = plan(c.case, load_library())
    return [f"{p.label} {p.text}".strip() for p in draft.paragraphs
            if p.activity == c.index and not p.is_subheading]


def _previous(c: Chosen) -> str:
    prev = c.activity.previous_assessment
    if prev is None:
        return "None recorded in the case file."
    said = f"{long_date(prev.date)} by {prev.provider}: {prev.outcome}"
    if prev.outcome == "suitable":
        return said + "."
    if prev.reason is None:
        return said + " (no reason recorded)."
    after = add_months(prev.date, REASSESSMENT_GAP_MONTHS)
    text = f"{said} ({REASON_LABEL[prev.reason].lower()}). {reason_consequence(prev.reason)}"
    if prev.reason in FUNDAMENTAL:
        text += f" Three months after that assessment: {long_date(after)}."
    return text


def _common(c: Chosen, kind: ReportKind) -> dict[str, Any]:
    case, act, t = c.case, c.activity, c.timetable
    role = ROLE_LABEL[c.participant.role] + (
        f", {c.participant.relationship}" if c.participant.relationship else "")
    order = (f"{ORDER_TITLE[case.order.kind].capitalize()} made on "
             f"{long_date(case.order_date)} at the {case.hearing.type}")
    if case.hearing.date != case.order_date:
        order += f" on {long_date(case.hearing.date)}"
    return {
        "case_number": case.case_number,
        "court": case.court.name,
        "judge": case.hearing.judge or case.judge,
        "order": order,
        "footer": f"{case.case_number} — {TITLES[kind]}",
        "participant": c.participant.name,
        "participant_role": role,
        "children": "; ".join(f"{ch.name} (born {long_date(ch.date_of_birth)})"
                              for ch in case.children),
        "referrer": c.referrer,
        "referrer_is_la": c.referrer_is_la,
        "provider": c.provider,
        "provider_cap": c.provider[:1].upper() + c.provider[1:],
        "provider_field": act.provider or FORM_FIELD,
        "venue": act.venue or FORM_FIELD,
        "delivery": "one-to-one work" if act.one_to_one else "group work",
        "one_to_one": act.one_to_one,
        "programme": t.programme + (", " + ("one-to-one work" if act.one_to_one
                                            else "group work")),
        "sessions": t.sessions,
        "sessions_text": t.programme,
        "sessions_basis": ("as the case file gives it" if act.sessions
                           else "the Cafcass leaflet's average; the provider confirms"),
        "language": _language(c.participant),
        "interpreter": c.participant.language.interpreter,
        "others": _others(c),
        "previous": _previous(c),
        "directions": _directions(c),
        "timetable": [{"stage": r.stage, "when": r.when, "basis": r.explained}
                      for r in rows(t, midway_report=act.midway_report)],
        "observed": OBSERVED_RANGE,
        "assumptions": DEFAULT_ASSUMPTIONS.describe(t.country),
        "wales_funding": case.court.country == "wales" and c.participant.lives_in != "england",
        "lives_in": c.participant.lives_in.replace("_", " ").title(),
        "risk_assessment": bool(act.updated_section7 and act.updated_section7.risk_assessment),
        "updated_section7": act.updated_section7 is not None,
        "midway_ordered": act.midway_report,
        "listing": act.list_on_completion,
        "local_authority": case.local_authority.name if case.local_authority else "",
    }


def _refer_due(c: Chosen) -> str:
    if c.activity.refer_by:
        return f"by {long_date(c.activity.refer_by)}, as the order directs"
    return "as soon as possible: the order gives no refer-by date"


def _completion_next(c: Chosen, ctx: Mapping[str, Any]) -> str:
    t = c.timetable
    steps = []
    if t.section7_by:
        what = "an updated section 7 report" + (" and risk assessment"
                                                if ctx["risk_assessment"] else "")
        steps.append(f"{c.referrer} files {what} on completion of the programme (expected by "
                     f"{long_date(t.section7_by)}).")
    if c.activity.list_on_completion:
        steps.append("The matter may be listed for further directions at the completion of the "
                     f"programme on application by the parties or {c.referrer}.")
    return " ".join(steps) or (f"{c.referrer}, as case manager, decides whether to return the "
                               "matter to court.")


def _specific(kind: ReportKind, c: Chosen, ctx: dict[str, Any]) -> dict[str, Any]:
    t, who, provider = c.timetable, c.referrer, c.provider
    name = c.participant.name
    if kind == "referral":
        return {
            "written_by": who, "sent_to": provider, "due": _refer_due(c),
            "then": (f"{ctx['provider_cap']} meets {name} face to face for the suitability "
                     f"assessment and sends its report to {who}."),
        }
    if kind == "suitability":
        return {
            "written_by": provider, "sent_to": who,
            "due": ("after the face-to-face assessment; expected by "
                    f"{long_date(t.suitability_report_by)} (estimate)"),
            "then": (f"If {name} is suitable, the programme starts on the dates the provider "
                     f"confirms. If not, {who} considers the report and, if necessary, returns "
                     "the matter to court; the reason given decides whether another provider "
                     "may assess."),
            "reasons": [{"label": REASON_LABEL[r], "follows": reason_consequence(r)}
                        for r in get_args(UnsuitableReason)],
        }
    if kind == "midway":
        then = (f"As the order directs, {who} prepares a report on {name}’s progress midway "
                "through the programme, files it with the court and serves it on both parties."
                if c.activity.midway_report else
                f"The order does not direct a midway report to the court; {who} uses this "
                "report as case manager.")
        return {
            "written_by": provider, "sent_to": who,
            "due": (f"after session {t.midway_session} of {t.sessions}; expected by "
                    f"{long_date(t.midway_report_by)} (estimate)"),
            "then": then, "midway_session": t.midway_session,
        }
    if kind == "completion":
        return {
            "written_by": provider, "sent_to": who,
            "due": (f"after the last session; expected by {long_date(t.completion_report_by)} "
                    "(estimate)"),
            "then": _completion_next(c, ctx),
        }
    if kind == "s7-update":
        if t.section7_by is None:
            raise OrderdraftError(
                "the case file does not ask for an updated section 7 report for this DVPP; "
                "set updated_section7 to draft its cover",
                path=c.case.path, line=c.case.line("activities", c.index),
                field=f"activities[{c.index}].updated_section7")
        what = "the updated section 7 report" + (" and risk assessment"
                                                 if ctx["risk_assessment"] else "")
        return {
            "written_by": who, "sent_to": "the court",
            "due": (f"on completion of the programme; expected by {long_date(t.section7_by)} "
                    "(estimate)"),
            "then": ("The matter may be listed for further directions at the completion of the "
                     f"programme on application by the parties or {who}."
                     if c.activity.list_on_completion else
                     f"The court considers {what} with the application for a child arrangements "
                     "order."),
        }
    if kind == "travel-costs":
        la = c.case.local_authority
        return {
            "written_by": provider,
            "sent_to": "Cafcass" + (f" (copy to {la.name}, the case manager)"
                                    if c.referrer_is_la and la else ""),
            "due": ("with or after the suitability assessment, before the first session; "
                    f"expected by {long_date(t.suitability_report_by)} (estimate)"),
            "then": ("If the case is agreed, travel costs are paid at the public transport "
                     "rate through the provider's claim, never to the participant."),
        }
    # information-sheet: written for the participant, in the second person.
    return {
        "written_by": who, "sent_to": name,
        "due": f"with the referral, {_refer_due(c)}",
        "then": f"{ctx['provider_cap']} will contact you to arrange the suitability assessment.",
        "first_session": long_date(t.first_session),
        "last_session": long_date(t.completion),
        "refer_by": long_date(t.referral),
        "order_date": long_date(c.case.order_date),
    }


def _context(case: Case, kind: ReportKind, activity: int | None) -> tuple[Chosen, dict[str, Any]]:
    c = choose(case, activity)
    ctx = _common(c, kind)
    ctx.update(_specific(kind, c, ctx))
    return c, ctx


def report_context(case: Case, kind: ReportKind, activity: int | None = None) -> dict[str, Any]:
    """Everything the ``kind`` template needs, from the case file and the timetable."""
    return _context(case, kind, activity)[1]


@dataclass(frozen=True)
class Written:
    """A report on disk, with the properties it carries (the PDF is stamped with them too)."""

    docx: Path
    properties: Properties


def _render(case: Case, kind: ReportKind, activity: int | None,
            template: Path | None) -> tuple[bytes, Properties]:
    c, ctx = _context(case, kind, activity)
    props = Properties(
        title=f"{TITLES[kind]} — {case.case_number}",
        subject="Domestic Violence Perpetrator Programme report form",
        author=str(ctx["written_by"]),
        keywords=f"{case.case_number}; DVPP; {kind}",
        custom={PROP_VERSION: __version__, PROP_REPORT: kind, PROP_ACTIVITY: str(c.index)},
    )
    return compiled(template or report_template(kind)).render(ctx, props), props


def render_report(case: Case, kind: ReportKind, activity: int | None = None,
                  template: Path | None = None) -> bytes:
    """The report form as DOCX bytes, without touching the disk.

    It records its kind (``orderdraft.report``) so ``validate`` knows it is a form, not an
    order, and never runs the order rules over it.
    """
    return _render(case, kind, activity, template)[0]


def report_path(case_path: Path, outdir: Path, kind: ReportKind) -> Path:
    from .compose import output_path

    return output_path(case_path, outdir, f"-{kind}.docx")


def write_report(case_path: str | Path, kind: ReportKind, outdir: str | Path, *,
                 activity: int | None = None, overwrite: bool = False) -> Written:
    """Write ``outdir/<case stem>-<kind>.docx`` atomically; never replace without asking."""
    from .fsutil import atomic_write

    case_path, outdir = Path(case_path), Path(outdir)
    target = report_path(case_path, outdir, kind)
    if target.exists() and not overwrite:
        raise OrderdraftError(f"{target} already exists; pass --overwrite to replace it")
    data, props = _render(load_case(case_path), kind, activity, None)
    atomic_write(target, data, overwrite=overwrite)
    return Written(target, props)
