"""``orderdraft compose``: several case files, each composed or explained; one bad case
never stops the others."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..compose import compose
from ..errors import EXIT_FINDINGS, EXIT_USAGE, OrderdraftError
from ..library import load_library


def run(cases: Sequence[Path], outdir: Path, *, accept: Sequence[str], overwrite: bool,
        clauses_dir: Path | None, pdf: bool, pdfa: bool) -> int:
    accept = [a.upper() for a in accept]
    library = load_library(clauses_dir)
    worst = 0
    written: list[Path] = []
    for case in cases:
        try:
            result = compose(case, outdir, accept=accept, overwrite=overwrite, library=library)
        except OrderdraftError as exc:
            exc.show()
            worst = max(worst, exc.exit_code if exc.exit_code in (EXIT_FINDINGS, EXIT_USAGE)
                        else EXIT_USAGE)
            continue
        written.append(result.docx)
        notes = [f for f in result.findings if not f.suppressed and f.rule not in accept]
        click.echo(f"{case}: wrote {result.docx}"
                   + (f" ({len(notes)} warning/info finding(s); run validate)" if notes else ""))
    if pdf and written:
        from ..render.pdf import convert_to_pdf

        if overwrite:
            # convert_to_pdf never replaces a PDF; an old one beside a new DOCX would show
            # an order that no longer exists, so it goes even if the conversion then fails.
            for docx in written:
                docx.with_suffix(".pdf").unlink(missing_ok=True)
        for conv in convert_to_pdf(written, outdir, pdfa=pdfa):
            if conv.error:
                click.echo(f"error: {conv.source}: PDF not written: {conv.error}", err=True)
                worst = max(worst, EXIT_USAGE)
            else:
                click.echo(f"{conv.source}: wrote {conv.pdf}")
    return worst
