"""Load clause libraries once, and lint them like code.

A clause library is checked as a whole: ids are unique across files, every ``requires``
and ``excludes`` names a real clause, every variable the wording uses is declared and every
declared variable is used, and the wording parses as Jinja. Each problem names file:line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta

from . import source
from .clause import Clause, LibraryFile
from .errors import InputError, InputErrors
from .render.jinja import environment, wording_problems
from .resources import clauses_dir
from .schema import build, did_you_mean

_FILTERS_ALLOWED = {"long_date"}


@dataclass(frozen=True)
class Library:
    clauses: Mapping[str, Clause]
    origin: Mapping[str, tuple[str, int | None]]  # id -> (file, line)

    def __getitem__(self, cid: str) -> Clause:
        return self.clauses[cid]

    def __contains__(self, cid: object) -> bool:
        return cid in self.clauses

    def __iter__(self) -> Iterator[Clause]:
        return iter(self.clauses.values())


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError("no such folder", path=str(folder))
    files = sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml", ".json"})
    if not files:
        raise InputError("holds no clause library files (*.yaml)", path=str(folder))
    return files


def lint(folder: Path | None = None) -> list[InputError]:
    """Every problem in the library, in file order; empty when it is clean."""
    folder = folder or clauses_dir()
    problems: list[InputError] = []
    seen: dict[str, tuple[str, int | None]] = {}
    clauses: list[tuple[Clause, str, source.Loaded, int]] = []
    for path in _files(folder):
        try:
            loaded = source.load(path)
        except InputErrors as exc:
            problems.extend(exc.errors)
            continue
        except InputError as exc:
            problems.append(exc)
            continue
        built, failed = _build_clauses(loaded, problems)
        for i, cid in failed:  # known ids, so nothing that names them is reported as missing
            seen.setdefault(cid, (str(path), loaded.line_of(("clauses", i))))
        for i, clause in built:
            line = loaded.line_of(("clauses", i))
            if clause.id in seen and seen[clause.id] != (str(path), line):
                f, ln = seen[clause.id]
                problems.append(
                    InputError(
                        f"clause id {clause.id!r} is already used at {f}:{ln}",
                        path=str(path), line=loaded.line_of(("clauses", i, "id")), field="id",
                    )
                )
            else:
                seen[clause.id] = (str(path), line)
            clauses.append((clause, str(path), loaded, i))
    env = environment()
    for clause, file, loaded, i in clauses:
        text_key = ("clauses", i, "text")
        text_line = (loaded.line_of(text_key) or 0) + (1 if text_key in loaded.blocks else 0)

        def err(msg: str, fld: str, line: int | None = None, *, _i: int = i) -> None:
            problems.append(
                InputError(
                    f"clause {clause.id!r}: {msg}",  # noqa: B023 - used immediately
                    path=file,  # noqa: B023
                    line=line or loaded.line_of(("clauses", _i, fld)),  # noqa: B023
                    field=fld,
                )
            )

        try:
            ast = env.parse(clause.text)
        except TemplateSyntaxError as exc:
            err(f"wording is not valid Jinja: {exc.message}", "text",
                text_line + (exc.lineno or 1) - 1)
        except RecursionError:
            err("wording is nested too deeply to read", "text")
        else:
            unsafe = wording_problems(ast)
            for problem in unsafe:
                err(problem, "text")
            used = meta.find_undeclared_variables(ast)
            # Names hostile wording reaches for (cycler, range) are part of that one problem.
            for name in sorted(used - set(clause.variables)) if not unsafe else ():
                err(f"wording uses {{{{ {name} }}}} but it is not declared under variables"
                    + did_you_mean(name, clause.variables), "text")
            for name in sorted(set(clause.variables) - used):
                err(f"variable {name!r} is declared but the wording never uses it", "variables")
            for f in _filters(ast):
                if f not in _FILTERS_ALLOWED:
                    err(f"wording uses the filter {f!r}; only {sorted(_FILTERS_ALLOWED)} are "
                        "allowed", "text")
        for rel in ("requires", "excludes"):
            for target in getattr(clause, rel):
                if target not in seen:
                    err(f"{rel} {target!r}, which is not a clause in the library"
                        + did_you_mean(target, [c for c in seen if c != clause.id]), rel)
                elif target == clause.id:
                    err(f"{rel} itself", rel)
        if clause.effective_to and clause.effective_to < clause.effective_from:
            err("effective_to is before effective_from", "effective_to")
    return problems


def _build_clauses(loaded: source.Loaded, problems: list[InputError]
                   ) -> tuple[list[tuple[int, Clause]], list[tuple[int, str]]]:
    """The file's clauses that are well formed, and the (index, id) of those that are not.

    A schema error in one clause is reported and that clause left out, but the file's
    other clauses are still linted: one typo must not hide the real problems next to it,
    nor make every reference to the file's clauses look broken.
    """
    try:
        return list(enumerate(build(LibraryFile, loaded).clauses)), []
    except InputErrors as exc:
        problems.extend(exc.errors)
    raw = loaded.data.get("clauses") if isinstance(loaded.data, dict) else None
    built: list[tuple[int, Clause]] = []
    failed: list[tuple[int, str]] = []
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        try:
            built.append((i, build(Clause, loaded, ("clauses", i))))
        except InputErrors:  # already reported by the whole-file build
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                failed.append((i, item["id"]))
    return built, failed


def _filters(ast: object) -> Iterator[str]:
    from jinja2 import nodes

    assert isinstance(ast, nodes.Node)
    for node in ast.find_all(nodes.Filter):
        yield node.name


_CACHE: dict[tuple[str, tuple[tuple[str, float], ...]], Library] = {}


def load_library(folder: Path | None = None) -> Library:
    """Load and lint a library; cached by file modification times so batches load it once."""
    folder = folder or clauses_dir()
    files = _files(folder)
    key = (str(folder.resolve()), tuple((p.name, p.stat().st_mtime) for p in files))
    if key in _CACHE:
        return _CACHE[key]
    problems = lint(folder)
    if problems:
        raise InputErrors(problems)
    clauses: dict[str, Clause] = {}
    origin: dict[str, tuple[str, int | None]] = {}
    for path in files:
        loaded = source.load(path)
        for i, clause in enumerate(build(LibraryFile, loaded).clauses):
            clauses[clause.id] = clause
            origin[clause.id] = (str(path), loaded.line_of(("clauses", i)))
    lib = Library(clauses, origin)
    _CACHE[key] = lib
    return lib
