"""``orderdraft templates lint``: what breaks a docxtpl template once staff edit it in Word.

Word edits a template in ways its author never sees: AutoFormat turns ``"`` into ``“``,
spell-check and revision marks split ``{{ name }}`` across several runs, and deleting a
paragraph can take an ``{% endif %}`` with it. Each problem is reported with the file, the
part (body, header, footer) and the paragraph number Word's own navigation would count, so
a legal adviser can find it without reading XML.

Checks, per paragraph: a tag opened and not closed in the same paragraph (a tag cannot span
paragraphs); curly quotes inside a tag; a tag split across runs (warning: docxtpl joins the
pieces, but formatting applied to part of a tag is silently lost, and it is how the other
problems start). Per part: blocks that are never closed or close nothing, anything else
Jinja cannot compile, and variables the renderer does not provide (with "did you mean").
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

from jinja2 import TemplateAssertionError, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from .errors import OrderdraftError
from .render.docx import TEXT_PART
from .report_kinds import KINDS, ReportKind
from .schema import did_you_mean

_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PART_NAME: Final = {"document": "body", "footnotes": "footnotes"}
_TAG: Final = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_OPEN: Final = re.compile(r"\{\{|\{%|\{#")
_CLOSE: Final = {"{{": "}}", "{%": "%}", "{#": "#}"}
_SMART: Final = re.compile("[\u201c\u201d\u2018\u2019\u201e\u201a\u2032\u2033]")
_BLOCK: Final = re.compile(r"\{%[-+]?\s*(?:[prc]|tr|tc)?\s+(\w+)")  # {% if, {%p for, {%tr endfor
_WHOLE: Final = re.compile(r"\{%(p|tr|tc)\s.*?%\}")  # docxtpl: the tag takes its paragraph/row
_OPENERS: Final = frozenset({"if", "for", "macro", "call", "filter", "set_block", "with",
                             "raw", "autoescape", "block"})
_MAX_BYTES: Final = 50 * 1024 * 1024
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    path: str
    part: str
    paragraph: int | None  # 1-based, counted in the part in document order (table cells too)
    severity: Severity
    message: str

    def format(self) -> str:
        where = f"{self.part}, paragraph {self.paragraph}" if self.paragraph else self.part
        return f"{self.path}: {where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class _Para:
    number: int
    runs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.runs)


def template_kind(path: Path) -> Literal["order"] | ReportKind | None:
    """Which renderer feeds this template, from where it lives: ``orders/*.docx`` is an
    order, ``reports/<kind>.docx`` that report form; anything else is unknown."""
    if path.parent.name == "orders":
        return "order"
    if path.parent.name == "reports" and path.stem in KINDS:
        return path.stem
    return None


@cache
def known_variables(kind: Literal["order"] | ReportKind) -> frozenset[str]:
    """The names the renderer gives a template of ``kind``, from the shipped example case
    (every key is set for every case; only the values change)."""
    return frozenset(_example_context(kind))


@cache
def item_fields(kind: Literal["order"] | ReportKind) -> dict[str, frozenset[str]]:
    """For each list the renderer gives (parties, orders, timetable ...), the fields each
    item has, so ``{{ p.nme }}`` inside ``{% for p in parties %}`` is caught."""
    return {name: frozenset(value[0]) for name, value in _example_context(kind).items()
            if isinstance(value, list) and value and isinstance(value[0], dict)}


@cache
def _example_context(kind: Literal["order"] | ReportKind) -> dict[str, Any]:
    from .case import load_case
    from .compose import template_context
    from .library import load_library
    from .plan import plan
    from .reports import report_context
    from .resources import data_dir

    case = load_case(data_dir("examples") / "dvpp-direction.yaml")
    if kind == "order":
        return template_context(plan(case, load_library()))
    return report_context(case, kind)


def lint_paths(paths: Sequence[Path], kind: Literal["order"] | ReportKind | None = None
               ) -> list[Problem]:
    """Every problem in the templates at ``paths`` (files, or folders searched for .docx);
    ``kind`` says which renderer fills them in, else each one's folder does."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(f for f in p.rglob("*.docx") if not f.name.startswith("~$"))
        elif p.exists():
            files.append(p)
        else:
            raise OrderdraftError("no such file or folder", path=str(p))
    if not files:
        raise OrderdraftError("holds no .docx templates", path=", ".join(map(str, paths)))
    return [problem for f in files for problem in lint_template(f, kind)]


def lint_template(path: Path, kind: Literal["order"] | ReportKind | None = None) -> list[Problem]:
    kind = kind or template_kind(path)
    known = known_variables(kind) if kind else None
    problems: list[Problem] = []
    if kind is None:
        problems.append(Problem(
            str(path), "template", None, "warning",
            "its variables were not checked: only a template in an orders/ folder, or a "
            "reports/<kind>.docx, says which renderer fills it in (or pass --kind)"))
    for part, xml in _text_parts(path):
        paragraphs = list(_paragraphs(path, part, xml))
        name = _part_label(part)
        for para in paragraphs:
            problems += _paragraph_problems(str(path), name, para)
        problems += _block_problems(str(path), name, paragraphs)
        if not any(p.severity == "error" and p.part == name for p in problems):
            problems += _jinja_problems(path, name, xml, paragraphs, known,
                                        item_fields(kind) if kind else {})
    return problems


def _text_parts(path: Path) -> Iterator[tuple[str, bytes]]:
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise OrderdraftError("is over 50 MB; that is not a template", path=str(path))
        with zipfile.ZipFile(path) as zf:
            names = sorted(n for n in zf.namelist() if TEXT_PART.match(n))
            if "word/document.xml" not in names:
                raise OrderdraftError("is not a Word document (.docx)", path=str(path))
            for name in names:
                info = zf.getinfo(name)
                if info.file_size > _MAX_BYTES:
                    raise OrderdraftError(f"{name} is over 50 MB uncompressed", path=str(path))
                yield name, zf.read(name)
    except (OSError, zipfile.BadZipFile) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "damaged"
        raise OrderdraftError(f"cannot be read as a .docx ({reason})", path=str(path)) from None


def _part_label(part: str) -> str:
    stem = part.removeprefix("word/").removesuffix(".xml")
    return _PART_NAME.get(stem, stem)


def _paragraphs(path: Path, part: str, xml: bytes) -> Iterator[_Para]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise OrderdraftError(f"{part} is not well-formed XML ({exc.msg})",
                              path=str(path)) from None
    for number, p in enumerate(root.iter(f"{_W}p"), start=1):
        runs = tuple("".join(t.text or "" for t in r.iter(f"{_W}t"))
                     for r in p.iter(f"{_W}r"))
        yield _Para(number, tuple(r for r in runs if r))


def _paragraph_problems(path: str, part: str, para: _Para) -> Iterator[Problem]:
    text = para.text
    for opener in _OPEN.finditer(text):
        close = _CLOSE[opener.group()]
        if text.find(close, opener.end()) < 0:
            yield Problem(path, part, para.number, "error",
                          f"{opener.group()} is not closed by {close} in the same paragraph "
                          "(a tag cannot span paragraphs): " + _snippet(text, opener.start()))
    for tag in _WHOLE.finditer(text):
        rest = (text[:tag.start()] + text[tag.end():]).strip()
        if rest:
            unit = {"p": "paragraph", "tr": "table row", "tc": "table cell"}[tag.group(1)]
            yield Problem(path, part, para.number, "error",
                          f"{tag.group()!r} replaces its whole {unit}, so the other words "
                          f"in it are dropped ({rest[:40]!r}); move them to a {unit} of "
                          "their own")
    bounds = _run_bounds(para.runs)
    for tag in _TAG.finditer(text):
        if _SMART.search(tag.group()):
            yield Problem(path, part, para.number, "error",
                          f"curly quotes inside {tag.group()!r}: Jinja reads only straight "
                          "quotes; retype them with Word's AutoFormat “Straight quotes with "
                          "smart quotes” turned off")
        pieces = sum(1 for start, end in bounds if start < tag.end() and end > tag.start())
        if pieces > 1:
            yield Problem(path, part, para.number, "warning",
                          f"{tag.group()!r} is split across {pieces} runs (Word does this "
                          "when part of a tag is formatted, spell-checked or revised); it "
                          "still works, but formatting inside the tag is lost: select the "
                          "tag, clear its formatting and type it again in one go")


def _run_bounds(runs: Sequence[str]) -> list[tuple[int, int]]:
    bounds, at = [], 0
    for run in runs:
        bounds.append((at, at + len(run)))
        at += len(run)
    return bounds


def _snippet(text: str, at: int) -> str:
    return repr(text[at:at + 40] + ("…" if len(text) > at + 40 else ""))


def _block_problems(path: str, part: str, paragraphs: Sequence[_Para]) -> Iterator[Problem]:
    """Blocks matched by hand, so the message names the paragraph of the opener that is
    never closed (Jinja itself can only say the template ended unexpectedly)."""
    stack: list[tuple[str, int]] = []
    for para in paragraphs:
        for match in _BLOCK.finditer(para.text):
            word = match.group(1)
            if word in _OPENERS or (word == "set" and "=" not in _tag_at(para.text, match)):
                stack.append(("set_block" if word == "set" else word, para.number))
            elif word.startswith("end"):
                want = word[3:]
                want = "set_block" if want == "set" else want
                if stack and stack[-1][0] == want:
                    stack.pop()
                    continue
                expected = (f"; the open block is {{% {_name(stack[-1][0])} %}} from "
                            f"paragraph {stack[-1][1]}") if stack else ""
                yield Problem(path, part, para.number, "error",
                              f"{{% {word} %}} closes no {{% {_name(want)} %}}{expected}")
                if stack and any(opened == want for opened, _ in stack):
                    while stack and stack[-1][0] != want:
                        stack.pop()
                    stack.pop()
    for word, number in stack:
        yield Problem(path, part, number, "error",
                      f"{{% {_name(word)} %}} is never closed: add {{% end{_name(word)} %}} "
                      "where the block should end (a deleted paragraph may have taken it)")


def _name(word: str) -> str:
    return "set" if word == "set_block" else word


def _tag_at(text: str, match: re.Match[str]) -> str:
    end = text.find("%}", match.end())
    return text[match.start():end if end >= 0 else len(text)]


def _jinja_problems(path: Path, part: str, xml: bytes, paragraphs: Sequence[_Para],
                    known: frozenset[str] | None,
                    fields: Mapping[str, frozenset[str]]) -> Iterator[Problem]:
    source = _patched(path, xml)
    env = ImmutableSandboxedEnvironment()
    try:
        parsed = env.parse(source)
    except TemplateSyntaxError as exc:
        number = _paragraph_of_line(source, exc.lineno, paragraphs)
        yield Problem(str(path), part, number, "error", f"template error: {exc.message}")
        return
    for other in parsed.find_all((nodes.Include, nodes.Extends, nodes.Import,
                                  nodes.FromImport)):
        yield Problem(str(path), part, _paragraph_of_line(source, other.lineno, paragraphs),
                      "error", "a template cannot include, extend or import another file; "
                      "put the wording in the clause library or in this template")
    for node in parsed.find_all((nodes.Filter, nodes.Test)):
        table = env.filters if isinstance(node, nodes.Filter) else env.tests
        if node.name not in table:
            what = "filter" if isinstance(node, nodes.Filter) else "test"
            yield Problem(str(path), part, _paragraph_of_line(source, node.lineno, paragraphs),
                          "error", f"unknown {what} {node.name!r}{did_you_mean(node.name, table)}")
    if known is None:
        return
    try:
        undeclared = meta.find_undeclared_variables(parsed)
    except TemplateError as exc:  # reported above (an unknown filter), or Jinja's own words
        if not isinstance(exc, TemplateAssertionError):
            yield Problem(str(path), part, None, "error", f"template error: {exc.message}")
        return
    for name in sorted(undeclared - known):
        yield Problem(str(path), part, _first_use(paragraphs, name), "error",
                      f"unknown variable {name!r}{did_you_mean(name, known)}; this template "
                      f"is given: {', '.join(sorted(known))}")
    yield from _field_problems(str(path), part, parsed, source, paragraphs, fields)


def _field_problems(path: str, part: str, parsed: nodes.Template, source: str,
                    paragraphs: Sequence[_Para],
                    fields: Mapping[str, frozenset[str]]) -> Iterator[Problem]:
    """``{{ p.nme }}`` in ``{% for p in parties %}``: a field the list's items do not have
    (the renderer would stop with "has no attribute")."""
    for loop in parsed.find_all(nodes.For):
        if not (isinstance(loop.target, nodes.Name) and isinstance(loop.iter, nodes.Name)
                and loop.iter.name in fields):
            continue
        have = fields[loop.iter.name]
        scope = [*loop.body, *([loop.test] if loop.test is not None else [])]
        for body in scope:
            for owner, attr, lineno in _fields_used(body):
                if owner == loop.target.name and attr not in have:
                    yield Problem(path, part, _paragraph_of_line(source, lineno, paragraphs),
                                  "error", f"{loop.target.name}.{attr}: the items of "
                                  f"{loop.iter.name!r} have no field {attr!r}"
                                  f"{did_you_mean(attr, have)}; they have: "
                                  + ", ".join(sorted(have)))


def _fields_used(node: nodes.Node) -> Iterator[tuple[str, str, int]]:
    """(name, field, line) for each ``name.field`` and ``name['field']`` under ``node``."""
    here = [node] if isinstance(node, nodes.Getattr | nodes.Getitem) else []
    for got in [*here, *node.find_all(nodes.Getattr)]:
        if isinstance(got, nodes.Getattr) and isinstance(got.node, nodes.Name):
            yield got.node.name, got.attr, got.lineno
    for item in [*here, *node.find_all(nodes.Getitem)]:
        if not isinstance(item, nodes.Getitem):
            continue
        if (isinstance(item.node, nodes.Name) and isinstance(item.arg, nodes.Const)
                and isinstance(item.arg.value, str)):
            yield item.node.name, item.arg.value, item.lineno


def _paragraph_of_line(source: str, lineno: int | None,
                       paragraphs: Sequence[_Para]) -> int | None:
    """The paragraph Jinja's line ``lineno`` came from. Lines are paragraphs (see
    ``_patched``), but docxtpl's ``{%tr %}`` rewriting drops whole table rows, so the line
    is matched back to a paragraph by its text rather than counted."""
    lines = source.splitlines()
    if not lineno or lineno > len(lines):
        return None
    line = lines[lineno - 1]
    words = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", line)).strip()
    text = re.sub(r"<[^>]+>", "", line).strip()  # with any tags set outside the runs
    for wanted in filter(None, (words, text)):
        for para in paragraphs:
            if para.text.strip() == wanted or wanted in para.text:
                return para.number
    return None


def _first_use(paragraphs: Sequence[_Para], name: str) -> int | None:
    word = re.compile(rf"\b{re.escape(name)}\b")
    for para in paragraphs:
        if any(word.search(tag.group()) for tag in _TAG.finditer(para.text)):
            return para.number
    return None


def _patched(path: Path, xml: bytes) -> str:
    """The part as docxtpl would hand it to Jinja, with one paragraph a line, so the line
    of a Jinja error holds one paragraph's text (see ``_paragraph_of_line``)."""
    text = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml.decode("utf-8"))
    return str(_docxtpl_patcher().patch_xml(text))


@cache
def _docxtpl_patcher() -> Any:
    """A DocxTemplate only for its ``patch_xml`` (docxtpl's own tag clean-up), so what is
    linted is exactly what the renderer compiles."""
    from docxtpl import DocxTemplate

    from .resources import templates_dir

    return DocxTemplate(str(templates_dir() / "orders" / "order.docx"))
