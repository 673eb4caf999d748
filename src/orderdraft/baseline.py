"""Baselines: turn the check on for a repository of orders that already has findings.

The first run records today's findings; later runs report only new ones, so the hook can
block new problems on day one while the old ones are worked through. A finding is known by
its fingerprint (``formatters.sarif.fingerprint``: rule, file, field or quoted words — not
its line), so editing an order elsewhere does not resurface its old findings. Paths in
fingerprints are taken relative to the baseline file's folder, so the baseline matches
whichever folder the command runs from.

The file holds fingerprints, rule codes and paths only — never messages, which can quote
the names of parties and children.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from .errors import InputError
from .findings import Finding
from .formatters.paths import portable
from .formatters.sarif import fingerprint
from .fsutil import atomic_write
from .validate import Report

FORMAT = 1


def _root(path: Path) -> Path:
    return path.resolve().parent


def _active(report: Report) -> list[Finding]:
    """Suppressed findings are already accounted for by their reason; only active ones are
    baselined."""
    return [f for f in report.findings if not f.suppressed]


def record(report: Report, path: Path) -> int:
    """Write ``report``'s active findings as the baseline at ``path``; return how many.

    Entries for files this run did not check are kept: re-recording after fixing one order
    (``validate orders/a.docx --update-baseline``) must not forget every other order's
    findings, which would all come back as new on the next full run.
    """
    root = _root(path)
    checked = {portable(r.path, root) for r in report.results}
    kept = [e for e in _entries(path) if e.get("path") not in checked] if path.exists() else []
    entries = sorted(
        [*kept, *({"fingerprint": fingerprint(f, root), "rule": f.rule,
                   "path": portable(f.path, root)} for f in _active(report))],
        key=lambda e: (str(e.get("path", "")), str(e.get("rule", "")), e["fingerprint"]),
    )
    data = {"orderdraft_baseline": FORMAT, "findings": entries}
    atomic_write(path, (json.dumps(data, indent=2) + "\n").encode(), overwrite=True)
    return len(entries)


def load(path: Path) -> Counter[str]:
    """The fingerprints in a baseline file, counted (one finding may occur twice)."""
    return Counter(e["fingerprint"] for e in _entries(path))


def _entries(path: Path) -> list[dict[str, str]]:
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no such baseline file", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=name) from None
    except UnicodeDecodeError:
        raise InputError("is not a baseline file (not UTF-8 text)", path=name) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"is not a baseline file: {exc.msg}", path=name,
                         line=exc.lineno) from None
    if not isinstance(data, dict) or data.get("orderdraft_baseline") != FORMAT:
        raise InputError("is not an orderdraft baseline file (no \"orderdraft_baseline\": 1); "
                         "delete it to record a new one", path=name)
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
        raise InputError("findings must be a list of {\"fingerprint\": ...} entries",
                         path=name, field="findings")
    return entries


def apply(report: Report, path: Path) -> Report:
    """``report`` without the active findings the baseline at ``path`` already holds."""
    known = load(path)
    root = _root(path)
    hidden = 0
    results = []
    for result in report.results:
        kept = []
        for f in result.findings:
            key = fingerprint(f, root)
            if not f.suppressed and known[key] > 0:
                known[key] -= 1
                hidden += 1
            else:
                kept.append(f)
        results.append(replace(result, findings=kept))
    return replace(report, results=results, baseline=str(path), baselined=hidden)
