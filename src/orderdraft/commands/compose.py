"""``orderdraft compose``: several case files, each composed or explained; one bad case
never stops the others."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..compose import Composed, compose
from ..errors import EXIT_FINDINGS, EXIT_USAGE, OrderdraftError
from ..library import load_library


def run(cases: Sequence[Path], outdir: Path, *, accept: Sequence[str], overwrite: bool,
        clauses_dir: Path | None, pdf: bool, pdfa: bool, final: bool = False) -> int:
    accept = [a.upper() for a in accept]
    library = load_library(clauses_dir)
    worst = 0
    written: dict[Path, Composed] = {}
    for case in cases:
        try:
            result = compose(case, outdir, accept=accept, overwrite=overwrite, library=library,
                             final=final)
        except OrderdraftError as exc:
            exc.show()
            worst = max(worst, exc.exit_code if exc.exit_code in (EXIT_FINDINGS, EXIT_USAGE)
                        else EXIT_USAGE)
            continue
        written[result.docx] = result
        notes = [f for f in result.findings if not f.suppressed and f.rule not in accept]
        click.echo(f"{case}: wrote {result.docx}"
                   + (f" ({len(notes)} warning/info finding(s); run validate)" if notes else ""))
    if pdf and written:
        from .pdf_output import write_pdfs

        props = {docx: result.properties for docx, result in written.items()}
        worst = max(worst, write_pdfs(props, outdir, overwrite=overwrite, pdfa=pdfa))
    return worst
