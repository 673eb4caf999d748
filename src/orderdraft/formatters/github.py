"""GitHub Actions workflow commands, so findings appear inline on pull requests.

``::error file=…,line=…,title=…::message`` — values are escaped as the Actions toolkit does
(``%`` ``\\r`` ``\\n`` everywhere; ``:`` and ``,`` too inside properties), or a message with
a newline or a file name with a comma would cut the command short. Paths are written
relative to the working folder (the repository root in a workflow), which is what the
annotation needs to find the file. A document finding has a paragraph, not a line: it is
annotated on the file with the paragraph named in the message, never on a made-up line.
Suppressed findings are not annotated but are listed in the log, so they are never silent.
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding, Severity
from ..validate import Report
from .paths import portable

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, props: list[tuple[str, str]], message: str) -> str:
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{level} {joined}::{escape_data(message)}"


def _plain(s: str) -> str:
    """A log line that cannot start a second line (and so cannot smuggle in a command)."""
    return " ".join(s.split())


def _where(f: Finding) -> str:
    loc = f.location
    if loc.line is not None or loc.paragraph is None:
        return ""
    page = f", page {loc.page}" if loc.page else ""
    return f"paragraph {loc.paragraph}{page}: "


def render(report: Report, colour: bool) -> str:
    root = Path.cwd()
    lines = []
    for r in report.errors:
        lines.append(_command("error", [("file", portable(r.path, root)),
                                        ("title", "orderdraft: cannot check")], r.error or ""))
    for f in report.findings:
        if f.suppressed:
            continue
        props = [("file", portable(f.path, root))]
        if f.location.line:
            props.append(("line", str(f.location.line)))
            if f.location.column:
                props.append(("col", str(f.location.column)))
        props.append(("title", f"{f.rule} {f.slug}"))
        lines.append(_command(_LEVEL[f.severity], props,
                              f"{_where(f)}{f.message}. Fix: {f.fix} ({f.citation})"))
    for f in report.findings:
        if f.suppressed:
            lines.append(_plain(f"orderdraft: suppressed {f.rule} in {portable(f.path, root)}: "
                                f"{f.suppression_reason}"))
    if report.baseline is not None:
        lines.append(_plain(f"orderdraft: {report.baselined} finding(s) already in the baseline "
                            f"{report.baseline} were not reported"))
    return "\n".join(lines)
