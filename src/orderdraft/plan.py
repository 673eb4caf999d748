"""Decide which clauses an order needs, in what order, with which values — no I/O.

The plan is where practice becomes structure: a DVPP direction pulls in the attend, refer
and midway clauses (and the optional updated section 7 report and listing when the case
asks), the local-authority variant replaces Cafcass when the local authority holds the
section 7 report, and MIAM/SPIP keep the January 2016 template wording, which is fine
for them. The result is a ``Draft``: numbered paragraphs with their clause ids and
versions, ready for any renderer and for exact re-validation later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .case import Activity, Case
from .clause import Clause, Section
from .errors import InputError, InputErrors
from .library import Library
from .render.jinja import long_date, render_text

_SECTION_ORDER: dict[Section, int] = {
    "heading": 0, "recital": 1, "direction": 2, "condition": 3, "notice": 4, "closing": 5,
}

ROLE_LABEL = {
    "applicant": "Applicant",
    "respondent": "Respondent",
    "intervener": "Intervener",
    "child_party": "Child (party)",
    "non_party": "Not a party",
}

ORDER_TITLE = {
    "case_management": "CASE MANAGEMENT ORDER",
    "interim": "INTERIM ORDER",
    "final": "FINAL ORDER",
}


@dataclass(frozen=True)
class Paragraph:
    """One rendered piece of wording. ``label`` is '1.', '(a)', '•' or ''; level 0 or 1."""

    clause_id: str
    version: int
    section: Section
    text: str
    label: str = ""
    level: int = 0
    activity: int | None = None
    status: str = "recommended"
    slot: Section = "direction"  # where it is placed; a sub-heading sits with its directions

    @property
    def is_subheading(self) -> bool:
        return self.section == "heading" and self.slot != "heading"


@dataclass(frozen=True)
class Draft:
    case: Case
    title: str
    paragraphs: tuple[Paragraph, ...]

    def slot(self, name: Section) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.slot == name]

    @property
    def clause_versions(self) -> dict[str, int]:
        return {p.clause_id: p.version for p in self.paragraphs
                if not p.clause_id.startswith("case.")}


@dataclass
class _Pick:
    clause: str
    values: dict[str, Any]
    activity: int | None = None
    level: int = 0
    label: str | None = None  # None: numbered automatically if a direction/condition
    slot: Section | None = None  # None: the clause's own section


def _values(case: Case, act: Activity | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "court": case.court.name,
        "case_number": case.case_number,
        "judge": case.hearing.judge or case.judge,
        "hearing_type": case.hearing.type,
        "hearing_date": case.hearing.date,
        "attended": list(case.hearing.attended),
        "order_date": case.order_date,
        "children": [f"{c.name} (born {long_date(c.date_of_birth)})" for c in case.children],
    }
    if case.local_authority:
        values["local_authority"] = case.local_authority.name
    if act is not None:
        values.update(
            participant=case.party(act.party).name,
            referrer=case.referrer_name(act),
            provider=act.provider or "the provider",
            risk_assessment=bool(act.updated_section7 and act.updated_section7.risk_assessment),
        )
        if act.refer_by:
            values["refer_by"] = act.refer_by
        if act.attend_by:
            values["attend_by"] = act.attend_by
    return values


def _dvpp(case: Case, i: int, act: Activity) -> list[_Pick]:
    v = _values(case, act)
    if act.mechanism == "condition":
        return [_Pick("condition.dvpp.final_order", v, i)]
    prefix = "dvpp.la" if case.referrer(act) == "local_authority" else "dvpp.proposed"
    picks = [_Pick("dvpp.proposed.heading", v, i, label="", slot="direction"),
             _Pick(f"{prefix}.attend", v, i),
             # Always: without refer_by the render names the missing field, rather than the
             # library reporting that attend lacks its referral clause.
             _Pick(f"{prefix}.refer", v, i)]
    if act.midway_report:
        picks.append(_Pick(f"{prefix}.midway", v, i))
    if act.updated_section7:
        picks.append(_Pick(f"{prefix}.s7_update", v, i))
    if act.list_on_completion:
        picks.append(_Pick(f"{prefix}.listing", v, i))
    return picks


_TEMPLATE_ITEM = {"miam": "template2016.item.miam", "spip": "template2016.item.spip",
                  "dvpp": "template2016.item.dvpp"}


def _template_2016(case: Case, group: list[tuple[int, Activity]]) -> list[_Pick]:
    """The January 2016 wording: one 'You ... must attend' with its items, then (a)-(c)."""
    first_i, first = group[0]
    v = _values(case, first)
    picks = [_Pick("template2016.heading", v, first_i, label="", slot="direction"),
             _Pick("template2016.attend", v, first_i)]
    picks += [_Pick(_TEMPLATE_ITEM[a.kind], _values(case, a), i, level=1, label="•")
              for i, a in group]
    picks += [_Pick(f"template2016.provision.{x}", v, first_i, level=1, label=f"({x})")
              for x in "abc"]
    return picks


def _activity_picks(case: Case) -> Iterable[_Pick]:
    groups: dict[tuple[str, dt.date | None], list[tuple[int, Activity]]] = {}
    picks: list[_Pick] = []
    for i, act in enumerate(case.activities):
        templated = act.mechanism == "direction" and (
            act.kind in ("miam", "spip") or (act.kind == "dvpp" and act.wording == "template_2016")
        )
        if templated:
            groups.setdefault((act.party, act.attend_by), []).append((i, act))
        elif act.kind == "dvpp":
            picks += _dvpp(case, i, act)
        elif act.kind == "spip":
            picks.append(_Pick("condition.spip", _values(case, act), i))
        elif act.kind == "commissioned_contact":
            picks.append(_Pick("contact.commissioned_supervised", _values(case, act), i))
        elif act.kind == "contact_centre":
            picks.append(_Pick("contact.supported_centre", _values(case, act), i))
        else:
            raise InputError(
                f"orderdraft has no wording for a {act.kind.upper()} as an activity "
                "condition; use mechanism: direction",
                path=case.path, line=case.line("activities", i, "mechanism"),
                field=f"activities[{i}].mechanism",
            )
    for group in groups.values():
        picks += _template_2016(case, group)
    return picks


def plan(case: Case, library: Library) -> Draft:
    """Choose, order, fill in and number the clauses for ``case``."""
    base = _values(case)
    picks: list[_Pick] = [_Pick("order.heading.children_act", base),
                          _Pick("order.recital.hearing", base)]
    if case.hearing.attended:
        picks.append(_Pick("order.recital.attended", base))
    if any(a.mechanism == "direction" and a.kind == "dvpp" for a in case.activities):
        picks += [_Pick("order.recital.pd12j_33", base), _Pick("order.recital.pd12j_34", base)]
    picks += _activity_picks(case)
    if case.order.has_warning_notice:
        picks.append(_Pick("order.notice.s11i_warning", base))
    picks.append(_Pick("order.closing.dated", base))

    missing = [p.clause for p in picks if p.clause not in library]
    if missing:
        raise InputErrors([InputError(f"the clause library has no clause {m!r}") for m in missing])
    _check_dependencies(case, library, picks)

    # Stable sort keeps each activity's clauses together inside its section.
    for p in picks:
        p.slot = p.slot or library[p.clause].section
    picks.sort(key=lambda p: _SECTION_ORDER[p.slot or "direction"])
    paragraphs: list[Paragraph] = []
    recitals = [
        Paragraph("case.recital", 1, "recital", text, slot="recital")
        for text in case.order.recitals
    ]
    number = 0
    for pick in picks:
        clause = library[pick.clause]
        text = _render(clause, pick.values, case, pick.activity)
        label = pick.label
        if label is None and clause.section in ("direction", "condition"):
            number += 1
            label = f"{number}."
        paragraphs.append(
            Paragraph(clause.id, clause.version, clause.section, text, label or "",
                      pick.level, pick.activity, clause.status, pick.slot or clause.section)
        )
    paragraphs += recitals
    paragraphs.sort(key=lambda p: _SECTION_ORDER[p.slot])
    return Draft(case, ORDER_TITLE[case.order.kind], tuple(paragraphs))


def _check_dependencies(case: Case, library: Library, picks: list[_Pick]) -> None:
    """Enforce the library's ``requires``/``excludes`` within each activity's clauses.

    Scoped per activity on purpose: combinations *across* activities (a contact centre
    beside a DVPP, a SPIP beside a DVPP) are practice questions with their own rules,
    which a court may acknowledge with ``--accept``; a clause missing its partner within
    one activity is wording that does not hang together, which nobody should accept.
    """
    shared = {p.clause for p in picks if p.activity is None}
    by_activity: dict[int, set[str]] = {}
    for p in picks:
        if p.activity is not None:
            by_activity.setdefault(p.activity, set()).add(p.clause)
    problems = []
    for index, ids in sorted(by_activity.items()):
        present = ids | shared
        for cid in sorted(ids):
            clause = library[cid]
            for need in clause.requires:
                if need not in present:
                    problems.append(f"clause {cid!r} needs {need!r}, which this activity "
                                    "does not produce")
            for bad in clause.excludes:
                if bad in present:
                    problems.append(f"clause {cid!r} cannot be used with {bad!r}")
        if problems:
            raise InputErrors([
                InputError(msg, path=case.path, line=case.line("activities", index),
                           field=f"activities[{index}]")
                for msg in problems
            ])


_OPTIONAL_ACTIVITY_VALUES = ("refer_by", "attend_by")  # the values _values may leave out


def _render(clause: Clause, values: dict[str, Any], case: Case, activity: int | None = None
            ) -> str:
    needed = {k: values[k] for k in clause.variables if k in values}
    absent = sorted(set(clause.variables) - set(needed))
    if absent and activity is not None and absent[0] in _OPTIONAL_ACTIVITY_VALUES:
        raise InputError(
            f"missing; the wording of clause {clause.id!r} needs it",
            path=case.path, line=case.line("activities", activity),
            field=f"activities[{activity}].{absent[0]}",
        )
    if absent:
        raise InputError(
            f"clause {clause.id!r} needs {', '.join(absent)}, which the case file does not give",
            path=case.path,
        )
    return render_text(clause.text, needed, where=f"clause {clause.id}")
