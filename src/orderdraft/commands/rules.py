"""``orderdraft rules``: the registry, as a table or one rule in full."""

from __future__ import annotations

import click

from ..rules import REGISTRY, Rule
from ..schema import did_you_mean


def describe(r: Rule) -> str:
    checks = [n for n, c in (("case files", r.check_case), ("document text", r.check_text)) if c]
    lines = [
        f"{r.code} {r.slug} ({r.severity.label})",
        r.summary,
        f"Why: {r.why}",
        f"Fix: {r.fix}",
        f"Authority: {r.citation}",
        f"Source: {r.source}",
        f"Checks: {', '.join(checks) or 'reported by the engine'}",
    ]
    if r.text_heuristic:
        lines.append(f"Text heuristic: {r.text_heuristic}")
    return "\n".join(lines)


def markdown() -> str:
    out = ["# Rules", "",
           "Generated from the registry by `orderdraft rules --format markdown`.", ""]
    out += ["| Code | Slug | Severity | Summary |", "|---|---|---|---|"]
    out += [f"| {r.code} | {r.slug} | {r.severity.label} | {r.summary} |"
            for _, r in sorted(REGISTRY.items())]
    for _, r in sorted(REGISTRY.items()):
        body = describe(r).split("\n", 1)[1].replace("\n", "\n\n")
        out += ["", f"## {r.code} {r.slug}", "", body]
    return "\n".join(out) + "\n"


def show_rules(code: str | None, fmt: str) -> None:
    if code:
        code = code.upper()
        if code not in REGISTRY:
            raise click.UsageError(f"no rule {code}{did_you_mean(code, REGISTRY)}")
        click.echo(describe(REGISTRY[code]))
        return
    if fmt == "markdown":
        click.echo(markdown(), nl=False)
        return
    for _, r in sorted(REGISTRY.items()):
        click.echo(f"{r.code}  {r.severity.label:<7}  {r.slug:<34} {r.summary}")
