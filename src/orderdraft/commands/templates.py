"""``orderdraft templates lint``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..errors import EXIT_FINDINGS
from ..resources import templates_dir
from ..template_lint import lint_paths


def lint_templates(paths: Sequence[Path], kind: str | None = None) -> int:
    problems = lint_paths(list(paths) or [templates_dir()], kind)  # type: ignore[arg-type]
    for p in problems:
        click.echo(p.format())
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        click.echo("templates are clean")
        return 0
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    return EXIT_FINDINGS if errors else 0
