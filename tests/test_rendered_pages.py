"""Every template's PDF looked at as a person would: pages with ink on them, the heading at
the top and the footer at the bottom, the DRAFT watermark on drafts only, and the golden
text of the DOCX all there in the PDF.

One LibreOffice run converts the order (draft and final) and all seven report forms; the
pixels come from pdftoppm and the word positions from pdftotext, not from pypdf.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from compose_helpers import EXAMPLE, GOLDEN
from pdf_helpers import Page, pages, render

from orderdraft.case import load_case
from orderdraft.compose import compose_case
from orderdraft.library import load_library
from orderdraft.render.pdf import convert_to_pdf
from orderdraft.report_kinds import KINDS
from orderdraft.reports import CHECKBOX, render_report

ROOT = Path(__file__).resolve().parents[1]
CAFCASS = ROOT / "tests" / "fixtures" / "reports" / "cafcass.yaml"
DOCUMENTS = ("order", "order-final", *KINDS)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rendered")
    library = load_library()
    order = load_case(EXAMPLE)
    sources = {
        "order": compose_case(order, library)[2],
        "order-final": compose_case(order, library, final=True)[2],
    }
    report_case = load_case(CAFCASS)
    sources.update({kind: render_report(report_case, kind) for kind in KINDS})
    docx = []
    for name, data in sources.items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        docx.append(path)
    conversions = convert_to_pdf(docx, folder / "pdf")
    assert [c.error for c in conversions] == [None] * len(docx)
    return {name: c.pdf for name, c in zip(sources, conversions, strict=True)
            if c.pdf is not None}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_page_has_body_text_and_is_mostly_paper(name: str, pdfs: dict[str, Path]) -> None:
    """Between the header and footer bands every page carries some ink: a page holding
    only its header and footer (a signature row pushed over on its own) is a layout bug."""
    count = len(pages(pdfs[name]))
    assert count >= 1
    for number in range(1, count + 1):
        body = render(pdfs[name], number).share(0, 127, (0, 0.12, 1, 0.9))
        assert 0.0005 < body < 0.25, f"{name} page {number}: {body:.2%} of the body is ink"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_case_number_heads_and_footer_closes_every_page(name: str,
                                                        pdfs: dict[str, Path]) -> None:
    number = "NG26P01234" if name.startswith("order") else "NG26P04321"
    for i, page in enumerate(pages(pdfs[name]), start=1):
        header = page.find(f"Case number: {number}")
        assert header.y1 < 0.12 * page.height, f"page {i}: the case number is not at the top"
        assert header.x0 > 0.5 * page.width, f"page {i}: the case number is not on the right"
        footer = [w for w in page.words if w.text == number and w.y0 > 0.9 * page.height]
        assert footer, f"{name} page {i}: no footer with the case number at the bottom"


def _centred(page: Page, phrase: str) -> bool:
    first = page.find(phrase)
    row = [w for w in page.words if abs(w.y0 - first.y0) < 1]
    middle = (min(w.x0 for w in row) + max(w.x1 for w in row)) / 2
    return abs(middle - page.width / 2) < 0.03 * page.width


def test_order_heading_is_centred_at_the_top_of_page_one(pdfs: dict[str, Path]) -> None:
    first = pages(pdfs["order"])[0]
    court = first.find("IN THE FAMILY COURT SITTING AT NOTTINGHAM")
    title = first.find("CASE MANAGEMENT ORDER")
    assert court.y0 < 0.2 * first.height
    assert court.y0 < title.y0 < first.find("IT IS ORDERED THAT:").y0
    assert _centred(first, "IN THE FAMILY COURT SITTING AT NOTTINGHAM")
    assert _centred(first, "CASE MANAGEMENT ORDER")


@pytest.mark.parametrize("kind", KINDS)
def test_report_title_is_in_the_top_quarter_of_page_one(kind: str,
                                                        pdfs: dict[str, Path]) -> None:
    from orderdraft.report_kinds import TITLES

    first = pages(pdfs[kind])[0]
    assert first.find(TITLES[kind]).y0 < 0.25 * first.height


def test_draft_watermark_is_drawn_on_drafts_only(pdfs: dict[str, Path]) -> None:
    """The watermark is light grey across the middle of every page; it is a shape, not
    text, so only the pixels show it (and the validator never reads it as wording)."""
    middle = (0.15, 0.3, 0.85, 0.7)
    for number in range(1, len(pages(pdfs["order"])) + 1):
        draft = render(pdfs["order"], number, dpi=40).share(200, 250, middle)
        final = render(pdfs["order-final"], number, dpi=40).share(200, 250, middle)
        assert draft > final + 0.05, f"page {number}: draft {draft:.1%}, final {final:.1%}"
    assert "DRAFT — NOT APPROVED BY THE COURT" in pages(pdfs["order"])[0].text
    # The drafting notes are a Word comment: LibreOffice leaves them out of the PDF.
    assert "expected timetable" not in " ".join(p.text for p in pages(pdfs["order"]))
    assert "DRAFT" not in " ".join(p.text for p in pages(pdfs["order-final"]))


def _golden_pieces(golden: Path) -> list[str]:
    """What of the golden DOCX text a PDF must show: every table cell and paragraph."""
    pieces: list[str] = []
    for line in golden.read_text("utf-8").splitlines():
        if line.startswith("== ") or line in ("[table]", "[/table]"):
            continue
        pieces += [cell for cell in re.split(r" \| |\t", line) if cell.strip()]
    return pieces


def _tokens(text: str) -> list[str]:
    """Words and punctuation marks. Tick boxes are left out: their glyph comes from a
    fallback font, and pdftotext places a wrapped line's box out of reading order."""
    return [t for t in re.findall(r"\w+|[^\w\s]", text) if t != CHECKBOX]


def _shown(piece: list[str], shown: list[str]) -> bool:
    """Whether ``piece``'s tokens are in ``shown`` in order, each within a few lines of the
    one before: a table cell that wraps is read interleaved with the cells beside it, so
    its words are in order but not always adjacent."""
    starts = [i for i, token in enumerate(shown) if token == piece[0]]
    for at in starts:
        at += 1
        for token in piece[1:]:
            window = shown[at:at + 40]
            if token not in window:
                break
            at += window.index(token) + 1
        else:
            return True
    return False


@pytest.mark.parametrize("name", ["order", *KINDS])
def test_pdf_shows_all_the_golden_text(name: str, pdfs: dict[str, Path]) -> None:
    golden = GOLDEN / ("dvpp-direction.txt" if name == "order" else f"reports/{name}.txt")
    shown = _tokens(" ".join(p.text for p in pages(pdfs[name])))
    missing = [piece for piece in _golden_pieces(golden) if not _shown(_tokens(piece), shown)]
    assert not missing, f"{name}: not in the PDF: {missing[:3]}"
