"""The DVPP report forms: golden text for every kind, who writes and receives each, the
quotations checked against the sources, and ``orderdraft report`` on the command line.

Golden files live in tests/golden/reports/<kind>.txt (the Cafcass fixture). After a
deliberate change to a template, the tool or the wording, regenerate them with

    pytest tests/test_reports.py --update-goldens      (or ORDERDRAFT_UPDATE_GOLDENS=1)

and read the diff before committing it.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from compose_helpers import docx_text, normalise
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orderdraft.case import case_from_data, load_case
from orderdraft.cli.main import cli
from orderdraft.errors import OrderdraftError
from orderdraft.report_kinds import KINDS, TITLES
from orderdraft.reports import CHECKBOX, FORM_FIELD, render_report, report_context
from orderdraft.rules.placeholders import PLACEHOLDER
from orderdraft.validate import validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
CAFCASS = FIXTURES / "cafcass.yaml"
LA = FIXTURES / "la-wales.yaml"
GOLDEN = ROOT / "tests" / "golden" / "reports"
SOURCES = ROOT / "docs" / "sources"
QNA, LEAFLET, FOI, LETTER = (SOURCES / n for n in (
    "000_ba12fdd438ad3cb0.txt", "001_edee7c8a8a0e5bd5.txt", "002_963e81c6889d4dd4.txt",
    "003_551aa47b01fdfaae.txt"))

# Which source each form may quote (the information sheet only the leaflet it is drawn from).
QUOTED_FROM: dict[str, tuple[Path, ...]] = {
    "referral": (QNA,),
    "suitability": (QNA,),
    "midway": (QNA, LEAFLET),
    "completion": (QNA, LEAFLET, FOI),
    "s7-update": (),  # the cover quotes nothing; the order's own words are shown as such
    "travel-costs": (QNA,),
    "information-sheet": (LEAFLET,),
}


def _render(path: Path, kind: str, activity: int | None = None) -> bytes:
    return render_report(load_case(path), kind, activity)  # type: ignore[arg-type]


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _quotations(data: bytes) -> list[str]:
    """Every quotation in a form: “…” spans, and the paragraphs set as a quoted list."""
    d = docx.Document(io.BytesIO(data))
    paragraphs = list(d.paragraphs) + [p for t in d.tables for row in t.rows
                                       for cell in row.cells for p in cell.paragraphs]
    found = [q for p in paragraphs for q in re.findall(r"“([^”]+)”", p.text)]
    found += [p.text for p in d.paragraphs if p.style is not None
              and p.style.name == "Quoted List"]
    return found


def _regenerate(request: pytest.FixtureRequest) -> bool:
    return bool(os.environ.get("ORDERDRAFT_UPDATE_GOLDENS") == "1"
                or request.config.getoption("--update-goldens", default=False))


# --- golden text -----------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_report_matches_golden_text(kind: str, request: pytest.FixtureRequest) -> None:
    text = normalise(docx_text(_render(CAFCASS, kind)))
    golden = GOLDEN / f"{kind}.txt"
    if _regenerate(request):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, "utf-8")
    assert text == golden.read_text("utf-8"), (
        f"{kind} differs from {golden}; if intended, rerun with --update-goldens")


def test_every_kind_has_a_template_title_and_golden_file() -> None:
    templates = {p.stem for p in (ROOT / "templates" / "reports").glob("*.docx")}
    assert templates == set(KINDS) == set(TITLES)
    assert {p.stem for p in GOLDEN.glob("*.txt")} == set(KINDS)


def _template_tool() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_report_templates", ROOT / "tools" / "make_report_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_templates_are_what_the_tool_builds(tmp_path: Path) -> None:
    tool = _template_tool()
    built = {p.stem: p for p in tool.build(tmp_path / "a")}
    assert set(built) == set(KINDS)
    for kind in KINDS:
        # Same text as the shipped template (a deliberate Word edit must go into the tool too,
        # or the next rebuild would silently undo it).
        shipped = ROOT / "templates" / "reports" / f"{kind}.docx"
        assert docx_text(built[kind]) == docx_text(shipped), (
            f"templates/reports/{kind}.docx: run python tools/make_report_templates.py")
    again = tool.BUILDERS["midway"]().save(tmp_path / "b")
    assert again.read_bytes() == built["midway"].read_bytes()  # reproducible to the byte


# --- who writes, who receives, when ------------------------------------------------------

def _about(ctx: dict[str, Any]) -> tuple[str, str, str]:
    return ctx["written_by"], ctx["sent_to"], ctx["due"]


def test_cafcass_case_recipients_and_due_dates() -> None:
    case = load_case(CAFCASS)
    provider = "Example DVPP Provider (Nottingham)"
    expect = {
        "referral": ("Cafcass", provider, "by 18 December 2026, as the order directs"),
        "suitability": (provider, "Cafcass",
                        "after the face-to-face assessment; expected by 27 January 2027 "
                        "(estimate)"),
        "midway": (provider, "Cafcass",
                   "after session 12 of 24; expected by 29 April 2027 (estimate)"),
        "completion": (provider, "Cafcass",
                       "after the last session; expected by 22 July 2027 (estimate)"),
        "s7-update": ("Cafcass", "the court",
                      "on completion of the programme; expected by 19 August 2027 (estimate)"),
        "travel-costs": (provider, "Cafcass",
                         "with or after the suitability assessment, before the first session; "
                         "expected by 27 January 2027 (estimate)"),
        "information-sheet": ("Cafcass", "Adam Example",
                              "with the referral, by 18 December 2026, as the order directs"),
    }
    for kind in KINDS:
        assert _about(report_context(case, kind)) == expect[kind], kind


def test_local_authority_holding_the_section7_report_receives_the_reports() -> None:
    case = load_case(LA)
    la = "Example County Council"
    for kind in ("suitability", "midway", "completion"):
        written_by, sent_to, _ = _about(report_context(case, kind))  # type: ignore[arg-type]
        assert (written_by, sent_to) == ("the DVPP provider", la)
    assert _about(report_context(case, "referral"))[:2] == (la, "the DVPP provider")
    assert report_context(case, "travel-costs")["sent_to"] == (
        "Cafcass (copy to Example County Council, the case manager)")
    assert report_context(case, "midway")["then"] == (
        "As the order directs, Example County Council prepares a report on Evan Example’s "
        "progress midway through the programme, files it with the court and serves it on both "
        "parties.")
    text = docx_text(_render(LA, "suitability"))
    assert ("“The Cafcass reporting templates should be used and reports forwarded to the LA on "
            "assessment, midway and on completion.”") in text
    sheet = docx_text(_render(LA, "information-sheet"))
    assert ("In your case Example County Council, not Cafcass, receives the reports, because it "
            "is writing the report to the court.") in sheet
    referral = docx_text(_render(LA, "referral"))
    assert ("Information pack received from the provider | ☐ DVPP guidance    ☐ service user "
            "leaflet    ☐ introduction letter    ☐ referral form") in referral
    # The Cafcass case has none of the local-authority wording.
    assert "Local Authority information pack" not in docx_text(_render(CAFCASS, "referral"))
    assert "In your case" not in docx_text(_render(CAFCASS, "information-sheet"))


def test_wales_funding_is_flagged_only_when_the_participant_lives_outside_england() -> None:
    note = ("The court sits in Wales and the case file says the participant lives in Wales. "
            "Asked whether a DVPP ordered by a court in Wales is funded, the Cafcass Q&A "
            "answers: “Yes, so long as the programme participant lives in England.”")
    assert note in docx_text(_render(LA, "referral"))
    assert "Funding" not in docx_text(_render(CAFCASS, "referral"))


def test_updated_section7_cover_includes_the_risk_assessment_only_when_asked() -> None:
    assert "\nRisk assessment\n" in docx_text(_render(CAFCASS, "s7-update"))
    data = yaml.safe_load(CAFCASS.read_text("utf-8"))
    data["activities"][0]["updated_section7"] = {"risk_assessment": False}
    text = docx_text(render_report(case_from_data(data), "s7-update"))
    assert "Risk assessment" not in text
    assert "Cafcass to file an updated section 7 report in relation to" in text


def test_updated_section7_cover_needs_the_order_to_ask_for_it() -> None:
    with pytest.raises(OrderdraftError) as exc:
        _render(LA, "s7-update")
    assert exc.value.format_message() == (
        f"{LA}:34: activities[0].updated_section7: the case file does not ask for an updated "
        "section 7 report for this DVPP; set updated_section7 to draft its cover")


def test_unsuitability_reasons_say_what_may_follow() -> None:
    reasons = {r["label"]: r["follows"] for r in report_context(load_case(CAFCASS),
                                                                 "suitability")["reasons"]}
    fundamental = ("A fundamental issue: no repeat assessment by another provider (it is not "
                   "funded). The same or another provider may reassess after a gap of three "
                   "months if motivation or other circumstances have changed.")
    another = "Referral to another provider might be appropriate."
    assert reasons == {
        "Lack of motivation": fundamental,
        "Seriousness of the violence": fundamental,
        "Risk to staff": fundamental,
        "A language issue": another,
        "A conflict of interest": another,
        "Knowledge of other group members": another,
        "Another reason": "Explain the reason; the referrer decides what follows.",
    }


def test_previous_assessment_for_a_fundamental_reason_gives_the_three_month_date() -> None:
    data = yaml.safe_load(CAFCASS.read_text("utf-8"))
    data["activities"][0]["previous_assessment"]["reason"] = "motivation"
    data["activities"][0]["previous_assessment"]["date"] = "2026-08-31"
    ctx = report_context(case_from_data(data), "referral")
    assert ctx["previous"] == (
        "31 August 2026 by Another DVPP Provider (Derby): unsuitable (lack of motivation). A "
        "fundamental issue: no repeat assessment by another provider (it is not funded). The "
        "same or another provider may reassess after a gap of three months if motivation or "
        "other circumstances have changed. Three months after that assessment: 30 November "
        "2026.")


# --- the forms as forms -------------------------------------------------------------------

@pytest.mark.parametrize("fixture", [CAFCASS, LA])
@pytest.mark.parametrize("kind", KINDS)
def test_forms_never_look_like_an_unfinished_order(fixture: Path, kind: str) -> None:
    if fixture == LA and kind == "s7-update":
        return  # the LA case asks for no updated report (tested above)
    text = docx_text(_render(fixture, kind))
    assert PLACEHOLDER.search(text) is None
    assert "{%" not in text and "%}" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_every_form_field_is_shaded(kind: str) -> None:
    d = docx.Document(io.BytesIO(_render(CAFCASS, kind)))
    fields = 0
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.text == FORM_FIELD or cell.text.startswith(CHECKBOX):
                    fields += 1
                    fill = cell._tc.xpath("./w:tcPr/w:shd/@w:fill")
                    assert fill == ["E8E8E8"], (kind, cell.text)
    body = [p for p in d.paragraphs if FORM_FIELD in p.text]
    for para in body:  # a field inside a sentence is a shaded run of its own
        runs = [r for r in para.runs if r.text == FORM_FIELD]
        assert runs and all(r._r.xpath("./w:rPr/w:shd/@w:fill") == ["E8E8E8"] for r in runs)
    if kind == "information-sheet":
        assert fields == 0 and not body  # written for the participant: nothing to fill in
    else:
        assert fields >= 5


@pytest.mark.parametrize("kind", KINDS)
def test_quotations_match_their_sources_exactly(kind: str) -> None:
    sources = [_space(p.read_text("utf-8")) for p in QUOTED_FROM[kind]]
    quotes = _quotations(_render(CAFCASS, kind)) + (
        _quotations(_render(LA, kind)) if kind != "s7-update" else [])
    assert bool(quotes) == bool(QUOTED_FROM[kind]), f"{kind}: {quotes}"
    for quote in quotes:
        assert any(_space(quote) in s for s in sources), f"{kind}: not in its source: {quote!r}"


def test_information_sheet_quotes_the_leaflet() -> None:
    data = _render(CAFCASS, "information-sheet")
    quotes = _quotations(data)
    musts = [q for q in quotes if q.split()[0] in {
        "sign", "accept", "stop", "arrive", "take", "treat", "respect"}]
    assert len(musts) == 8  # the leaflet's whole list of what a participant must agree to
    text = docx_text(data)
    for fact in (
        "the average is 28 sessions",
        "weekly or fortnightly",
        "There is no charge for Cafcass service users to take part in a DVPP when this is "
        "ordered by the court as a 'contact activity'",
        "These reports form part of Cafcass' assessments about contact",
        "For you, 24 weekly sessions are expected: on our estimate, from about 28 January 2027 "
        "to about 8 July 2027. Your provider will tell you the real dates.",
    ):
        assert fact in text


def test_names_and_wording_from_the_case_file_are_data_never_markup() -> None:
    data = yaml.safe_load(CAFCASS.read_text("utf-8"))
    data["parties"][0]["name"] = "{{ 7*7 }} <w:p/> & Sons {%p if x %}"
    data["activities"][0]["provider"] = "A&B </w:t> Provider"
    out = render_report(case_from_data(data), "referral")
    text = docx_text(out)
    assert "Dear {{ 7*7 }} <w:p/> & Sons {%p if x %}," in text
    assert "Sent to | A&B </w:t> Provider" in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
       .filter(lambda s: s.strip() == s and s.strip()))
def test_any_provider_name_renders_literally(name: str) -> None:
    data = yaml.safe_load(CAFCASS.read_text("utf-8"))
    data["activities"][0]["provider"] = name
    text = docx_text(render_report(case_from_data(data), "information-sheet"))
    assert f"will refer you to {name} by 18 December 2026." in text


# --- choosing the DVPP ----------------------------------------------------------------------

def _two_dvpps(tmp_path: Path) -> Path:
    data = yaml.safe_load(CAFCASS.read_text("utf-8"))
    second = copy.deepcopy(data["activities"][0])
    second["party"] = "mother"
    second.pop("previous_assessment")
    miam = {"kind": "miam", "party": "father", "attend_by": "2027-01-15"}
    data["activities"] = [data["activities"][0], miam, second]
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


def test_several_dvpps_need_activity_named_by_index_and_role(tmp_path: Path) -> None:
    case = _two_dvpps(tmp_path)
    result = CliRunner().invoke(cli, ["report", "midway", str(case), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {case}: activities: the case has 2 DVPP activities; choose one with "
        "--activity: 0 (applicant), 2 (respondent)\n")
    assert "Example" not in result.output  # never a name in an error message
    assert not (tmp_path / "o").exists()


def test_activity_must_be_a_dvpp(tmp_path: Path) -> None:
    case = _two_dvpps(tmp_path)
    for n, why in ((1, "activities[1] is a MIAM, not a DVPP"),
                   (7, "there is no activities[7]")):
        result = CliRunner().invoke(
            cli, ["report", "midway", str(case), "-o", str(tmp_path), "--activity", str(n)])
        assert result.exit_code == 2
        assert result.output == (f"error: {case}: --activity {n}: {why}; DVPP activities: "
                                 "0 (applicant), 2 (respondent)\n")


def test_activity_picks_the_dvpp(tmp_path: Path) -> None:
    case = _two_dvpps(tmp_path)
    result = CliRunner().invoke(
        cli, ["report", "information-sheet", str(case), "-o", str(tmp_path), "--activity", "2"])
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "two-information-sheet.docx")
    assert "For | Beata Example" in text


def test_a_case_without_a_dvpp_has_no_report(tmp_path: Path) -> None:
    data = yaml.safe_load(CAFCASS.read_text("utf-8"))
    data["activities"] = [{"kind": "miam", "party": "father", "attend_by": "2027-01-15"}]
    path = tmp_path / "miam.yaml"
    path.write_text(yaml.safe_dump(data), "utf-8")
    result = CliRunner().invoke(cli, ["report", "referral", str(path), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == (f"error: {path}: activities: the case directs no DVPP, so there "
                             "is no DVPP report to draft\n")


# --- the command line ----------------------------------------------------------------------

def test_report_writes_case_stem_and_kind(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "referral", str(CAFCASS), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    target = tmp_path / "cafcass-referral.docx"
    assert result.output == f"{CAFCASS}: wrote {target}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cafcass-referral.docx"]
    assert docx_text(target) == docx_text(_render(CAFCASS, "referral"))


def test_unknown_kind_exits_2_listing_the_choices(tmp_path: Path) -> None:
    argv = ["report", "referal", str(CAFCASS), "-o", str(tmp_path)]
    proc = subprocess.run(
        [sys.executable, "-c", "from orderdraft.cli.main import main; main()", *argv],
        capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 2
    assert proc.stderr.endswith(
        "Error: Invalid value for 'KIND': 'referal' is not one of 'referral', 'suitability', "
        "'midway', 'completion', 's7-update', 'travel-costs', 'information-sheet'.\n")
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_help_lists_every_kind() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert ("KIND is referral, suitability, midway, completion, s7-update, travel-costs or "
            "information-sheet.") in _space(result.output)
    assert all(k in result.output for k in KINDS)


def test_existing_report_is_kept_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "cafcass-midway.docx"
    target.write_bytes(b"the provider's edits")
    result = CliRunner().invoke(cli, ["report", "midway", str(CAFCASS), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"error: {target} already exists; pass --overwrite to replace it\n"
    assert target.read_bytes() == b"the provider's edits"
    result = CliRunner().invoke(
        cli, ["report", "midway", str(CAFCASS), "-o", str(tmp_path), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert "DVPP midway progress report" in docx_text(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cafcass-midway.docx"]


def test_a_refused_report_leaves_nothing_behind(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["report", "s7-update", str(LA), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_pdf_refused_before_anything_is_written_when_it_exists(tmp_path: Path) -> None:
    pdf = tmp_path / "cafcass-referral.pdf"
    pdf.write_bytes(b"%PDF old")
    result = CliRunner().invoke(
        cli, ["report", "referral", str(CAFCASS), "-o", str(tmp_path), "--pdf"])
    assert result.exit_code == 2
    assert result.output == f"error: {pdf} already exists; pass --overwrite to replace it\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cafcass-referral.pdf"]


def test_pdf_is_libreoffices_rendering_of_the_docx(tmp_path: Path) -> None:
    from pypdf import PdfReader

    (tmp_path / "cafcass-travel-costs.pdf").write_bytes(b"%PDF stale")
    result = CliRunner().invoke(cli, ["report", "travel-costs", str(CAFCASS), "-o",
                                      str(tmp_path), "--pdf", "--overwrite"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "cafcass-travel-costs.pdf"
    assert result.output.splitlines()[-1] == (
        f"{tmp_path / 'cafcass-travel-costs.docx'}: wrote {pdf}")
    reader = PdfReader(pdf)
    text = _space(" ".join(page.extract_text() for page in reader.pages))
    assert "DVPP travel costs: business case" in text
    assert "Cafcass will not pay travel costs directly to the participant." in text
    # Stamped as a report form: read as an order, its timetable table would draw OD203.
    assert reader.metadata["/orderdraft.report"] == "travel-costs"
    report = validate([pdf])
    assert [r.error for r in report.results] == [None] and report.findings == []


def test_validate_treats_report_forms_as_forms_not_orders(tmp_path: Path) -> None:
    for kind in KINDS:
        (tmp_path / f"{kind}.docx").write_bytes(_render(CAFCASS, kind))
    report = validate([tmp_path])
    assert [r.error for r in report.results] == [None] * len(KINDS)
    assert report.findings == []
