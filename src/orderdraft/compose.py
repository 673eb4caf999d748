"""Case file in, finished DOCX order out — validated first, written atomically.

Compose refuses to write an order that breaks an error-level rule unless the user
acknowledges that rule by code (``--accept OD101``); the acknowledgement is recorded in
the document's properties so a later ``validate`` reports it as accepted, not as clean.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .callmodule import make_callable
from .case import Case, load_case
from .errors import EXIT_FINDINGS, OrderdraftError
from .findings import Finding, Severity
from .library import Library, load_library
from .plan import ROLE_LABEL, Draft, plan
from .render.docx import Properties, compiled
from .render.jinja import long_date
from .resources import templates_dir
from .rules import Context
from .timetable import timetable_notes
from .validate import (
    PROP_ACCEPTED,
    PROP_CASE,
    PROP_CLAUSES,
    PROP_TEXT,
    PROP_VERSION,
    check_case,
    text_digest,
)


class ComposeBlocked(OrderdraftError):
    """The case breaks rules the user has not accepted; nothing is written."""

    exit_code = EXIT_FINDINGS

    def __init__(self, path: str, blocking: list[Finding]) -> None:
        self.blocking = blocking
        lines = [f"{f.where()}: {f.rule} {f.message}" for f in blocking]
        codes = " ".join(f"--accept {c}" for c in sorted({f.rule for f in blocking}))
        super().__init__(
            "not composed; the case breaks these rules:\n  " + "\n  ".join(lines)
            + f"\nFix the case file, or if the court has decided otherwise, pass {codes}",
            path=path,
        )


@dataclass(frozen=True)
class Composed:
    case: Case
    draft: Draft
    docx: Path
    findings: list[Finding] = field(default_factory=list)
    accepted: tuple[str, ...] = ()

    @property
    def properties(self) -> Properties:
        """The order's properties, for stamping its PDF (``provenance.stamp_pdf``)."""
        return order_properties(self.draft, self.accepted)


def order_template() -> Path:
    return templates_dir() / "orders" / "order.docx"


def template_context(draft: Draft, *, final: bool = False) -> dict[str, Any]:
    """The layout template's variables; wording is already rendered by the plan.

    ``final`` (``compose --final``) marks the order approved, as ``order.final`` in the case
    file does: no DRAFT watermark.
    """
    case = draft.case
    heading = draft.slot("heading")
    final_order = case.order.final or final
    notes = timetable_notes(case)
    return {
        "court_upper": case.court.name.upper(),
        "case_number": case.case_number,
        "heading": heading[0].text if heading else "",
        "title": draft.title,
        "draft": not final_order,
        "footer": f"{case.case_number} — drafted with orderdraft {__version__}",
        "parties": [{"role": ROLE_LABEL[p.role], "name": p.name} for p in case.parties
                    if p.role != "non_party"],
        "children": [{"name": c.name, "born": f"born {long_date(c.date_of_birth)}"}
                     for c in case.children],
        "recitals": [p.text for p in draft.slot("recital")],
        "orders": [{"label": p.label, "text": p.text, "level": p.level,
                    "subheading": p.is_subheading}
                   for p in draft.paragraphs if p.slot in ("direction", "condition")],
        "notices": [p.text for p in draft.slot("notice")],
        "closing": [p.text for p in draft.slot("closing")],
        # For the legal adviser, not the order's wording: the expected DVPP timetable, as a
        # Word comment on the title of a draft (never on an approved order).
        "drafting_notes": notes,
        "notes_comment": bool(notes) and not final_order,
    }


def order_properties(draft: Draft, accepted: Sequence[str] = ()) -> Properties:
    """What the order says about itself: enough for ``validate`` to re-check it exactly."""
    case = draft.case
    data = case._source.data if case._source else {}
    return Properties(
        title=f"{draft.title.title()} — {case.case_number}",
        subject="Order under the Children Act 1989",
        author=case.court.name,
        keywords=f"{case.case_number}; Children Act 1989"
                 + ("; DVPP" if case.dvpps else ""),
        custom={
            PROP_VERSION: __version__,
            PROP_CASE: json.dumps(data, ensure_ascii=False, sort_keys=True, default=str),
            PROP_CLAUSES: ",".join(f"{c}@{v}" for c, v in draft.clause_versions.items()),
            PROP_ACCEPTED: ",".join(sorted(set(accepted))),
        },
    )


def render_docx(draft: Draft, accepted: Sequence[str] = (), template: Path | None = None,
                *, final: bool = False) -> bytes:
    """The DOCX bytes of ``draft``, carrying its case data and clause versions."""
    from .extract import document_xml_paragraphs

    tpl = compiled(template or order_template())
    return tpl.render(
        template_context(draft, final=final), order_properties(draft, accepted),
        provenance=lambda xml: {PROP_TEXT: text_digest(document_xml_paragraphs(xml))},
    )


def compose_case(case: Case, library: Library, *, accept: Sequence[str] = (),
                 ctx: Context | None = None,
                 final: bool = False) -> tuple[Draft, list[Finding], bytes]:
    """Validate, plan and render one case, without touching the disk."""
    findings = check_case(case, ctx)
    blocking = [f for f in findings
                if f.severity >= Severity.ERROR and not f.suppressed and f.rule not in accept]
    if blocking:
        raise ComposeBlocked(case.path, blocking)
    draft = plan(case, library)
    return draft, findings, render_docx(draft, accepted=accept, final=final)


def output_path(case_path: Path, outdir: Path, suffix: str = ".docx") -> Path:
    from .fsutil import safe_stem

    return outdir / (safe_stem(case_path.stem) + suffix)


def compose(case_path: str | Path, outdir: str | Path, *, accept: Sequence[str] = (),
            overwrite: bool = False, library: Library | None = None,
            ctx: Context | None = None, final: bool = False) -> Composed:
    """Compose one case file into ``outdir/<case stem>.docx``."""
    from .fsutil import atomic_write

    case_path, outdir = Path(case_path), Path(outdir)
    target = output_path(case_path, outdir)
    if target.exists() and not overwrite:
        raise OrderdraftError(f"{target} already exists; pass --overwrite to replace it")
    case = load_case(case_path)
    draft, findings, data = compose_case(case, library or load_library(), accept=accept, ctx=ctx,
                                         final=final)
    atomic_write(target, data, overwrite=overwrite)
    return Composed(case, draft, target, findings, tuple(accept))


# ``orderdraft.compose`` is both this module and the API function: calling the module calls
# ``compose``, whichever way it was imported (see callmodule).
make_callable(__name__, "compose")
