"""Project settings for ``orderdraft validate``: ``orderdraft.toml`` or ``[tool.orderdraft]``.

A repository of orders keeps its checking policy next to the orders (which rules, how
strict, its provider directory, its house style, its baseline), so the pre-commit hook, CI
and a person at a terminal all apply the same policy without repeating options.

The file is found by walking up from the current directory, stopping at the repository
root (a folder holding ``.git``) or the filesystem root; ``--config FILE`` names one
explicitly. Command-line options override what the file says.

The file is read with ``tomllib`` and checked by the same schema checker as case files, so
an unknown key is an error with a "did you mean" and its line. ``tomllib`` keeps no
positions, so ``toml_key_lines`` finds the line of every key itself.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import InputError
from .findings import Severity
from .schema import SchemaValueError, build
from .source import Loaded, PathKey, read_text

CONFIG_NAME = "orderdraft.toml"
PYPROJECT = "pyproject.toml"
SECTION: PathKey = ("tool", "orderdraft")

# A rule code or a prefix of one, as --select/--ignore take them: OD, OD1, OD101, HS0 ...
CODE_PREFIX = re.compile(r"^[A-Z]{2}\d{0,3}$")


def check_code_prefix(text: str) -> str | None:
    """The problem with ``text`` as a code prefix, or None when it is a good one."""
    if CODE_PREFIX.match(text.upper()):
        return None
    return f"{text!r} is not a rule code or code prefix (such as OD101, OD1 or HS)"


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True)
class ConfigFile:
    """The keys a config file may hold, as written (paths still relative to the file)."""

    fail_on: Literal["error", "warning", "info"] = field(default="error",
        metadata=_doc("Exit 1 when a finding at or above this severity remains."))
    select: tuple[str, ...] = field(default=(),
        metadata=_doc("Only run rules whose code starts with one of these (empty: all)."))
    ignore: tuple[str, ...] = field(default=(),
        metadata=_doc("Skip rules whose code starts with one of these."))
    providers: str | None = field(default=None,
        metadata=_doc("The provider directory (YAML), relative to this file."))
    house_rules: tuple[str, ...] = field(default=(),
        metadata=_doc("House-style wording rules (YAML files), relative to this file."))
    baseline: str | None = field(default=None,
        metadata=_doc("Baseline file of accepted findings, relative to this file."))
    redact: bool | None = field(default=None,
        metadata=_doc("Replace names by roles and leave out quoted wording in findings "
                      "(default: only for the github and sarif formats)."))

    def __checked__(self) -> None:
        for key in ("select", "ignore"):
            for i, code in enumerate(getattr(self, key)):
                problem = check_code_prefix(code)
                if problem:
                    raise SchemaValueError((key, i), problem)
        for i, name in enumerate(self.house_rules):
            if not name.strip():
                raise SchemaValueError(("house_rules", i), "give a file name")


@dataclass(frozen=True)
class Config:
    """The settings one validation runs with: the file's, with command-line overrides."""

    fail_on: Severity = Severity.ERROR
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    providers: Path | None = None
    house_rules: tuple[Path, ...] = ()
    baseline: Path | None = None
    redact: bool | None = None  # None: decided by the output format
    source: Path | None = None  # the file the settings came from, if any

    def override(
        self,
        *,
        fail_on: str | None = None,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        providers: Path | None = None,
        house_rules: Sequence[Path] = (),
        baseline: Path | None = None,
        redact: bool | None = None,
    ) -> Config:
        """These settings with each option given on the command line replacing the file's."""
        changes: dict[str, Any] = {}
        if fail_on is not None:
            changes["fail_on"] = Severity.parse(fail_on)
        if select:
            changes["select"] = tuple(s.upper() for s in select)
        if ignore:
            changes["ignore"] = tuple(s.upper() for s in ignore)
        if providers is not None:
            changes["providers"] = providers
        if house_rules:
            changes["house_rules"] = tuple(house_rules)
        if baseline is not None:
            changes["baseline"] = baseline
        if redact is not None:
            changes["redact"] = redact
        return dataclasses.replace(self, **changes)


# --------------------------------------------------------------------------- loading


def load_config(path: str | Path) -> Config:
    """Read one config file: ``pyproject.toml`` (its ``[tool.orderdraft]``) or any other
    TOML file (the whole file). Raises ``InputErrors`` naming file:line."""
    path = Path(path)
    text = read_text(path, max_bytes=1024 * 1024)
    data = _parse(text, str(path))
    key: PathKey = ()
    if path.name == PYPROJECT:
        if not _has_section(data):
            raise InputError("has no [tool.orderdraft] table", path=str(path))
        key = SECTION
    loaded = Loaded(str(path), data, toml_key_lines(text))
    raw = build(ConfigFile, loaded, key)
    base = path.resolve().parent
    return Config(
        fail_on=Severity.parse(raw.fail_on),
        select=tuple(s.upper() for s in raw.select),
        ignore=tuple(s.upper() for s in raw.ignore),
        providers=base / raw.providers if raw.providers else None,
        house_rules=tuple(base / h for h in raw.house_rules),
        baseline=base / raw.baseline if raw.baseline else None,
        redact=raw.redact,
        source=path,
    )


def find_config(start: Path) -> Path | None:
    """The nearest ``orderdraft.toml``, or ``pyproject.toml`` with ``[tool.orderdraft]``,
    in ``start`` or a folder above it; the search ends at a folder holding ``.git``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file():
            text = read_text(pyproject, max_bytes=1024 * 1024)
            if _has_section(_parse(text, str(pyproject))):
                return pyproject
        if (folder / ".git").exists():
            return None
    return None


def discover_config(start: Path | None = None) -> Config:
    """The settings that apply in ``start`` (default: the current folder)."""
    found = find_config(start or Path.cwd())
    return load_config(found) if found else Config()


def _has_section(data: dict[str, Any]) -> bool:
    tool = data.get("tool")
    return isinstance(tool, dict) and "orderdraft" in tool


_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def _parse(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_WHERE.search(message)
        line = int(m.group(1)) if m and m.group(1) else (text.count("\n") + 1 if m else None)
        detail = message[: m.start()] if m else message
        raise InputError(f"is not valid TOML: {detail}", path=name, line=line) from None


# --------------------------------------------------------------------------- key lines

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")


def toml_key_lines(text: str) -> dict[PathKey, int]:
    """The 1-based line of every table header and key in a valid TOML document.

    A key's path is its table's path plus its own dotted parts, as ``tomllib`` would nest
    them. The scan follows strings (including multi-line ones) and brackets, so text inside
    a string or a multi-line array is never mistaken for a key. Keys inside inline tables
    are not listed: their errors fall back to the line of the key that holds the table.
    Array-of-tables headers (``[[x]]``) map to the header's line without an index.
    """
    lines: dict[PathKey, int] = {}
    table: PathKey = ()
    scanner = _ValueScanner()
    for number, line in enumerate(text.splitlines(), start=1):
        rest = scanner.continue_line(line)
        if rest is None:
            continue  # still inside a multi-line string or array
        stripped = rest.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            double = stripped.startswith("[[")
            parsed = _parse_key(stripped[2 if double else 1 :])
            if parsed is None:
                continue
            table, _ = parsed
            lines.setdefault(table, number)
            continue
        parsed = _parse_key(stripped)
        if parsed is None:
            continue
        key, after = parsed
        if not after.startswith("="):
            continue
        path = (*table, *key)
        for i in range(len(table) + 1, len(path) + 1):
            lines.setdefault(path[:i], number)  # dotted keys create their parents here
        scanner.start_value(after[1:])
    return lines


def _parse_key(text: str) -> tuple[PathKey, str] | None:
    """Split a dotted key off the front of ``text``: (parts, what follows), or None."""
    parts: list[str] = []
    rest = text
    while True:
        rest = rest.lstrip()
        m = _BASIC.match(rest) or _LITERAL.match(rest) or _BARE.match(rest)
        if not m:
            return None
        token = m.group()
        if token[0] in "\"'":
            token = tomllib.loads(f"k = {token}")["k"]  # decode escapes exactly as TOML does
        parts.append(token)
        rest = rest[m.end() :].lstrip()
        if rest.startswith("."):
            rest = rest[1:]
            continue
        if rest.startswith("]"):
            rest = rest.lstrip("]")
        return tuple(parts), rest


class _ValueScanner:
    """Tracks whether a value's text continues onto the next line."""

    def __init__(self) -> None:
        self.depth = 0  # open [ and { of a multi-line array
        self.quote: str | None = None  # the delimiter of an open multi-line string

    def start_value(self, text: str) -> None:
        self._scan(text)

    def continue_line(self, line: str) -> str | None:
        """The part of ``line`` that starts a new statement, or None if it has none."""
        if self.quote is None and self.depth == 0:
            return line
        self._scan(line)
        return None

    def _scan(self, text: str) -> None:
        for kind, _ in self._tokens(text):
            if kind == "open":
                self.depth += 1
            elif kind == "close":
                self.depth = max(0, self.depth - 1)

    def _tokens(self, text: str) -> Iterator[tuple[str, int]]:
        i, n = 0, len(text)
        while i < n:
            if self.quote is not None:
                end = self._close(text, i, self.quote)
                if end < 0:
                    return
                self.quote = None
                i = end
                continue
            c = text[i]
            if c == "#":
                return
            if text.startswith('"""', i) or text.startswith("'''", i):
                self.quote = text[i : i + 3]
                i += 3
                continue
            if c in "\"'":
                end = self._close(text, i + 1, c)
                i = end if end >= 0 else n
                continue
            if c in "[{":
                yield "open", i
            elif c in "]}":
                yield "close", i
            i += 1

    @staticmethod
    def _close(text: str, i: int, quote: str) -> int:
        """Index just past the closing ``quote`` from ``i``, or -1 if the line has none."""
        escapes = quote[0] == '"'
        n = len(text)
        while i < n:
            if escapes and text[i] == "\\":
                i += 2
                continue
            if text.startswith(quote, i):
                end = i + len(quote)
                # A multi-line string may end with up to two extra quotes: """a""""" .
                while len(quote) == 3 and end < n and text[end] == quote[0] and end - i < 5:
                    end += 1
                return end
            i += 1
        return -1
