"""``orderdraft clauses list|show|lint``."""

from __future__ import annotations

from pathlib import Path

import click

from ..library import lint, load_library
from ..schema import did_you_mean


def list_clauses(folder: Path | None, status: str | None) -> None:
    lib = load_library(folder)
    for c in lib:
        if status and c.status != status:
            continue
        click.echo(f"{c.id:<34} v{c.version:<3} {c.status:<13} {c.title}")


def show_clause(clause_id: str, folder: Path | None) -> None:
    lib = load_library(folder)
    if clause_id not in lib:
        raise click.UsageError(f"no clause {clause_id!r}{did_you_mean(clause_id, lib.clauses)}")
    c = lib[clause_id]
    file, line = lib.origin[clause_id]
    click.echo(f"{c.id}  (v{c.version}, {c.status}, {c.section}) — {file}:{line}")
    click.echo(c.title)
    click.echo("")
    click.echo(c.text.strip())
    click.echo("")
    if c.variables:
        click.echo("Variables:")
        for name, var in c.variables.items():
            click.echo(f"  {name} ({var.type}): {var.description}")
    click.echo("Authority:")
    for cit in c.citations:
        click.echo(f"  {cit.render()}")
    if c.requires:
        click.echo(f"Requires: {', '.join(c.requires)}")
    if c.excludes:
        click.echo(f"Excludes: {', '.join(c.excludes)}")
    if c.drafting_note:
        click.echo(f"Drafting note: {c.drafting_note.strip()}")


def lint_clauses(folder: Path | None) -> int:
    problems = lint(folder)
    for p in problems:
        click.echo(p.format_message())
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        return 1
    click.echo("clause library is clean")
    return 0
