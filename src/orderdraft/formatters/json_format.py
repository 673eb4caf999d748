"""Machine output: the finding shape from the design, plus files that could not be read."""

from __future__ import annotations

import json

from ..validate import Report


def render(report: Report, colour: bool) -> str:
    return json.dumps(
        {
            "findings": [f.to_dict() for f in report.findings],
            "errors": [{"path": r.path, "message": r.error} for r in report.errors],
            "files": len(report.results),
        },
        indent=2,
        ensure_ascii=False,
    )
