"""Merge finished PDFs into one bundle for service: an index page, one bookmark per
document and "Page n of N" on every page.

Pure pypdf, no second layout engine: the documents keep LibreOffice's rendering and only
the index page and the page numbers are drawn here, in Helvetica (one of the PDF standard
fonts every reader has, so nothing is embedded). Text drawn here is encoded as
Windows-1252, the standard fonts' encoding (see ``_encode``).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject, RectangleObject

__all__ = ["Part", "merge_bundle"]

A4 = (595.28, 841.89)
_FONT = NameObject("/ODBundleF1")  # unlikely to clash with a document's own font names
_MARGIN = 72.0
_NUMBER_SIZE = 9
_TITLE_WIDTH = A4[0] - 2 * _MARGIN - 100  # points: from the margin to clear of "pages n-m"


@dataclass(frozen=True)
class Part:
    """One document of the bundle: its bookmark and index title, and its PDF."""

    title: str
    pdf: bytes


@dataclass(frozen=True)
class _Placed:
    title: str
    reader: PdfReader
    first: int  # 1-based page number in the bundle
    last: int


def merge_bundle(parts: Sequence[Part], *, heading: str,
                 subheading: str = "") -> tuple[bytes, int]:
    """The bundle's bytes and page count: the index (as many pages as it needs), then each
    part's pages, all numbered."""
    if not parts:
        raise ValueError("a bundle needs at least one document")
    readers = []
    for part in parts:
        reader = PdfReader(io.BytesIO(part.pdf))
        if reader.is_encrypted:  # only owner-password PDFs get here: read_document opened it
            reader.decrypt("")
        readers.append(reader)
    # The index's length does not depend on the page numbers it prints, so lay it out once
    # to count its pages, then number everything after it.
    index_pages = len(_index_pages([_Placed(p.title, r, 0, 0) for p, r in zip(
        parts, readers, strict=True)], heading, subheading))
    placed: list[_Placed] = []
    page = index_pages + 1
    for part, reader in zip(parts, readers, strict=True):
        count = len(reader.pages)
        placed.append(_Placed(part.title, reader, page, page + count - 1))
        page += count
    total = page - 1

    writer = PdfWriter()
    for lines in _index_pages(placed, heading, subheading):
        writer.add_page(_text_page(A4, lines))
    writer.add_outline_item(title="Index", page_number=0)
    for item in placed:
        writer.append(item.reader, import_outline=False)
        writer.add_outline_item(title=item.title, page_number=item.first - 1)
    for number, bundle_page in enumerate(writer.pages, start=1):
        _stamp_number(bundle_page, f"Page {number} of {total}")
    writer.page_mode = "/UseOutlines"  # open with the bookmarks showing
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


Line = tuple[float, float, float, str]  # x, y, font size, text
_LINE = 15.0
_BOTTOM = _MARGIN + 30  # clear of the page number


def _index_pages(placed: Sequence[_Placed], heading: str, subheading: str) -> list[list[Line]]:
    """The index, page by page: heading (wrapped), then one entry per document, its title
    wrapped and its pages on its last line; an entry never splits across pages."""
    pages: list[list[Line]] = []
    lines: list[Line] = []
    y = A4[1] - _MARGIN
    for text in _wrap(heading, 14, A4[0] - 2 * _MARGIN):
        lines.append((_MARGIN, y, 14, text))
        y -= 19
    if subheading:
        for text in _wrap(subheading, 11, A4[0] - 2 * _MARGIN):
            lines.append((_MARGIN, y - 3, 11, text))
            y -= 15
    lines.append((_MARGIN, y - 14, 12, "Index"))
    y -= 38
    for number, item in enumerate(placed, start=1):
        wrapped = _wrap(item.title, 11, _TITLE_WIDTH)
        if y - _LINE * (len(wrapped) - 1) < _BOTTOM:
            pages.append(lines)
            lines, y = [(_MARGIN, A4[1] - _MARGIN, 12, "Index (continued)")], A4[1] - 110
        pages_text = f"page {item.first}" if item.first == item.last else (
            f"pages {item.first}-{item.last}")
        for i, text in enumerate(wrapped):
            lines.append((_MARGIN + 20 if i else _MARGIN, y, 11,
                          f"{number}.  {text}" if i == 0 else text))
            if i == len(wrapped) - 1:
                lines.append((A4[0] - _MARGIN - 70, y, 11, pages_text))
            y -= _LINE
        y -= 4
    pages.append(lines)
    return pages


def _stamp_number(page: PageObject, text: str) -> None:
    """Draw ``text`` at the bottom right of what the reader sees of ``page``."""
    page.transfer_rotation_to_content()  # so "bottom right" is the reader's bottom right
    crop, media = page.cropbox, page.mediabox  # what shows is the crop box within the media
    box = RectangleObject((max(crop.left, media.left), max(crop.bottom, media.bottom),
                           min(crop.right, media.right), min(crop.top, media.top)))
    x = float(box.right) - 36 - _NUMBER_SIZE * 0.5 * len(text)
    y = float(box.bottom) + 18
    overlay = _text_page((float(box.width), float(box.height)), [(x, y, _NUMBER_SIZE, text)])
    # The overlay covers exactly the visible area: pypdf clips what it merges to the
    # overlay's box, which must sit where the page's own crop box does, not at (0, 0).
    overlay.mediabox = RectangleObject(box)
    page.merge_page(overlay)


def _text_page(size: tuple[float, float],
               items: Sequence[tuple[float, float, float, str]]) -> PageObject:
    """A page holding only ``items`` (x, y, font size, text) in Helvetica."""
    page = PageObject.create_blank_page(None, size[0], size[1])
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({_FONT: font})})
    ops = [f"BT {_FONT} {s:g} Tf {x:.2f} {y:.2f} Td <{_encode(text).hex()}> Tj ET"
           for x, y, s, text in items]
    stream = ContentStream(None, None)
    stream.set_data("\n".join(ops).encode("ascii"))
    page.replace_contents(stream)
    return page


def _encode(text: str) -> bytes:
    """Windows-1252, the standard fonts' encoding; a letter outside it is written without
    its accent where it has one (Welsh ŵ, ŷ become w, y) and as "?" otherwise."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char)[:1]
            out += base.encode("cp1252", "replace") if base != char else b"?"
    return bytes(out)


def _width(text: str, size: float) -> float:
    """Roughly how wide ``text`` is in Helvetica at ``size`` points (its average widths:
    capitals 0.68 em, small letters and digits 0.53, spaces and stops 0.28)."""
    em = sum(0.68 if c.isupper() else 0.28 if c in " .,;:'’-()" else 0.53 for c in text)
    return em * size


def _wrap(text: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` points: by width, not by characters, so a
    title in capitals does not run into the page column."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and _width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line or not lines else lines
