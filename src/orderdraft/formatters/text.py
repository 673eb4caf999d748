"""Human output: one finding per block, file:line first, then why and what to do.

Colour is only a help for a person at a terminal: the command decides whether to use it
(terminal, ``NO_COLOR``, ``--colour/--no-colour``) and this module only applies it.
"""

from __future__ import annotations

import click

from ..findings import Severity
from ..validate import Report

_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(report: Report, colour: bool) -> str:
    lines: list[str] = []
    for result in report.results:
        if result.error:
            message = result.error.removeprefix(result.path + ": ")
            head = click.style("cannot check", fg="red", bold=True) if colour else "cannot check"
            lines.append(f"{result.path}: {head}: {message}")
        for f in result.findings:
            sev = f.severity.label
            if f.suppressed:
                sev = f"suppressed {sev}"
            label = click.style(sev, fg=_COLOUR[f.severity], bold=None if f.suppressed else True,
                                dim=True if f.suppressed else None) if colour else sev
            loc = f" [{f.location.field}]" if f.location.field and f.location.line is None else ""
            lines.append(f"{f.where()}: {label} {f.rule} {f.slug}: {f.message}{loc}")
            if f.location.snippet:
                lines.append(f"    “{f.location.snippet}”")
            if f.suppressed:
                lines.append(f"    suppressed: {f.suppression_reason}")
            else:
                lines.append(f"    why: {f.citation}")
                lines.append(f"    fix: {f.fix}")
    active = [f for f in report.findings if not f.suppressed]
    counts = {s: sum(1 for f in active if f.severity == s) for s in Severity}
    suppressed = len(report.findings) - len(active)
    checked = len(report.results) - len(report.errors)  # the unreadable are counted apart
    summary = (f"{checked} file(s) checked: {counts[Severity.ERROR]} error(s), "
               f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info")
    if suppressed:
        summary += f", {suppressed} suppressed"
    if report.baseline is not None:
        summary += f", {report.baselined} in the baseline"
    if report.errors:
        summary += f"; {len(report.errors)} file(s) could not be checked"
    lines.append(summary)
    return "\n".join(lines)
