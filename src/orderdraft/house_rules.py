"""House-style wording rules kept as data: a court's or team's own "say X, not Y".

Legal advisers know their court's drafting conventions better than any shipped rule can,
so they write them in YAML (``house_rules`` in the config) rather than in Python. Three
kinds cover the common cases, after the prose linters that popularised them (Vale's
``existence`` and ``substitution``):

* ``existence`` — none of ``tokens`` may appear ("forthwith", "the mother shall");
* ``substitution`` — each key of ``swap`` should be written as its value ("shall" -> "must");
* ``required_with`` — if ``when`` appears, ``require`` must appear too, in the same
  paragraph or anywhere in the document (``scope``).

Tokens are phrases matched as whole words, case-insensitively, unless ``regex: true``.
Each rule is compiled into an ordinary ``Rule`` so selection, suppression, baselines and
every output format treat house rules exactly like built-in ones. Codes are ``HS`` plus
three digits: ``OD`` codes are reserved for orderdraft's own rules and never reused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import source
from .case import Case
from .errors import InputError, InputErrors
from .findings import Location, Severity
from .rules.registry import Context, Hit, Rule, Text
from .schema import SchemaValueError, build

CODE = re.compile(r"^HS\d{3}$")
SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
Kind = Literal["existence", "substitution", "required_with"]
_KIND_FIELDS = {"existence": ("tokens",), "substitution": ("swap",),
                "required_with": ("when", "require")}


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True)
class HouseRule:
    code: str = field(
        metadata=_doc("HS and three digits, e.g. HS001; unique across the house-rule files."))
    slug: str = field(metadata=_doc("A short lower-case name with hyphens, e.g. no-shall."))
    kind: Kind = field(metadata=_doc("existence, substitution or required_with."))
    message: str = field(
        metadata=_doc("What is wrong. {match} stands for the words found; {replacement} for the "
                      "substitution's preferred words."))
    severity: Literal["error", "warning", "info"] = field(default="warning",
        metadata=_doc("error, warning or info."))
    fix: str = field(default="", metadata=_doc("What to write instead."))
    citation: str = field(default="",
        metadata=_doc("The style guide, practice note or judge's direction the rule comes from."))
    tokens: tuple[str, ...] = field(default=(),
        metadata=_doc("existence: the phrases (or regexes) that must not appear."))
    swap: dict[str, str] = field(default_factory=dict,
        metadata=_doc("substitution: phrase (or regex) to avoid -> the words to use."))
    when: str | None = field(default=None,
        metadata=_doc("required_with: the phrase (or regex) that makes require necessary."))
    require: str | None = field(default=None,
        metadata=_doc("required_with: the phrase (or regex) that must then appear."))
    scope: Literal["paragraph", "document"] = field(default="document",
        metadata=_doc("required_with: where require must appear — the same paragraph, or "
                      "anywhere in the document."))
    regex: bool = field(default=False,
        metadata=_doc("Treat tokens, swap keys, when and require as regular expressions (still "
                      "case-insensitive)."))

    def __checked__(self) -> None:
        if self.code.startswith("OD"):
            raise SchemaValueError(("code",), f"{self.code!r}: OD codes are reserved for "
                                   "orderdraft's own rules; use HS and three digits, e.g. HS001")
        if not CODE.match(self.code):
            raise SchemaValueError(("code",), f"{self.code!r} is not a house-rule code; use HS "
                                   "and three digits, e.g. HS001")
        if not SLUG.match(self.slug):
            raise SchemaValueError(("slug",), f"{self.slug!r} is not a slug; use lower-case "
                                   "words joined by hyphens, e.g. no-shall")
        if not self.message.strip():
            raise SchemaValueError(("message",), "say what is wrong")
        wanted = _KIND_FIELDS[self.kind]
        kind = ("an " if self.kind[0] == "e" else "a ") + self.kind
        for name in ("tokens", "swap", "when", "require"):
            value = getattr(self, name)
            if name in wanted and not value:
                raise SchemaValueError((name,), f"{kind} rule needs {name}")
            if name not in wanted and value:
                raise SchemaValueError((name,), f"{name} is not used by {kind} rule")
        if self.scope != "document" and self.kind != "required_with":
            raise SchemaValueError(("scope",), f"scope is not used by {kind} rule")
        for key, pattern in self.patterns():
            if not pattern.strip():
                raise SchemaValueError(key, "empty phrase")
            if self.regex:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise SchemaValueError(
                        key, f"is not a valid regular expression: {exc}") from None

    def patterns(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """(path in the rule, phrase) for every phrase the rule matches."""
        for i, t in enumerate(self.tokens):
            yield ("tokens", i), t
        for k in self.swap:
            yield ("swap", k), k
        if self.when:
            yield ("when",), self.when
        if self.require:
            yield ("require",), self.require


@dataclass(frozen=True)
class HouseRuleFile:
    rules: tuple[HouseRule, ...] = field(metadata=_doc("The house-style rules in this file."))


def compile_phrase(phrase: str, regex: bool) -> re.Pattern[str]:
    """A phrase matches as whole words, with any run of spaces where it has a space."""
    if regex:
        return re.compile(phrase, re.IGNORECASE)
    words = [re.escape(w) for w in phrase.split()]
    body = r"\s+".join(words)
    lead = r"\b" if phrase[:1].isalnum() or phrase[:1] == "_" else ""
    tail = r"\b" if phrase[-1:].isalnum() or phrase[-1:] == "_" else ""
    return re.compile(lead + body + tail, re.IGNORECASE)


def _message(template: str, match: str, replacement: str = "") -> str:
    return template.replace("{match}", match).replace("{replacement}", replacement)


def _alternation(phrases: Sequence[str], regex: bool) -> re.Pattern[str]:
    """One pattern for several phrases, so a paragraph is searched once, not per phrase."""
    return re.compile("|".join(f"(?:{compile_phrase(p, regex).pattern})" for p in phrases),
                      re.IGNORECASE)


class _Checks:
    """The compiled matchers of one house rule: built once, run on every document."""

    def __init__(self, rule: HouseRule) -> None:
        self.rule = rule
        first = {"existence": list(rule.tokens), "substitution": list(rule.swap),
                 "required_with": [rule.when or ""]}[rule.kind]
        self.any = _alternation(first, rule.regex)
        self.swaps = [(compile_phrase(k, rule.regex), v) for k, v in rule.swap.items()]
        self.require = compile_phrase(rule.require, rule.regex) if rule.require else None

    def hits(self, paragraphs: Sequence[str]) -> Iterator[tuple[int, str, str]]:
        """(paragraph index, message, words matched) for every breach."""
        rule = self.rule
        if rule.kind == "required_with":
            assert self.require is not None
            whole = rule.scope == "document" and any(self.require.search(p) for p in paragraphs)
            for i, para in enumerate(paragraphs):
                m = self.any.search(para)
                if m and not whole and not self.require.search(para):
                    yield i, _message(rule.message, m.group()), m.group()
            return
        for i, para in enumerate(paragraphs):
            if not self.any.search(para):
                continue  # the common case: one search per paragraph
            if rule.kind == "existence":
                for m in self.any.finditer(para):
                    yield i, _message(rule.message, m.group()), m.group()
            else:
                for pattern, good in self.swaps:
                    for m in pattern.finditer(para):
                        yield i, _message(rule.message, m.group(), good), m.group()


def to_rule(house: HouseRule) -> Rule:
    """The house rule as an ordinary registry-shaped ``Rule`` (not added to the registry)."""
    checks = _Checks(house)

    def text(doc: Text, ctx: Context) -> Iterator[Hit]:
        for i, message, words in checks.hits(doc.paragraphs):
            yield Hit(message, doc.location(i, _around(doc.paragraphs[i], words)))

    def case(case: Case, ctx: Context) -> Iterator[Hit]:
        # A case file's only prose that reaches the order verbatim is its recitals.
        recitals = case.order.recitals
        for i, message, words in checks.hits(recitals):
            yield Hit(message, Location(line=case.line("order", "recitals", i),
                                        field=f"order.recitals[{i}]",
                                        snippet=_around(recitals[i], words)))

    return Rule(
        code=house.code, slug=house.slug, severity=Severity.parse(house.severity),
        summary=_message(house.message, "…", "…"),
        citation=house.citation or "house style", fix=house.fix or _message(house.message,
                                                                            "…", "…"),
        why=house.citation or "house style", source="house-style rule (configuration)",
        check_case=case, check_text=text,
        text_heuristic=f"house-style {house.kind} rule",
    )


def _around(paragraph: str, words: str, width: int = 90) -> str:
    """The matched words with a little context, so a reader can find them in the order."""
    at = paragraph.lower().find(words.lower())
    if at < 0 or len(paragraph) <= width:
        return paragraph
    start = max(0, at - (width - len(words)) // 2)
    return paragraph[start : start + width]


def load_house_rules(paths: Sequence[str | Path]) -> tuple[Rule, ...]:
    """Load and check every house-rule file; every problem in every file, at once."""
    errors: list[InputError] = []
    rules: list[Rule] = []
    seen: dict[str, tuple[str, int | None]] = {}
    for path in paths:
        try:
            loaded = source.load(Path(path))
            file = build(HouseRuleFile, loaded)
        except InputErrors as exc:
            errors += exc.errors
            continue
        except InputError as exc:
            errors.append(exc)
            continue
        for i, house in enumerate(file.rules):
            line = loaded.line_of(("rules", i, "code"))
            if house.code in seen:
                first, first_line = seen[house.code]
                errors.append(InputError(
                    f"code {house.code} is already used at {first}:{first_line}",
                    path=loaded.path, line=line, field=f"rules[{i}].code"))
                continue
            seen[house.code] = (loaded.path, line)
            rules.append(to_rule(house))
    if errors:
        raise InputErrors(errors)
    return tuple(rules)
