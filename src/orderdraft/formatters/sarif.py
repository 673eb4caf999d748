"""SARIF 2.1.0, so code hosts show findings inline and follow them across edits.

Shape choices, each because a consumer relies on it:

* artifact URIs are relative to ``%SRCROOT%`` (the folder the command ran in, given in
  ``originalUriBaseIds``), so a log made in CI matches the repository's paths;
* a case-file finding has a ``region`` with its line; a document finding does NOT — a
  paragraph number is not a line, and a fake line would send viewers to the wrong place.
  Its paragraph (and PDF page) are a ``logicalLocation`` plus location ``properties``;
* suppressed findings keep their place with ``suppressions`` (kind ``inSource``: the
  reason is written in the case file or document) instead of disappearing;
* ``partialFingerprints`` let hosts and baselines follow a finding when lines move;
* unreadable files are ``toolExecutionNotifications`` and ``executionSuccessful: false``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..findings import Finding, Severity
from ..rules import Rule
from ..validate import Report
from .paths import artifact_uri, portable

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT_ID = "SRCROOT"
FINGERPRINT_KEY = "orderdraft/v1"


def fingerprint(f: Finding, root: Path | None = None) -> str:
    """Stable across line moves: rule, file (relative to ``root``, default the current
    folder), and field or quoted words — never the line or paragraph number."""
    anchor = f.anchor or f.location.field or f.location.snippet or f.message
    where = portable(f.path, root or Path.cwd())
    return hashlib.sha256(f"{f.rule}|{where}|{anchor}".encode()).hexdigest()[:32]


def _artifact(path: str, root: Path) -> dict[str, Any]:
    uri, relative = artifact_uri(path, root)
    return {"uri": uri, "uriBaseId": ROOT_ID} if relative else {"uri": uri}


def _location(f: Finding, root: Path) -> dict[str, Any]:
    loc = f.location
    physical: dict[str, Any] = {"artifactLocation": _artifact(f.path, root)}
    if loc.line:
        region: dict[str, Any] = {"startLine": loc.line}
        if loc.column:
            region["startColumn"] = loc.column
        if loc.snippet:
            region["snippet"] = {"text": loc.snippet}
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    logical: list[dict[str, Any]] = []
    if loc.field:
        logical.append({"fullyQualifiedName": loc.field, "kind": "property"})
    if loc.paragraph is not None:
        logical.append({"name": f"paragraph {loc.paragraph}", "kind": "element"})
    if logical:
        location["logicalLocations"] = logical
    props = {k: v for k, v in (("paragraph", loc.paragraph), ("page", loc.page),
                               ("snippet", None if loc.line else loc.snippet)) if v is not None}
    if props:
        location["properties"] = props
    return location


def _result(f: Finding, index: dict[str, int], root: Path, baselined: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "level": _LEVEL[f.severity],
        "message": {"text": f"{f.message}. Fix: {f.fix}"},
        "locations": [_location(f, root)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f, root)},
    }
    if f.rule in index:
        result["ruleIndex"] = index[f.rule]
    if f.suppressed:
        result["suppressions"] = [{"kind": "inSource", "state": "accepted",
                                   "justification": f.suppression_reason or ""}]
    if baselined:
        result["baselineState"] = "new"
    return result


def _descriptor(r: Rule) -> dict[str, Any]:
    return {
        "id": r.code,
        "name": r.slug,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.why},
        "help": {"text": f"{r.fix}\nAuthority: {r.citation}\nSource: {r.source}"},
        "defaultConfiguration": {"level": _LEVEL[r.severity]},
        "properties": {"citation": r.citation},
    }


def render(report: Report, colour: bool) -> str:
    root = Path.cwd()
    rules = sorted(report.rules.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": r.error or ""},
             "locations": [{"physicalLocation": {"artifactLocation": _artifact(r.path, root)}}]}
            for r in report.errors
        ]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "orderdraft",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_descriptor(r) for r in rules],
        }},
        "originalUriBaseIds": {ROOT_ID: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": [_result(f, index, root, report.baseline is not None)
                    for f in report.findings],
    }
    if report.baseline is not None:
        run["properties"] = {"baselined": report.baselined}
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2,
                      ensure_ascii=False)
