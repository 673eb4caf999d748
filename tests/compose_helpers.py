"""Shared by the compose, plan and property tests: example case data, and reading a DOCX
back the way a person (or another program) would see it.

The read-back deliberately uses python-docx and lxml rather than ``orderdraft.extract``, so
the composer is checked by code that shares nothing with it.
"""

from __future__ import annotations

import copy
import io
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from orderdraft import source

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dvpp-direction.yaml"
FIXTURES = ROOT / "tests" / "fixtures"
CASES = FIXTURES / "cases"
GOLDEN = ROOT / "tests" / "golden"
SEED = ROOT / "docs" / "sources" / "003_551aa47b01fdfaae.txt"

_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


@cache
def _example() -> Any:
    return source.load(EXAMPLE).data


def example_data() -> dict[str, Any]:
    """A fresh, mutable copy of the shipped example's data."""
    data = copy.deepcopy(_example())
    assert isinstance(data, dict)
    return data


def _open(doc: bytes | Path) -> Any:
    return docx.Document(io.BytesIO(doc) if isinstance(doc, bytes) else str(doc))


def _block_lines(blocks: Any) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.append("[table]")
            lines += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
            lines.append("[/table]")
    return lines


def docx_text(doc: bytes | Path) -> str:
    """Header, body (paragraphs and table rows in document order) and footer as text."""
    d = _open(doc)
    out: list[str] = []
    for n, section in enumerate(d.sections):
        if n == 0 or not section.header.is_linked_to_previous:
            out += ["== header ==", *_block_lines(section.header.iter_inner_content())]
    out += ["== body ==", *_block_lines(d.iter_inner_content())]
    for n, section in enumerate(d.sections):
        if n == 0 or not section.footer.is_linked_to_previous:
            out += ["== footer ==", *_block_lines(section.footer.iter_inner_content())]
    return "\n".join(out) + "\n"


def normalise(text: str) -> str:
    """Golden comparison ignores trailing whitespace on each line, and nothing else."""
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n")) + "\n"


def body_paragraphs(doc: bytes | Path) -> list[str]:
    return [p.text for p in _open(doc).paragraphs]


def custom_properties(doc: bytes | Path) -> dict[str, str]:
    raw = doc if isinstance(doc, bytes) else doc.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        root = etree.fromstring(zf.read("docProps/custom.xml"))
    return {p.get("name"): "".join(p.itertext()) for p in root.iter(f"{_CUSTOM_NS}property")}


def core_properties(doc: bytes | Path) -> dict[str, str]:
    cp = _open(doc).core_properties
    return {"title": cp.title, "subject": cp.subject, "author": cp.author,
            "keywords": cp.keywords}


def xml_parts(doc: bytes) -> list[str]:
    """Parse every XML part with a strict parser; return their names. Raises if one is bad."""
    names = []
    with zipfile.ZipFile(io.BytesIO(doc)) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name), etree.XMLParser(resolve_entities=False))
                names.append(name)
    return names
