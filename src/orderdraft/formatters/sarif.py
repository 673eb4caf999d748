"""SARIF 2.1.0, so code hosts show findings inline and follow them across edits."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .. import __version__
from ..findings import Finding, Severity
from ..rules import REGISTRY
from ..validate import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def fingerprint(f: Finding) -> str:
    """Stable across line moves: rule, file, field or quoted words, not the line number."""
    anchor = f.location.field or f.location.snippet or f.message
    return hashlib.sha256(f"{f.rule}|{f.path}|{anchor}".encode()).hexdigest()[:32]


def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    region: dict[str, Any] = {}
    if f.location.line:
        region["startLine"] = f.location.line
    if f.location.snippet:
        region["snippet"] = {"text": f.location.snippet}
    physical: dict[str, Any] = {"artifactLocation": {"uri": f.path}}
    if region:
        physical["region"] = region
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": _LEVEL[f.severity],
        "message": {"text": f"{f.message}. Fix: {f.fix}"},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"orderdraft/v1": fingerprint(f)},
    }
    if f.location.field:
        result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": f.location.field}]
    if f.suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": f.suppression_reason or ""}]
    return result


def render(report: Report, colour: bool) -> str:
    rules = sorted(REGISTRY.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "orderdraft",
            "version": __version__,
            "informationUri": "https://example.invalid/orderdraft",
            "rules": [{
                "id": r.code,
                "name": r.slug,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.why},
                "help": {"text": f"{r.fix}\nAuthority: {r.citation}\nSource: {r.source}"},
                "defaultConfiguration": {"level": _LEVEL[r.severity]},
            } for r in rules],
        }},
        "results": [_result(f, index) for f in report.findings],
    }
    if report.errors:
        run["invocations"] = [{
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": r.error or ""},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path}}}]}
                for r in report.errors
            ],
        }]
    else:
        run["invocations"] = [{"executionSuccessful": True}]
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2,
                      ensure_ascii=False)
