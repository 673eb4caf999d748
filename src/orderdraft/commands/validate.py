"""``orderdraft validate``: findings for files and folders, in the chosen format.

Settings come from the config file (found or named), with command-line options on top;
then the files are checked, a baseline applied or recorded, and the report printed. The
exit code is decided here once, from the report and ``--fail-on``/``--exit-zero``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from ..config import check_code_prefix, discover_config, load_config
from ..errors import EXIT_FINDINGS, EXIT_USAGE
from ..formatters import get
from ..validate import validate

# Where findings end up in front of people who are not the court: CI logs (GitHub
# annotations) and code hosts (SARIF uploads). See orderdraft.redact.
REDACTED_FORMATS = frozenset({"github", "sarif"})


def use_colour(option: bool | None) -> bool:
    """--colour/--no-colour win; otherwise colour only on a terminal without NO_COLOR."""
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _codes(option: str, codes: Sequence[str]) -> list[str]:
    for code in codes:
        problem = check_code_prefix(code)
        if problem:
            raise click.BadParameter(problem, param_hint=option)
    return [c.upper() for c in codes]


def run(paths: Sequence[Path], *, fmt: str, fail_on: str | None, select: Sequence[str],
        ignore: Sequence[str], exit_zero: bool, colour: bool | None,
        config_file: Path | None = None, providers: Path | None = None,
        house_rules: Sequence[Path] = (), baseline: Path | None = None,
        update_baseline: bool = False, redact: bool | None = None) -> int:
    config = load_config(config_file) if config_file else discover_config()
    config = config.override(fail_on=fail_on, select=_codes("--select", select),
                             ignore=_codes("--ignore", ignore), providers=providers,
                             house_rules=house_rules, baseline=baseline, redact=redact)
    if update_baseline and config.baseline is None:
        raise click.UsageError("--update-baseline needs a baseline: pass --baseline FILE or "
                               "set baseline in the config file")
    report = validate(list(paths), config=config, redact=(
        config.redact if config.redact is not None else fmt in REDACTED_FORMATS))
    recorded: int | None = None
    if config.baseline is not None:
        from .. import baseline as baselines

        if update_baseline or not config.baseline.exists():
            if report.errors:
                click.echo(f"orderdraft: baseline {config.baseline} not written: "
                           f"{len(report.errors)} file(s) could not be checked", err=True)
            else:
                recorded = baselines.record(report, config.baseline)
        else:
            report = baselines.apply(report, config.baseline)
    coloured = use_colour(colour) and fmt == "text"
    out = get(fmt)(report, coloured)
    if out:
        click.echo(out, color=coloured)
    if recorded is not None:
        click.echo(f"orderdraft: recorded {recorded} finding(s) in the baseline "
                   f"{config.baseline}; later runs report only new ones", err=True)
        return 0
    code = report.exit_code(config.fail_on)
    if exit_zero and code == EXIT_FINDINGS:
        return 0
    return EXIT_USAGE if report.errors else code
