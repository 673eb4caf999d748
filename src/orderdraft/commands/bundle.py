"""``orderdraft bundle``: the order and its companion documents as one PDF for service."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..bundle import bundle
from ..report_kinds import ReportKind


def run(case: Path, outdir: Path, *, reports: Sequence[ReportKind], include: Sequence[Path],
        accept: Sequence[str], overwrite: bool, final: bool, activity: int | None) -> int:
    made = bundle(case, outdir, reports=reports, include=include,
                  accept=accept, overwrite=overwrite, final=final,
                  activity=activity)
    click.echo(f"{case}: wrote {made.pdf} ({made.pages} pages: index, "
               + ", ".join(made.titles) + ")")
    return 0
