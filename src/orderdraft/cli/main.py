"""``orderdraft`` — entry point. Imports are deferred into commands to keep start-up fast."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import EXIT_INTERRUPTED, EXIT_USAGE, OrderdraftError
from ..report_kinds import KINDS as REPORT_KINDS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="orderdraft")
def cli() -> None:
    """Draft England & Wales family-court orders with compliant DVPP wording, and check
    drafts against the law and Cafcass practice."""


@cli.command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the orders into (created if missing).")
@click.option("--accept", multiple=True, metavar="CODE",
              help="Compose despite this error-level rule (the court has decided); recorded "
                   "in the document. Repeat for several.")
@click.option("--overwrite", is_flag=True, help="Replace orders that already exist.")
@click.option("--clauses", "clauses_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Use this clause library folder instead of the shipped one.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of each order (needs LibreOffice).")
@click.option("--pdfa", is_flag=True, help="Write PDF/A-2b (implies --pdf).")
@click.option("--final", is_flag=True,
              help="The court has approved the order: no DRAFT watermark (as order.final: "
                   "true in the case file).")
def compose(cases: tuple[Path, ...], outdir: Path, accept: tuple[str, ...], overwrite: bool,
            clauses_dir: Path | None, pdf: bool, pdfa: bool, final: bool) -> None:
    """Compose each CASE file (YAML or JSON) into OUTDIR/<case name>.docx.

    The case is validated first; error findings stop it unless accepted with --accept.
    """
    from ..commands.compose import run

    sys.exit(run(cases, outdir, accept=accept, overwrite=overwrite, clauses_dir=clauses_dir,
                 pdf=pdf or pdfa, pdfa=pdfa, final=final))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "sarif", "github"]), help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Exit 1 when a finding at or above this severity remains [default: error].")
@click.option("--select", multiple=True, metavar="CODE",
              help="Only run rules whose code starts with this (repeatable).")
@click.option("--ignore", multiple=True, metavar="CODE",
              help="Skip rules whose code starts with this (repeatable).")
@click.option("--exit-zero", is_flag=True, help="Always exit 0 unless the input is unusable.")
@click.option("--colour/--no-colour", default=None,
              help="Colour the text output [default: only on a terminal, and not if NO_COLOR "
                   "is set].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file (orderdraft.toml, or a pyproject.toml with [tool.orderdraft]) "
                   "[default: the nearest one from here up to the repository root].")
@click.option("--providers", type=click.Path(dir_okay=False, path_type=Path),
              help="Provider directory (YAML) for the provider rules.")
@click.option("--house-rules", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="House-style wording rules (YAML; repeatable).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Report only findings not in FILE; if FILE does not exist, record today's "
                   "findings in it and exit 0.")
@click.option("--update-baseline", is_flag=True,
              help="Rewrite the baseline with today's findings and exit 0.")
@click.option("--redact/--no-redact", default=None,
              help="Replace names by roles and leave out quoted wording, for logs read by "
                   "people who are not the court [default: on for github and sarif].")
def validate(paths: tuple[Path, ...], fmt: str, fail_on: str | None, select: tuple[str, ...],
             ignore: tuple[str, ...], exit_zero: bool, colour: bool | None,
             config_file: Path | None, providers: Path | None, house_rules: tuple[Path, ...],
             baseline: Path | None, update_baseline: bool, redact: bool | None) -> None:
    """Check case files, DOCX and PDF orders, and folders of them.

    Exit status: 0 clean, 1 findings at or above --fail-on, 2 bad usage or unreadable input.
    """
    from ..commands.validate import run

    sys.exit(run(paths, fmt=fmt, fail_on=fail_on, select=select, ignore=ignore,
                 exit_zero=exit_zero, colour=colour, config_file=config_file,
                 providers=providers, house_rules=house_rules, baseline=baseline,
                 update_baseline=update_baseline, redact=redact))


@cli.group()
def clauses() -> None:
    """List, show and lint clause libraries."""


@clauses.command("list")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--status", type=click.Choice(["recommended", "legacy", "non_compliant"]))
def clauses_list(folder: Path | None, status: str | None) -> None:
    """One line per clause: id, version, status, title."""
    from ..commands.clauses import list_clauses

    list_clauses(folder, status)


@clauses.command("show")
@click.argument("clause_id")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path))
def clauses_show(clause_id: str, folder: Path | None) -> None:
    """Show one clause: wording, variables, citations, drafting note."""
    from ..commands.clauses import show_clause

    show_clause(clause_id, folder)


@clauses.command("lint")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
def clauses_lint(folder: Path | None) -> None:
    """Check a clause library (default: the shipped one); exit 1 when it has problems."""
    from ..commands.clauses import lint_clauses

    sys.exit(lint_clauses(folder))


@cli.group()
def templates() -> None:
    """Check Word-edited docxtpl templates."""


@templates.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(["order", *REPORT_KINDS]),
              help="Which renderer fills the templates in [default: from the folder: "
                   "orders/, or reports/<kind>.docx].")
def templates_lint(paths: tuple[Path, ...], kind: str | None) -> None:
    """Check templates (files or folders; default: the shipped ones) for what Word editing
    breaks: split or unclosed tags, curly quotes in tags, unbalanced blocks, unknown
    variables and fields. Exit 1 when there are errors."""
    from ..commands.templates import lint_templates

    sys.exit(lint_templates(paths, kind))


@cli.command()
@click.option("--code", help="Show one rule in full.")
@click.option("-f", "--format", "fmt", default="text", type=click.Choice(["text", "markdown"]))
def rules(code: str | None, fmt: str) -> None:
    """List the rules: code, severity, slug and summary."""
    from ..commands.rules import show_rules

    show_rules(code, fmt)


@cli.command()
def schema() -> None:
    """Print the case-file schema reference (Markdown)."""
    from ..commands.schema import run

    run()


@cli.command()
@click.argument("dest", required=False, type=click.Path(dir_okay=False, path_type=Path))
def example(dest: Path | None) -> None:
    """Print (or write to DEST) an example case file to start from."""
    from ..commands.example import run

    run(dest)


@cli.command()
@click.argument("kind", metavar="KIND", type=click.Choice(REPORT_KINDS))
@click.argument("case", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the report into (created if missing).")
@click.option("--activity", type=click.IntRange(min=0), metavar="N",
              help="The DVPP at activities[N] (0-based); needed when the case has several.")
@click.option("--overwrite", is_flag=True, help="Replace a report that already exists.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of the report (needs LibreOffice).")
def report(kind: str, case: Path, outdir: Path, activity: int | None, overwrite: bool,
           pdf: bool) -> None:
    """Draft the KIND DVPP report form for CASE into OUTDIR/<case name>-KIND.docx.

    KIND is referral, suitability, midway, completion, s7-update, travel-costs or
    information-sheet. The form is filled in from the case file and the expected timetable;
    the shaded boxes are left for the writer.
    """
    from ..commands.report import run

    sys.exit(run(kind, case, outdir, activity=activity, overwrite=overwrite, pdf=pdf))


@cli.command()
@click.argument("case", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the bundle into (created if missing).")
@click.option("--report", "reports", multiple=True, type=click.Choice(REPORT_KINDS),
              metavar="KIND", help="Add this report form, drafted from the case (repeatable; "
                                   "the information sheet is always in a DVPP bundle).")
@click.option("--include", multiple=True, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Add this DOCX or PDF, e.g. a completed midway report (repeatable; in the "
                   "order given, after the forms).")
@click.option("--accept", multiple=True, metavar="CODE",
              help="Bundle despite this error-level rule (as compose --accept).")
@click.option("--activity", type=click.IntRange(min=0), metavar="N",
              help="The DVPP at activities[N] for the forms, when the case has several.")
@click.option("--final", is_flag=True, help="The order is approved: no DRAFT watermark.")
@click.option("--overwrite", is_flag=True, help="Replace a bundle that already exists.")
def bundle(case: Path, outdir: Path, reports: tuple[str, ...], include: tuple[Path, ...],
           accept: tuple[str, ...], activity: int | None, final: bool, overwrite: bool) -> None:
    """Merge the order, the information sheet and any reports for CASE into one PDF for
    service on the parties: OUTDIR/<case name>-bundle.pdf, with an index, bookmarks and
    page numbers (needs LibreOffice)."""
    from typing import cast

    from ..commands.bundle import run
    from ..report_kinds import ReportKind

    sys.exit(run(case, outdir, reports=cast(tuple[ReportKind, ...], reports), include=include,
                 accept=accept, overwrite=overwrite, final=final, activity=activity))


class _Interrupted(BaseException):
    """Ctrl-C, raised as something click does not catch (it would print a blank line and
    turn it into Abort). A BaseException, like KeyboardInterrupt, so ``except Exception``
    cannot swallow it and every ``finally`` and temp-file cleanup still runs."""


def _interrupted(signum: int, frame: object) -> None:
    raise _Interrupted


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except OrderdraftError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code)
    except (_Interrupted, click.Abort, KeyboardInterrupt):
        # Click turns Ctrl-C inside a command into Abort, so both say the same; every
        # writer goes through a temporary file and a rename, which is what makes it true.
        click.echo("interrupted; finished files are complete, no partial files were left",
                   err=True)
        sys.exit(EXIT_INTERRUPTED)
