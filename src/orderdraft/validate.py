"""The decision engine: which rules run on which input, and what the findings add up to.

Kept apart from the rules themselves (as flake8 keeps its style guide apart from its
checks): selection by code prefix, suppressions with reasons, the exact path for our own
documents and the heuristic path for everyone else's, and the exit code.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import suppress
from .callmodule import make_callable
from .case import Case, case_from_data, load_case
from .errors import EXIT_FINDINGS, EXIT_USAGE, InputErrors, OrderdraftError
from .findings import Finding, Location, Severity
from .rules import REGISTRY, Context, Hit, Rule
from .rules.registry import Text

if TYPE_CHECKING:
    from .config import Config

CASE_SUFFIXES = {".yaml", ".yml", ".json"}
DOC_SUFFIXES = {".docx", ".pdf"}
PROP_CASE = "orderdraft.case"
PROP_CLAUSES = "orderdraft.clauses"
PROP_TEXT = "orderdraft.text_sha256"
PROP_ACCEPTED = "orderdraft.accepted"
PROP_VERSION = "orderdraft.version"
PROP_REPORT = "orderdraft.report"  # set on the report forms `orderdraft report` writes
PROP_ADDED = "orderdraft.bundle_added"  # set on bundles with documents added by hand


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
    # Every rule that could have run (built-in and house rules), for formats that describe
    # rules (SARIF); the baseline file compared against, and how many findings it hid.
    rules: Mapping[str, Rule] = field(default_factory=lambda: dict(REGISTRY))
    baseline: str | None = None
    baselined: int = 0

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


def _rules(selection: Selection, house: Sequence[Rule] = ()) -> tuple[Rule, ...]:
    """The rules that run, in code order: resolved once per selection, not once per file."""
    return _active(selection, tuple(house), len(REGISTRY))


@lru_cache(maxsize=32)
def _active(selection: Selection, house: tuple[Rule, ...], _registered: int) -> tuple[Rule, ...]:
    every = sorted([*REGISTRY.values(), *house], key=lambda r: r.code)
    return tuple(r for r in every if not r.retired and selection.wants(r.code))


def check_case(case: Case, ctx: Context | None = None, selection: Selection | None = None,
               *, path: str | None = None, house: Sequence[Rule] = ()) -> list[Finding]:
    """Findings for a case file: exact, from the typed model, with lines and fields."""
    ctx = ctx or Context()
    path = path or case.path
    found = [
        _finding(r, hit, path)
        for r in _rules(selection or Selection(), house)
        if r.check_case is not None
        for hit in r.check_case(case, ctx)
    ]
    return suppress.apply(found, suppress.from_case(case), path,
                          _ran(selection or Selection(), ctx))


def check_text(text: Text, ctx: Context | None = None,
               selection: Selection | None = None, *, house: Sequence[Rule] = ()) -> list[Finding]:
    """Findings for a document's text: heuristic, located by paragraph.

    ``orderdraft: ignore CODE — reason`` paragraphs are suppressions, not wording: they are
    taken out before the rules read the text and applied to what the rules find.
    """
    ctx = ctx or Context()
    sel = selection or Selection()
    text, waivers, malformed = suppress.inline(text)
    found = [
        _finding(r, hit, text.path)
        for r in _rules(sel, house)
        if r.check_text is not None
        for hit in r.check_text(text, ctx)
    ]
    if sel.wants("OD003"):
        found += [_finding(REGISTRY["OD003"], hit, text.path) for hit in malformed]
    return suppress.apply(found, waivers, text.path, _ran(sel, ctx))


def _ran(selection: Selection, ctx: Context) -> Callable[[str], bool]:
    """Which codes ran, for telling unused suppressions (OD001) from ones whose rule was
    deselected or could not run here (a provider rule with no provider directory)."""
    def ran(code: str) -> bool:
        rule = REGISTRY.get(code)
        return selection.wants(code) and (rule is None or rule.can_run(ctx))

    return ran


def check_document(path: Path, ctx: Context | None = None,
                   selection: Selection | None = None, *,
                   house: Sequence[Rule] = (), redact: bool = False) -> list[Finding]:
    """Findings for a DOCX/PDF: exactly from its properties if we composed it and it is
    unedited, otherwise from its text. House-style rules always read the text: they are
    about wording, and the wording is what the document says. ``redact``: see ``redact``."""
    found, case, text = _document_findings(path, ctx, selection or Selection(), house)
    if not redact:
        return found
    from .redact import case_names, text_names
    from .redact import redact as redacted

    names = text_names(text)
    if case is not None:
        names.update(case_names(case))  # exact names win over ones read from the text
    return redacted(found, names)


def _document_findings(path: Path, ctx: Context | None, sel: Selection,
                       house: Sequence[Rule]) -> tuple[list[Finding], Case | None, Text]:
    from .extract import read_document

    doc = read_document(path)
    text = Text(str(path), doc.paragraphs, doc.paragraph_pages)
    props = doc.properties
    form = props.get(PROP_REPORT)
    if form and _reads_as_form(doc.paragraphs, form):
        return [], None, text  # a DVPP report form, not an order: the order rules say nothing
    if form:
        found = check_text(text, ctx, sel, house=house) + _notice(
            "OD002", f"this document carries the properties of orderdraft's {form} report "
            "form but does not read as one (its title is gone, or it orders something); it "
            "was checked as an order", path, sel)
        return found, None, text
    data = props.get(PROP_CASE)
    if data is None:
        return check_text(text, ctx, sel, house=house), None, text
    accepted = frozenset(c for c in props.get(PROP_ACCEPTED, "").split(",") if c)
    if props.get(PROP_TEXT) != text_digest(doc.paragraphs):
        # Provenance is only trusted while the text is exactly what was composed (the PDF
        # carries the digest of its own text); otherwise the text itself is checked. What
        # the court accepted when the order was composed still stands for the same rules.
        found = _accept(check_text(text, ctx, sel, house=house), accepted,
                        "accepted when the order was composed (its text was edited since)")
        found += _notice("OD002", "this order was composed by orderdraft but its text has "
                         "been edited since; it was checked from its text", path, sel)
        return found, None, text
    try:
        case = case_from_data(json.loads(data), name=str(path))
    except (ValueError, OrderdraftError):
        return check_text(text, ctx, sel, house=house), None, text
    found = [replace(f, location=Location(field=f.location.field, activity=f.location.activity))
             for f in check_case(case, ctx, sel, path=str(path))]
    found += [_finding(r, hit, str(path)) for r in house if sel.wants(r.code)
              and r.check_text is not None for hit in r.check_text(text, ctx or Context())]
    added = props.get(PROP_ADDED)
    if added:
        found += _notice("OD004", f"this bundle holds {added} document(s) added by hand; they "
                         "were not checked (only the order was, from its case data)", path, sel)
    return _accept(found, accepted, "accepted when the order was composed"), case, text


def _notice(code: str, message: str, path: Path, sel: Selection) -> list[Finding]:
    """A finding about the checking itself (OD0xx), when that code is selected."""
    return [_finding(REGISTRY[code], Hit(message), str(path))] if sel.wants(code) else []


# Ordering words a form never uses (forms say "the court ordered that", in the past).
_ORDERS = re.compile(r"\bit is (?:hereby |further )?ordered\b|"
                     r"\bthe court (?:hereby |now |further )?(?:orders|directs)\b", re.I)


def _reads_as_form(paragraphs: Sequence[str], kind: str) -> bool:
    """A report form keeps its title and orders nothing; anything else that carries a
    form's properties (a form's file with an order pasted in) is read as an order, so the
    properties cannot be used to slip an order past the rules."""
    from .report_kinds import TITLES

    title = TITLES.get(kind)  # type: ignore[call-overload]
    return (title is not None and any(title.casefold() in p.casefold() for p in paragraphs)
            and not any(_ORDERS.search(p) for p in paragraphs))


def _accept(found: list[Finding], accepted: frozenset[str], reason: str) -> list[Finding]:
    return [replace(f, suppressed=True, suppression_reason=reason)
            if f.rule in accepted and not f.suppressed else f for f in found]


def collect(paths: Sequence[Path], skip: frozenset[Path] = frozenset()
            ) -> tuple[list[Path], list[FileResult]]:
    """Expand folders recursively into the files we check; report what cannot be checked.

    ``skip``: files a folder may hold that are the run's own settings, not case files (the
    baseline, provider directory and house rules are YAML/JSON too)."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for p in paths:
        if p.is_symlink():
            problems.append(FileResult(str(p), error="is a symbolic link; pass the real file"))
        elif p.is_dir():
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and not f.is_symlink()
                and f.suffix.lower() in CASE_SUFFIXES | DOC_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and not f.name.startswith("~$")  # Word's lock file beside an open document
                and f.resolve() not in skip
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
                  selection: Selection | None = None, *,
                  house: Sequence[Rule] = (), redact: bool = False) -> FileResult:
    """Check one file; a file that cannot be read becomes an error result, never a crash."""
    try:
        if path.suffix.lower() not in CASE_SUFFIXES:
            return FileResult(str(path), check_document(path, ctx, selection, house=house,
                                                        redact=redact))
        case = load_case(path)
        findings = check_case(case, ctx, selection, house=house)
    except OrderdraftError as exc:
        return FileResult(str(path), error=exc.format_message())
    if redact:
        from .redact import case_names
        from .redact import redact as redacted

        findings = redacted(findings, case_names(case))
    return FileResult(str(path), findings, error=_cannot_compose(case))


def _cannot_compose(case: Case) -> str | None:
    """Why ``compose`` could not draft this case even with every finding accepted (the
    wording needs a value the case file leaves out), so ``validate`` never passes a case
    that ``compose`` then refuses."""
    from .library import load_library
    from .plan import plan

    try:
        plan(case, load_library())
    except InputErrors as exc:
        return "; ".join(_uncomposable(e) for e in exc.errors)
    except OrderdraftError as exc:
        return _uncomposable(exc)
    return None


def _uncomposable(exc: OrderdraftError) -> str:
    where = " ".join(filter(None, [exc.field, f"(line {exc.line})" if exc.line else None]))
    return (f"{where}: " if where else "") + f"{exc.detail}, so the order cannot be composed"


def context_for(config: Config) -> Context:
    """What the rules may consult, from the settings: the provider directory, if one is set."""
    if config.providers is None:
        return Context()
    from .providers import load_providers  # imported here: only needed when configured

    return Context(providers=load_providers(config.providers))


def validate(paths: Sequence[str | Path], *, config: Config | str | Path | None = None,
             select: Sequence[str] | None = None, ignore: Sequence[str] | None = None,
             ctx: Context | None = None, selection: Selection | None = None,
             house: Sequence[Rule] | None = None, redact: bool = False) -> Report:
    """Validate case files, DOCX and PDF orders and folders of them.

    The Python API behind ``orderdraft validate``, with the same settings: ``config`` is a
    ``Config``, a config file, or None to look for ``orderdraft.toml`` / ``[tool.orderdraft]``
    from the current folder up, exactly as the command does. ``select``/``ignore`` replace
    the config's lists; ``ctx``, ``selection`` and ``house`` replace what the config would
    give outright. Baselines are the command's business (``orderdraft.baseline``).
    ``redact`` replaces names by roles and drops quoted wording (``orderdraft.redact``).
    """
    from .config import Config, discover_config, load_config
    from .house_rules import load_house_rules

    if not isinstance(config, Config):
        config = load_config(config) if config is not None else discover_config()
    if selection is None:
        selection = Selection(
            tuple(s.upper() for s in (config.select if select is None else select)),
            tuple(s.upper() for s in (config.ignore if ignore is None else ignore)),
        )
    if ctx is None:
        ctx = context_for(config)
    house = tuple(house) if house is not None else load_house_rules(config.house_rules)
    _check_selection(selection, [*REGISTRY, *(r.code for r in house)], config)
    own = [config.baseline, config.providers, config.source, *config.house_rules]
    files, problems = collect([Path(p) for p in paths],
                              frozenset(p.resolve() for p in own if p is not None))
    report = Report(problems, rules={**REGISTRY, **{r.code: r for r in house}})
    report.results += [validate_file(f, ctx, selection, house=house, redact=redact)
                       for f in files]
    return report


def _check_selection(selection: Selection, codes: Sequence[str], config: Config) -> None:
    """A select/ignore entry that matches no rule is a typo, never a wish: ``--select
    OD310`` for OD301 would otherwise check nothing and pass. One from the settings file
    names that file."""
    from .schema import did_you_mean

    for option, prefixes in (("select", selection.select), ("ignore", selection.ignore)):
        for prefix in prefixes:
            if not any(code.startswith(prefix) for code in codes):
                from_file = config.source is not None and prefix in getattr(config, option)
                raise OrderdraftError(
                    f"{option}: {prefix!r} matches no rule{did_you_mean(prefix, codes)}; "
                    "`orderdraft rules` lists them",
                    path=str(config.source) if from_file else None)


# ``orderdraft.validate`` is both this module and the API function: calling the module calls
# the function, whichever way it was imported.
make_callable(__name__, "validate")
