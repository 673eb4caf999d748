"""Suppressions, defined once: in a case file's ``suppress:`` list or in a document's text.

A legal adviser who has considered a finding and accepts it says so with a reason, either
in the case file or — for an order drafted elsewhere — in a paragraph of the document:

    orderdraft: ignore OD303 — the provider confirmed one-to-one delivery by e-mail

Suppressed findings are still reported, marked as suppressed with the reason; a
suppression that suppresses nothing is reported (OD001), and so is an in-document
suppression without a rule code or a reason (OD003), which is not applied. The
suppression paragraph itself is blanked before the rules read the text, so its own words
(a reason that mentions a DVPP, say) cannot trigger findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .case import Case
from .findings import Finding, Location
from .rules import REGISTRY, Hit
from .rules.registry import Text

# A paragraph that starts "orderdraft: ignore" is a suppression, well-formed or not.
INLINE = re.compile(r"^\s*orderdraft\s*:\s*ignore\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_CODES = re.compile(r"^\s*(?P<codes>[A-Za-z]{2}\d{3}(?:\s*[,;&]?\s*(?:and\s+)?[A-Za-z]{2}\d{3})*)"
                    r"\b(?P<reason>.*)$", re.DOTALL)
_CODE = re.compile(r"[A-Za-z]{2}\d{3}")
_LEAD = re.compile(r"^[\s\u2014\u2013\-:;,.]+")  # em dash, en dash, hyphen, colon ...


@dataclass(frozen=True)
class Waiver:
    """One suppression, wherever it was written."""

    rule: str
    reason: str
    where: Location  # where the suppression is written, for OD001
    scope: str | None = None  # only findings whose field is this or inside it


@dataclass(frozen=True)
class Inline:
    """A parsed ``orderdraft: ignore`` paragraph: its codes and reason, or its problem."""

    codes: tuple[str, ...]
    reason: str
    problem: str | None = None


def parse_inline(paragraph: str) -> Inline | None:
    """The suppression a paragraph holds, or None if it is not one."""
    m = INLINE.match(paragraph)
    if not m:
        return None
    codes = _CODES.match(m.group("rest"))
    if not codes:
        return Inline((), "", "names no rule code (write e.g. "
                              "“orderdraft: ignore OD303 — reason”); it was not applied")
    found = tuple(dict.fromkeys(c.upper() for c in _CODE.findall(codes.group("codes"))))
    reason = _LEAD.sub("", codes.group("reason")).strip()
    if not reason:
        return Inline(found, "", f"gives no reason for ignoring {', '.join(found)}; "
                                 "it was not applied")
    return Inline(found, reason)


def inline(text: Text) -> tuple[Text, list[Waiver], list[Hit]]:
    """Take the suppression paragraphs out of ``text`` (blanked, so paragraph numbers stay
    those of the document): the text the rules read, the suppressions, the malformed ones."""
    waivers: list[Waiver] = []
    bad: list[Hit] = []
    blanked: list[int] = []
    for i, para in enumerate(text.paragraphs):
        if "orderdraft" not in para.lower():
            continue  # cheap pre-check: almost no paragraph mentions the tool
        parsed = parse_inline(para)
        if parsed is None:
            continue
        blanked.append(i)
        where = text.location(i)
        if parsed.problem:
            bad.append(Hit(f"the suppression {parsed.problem}", where))
            continue
        waivers += [Waiver(code, parsed.reason, where) for code in parsed.codes]
    if not blanked:
        return text, waivers, bad
    paragraphs = list(text.paragraphs)
    for i in blanked:
        paragraphs[i] = ""
    return Text(text.path, tuple(paragraphs), text.pages), waivers, bad


def from_case(case: Case) -> list[Waiver]:
    return [
        Waiver(sup.rule.strip().upper(), sup.reason,
               Location(line=case.line("suppress", n), field=f"suppress[{n}]"),
               f"activities[{sup.activity}]" if sup.activity is not None else None)
        for n, sup in enumerate(case.suppress)
    ]


def _in_scope(where: Location, scope: str | None) -> bool:
    """Whether a finding at ``where`` is inside ``scope`` (``activities[1]``): its field is,
    or it is about that activity though its field is the party's."""
    if scope is None:
        return True
    field = where.field or ""
    return (field == scope or field.startswith((scope + ".", scope + "["))
            or (where.activity is not None and scope == f"activities[{where.activity}]"))


def apply(found: Sequence[Finding], waivers: Sequence[Waiver], path: str,
          wants: Callable[[str], bool] = lambda code: True) -> list[Finding]:
    """Mark suppressed findings (never drop them); report suppressions that did nothing.

    ``wants`` says which rule codes ran: a suppression of a rule that was not run (deselected
    with --select/--ignore) did not get the chance to suppress anything, so it is not called
    unused; OD001 itself is only reported when it is wanted.
    """
    out = list(found)
    for waiver in waivers:
        used = False
        for k, f in enumerate(out):
            if f.rule == waiver.rule and not f.suppressed and _in_scope(f.location,
                                                                         waiver.scope):
                out[k] = replace(f, suppressed=True, suppression_reason=waiver.reason)
                used = True
        if not used and wants(waiver.rule) and wants("OD001"):
            rule = REGISTRY["OD001"]
            out.append(Finding(
                rule=rule.code, slug=rule.slug, severity=rule.severity,
                message=f"the suppression of {waiver.rule} suppresses nothing",
                citation=rule.citation, fix=rule.fix, path=path, location=waiver.where))
    return out
