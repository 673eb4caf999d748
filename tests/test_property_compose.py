"""Property: any printable text in a name, the court or the hearing type either composes
to a document that shows it exactly, or is refused with an InputError naming the field —
never a crash, never mangled text, never a broken DOCX.

Composed in-process (``compose_case``, no disk). OD501 (placeholders such as ``**`` or
``XXX``) is accepted here: whether text *looks like* a blank is that rule's business and
is tested with it; this test is about text surviving the trip into Word.
"""

from __future__ import annotations

import io
import json

import docx
from compose_helpers import custom_properties, example_data, xml_parts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orderdraft.case import case_from_data
from orderdraft.compose import compose_case
from orderdraft.errors import InputErrors
from orderdraft.library import load_library

LIB = load_library()

# What XML 1.0 (and so Word) cannot hold; the schema must refuse each one by field.
FORBIDDEN = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))] + [
    "\ufffe", "\uffff"]

PRINTABLE = st.characters(categories=["L", "M", "N", "P", "S", "Zs", "Cf"])
# Printable text, with template syntax and XML specials made likely; one value in ten
# also gets a character XML cannot hold, somewhere in it.
PIECES = st.one_of(
    st.text(PRINTABLE, min_size=1, max_size=12),
    st.sampled_from(["{{", "}}", "{%", "%}", "{_{", "}_}", "{#", "&", "<", ">", "\"", "'",
                     "&amp;", "]]>", "<w:t>", "Siân Llŷr", "Zoë O'Brien-Ñúñez", "محمد",
                     "\u200f", "ß", "ﬃ"]),
)


@st.composite
def values(draw: st.DrawFn) -> str:
    text = "".join(draw(st.lists(PIECES, min_size=1, max_size=6)))
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(FORBIDDEN)) + text[at:]
    return text


VALUE = values()

FIELDS = {"name": "parties[0].name", "court": "court.name", "hearing": "hearing.type"}


def _document_text(blob: bytes) -> tuple[list[str], list[str], list[str]]:
    d = docx.Document(io.BytesIO(blob))
    paragraphs = [p.text for p in d.paragraphs]
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    header = [p.text for p in d.sections[0].header.paragraphs]
    return paragraphs, cells, header


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=VALUE, court=VALUE, hearing=VALUE)
def test_text_composes_exactly_or_is_refused_by_field(name: str, court: str, hearing: str) -> None:
    data = example_data()
    data["parties"][0]["name"] = name
    data["court"]["name"] = court
    data["hearing"]["type"] = hearing
    values = {"name": name, "court": court, "hearing": hearing}
    bad = {FIELDS[k] for k, v in values.items() if any(ch in v for ch in FORBIDDEN)}
    try:
        case = case_from_data(data, "case.yaml")
        _, _, blob = compose_case(case, LIB, accept=["OD501"])
    except InputErrors as exc:
        assert bad, exc.format_message()
        assert {e.field for e in exc.errors} == bad
        for e in exc.errors:
            assert e.format_message().startswith(f"case.yaml: {e.field}: contains a control "
                                                 "character (U+")
        return
    assert not bad
    xml_parts(blob)
    paragraphs, cells, _ = _document_text(blob)
    text = "\n".join(paragraphs)
    assert cells[1] == name
    assert f"1.\t{name} must attend a Domestic Violence Perpetrator Programme" in text
    assert f"Upon the {hearing} on 23 November 2026 before HH Judge Watson." in paragraphs
    assert paragraphs[0] == f"IN THE {court.upper()}"
    props = docx.Document(io.BytesIO(blob)).core_properties
    assert props.author == court


@settings(max_examples=50, deadline=None)
@given(recitals=st.lists(st.text(PRINTABLE, min_size=1, max_size=80), min_size=1, max_size=4),
       attended=st.lists(st.text(PRINTABLE, min_size=1, max_size=40), min_size=1, max_size=4))
def test_lists_of_text_come_out_in_order(recitals: list[str], attended: list[str]) -> None:
    data = example_data()
    data["order"]["recitals"] = recitals
    data["hearing"]["attended"] = attended
    _, _, blob = compose_case(case_from_data(data, "case.yaml"), LIB, accept=["OD501"])
    paragraphs, _, _ = _document_text(blob)
    start = paragraphs.index("Recitals") + 1
    recital_block = paragraphs[start:paragraphs.index("IT IS ORDERED THAT:")]
    assert recital_block[-len(recitals):] == recitals
    attended_line = next(p for p in recital_block
                         if p.startswith("The following attended the hearing: "))
    position = 0
    for person in attended:
        found = attended_line.find(person, position)
        assert found >= position
        position = found + len(person)
    stored = json.loads(custom_properties(blob)["orderdraft.case"])
    assert stored["order"]["recitals"] == recitals
    assert stored["hearing"]["attended"] == attended
