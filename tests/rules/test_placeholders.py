"""OD501: placeholders left unfilled, in a case file (field and line) and in a document."""

from __future__ import annotations

import pytest

from orderdraft.findings import Severity


@pytest.mark.parametrize(("change", "field", "needle", "found"), [
    ({"parties[0].name": "XXX"}, "parties[0].name", "name: XXX", "'XXX'"),
    ({"children[0].name": "[name of child]"}, "children[0].name", "[name of child]",
     "'[name of child]'"),
    ({"judge": "HH Judge **"}, "judge", "judge: HH Judge", "'**'"),
    ({"activities[0].provider": "<<provider>>"}, "activities[0].provider", "<<provider>>",
     "'<<provider>>'"),
])
def test_od501_case(make_case, run_case, change, field, needle, found):
    built = make_case(change)
    [f] = run_case(built, "OD501")
    assert (f.severity, f.location.field) == (Severity.ERROR, field)
    assert f.location.line == built.line(needle)
    assert f.message == f"{found} looks like a placeholder that was never filled in"


@pytest.mark.parametrize("name", ["Xavier Smith", "Max Wexxler", "{{ 7*7 }}", "Siân ap Rhys"])
def test_od501_case_clean(make_case, run_case, name):
    """Ordinary names — and braces, which a case file value renders literally — are data."""
    assert run_case(make_case({"parties[0].name": name}), "OD501") == []


def test_od501_text(run_text, clean_order):
    assert run_text(clean_order, "OD501") == []
    blanks = list(clean_order)
    blanks[4] = "2. Cafcass must by xxxx date refer XXX (name) for a suitability assessment."
    blanks.append("Signed {{ judge }}")
    found = run_text(blanks, "OD501")
    assert [(f.location.paragraph, f.message) for f in found] == [
        (5, "'xxxx' looks like a placeholder that was never filled in"),
        (8, "'{{' looks like a placeholder that was never filled in"),
    ]
