"""GitHub Actions workflow commands, so findings appear inline on pull requests."""

from __future__ import annotations

from ..findings import Severity
from ..validate import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, colour: bool) -> str:
    lines = []
    for r in report.errors:
        lines.append(f"::error file={_escape_prop(r.path)},title=orderdraft::"
                     f"{_escape_data(r.error or '')}")
    for f in report.findings:
        if f.suppressed:
            continue
        props = [f"file={_escape_prop(f.path)}"]
        if f.location.line:
            props.append(f"line={f.location.line}")
        props.append(f"title={_escape_prop(f'{f.rule} {f.slug}')}")
        lines.append(f"::{_LEVEL[f.severity]} {','.join(props)}::"
                     f"{_escape_data(f'{f.message}. Fix: {f.fix} ({f.citation})')}")
    return "\n".join(lines)
