"""Every rule documents itself, its seed quotations are real, and docs/rules.md is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from orderdraft.cli.main import cli
from orderdraft.rules import REGISTRY
from orderdraft.rules.registry import CODE, Rule

ROOT = Path(__file__).resolve().parent.parent
RULES = sorted(REGISTRY.values(), key=lambda r: r.code)
_TOKEN = re.compile(r"“(?P<quote>[^”]*)”|(?P<path>docs/sources/[\w.-]+\.txt)")
_WS = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def seed_quotes(source: str) -> list[tuple[str, str]]:
    """(file, quote) for each “curly-quoted” passage in ``source`` tied to a seed file.

    A quote belongs to the next docs/sources path named after it ('“…” … “…” (docs/sources/
    x.txt)'); quotes after the last path belong to that path ('quoted in docs/sources/x.txt
    use “**”'). A source that names no seed file (statute in plain words) has none.
    """
    out: list[tuple[str, str]] = []
    pending: list[str] = []
    last: str | None = None
    for m in _TOKEN.finditer(source):
        if m.group("path"):
            last = m.group("path")
            out += [(last, q) for q in pending]
            pending = []
        else:
            pending.append(m.group("quote"))
    if last:
        out += [(last, q) for q in pending]
    return out


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
def test_rule_is_documented(r: Rule) -> None:
    assert CODE.fullmatch(r.code)
    for name in ("slug", "summary", "citation", "fix", "why", "source"):
        assert getattr(r, name).strip(), f"{r.code} has no {name}"
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", r.slug)
    if r.check_text is not None and r.code not in ("OD001", "OD002"):
        assert r.text_heuristic.strip(), f"{r.code} checks text but does not say how"


@pytest.mark.parametrize(
    ("code", "seed", "quote"),
    [(r.code, f, q) for r in RULES for f, q in seed_quotes(r.source)],
    ids=lambda v: v if isinstance(v, str) and v.startswith("OD") else "",
)
def test_seed_quotations_are_verbatim(code: str, seed: str, quote: str) -> None:
    text = _norm((ROOT / seed).read_text(encoding="utf-8"))
    assert _norm(quote) in text, f"{code}: “{quote}” is not in {seed}"


def test_seed_quote_assignment() -> None:
    src = ("“a” (PD12J as quoted); “b” (docs/sources/x.txt); “c” (docs/sources/y.txt) then "
           "docs/sources/z.txt uses “d”")
    assert seed_quotes(src) == [("docs/sources/x.txt", "a"), ("docs/sources/x.txt", "b"),
                                ("docs/sources/y.txt", "c"), ("docs/sources/z.txt", "d")]
    assert seed_quotes("Children Act 1989 s11I, in plain words") == []


def test_every_rule_with_a_seed_quotes_one() -> None:
    quoting = {r.code for r in RULES if seed_quotes(r.source)}
    assert {"OD101", "OD201", "OD202", "OD203", "OD204", "OD205", "OD206", "OD301", "OD302",
            "OD303", "OD304", "OD305", "OD306", "OD401", "OD402", "OD503"} <= quoting


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    result = CliRunner().invoke(cli, ["rules", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == result.output, (
        "docs/rules.md is out of date; regenerate it with "
        "`orderdraft rules --format markdown > docs/rules.md`")
