"""Carry what a composed DOCX says about itself into the PDF rendered from it.

LibreOffice drops a DOCX's custom properties and splits its keywords at every space, so
without this a PDF order would be checked from its text alone and lose the exact,
case-file path that its DOCX gets. The digest stamped into the PDF is of the PDF's own
extracted text (what ``validate`` reads back), so editing the PDF later is noticed just as
editing the DOCX is.
"""

from __future__ import annotations

from pathlib import Path

from .extract import read_document
from .render.docx import Properties
from .render.pdf import set_pdf_metadata
from .validate import PROP_CASE, PROP_TEXT, text_digest


def stamp_pdf(pdf: Path, props: Properties) -> None:
    """Give ``pdf`` the title, author, keywords and provenance of the DOCX it renders.

    An order (its properties carry the case) also gets the digest of the PDF's text; a
    report form has no case data to trust, so it needs none.
    """
    custom = dict(props.custom)
    custom.pop(PROP_TEXT, None)  # the DOCX's digest is of the DOCX's text, not the PDF's
    if PROP_CASE in custom:
        custom[PROP_TEXT] = text_digest(read_document(pdf).paragraphs)
    set_pdf_metadata(pdf, title=props.title, subject=props.subject, author=props.author,
                     keywords=props.keywords, custom=custom)


