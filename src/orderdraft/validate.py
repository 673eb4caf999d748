"""The decision engine: which rules run on which input, and what the findings add up to.

Kept apart from the rules themselves (as flake8 keeps its style guide apart from its
checks): selection by code prefix, suppressions with reasons, the exact path for our own
documents and the heuristic path for everyone else's, and the exit code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .case import Case, case_from_data, load_case
from .errors import EXIT_FINDINGS, EXIT_USAGE, OrderdraftError
from .findings import Finding, Location, Severity
from .rules import REGISTRY, Context, Hit, Rule
from .rules.registry import Text

CASE_SUFFIXES = {".yaml", ".yml", ".json"}
DOC_SUFFIXES = {".docx", ".pdf"}
PROP_CASE = "orderdraft.case"
PROP_CLAUSES = "orderdraft.clauses"
PROP_TEXT = "orderdraft.text_sha256"
PROP_ACCEPTED = "orderdraft.accepted"
PROP_VERSION = "orderdraft.version"


@dataclass(frozen=True)
class Selection:
    """Which rule codes run: prefixes to select (empty = all) and to ignore."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, code: str) -> bool:
        if self.select and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(i) for i in self.ignore)


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None


@dataclass
class Report:
    results: list[FileResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.results if r.error]

    def exit_code(self, fail_on: Severity) -> int:
        if self.errors:
            return EXIT_USAGE
        active = [f for f in self.findings if not f.suppressed]
        return EXIT_FINDINGS if any(f.severity >= fail_on for f in active) else 0


def text_digest(paragraphs: Sequence[str]) -> str:
    """Fingerprint of a document's text, stored at composition to detect later edits."""
    return hashlib.sha256("\n".join(paragraphs).encode("utf-8")).hexdigest()


def _finding(rule: Rule, hit: Hit, path: str) -> Finding:
    return Finding(
        rule=rule.code, slug=rule.slug, severity=hit.severity or rule.severity,
        message=hit.message, citation=rule.citation, fix=hit.fix or rule.fix,
        path=path, location=hit.location,
    )


def _rules(selection: Selection) -> Iterable[Rule]:
    return (r for code, r in sorted(REGISTRY.items()) if not r.retired and selection.wants(code))


def check_case(case: Case, ctx: Context | None = None, selection: Selection | None = None,
               *, path: str | None = None) -> list[Finding]:
    """Findings for a case file: exact, from the typed model, with lines and fields."""
    ctx = ctx or Context()
    path = path or case.path
    found = [
        _finding(r, hit, path)
        for r in _rules(selection or Selection())
        if r.check_case is not None
        for hit in r.check_case(case, ctx)
    ]
    return apply_suppressions(case, found, path, selection or Selection())


def check_text(text: Text, ctx: Context | None = None,
               selection: Selection | None = None) -> list[Finding]:
    """Findings for a document's text: heuristic, located by paragraph."""
    ctx = ctx or Context()
    return [
        _finding(r, hit, text.path)
        for r in _rules(selection or Selection())
        if r.check_text is not None
        for hit in r.check_text(text, ctx)
    ]


def apply_suppressions(case: Case, found: list[Finding], path: str,
                       selection: Selection) -> list[Finding]:
    """Mark suppressed findings (never drop them) and report suppressions that did nothing."""
    out = list(found)
    for n, sup in enumerate(case.suppress):
        scope = f"activities[{sup.activity}]" if sup.activity is not None else None
        used = False
        for k, f in enumerate(out):
            in_scope = scope is None or (f.location.field or "").startswith(scope)
            if f.rule == sup.rule and in_scope and not f.suppressed:
                out[k] = replace(f, suppressed=True, suppression_reason=sup.reason)
                used = True
        if not used and selection.wants("OD001"):
            rule = REGISTRY["OD001"]
            out.append(_finding(rule, Hit(
                f"the suppression of {sup.rule} suppresses nothing",
                Location(line=case.line("suppress", n), field=f"suppress[{n}]")), path))
    return out


def check_document(path: Path, ctx: Context | None = None,
                   selection: Selection | None = None) -> list[Finding]:
    """Findings for a DOCX/PDF: exactly from its properties if we composed it and it is
    unedited, otherwise from its text."""
    from .extract import read_document

    doc = read_document(path)
    sel = selection or Selection()
    text = Text(str(path), doc.paragraphs, doc.paragraph_pages)
    props = doc.properties
    data = props.get(PROP_CASE)
    if data is None:
        return check_text(text, ctx, sel)
    if props.get(PROP_TEXT) != text_digest(doc.paragraphs):
        # Provenance is only trusted while the text is exactly what was composed (the PDF
        # carries the digest of its own text); otherwise the text itself is checked.
        found = check_text(text, ctx, sel)
        if sel.wants("OD002"):
            found.append(_finding(REGISTRY["OD002"], Hit(
                "this order was composed by orderdraft but its text has been edited since; "
                "it was checked from its text"), str(path)))
        return found
    try:
        case = case_from_data(json.loads(data), name=str(path))
    except (ValueError, OrderdraftError):
        return check_text(text, ctx, sel)
    found = [replace(f, location=Location(field=f.location.field))
             for f in check_case(case, ctx, sel, path=str(path))]
    accepted = {c for c in props.get(PROP_ACCEPTED, "").split(",") if c}
    return [
        replace(f, suppressed=True, suppression_reason="accepted when the order was composed")
        if f.rule in accepted and not f.suppressed else f
        for f in found
    ]


def collect(paths: Sequence[Path]) -> tuple[list[Path], list[FileResult]]:
    """Expand folders recursively into the files we check; report what cannot be checked."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for p in paths:
        if p.is_symlink():
            problems.append(FileResult(str(p), error="is a symbolic link; pass the real file"))
        elif p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and not f.is_symlink() and f.suffix.lower() in CASE_SUFFIXES | DOC_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:  # "0 files checked" with exit 0 would read as a clean bill of health
                problems.append(FileResult(
                    str(p), error="is a folder with no case files or orders in it to check"))
            files += found
        elif not p.exists():
            problems.append(FileResult(str(p), error="no such file or folder"))
        elif p.suffix.lower() not in CASE_SUFFIXES | DOC_SUFFIXES:
            problems.append(FileResult(
                str(p), error="is not a case file (.yaml, .yml, .json) or an order (.docx, .pdf)"))
        else:
            files.append(p)
    return files, problems


def validate_file(path: Path, ctx: Context | None = None,
                  selection: Selection | None = None) -> FileResult:
    """Check one file; a file that cannot be read becomes an error result, never a crash."""
    try:
        if path.suffix.lower() in CASE_SUFFIXES:
            findings = check_case(load_case(path), ctx, selection)
        else:
            findings = check_document(path, ctx, selection)
    except OrderdraftError as exc:
        return FileResult(str(path), error=exc.format_message())
    return FileResult(str(path), findings)


def validate(paths: Sequence[str | Path], *, ctx: Context | None = None,
             selection: Selection | None = None) -> Report:
    """Validate case files, DOCX and PDF orders and folders of them."""
    files, problems = collect([Path(p) for p in paths])
    report = Report(problems)
    report.results += [validate_file(f, ctx, selection) for f in files]
    return report
