"""``orderdraft bundle`` and the PDFs ``compose --pdf`` writes: what goes in, in what order,
the index, bookmarks and page numbers, the provenance ``validate`` relies on, and nothing
left behind when something fails.

The merge itself is tested on small PDFs made here (no LibreOffice); the command runs the
real LibreOffice, as CI does.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner, Result
from compose_helpers import EXAMPLE, example_data
from pdf_helpers import pages
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from orderdraft.cli.main import cli
from orderdraft.render.merge import Part, merge_bundle
from orderdraft.report_kinds import TITLES
from orderdraft.validate import PROP_CASE, PROP_TEXT, validate


def invoke(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def text_pdf(*pages_text: str, size: tuple[float, float] = (595, 842), rotate: int = 0,
             title: str | None = None) -> bytes:
    """A PDF with one line of Helvetica text a page, made without LibreOffice."""
    writer = PdfWriter()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    for text in pages_text:
        page = writer.add_blank_page(*size)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 72 700 Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        if rotate:
            page.rotate(rotate)
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def outline(reader: PdfReader) -> list[tuple[str, int]]:
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]


# --- the merge, without LibreOffice ------------------------------------------------------


def test_merge_numbers_every_page_and_bookmarks_every_document(tmp_path: Path) -> None:
    data, total = merge_bundle(
        [Part("The order", text_pdf("Order one", "Order two")),
         Part("A report", text_pdf("Report"))],
        heading="Family Court: case number AB12", subheading="Bundle for service")
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    assert total == len(reader.pages) == 4
    assert outline(reader) == [("Index", 0), ("The order", 1), ("A report", 3)]
    seen = pages(path)
    assert [p.text.endswith(f"Page {n} of 4") for n, p in enumerate(seen, 1)] == [True] * 4
    index = seen[0].text
    assert index.startswith("Family Court: case number AB12 Bundle for service Index")
    assert "1. The order pages 2-3" in index
    assert "2. A report page 4" in index
    assert "Order two" in seen[2].text and "Report" in seen[3].text


def test_page_number_sits_bottom_right_as_the_reader_sees_it_even_on_a_turned_page(
        tmp_path: Path) -> None:
    data, _ = merge_bundle([Part("Landscape", text_pdf("Wide", rotate=90)),
                            Part("Letter", text_pdf("Small", size=(612, 792)))],
                           heading="H")
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    for page in pages(path):
        number = page.find("Page")
        assert number.x0 > 0.7 * page.width and number.y0 > 0.93 * page.height


def test_index_wraps_long_titles_and_replaces_characters_the_font_lacks(tmp_path: Path) -> None:
    long = "A completed midway progress report from the provider, with its appendices " * 2
    data, _ = merge_bundle([Part(long.strip(), text_pdf("x")), Part("Ωmega ‘quoted’ — ok",
                                                                     text_pdf("y"))],
                           heading="Heading")
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    index = pages(path)[0]
    assert "?mega ‘quoted’ — ok" in index.text  # Windows-1252 has the quotes and dash
    lines = {round(w.y0) for w in index.words if w.x0 < 0.75 * index.width}
    assert len(lines) >= 6  # heading, "Index", two lines of the long title, the short one
    assert all(w.x1 < index.width - 60 for w in index.words if w.y0 < 0.9 * index.height)


def test_an_empty_bundle_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one document"):
        merge_bundle([], heading="H")


# --- orderdraft bundle -------------------------------------------------------------------


def write_case(folder: Path, name: str, data: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def word_file(path: Path, title: str, *paragraphs: str) -> Path:
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    d.core_properties.title = title
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path, Path]:
    base = tmp_path_factory.mktemp("bundle")
    extra = word_file(base / "midway-done.docx", "Completed midway report",
                      "John Smith has attended 14 of 28 sessions.")
    (base / "letter.pdf").write_bytes(text_pdf("Covering letter to the court"))
    out = base / "out"
    result = invoke("bundle", EXAMPLE, "-o", out, "--report", "referral",
                    "--include", extra, "--include", base / "letter.pdf")
    return result, out, out / "dvpp-direction-bundle.pdf"


def test_bundle_holds_order_sheet_forms_and_additions_in_that_order(
        made: tuple[Result, Path, Path]) -> None:
    result, out, pdf = made
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["dvpp-direction-bundle.pdf"]
    reader = PdfReader(pdf)
    titles = ["Case management order", TITLES["information-sheet"], TITLES["referral"],
              "Completed midway report", "letter"]
    found = outline(reader)
    assert [t for t, _ in found] == ["Index", *titles]
    assert result.output == (f"{EXAMPLE}: wrote {pdf} ({len(reader.pages)} pages: index, "
                             + ", ".join(titles) + ")\n")
    seen = pages(pdf)
    starts = [n for _, n in found]
    assert starts == sorted(starts) and starts[0] == 0
    assert seen[starts[1]].find("CASE MANAGEMENT ORDER")
    assert "attended 14 of 28 sessions" in seen[starts[4]].text
    assert seen[starts[5]].text.startswith("Covering letter to the court")
    for number, page in enumerate(seen, start=1):
        assert page.text.endswith(f"Page {number} of {len(seen)}")
    for i, (title, first) in enumerate(found[1:], start=1):
        last = (found[i + 1][1] if i + 1 < len(found) else len(seen)) - 1
        span = f"page {first + 1}" if first == last else f"pages {first + 1}-{last + 1}"
        assert f"{i}. {title[:20]}" in seen[0].text and span in seen[0].text


def test_bundle_carries_the_orders_provenance_so_validate_checks_it_exactly(
        made: tuple[Result, Path, Path]) -> None:
    _, _, pdf = made
    info = PdfReader(pdf).metadata
    assert info is not None
    assert info["/Title"] == "Bundle — NG26P01234"
    assert info["/Keywords"] == "NG26P01234; Children Act 1989; DVPP"
    assert json.loads(str(info[f"/{PROP_CASE}"]))["case_number"] == "NG26P01234"
    assert str(info["/orderdraft.bundle"]).startswith("Case management order | ")
    assert len(str(info[f"/{PROP_TEXT}"])) == 64
    report = validate([pdf])
    assert report.errors == []
    # The order is checked exactly; the two added files are not, and validate says so.
    assert [(f.rule, f.message) for f in report.findings] == [(
        "OD004", "this bundle holds 2 document(s) added by hand; they were not checked (only "
                 "the order was, from its case data)")]


def test_a_bundle_edited_after_it_was_made_is_checked_from_its_text(
        made: tuple[Result, Path, Path], tmp_path: Path) -> None:
    _, _, pdf = made
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.add_page(PdfReader(io.BytesIO(text_pdf("An added page"))).pages[0])
    edited = tmp_path / "edited.pdf"
    with edited.open("wb") as fh:
        writer.write(fh)
    assert sorted(f.rule for f in validate([edited]).findings) == ["OD002"]


def test_accepted_rule_in_a_bundle_is_reported_as_accepted(tmp_path: Path) -> None:
    data = example_data()
    data["order"]["kind"] = "final"
    case = write_case(tmp_path, "final.yaml", data)
    blocked = invoke("bundle", case, "-o", tmp_path / "out")
    assert blocked.exit_code == 1
    assert "--accept OD101" in blocked.output
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    accepted = ["--accept", "OD101", "--accept", "OD102"]
    made = invoke("bundle", case, "-o", tmp_path / "out", *accepted, "--final")
    assert made.exit_code == 0, made.output
    pdf = tmp_path / "out" / "final-bundle.pdf"
    findings = validate([pdf]).findings
    assert {f.rule for f in findings} >= {"OD101"}
    assert all(f.suppressed for f in findings if f.rule in ("OD101", "OD102"))
    assert all(f.suppression_reason == "accepted when the order was composed"
               for f in findings if f.rule in ("OD101", "OD102"))
    assert "DRAFT" not in " ".join(p.text for p in pages(pdf))


def test_a_case_without_a_dvpp_has_no_information_sheet(tmp_path: Path) -> None:
    from compose_helpers import CASES

    result = invoke("bundle", CASES / "miam-spip.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "miam-spip-bundle.pdf")
    assert [t for t, _ in outline(reader)][1:] == ["Case management order"]


def test_bundle_never_overwrites_without_asking(made: tuple[Result, Path, Path]) -> None:
    _, out, pdf = made
    before = pdf.read_bytes()
    again = invoke("bundle", EXAMPLE, "-o", out)
    assert again.exit_code == 2
    assert again.output == f"error: {pdf} already exists; pass --overwrite to replace it\n"
    assert pdf.read_bytes() == before


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_bytes(b"not a document"), "is not a Word (.docx) or PDF document"),
    (lambda p: None, "extra.pdf: does not exist"),
])
def test_an_unreadable_addition_is_refused_before_any_work(
        tmp_path: Path, make: Any, message: str) -> None:
    bad = tmp_path / "extra.pdf"
    make(bad)
    result = invoke("bundle", EXAMPLE, "-o", tmp_path / "out", "--include", bad)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_report_form_for_a_case_without_a_dvpp_is_explained(tmp_path: Path) -> None:
    from compose_helpers import CASES

    result = invoke("bundle", CASES / "miam-spip.yaml", "-o", tmp_path, "--report", "midway")
    assert result.exit_code == 2
    assert "the case directs no DVPP, so there is no DVPP report to draft" in result.output
    assert list(tmp_path.iterdir()) == []


# --- compose --pdf carries the order's provenance -----------------------------------------


def test_composed_pdf_is_checked_exactly_like_its_docx(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    data = example_data()
    data["order"]["kind"] = "final"
    write_case(tmp_path, "final.yaml", data)
    monkeypatch.chdir(tmp_path)
    out = Path("out")
    result = invoke("compose", "final.yaml", "-o", "out", "--pdf", "--accept", "OD101",
                    "--accept", "OD102")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "out/final.docx: wrote out/final.pdf"
    from_docx = validate([out / "final.docx"]).findings
    from_pdf = validate([out / "final.pdf"]).findings
    assert from_pdf and [(f.rule, f.suppressed, f.location) for f in from_pdf] == [
        (f.rule, f.suppressed, f.location) for f in from_docx]
    info = PdfReader(out / "final.pdf").metadata
    assert info is not None and info["/Keywords"] == "NG26P01234; Children Act 1989; DVPP"


# --- the progress bar on long PDF batches -------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_for_long_batches_on_a_terminal(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from orderdraft.commands import pdf_output

    terminal = _Terminal()
    monkeypatch.setattr(pdf_output.sys, "stderr", terminal)
    with pdf_output._progress(3) as step:
        assert step is None  # a few files: no bar to flicker
    with pdf_output._progress(12) as step:
        assert step is not None
        for done in range(1, 13):
            step(done, 12)
    shown = terminal.getvalue()
    assert "Converting to PDF" in shown and "100%" in shown
    monkeypatch.setattr(pdf_output.sys, "stderr", io.StringIO())  # not a terminal
    with pdf_output._progress(50) as step:
        assert step is None


def test_python_api_bundle(tmp_path: Path) -> None:
    import orderdraft

    made = orderdraft.bundle(EXAMPLE, tmp_path, reports=["midway"])
    assert made.pdf == tmp_path / "dvpp-direction-bundle.pdf"
    assert made.titles == ("Case management order", TITLES["information-sheet"],
                           TITLES["midway"])
    assert made.pages == len(PdfReader(made.pdf).pages)
    assert [f.rule for f in made.findings if not f.suppressed] == []



def test_index_runs_over_pages_and_numbers_stay_right(tmp_path: Path) -> None:
    """45 documents: the index takes two pages, no entry is split or overprints the page
    number, and every entry's pages are where its bookmark points."""
    parts = [Part(f"Document {n} " + "with a fairly long descriptive title " * (n % 3),
                  text_pdf(*[f"doc {n} page {k}" for k in range(1 + n % 2)]))
             for n in range(45)]
    data, total = merge_bundle(parts, heading="The Family Court sitting at First Avenue "
                               "House, Holborn, London: case number ZW26P00001")
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    found = outline(reader)
    assert found[0] == ("Index", 0) and found[1][1] == 2  # two index pages
    seen = pages(path)
    for page in seen[:2]:
        number = page.find("Page")
        assert all(w.y1 < number.y0 - 10 for w in page.words if w is not number
                   and w.y0 < number.y0 - 2), "an index line reaches the page number"
        assert all(w.x1 <= page.width - 36 for w in page.words)
    index = " ".join(p.text for p in seen[:2])
    for n, (_, first) in enumerate(found[1:], start=1):
        last = (found[n + 1][1] if n + 1 < len(found) else len(seen)) - 1
        span = f"page {first + 1}" if first == last else f"pages {first + 1}-{last + 1}"
        assert f"{n}. Document {n - 1} " in index and span in index
        assert seen[first].text.startswith(f"doc {n - 1} page 0")
    assert total == len(seen)


def test_page_number_is_inside_a_crop_box_that_does_not_start_at_the_corner(
        tmp_path: Path) -> None:
    from pdf_helpers import render
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf("Cropped"))))
    writer.pages[0].cropbox = RectangleObject((100, 100, 495, 742))
    cropped = io.BytesIO()
    writer.write(cropped)
    data, _ = merge_bundle([Part("Cropped", cropped.getvalue())], heading="H")
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    assert pages(path)[1].text.endswith("Page 2 of 2")
    # The number is drawn where it can be seen: ink in the bottom-right corner.
    assert render(path, 2, dpi=72).share(0, 160, (0.6, 0.9, 1, 1)) > 0.001


def test_welsh_letters_lose_only_their_accent_in_the_index(tmp_path: Path) -> None:
    data, _ = merge_bundle([Part("Adroddiad ŵyr Llŷr", text_pdf("x"))], heading="Caerdydd")
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    assert "1. Adroddiad wyr Llyr page 2" in pages(path)[0].text


def test_a_form_asked_for_twice_is_bundled_once_and_the_api_checks_its_arguments(
        tmp_path: Path) -> None:
    import orderdraft
    from orderdraft.errors import OrderdraftError

    with pytest.raises(OrderdraftError, match="no report kind 'nope'"):
        orderdraft.bundle(EXAMPLE, tmp_path, reports=["nope"])  # type: ignore[list-item]
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(text_pdf("Covering letter"))
    made = orderdraft.bundle(EXAMPLE, tmp_path / "out", reports=["referral", "referral"],
                             include=str(letter), accept=["od101"])  # type: ignore[arg-type]
    assert made.titles == ("Case management order", TITLES["information-sheet"],
                           TITLES["referral"], "letter")


def test_a_title_in_capitals_wraps_before_the_page_column(tmp_path: Path) -> None:
    title = "WITNESS STATEMENT OF THE RESPONDENT MOTHER DATED 1 NOVEMBER 2026"
    data, _ = merge_bundle([Part(title, text_pdf("x"))], heading="H")
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    index = pages(path)[0]
    column = index.find("page 2")
    assert all(w.x1 < column.x0 - 5 for w in index.words
               if abs(w.y0 - column.y0) < 2 and w is not column and w.text != "2")


def test_page_number_shows_when_the_crop_box_is_larger_than_the_page(tmp_path: Path) -> None:
    from pdf_helpers import render
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf("Big crop"))))
    writer.pages[0].cropbox = RectangleObject((-50, -50, 700, 900))
    big = io.BytesIO()
    writer.write(big)
    data, _ = merge_bundle([Part("Big", big.getvalue())], heading="H")
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    assert render(path, 2, dpi=72).share(0, 160, (0.55, 0.85, 1, 1)) > 0.0005
