"""Machine output: the finding shape from the design, plus files that could not be read.

Each finding also carries its ``fingerprint`` (the one baselines and SARIF use), so a
pipeline can track a finding across runs without re-deriving it.
"""

from __future__ import annotations

import json
from typing import Any

from ..validate import Report
from .sarif import fingerprint


def render(report: Report, colour: bool) -> str:
    data: dict[str, Any] = {
        "findings": [{**f.to_dict(), "fingerprint": fingerprint(f)} for f in report.findings],
        "errors": [{"path": r.path, "message": r.error} for r in report.errors],
        "files": len(report.results),
    }
    if report.baseline is not None:
        data["baseline"] = report.baseline
        data["baselined"] = report.baselined
    return json.dumps(data, indent=2, ensure_ascii=False)
