"""Findings fit for a CI log or a code host: names replaced by roles, no quoted wording.

A finding written for the legal adviser names the party ("the DVPP for John Smith") and
quotes the paragraph. Annotations on a pull request and CI logs are read by people who are
not the court, so ``validate --redact`` (the default for the github and sarif formats)
replaces every name it knows with the person's role ("the applicant", "the child"),
elides whatever a message quotes from the input, and drops the quoted snippet.

What is known: for a case file, and for an order orderdraft composed (checked from its
embedded case), every party's and child's name, exactly. For anyone else's document, the
names the rules themselves read — the person a direction addresses and the names in the
parties and children lines — so a message can only quote what this finds; snippets, which
quote the document, always go.

The fingerprint a baseline or code host follows a finding by is worked out from the
original words (``Finding.anchor``, never printed), so a redacted run matches the same
findings as a plain one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Final

from .case import Case
from .findings import Finding
from .rules import text as t
from .rules.registry import Text

_ROLE_WORDS: Final = {
    "applicant": "applicant", "respondent": "respondent", "intervener": "intervener",
    "child_party": "child who is a party", "non_party": "non-party",
}
_ORDINALS: Final = ("first", "second", "third", "fourth", "fifth", "sixth")


def case_names(case: Case) -> dict[str, str]:
    """Every party's and child's name in ``case``, mapped to the words that replace it."""
    names: dict[str, str] = {}
    by_role: dict[str, list[str]] = {}
    for party in case.parties:
        by_role.setdefault(party.role, []).append(party.name)
    for role, people in by_role.items():
        label = _ROLE_WORDS[role]
        for n, name in enumerate(people):
            names.setdefault(name, f"the {_ordinal(n, len(people))}{label}")
    for n, child in enumerate(case.children):
        names.setdefault(child.name, f"the {_ordinal(n, len(case.children))}child")
    for party in case.parties:  # "Mr Smith", as house rules and directions write them
        words = party.name.split()
        titles = {"male": ("Mr", "Dr"), "female": ("Mrs", "Ms", "Miss", "Dr")}.get(
            party.sex or "", ("Mr", "Mrs", "Ms", "Miss", "Dr"))
        if len(words) > 1:
            for title in titles:
                names.setdefault(f"{title} {words[-1]}", names[party.name])
    return names


def _ordinal(n: int, count: int) -> str:
    if count == 1:
        return ""
    return (_ORDINALS[n] if n < len(_ORDINALS) else f"{n + 1}th") + " "


# Capitals of the Latin alphabets names in these courts are written in (Welsh, Irish, Polish,
# Turkish ...): case matters here, and [A-Z] alone would miss "Ömer Çelik".
_UPPER: Final = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_NAME: Final = rf"[{_UPPER}][\w’'-]+(?:\s+[{_UPPER}][\w’'-]+)+"
_TABLE_ROW: Final = re.compile(
    r"^(?i:the\s+)?(?P<role>(?i:(?:first |second |third )?(?:applicant|respondent|intervener)|"
    r"father|mother))\b[\s:|,-]*(?:\((?i:father|mother)\)\s*)?"
    rf"(?P<name>{_NAME})\s*$")
_BORN: Final = re.compile(rf"(?P<name>{_NAME})\s*[,(]?\s*(?i:born|d\.o\.b)")


def text_names(doc: Text) -> dict[str, str]:
    """The names a foreign document's parties table, children lines and directions give."""
    names: dict[str, str] = {}
    for para in doc.paragraphs:
        row = _TABLE_ROW.match(para)
        if row:
            names.setdefault(row.group("name"), f"the {row.group('role').lower()}")
        for born in _BORN.finditer(para):
            names.setdefault(born.group("name"), "the child")
    for _, sentence in t.activity_ordered(doc, t.ACTIVITY):
        who = t.participant(sentence)
        for name in who.names if who else ():
            names.setdefault(name, "the participant")
    return names


def redact(findings: Iterable[Finding], names: Mapping[str, str]) -> list[Finding]:
    """``findings`` with ``names`` replaced and quotations elided in the message, fix and
    suppression reason (the adviser's words, which may name people too), and no snippet."""
    pattern = _names_pattern(names)
    lookup = {n.casefold(): role for n, role in names.items()}

    def clean(words: str) -> str:
        if pattern is not None:
            words = pattern.sub(lambda m: lookup[m.group().casefold()], words)
        # What a message quotes may come from the input ('<<AMY SMITH school>>', a house
        # rule's match) with names this module does not know: a quotation with a capital
        # after its first letter, or a digit, goes; "“must”, not “shall”" stays.
        return _QUOTED.sub(lambda m: "‘…’" if any(c.isupper() or c.isdigit()
                                                  for c in m.group()[2:]) else m.group(),
                           words)

    out = []
    for f in findings:
        anchor = f.anchor or f.location.field or f.location.snippet or f.message
        reason = clean(f.suppression_reason) if f.suppression_reason else f.suppression_reason
        out.append(replace(f, message=clean(f.message), fix=clean(f.fix), anchor=anchor,
                           suppression_reason=reason,
                           location=replace(f.location, snippet=None)))
    return out


# A quotation: 'x', "x", ‘x’ or “x”, opening after a space or bracket (so the apostrophe
# of "the applicant's" opens nothing) and closing before a space or punctuation.
# An apostrophe inside a word ("O'Brien", "Dave's") does not close a quotation.
_QUOTED: Final = re.compile(
    r"(?<![\w’'])(?:'(?:[^'\n]|'(?=\w))+'|\"[^\"\n]+\"|‘(?:[^’\n]|’(?=\w))+’|“[^”\n]+”)"
    r"(?![\w’'])")


def _names_pattern(names: Mapping[str, str]) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered: Sequence[str] = sorted(names, key=len, reverse=True)  # "John Smith" before "John"
    return re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in ordered), re.I)
