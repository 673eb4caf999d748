"""Edges of what validate trusts: its own settings files inside the folder it checks,
acceptances on an order edited after composing, a report form's properties on a document
that no longer reads as that form, and redaction of quoted input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hook_helpers import (
    CONDITION_TEXT,
    EXAMPLE_TEXT,
    composed_docx,
    edit_docx,
    foreign_docx,
    run,
)

from orderdraft.case import load_case
from orderdraft.reports import render_report


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_the_runs_own_baseline_and_settings_files_are_not_read_as_case_files(
        repo: Path) -> None:
    (repo / "cases").mkdir()
    (repo / "cases" / "cond.yaml").write_text(CONDITION_TEXT, encoding="utf-8")
    examples = Path(__file__).resolve().parents[1] / "examples"
    (repo / "rules.yaml").write_text((examples / "house-rules.yaml").read_text("utf-8"),
                                     encoding="utf-8")
    (repo / "orderdraft.toml").write_text('baseline = "base.json"\nhouse_rules = ["rules.yaml"]\n'
                                          'providers = "providers.yaml"\n', encoding="utf-8")
    (repo / "providers.yaml").write_text((examples / "providers.yaml").read_text("utf-8"),
                                         encoding="utf-8")
    first = run(["validate", "."], repo)
    assert first.exit_code == 0, first.stdout  # recorded
    second = run(["validate", "."], repo)
    assert second.exit_code == 0, second.stdout
    assert "cannot check" not in second.stdout
    assert second.stdout.startswith("1 file(s) checked")


def test_what_the_court_accepted_still_stands_after_the_order_is_edited(repo: Path) -> None:
    final = EXAMPLE_TEXT.replace("kind: case_management", "kind: final")
    order = composed_docx(final, accept=("OD101", "OD102"))
    (repo / "edited.docx").write_bytes(edit_docx(order, "23 November 2026", "24 November 2026"))
    result = run(["validate", "edited.docx", "--format", "json"], repo)
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 0, result.stdout
    od101 = [f for f in findings if f["rule"] == "OD101"]
    assert od101 and all(f["suppressed"] for f in od101)
    assert {f["suppression_reason"] for f in od101} == {
        "accepted when the order was composed (its text was edited since)"}
    assert "OD002" in {f["rule"] for f in findings}


def test_a_report_forms_properties_do_not_hide_an_order(repo: Path) -> None:
    cafcass = Path(__file__).resolve().parent / "fixtures" / "reports" / "cafcass.yaml"
    form = render_report(load_case(cafcass), "midway")
    (repo / "form.docx").write_bytes(form)
    assert run(["validate", "form.docx"], repo).exit_code == 0  # a form: nothing to check
    # Its body replaced by an order breaking the rules, its properties kept.
    bad = foreign_docx(["FINAL ORDER", "IT IS ORDERED THAT:", "1. It is a condition of this "
                        "order that John Smith must attend a Domestic Violence Perpetrator "
                        "Programme."])
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(form)) as src, zipfile.ZipFile(io.BytesIO(bad)) as body, \
            zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = body.read("word/document.xml") if item.filename == "word/document.xml" \
                else src.read(item)
            dst.writestr(item, data)
    (repo / "bypass.docx").write_bytes(out.getvalue())
    result = run(["validate", "bypass.docx"], repo)
    assert result.exit_code == 1
    assert " OD101 " in result.stdout
    assert "carries the properties of orderdraft's midway report form but does not read as " \
           "one" in result.stdout


def test_redaction_elides_what_a_message_quotes_from_the_input(repo: Path) -> None:
    (repo / "cases").mkdir()
    text = EXAMPLE_TEXT.replace("provider: Example DVPP Provider (Nottingham)",
                                "provider: <<AMY SMITH school>>")
    (repo / "cases" / "ph.yaml").write_text(text, encoding="utf-8")
    (repo / "draft.docx").write_bytes(foreign_docx([
        "1. Cafcass must by xxxx date refer the father to [name of school: Amy Smith].",
        "2. The father must attend a DVPP. [insert Dave's new address]"]))
    out = run(["validate", ".", "--format", "github"], repo).stdout
    assert "OD501" in out
    for leaked in ("AMY SMITH", "Amy Smith", "Dave"):
        assert leaked not in out
    assert "‘…’ looks like a placeholder that was never filled in" in out



def test_a_form_that_orders_in_the_present_tense_is_read_as_an_order(repo: Path) -> None:
    import io

    import docx

    cafcass = Path(__file__).resolve().parent / "fixtures" / "reports" / "cafcass.yaml"
    form = docx.Document(io.BytesIO(render_report(load_case(cafcass), "midway")))
    form.add_paragraph("The court orders that: 1. It is a condition of this child arrangements "
                       "order that John Smith attends a Domestic Violence Perpetrator "
                       "Programme.")
    out = io.BytesIO()
    form.save(out)
    (repo / "orders.docx").write_bytes(out.getvalue())
    result = run(["validate", "orders.docx"], repo)
    assert " OD101 " in result.stdout and result.exit_code == 1
    # The title in capitals is still the form's title: a plain form stays unchecked.
    plain = docx.Document(io.BytesIO(render_report(load_case(cafcass), "midway")))
    for para in plain.paragraphs:
        if para.text == "DVPP midway progress report":
            para.runs[0].text = para.text.upper()
            for run_ in para.runs[1:]:
                run_.text = ""
    out = io.BytesIO()
    plain.save(out)
    (repo / "caps.docx").write_bytes(out.getvalue())
    assert run(["validate", "caps.docx"], repo).stdout.startswith("1 file(s) checked: 0 error")


def test_redaction_covers_suppression_reasons_unicode_names_and_titles(repo: Path) -> None:
    (repo / "cases").mkdir()
    text = (EXAMPLE_TEXT.replace("name: John Smith", "name: Ömer Çelik")
            .replace("mechanism: direction", "mechanism: condition")
            + "suppress:\n  - rule: OD101\n    reason: agreed with Mr Çelik and Mary Smith\n")
    (repo / "cases" / "c.yaml").write_text(text, encoding="utf-8")
    out = run(["validate", "cases", "--format", "github"], repo).stdout
    assert "OD101" in out
    for leaked in ("Ömer", "Çelik", "Mary Smith"):
        assert leaked not in out
    assert "agreed with the applicant and the respondent" in out
