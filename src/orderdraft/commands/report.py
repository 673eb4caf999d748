"""``orderdraft report``: one DVPP report form for one case, as DOCX (and PDF on request)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import OrderdraftError
from ..report_kinds import KINDS
from ..reports import report_path, write_report


def run(kind: str, case_path: Path, outdir: Path, *, activity: int | None,
        overwrite: bool, pdf: bool) -> int:
    if kind not in KINDS:  # click offers only these; a caller from Python may not
        raise OrderdraftError(f"no report kind {kind!r}; choose one of: " + ", ".join(KINDS))
    pdf_target = report_path(case_path, outdir, kind).with_suffix(".pdf")
    if pdf and pdf_target.exists() and not overwrite:
        # Refuse before writing anything, so a refusal never leaves a DOCX without its PDF.
        raise OrderdraftError(f"{pdf_target} already exists; pass --overwrite to replace it")
    written = write_report(case_path, kind, outdir, activity=activity, overwrite=overwrite)
    click.echo(f"{case_path}: wrote {written.docx}")
    if not pdf:
        return 0
    from .pdf_output import write_pdfs

    # LibreOffice drops the DOCX's custom properties; without them validate would read the
    # PDF as an order. write_pdfs stamps them back.
    return write_pdfs({written.docx: written.properties}, outdir, overwrite=overwrite)
