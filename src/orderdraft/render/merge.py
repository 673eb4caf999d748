"""Merge finished PDFs into one bundle for service: an index page, one bookmark per
document and "Page n of N" on every page.

Pure pypdf, no second layout engine: the documents keep LibreOffice's rendering and only
the index page and the page numbers are drawn here, in Helvetica (one of the PDF standard
fonts every reader has, so nothing is embedded). Text drawn here is encoded as
Windows-1252, the standard fonts' encoding; a character outside it (rare in a title)
becomes "?" rather than a missing glyph.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

__all__ = ["Part", "merge_bundle"]

A4 = (595.28, 841.89)
_FONT = NameObject("/ODBundleF1")  # unlikely to clash with a document's own font names
_MARGIN = 72.0
_NUMBER_SIZE = 9
_INDEX_WRAP = 64  # characters of an index title per line at 11 pt, clear of the page column


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
    """The bundle's bytes and page count: index page, then each part's pages, all numbered."""
    if not parts:
        raise ValueError("a bundle needs at least one document")
    placed: list[_Placed] = []
    page = 2  # the index is page 1
    for part in parts:
        reader = PdfReader(io.BytesIO(part.pdf))
        if reader.is_encrypted:  # only owner-password PDFs get here: read_document opened it
            reader.decrypt("")
        count = len(reader.pages)
        placed.append(_Placed(part.title, reader, page, page + count - 1))
        page += count
    total = page - 1

    writer = PdfWriter()
    writer.add_page(_text_page(A4, _index_lines(placed, heading, subheading)))
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


def _index_lines(placed: Sequence[_Placed], heading: str,
                 subheading: str) -> list[tuple[float, float, float, str]]:
    top = A4[1] - _MARGIN
    lines: list[tuple[float, float, float, str]] = [(_MARGIN, top, 14, heading)]
    y = top - 22
    if subheading:
        lines.append((_MARGIN, y, 11, subheading))
        y -= 18
    lines.append((_MARGIN, y - 10, 12, "Index"))
    y -= 34
    for number, item in enumerate(placed, start=1):
        pages = f"page {item.first}" if item.first == item.last else (
            f"pages {item.first}-{item.last}")
        wrapped = textwrap.wrap(item.title, _INDEX_WRAP) or [""]
        for i, text in enumerate(wrapped):
            lines.append((_MARGIN + 20 if i else _MARGIN, y, 11,
                          f"{number}.  {text}" if i == 0 else text))
            if i == len(wrapped) - 1:
                lines.append((A4[0] - _MARGIN - 70, y, 11, pages))
            y -= 15
        y -= 4
    return lines


def _stamp_number(page: PageObject, text: str) -> None:
    """Draw ``text`` at the bottom right of what the reader sees of ``page``."""
    page.transfer_rotation_to_content()  # so "bottom right" is the reader's bottom right
    box = page.cropbox
    x = float(box.right) - 36 - _NUMBER_SIZE * 0.5 * len(text)
    y = float(box.bottom) + 18
    page.merge_page(_text_page((float(box.width), float(box.height)),
                               [(x, y, _NUMBER_SIZE, text)]))


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
    ops = [
        f"BT {_FONT} {s:g} Tf {x:.2f} {y:.2f} Td <{text.encode('cp1252', 'replace').hex()}> Tj ET"
        for x, y, s, text in items
    ]
    stream = ContentStream(None, None)
    stream.set_data("\n".join(ops).encode("ascii"))
    page.replace_contents(stream)
    return page
