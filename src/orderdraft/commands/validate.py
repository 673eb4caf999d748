"""``orderdraft validate``: findings for files and folders, in the chosen format."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ..findings import Severity
from ..formatters import get
from ..validate import Selection, validate


def run(paths: Sequence[Path], *, fmt: str, fail_on: str | None, select: Sequence[str],
        ignore: Sequence[str], exit_zero: bool, colour: bool | None) -> int:
    selection = Selection(tuple(s.upper() for s in select), tuple(i.upper() for i in ignore))
    report = validate(list(paths), selection=selection)
    use_colour = sys.stdout.isatty() if colour is None else colour
    out = get(fmt)(report, use_colour and fmt == "text")
    if out:
        click.echo(out)
    code = report.exit_code(Severity.parse(fail_on or "error"))
    if exit_zero and code == 1:
        return 0
    return code
