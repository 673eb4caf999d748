"""``orderdraft report``: one DVPP report form for one case, as DOCX (and PDF on request)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_USAGE, OrderdraftError
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
    from ..render.pdf import convert_to_pdf, set_pdf_metadata

    pdf_target.unlink(missing_ok=True)  # the converter never replaces a PDF; --overwrite does
    worst = 0
    props = written.properties
    for conv in convert_to_pdf([written.docx], outdir):
        if conv.error or conv.pdf is None:
            click.echo(f"error: {conv.source}: PDF not written: {conv.error}", err=True)
            worst = EXIT_USAGE
            continue
        try:
            # LibreOffice drops the DOCX's custom properties; without them validate would
            # read the PDF as an order.
            set_pdf_metadata(conv.pdf, title=props.title, subject=props.subject,
                             author=props.author, keywords=props.keywords,
                             custom=dict(props.custom))
        except OrderdraftError as exc:
            click.echo(f"error: {conv.pdf}: written, but its properties could not be set: "
                       f"{exc.format_message()}", err=True)
            worst = EXIT_USAGE
            continue
        click.echo(f"{conv.source}: wrote {conv.pdf}")
    return worst
