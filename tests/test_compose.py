"""Composed orders read back as text (header, body paragraphs and table cells, footer) and
compared with golden files; their document properties; and user text kept as data.

Goldens live in tests/golden/<case>.txt. After a deliberate wording or layout change, run
``pytest tests/test_compose.py --update-goldens`` and read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from compose_helpers import (
    CASES,
    EXAMPLE,
    GOLDEN,
    body_paragraphs,
    core_properties,
    custom_properties,
    docx_text,
    example_data,
    normalise,
    xml_parts,
)

from orderdraft import __version__, source
from orderdraft.case import case_from_data, load_case
from orderdraft.compose import ComposeBlocked, compose, compose_case
from orderdraft.extract import read_document
from orderdraft.library import load_library
from orderdraft.validate import check_case, check_document, text_digest

LIB = load_library()

GOLDEN_CASES = {"dvpp-direction": EXAMPLE} | {p.stem: p for p in sorted(CASES.glob("*.yaml"))}


def test_the_golden_set_is_complete() -> None:
    assert sorted(GOLDEN_CASES) == [
        "dvpp-direction", "final-cao", "hostile-names", "la-direction", "miam-spip",
    ]
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(GOLDEN_CASES)


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_composed_order_matches_its_golden_text(
    name: str, tmp_path: Path, update_goldens: bool
) -> None:
    result = compose(GOLDEN_CASES[name], tmp_path)
    assert result.docx == tmp_path / f"{name}.docx"
    text = normalise(docx_text(result.docx))
    golden = GOLDEN / f"{name}.txt"
    if update_goldens:
        golden.write_text(text, "utf-8")
    assert golden.is_file(), f"no golden for {name}; run pytest --update-goldens"
    assert text == normalise(golden.read_text("utf-8"))


def test_normalise_only_strips_trailing_whitespace() -> None:
    assert normalise("a  \n\tb\t\n\n c \n\n") == "a\n\tb\n\n c\n"


def test_example_document_properties(tmp_path: Path) -> None:
    result = compose(EXAMPLE, tmp_path)
    props = custom_properties(result.docx)
    assert sorted(props) == [
        "orderdraft.accepted", "orderdraft.case", "orderdraft.clauses",
        "orderdraft.text_sha256", "orderdraft.version",
    ]
    assert props["orderdraft.version"] == __version__
    assert json.loads(props["orderdraft.case"]) == source.load(EXAMPLE).data
    expected_ids = [
        "order.heading.children_act", "order.recital.hearing", "order.recital.attended",
        "order.recital.pd12j_33", "order.recital.pd12j_34", "dvpp.proposed.heading",
        "dvpp.proposed.attend", "dvpp.proposed.refer", "dvpp.proposed.midway",
        "dvpp.proposed.s7_update", "dvpp.proposed.listing", "order.closing.dated",
    ]
    assert props["orderdraft.clauses"] == ",".join(
        f"{cid}@{LIB[cid].version}" for cid in expected_ids
    )
    assert props["orderdraft.accepted"] == ""
    assert props["orderdraft.text_sha256"] == text_digest(read_document(result.docx).paragraphs)
    assert len(props["orderdraft.text_sha256"]) == 64
    assert core_properties(result.docx) == {
        "title": "Case Management Order — NG26P01234",
        "subject": "Order under the Children Act 1989",
        "author": "Family Court sitting at Nottingham",
        "keywords": "NG26P01234; Children Act 1989; DVPP",
    }


def test_keywords_without_a_dvpp(tmp_path: Path) -> None:
    result = compose(CASES / "final-cao.yaml", tmp_path)
    assert core_properties(result.docx)["keywords"] == "LE26P00455; Children Act 1989"
    assert core_properties(result.docx)["title"] == "Final Order — LE26P00455"


def test_accepted_rules_are_recorded(tmp_path: Path) -> None:
    data = example_data()
    data["order"]["kind"] = "final"
    case = case_from_data(data, "final.yaml")
    with pytest.raises(ComposeBlocked) as info:
        compose_case(case, LIB)
    codes = sorted({f.rule for f in info.value.blocking})
    assert "OD101" in codes
    with pytest.raises(ComposeBlocked):
        compose_case(case, LIB, accept=["OD101"] if len(codes) > 1 else ["OD999"])
    _, findings, blob = compose_case(case, LIB, accept=[*reversed(codes), codes[0]])
    assert sorted({f.rule for f in findings if f.severity.label == "error"}) == codes
    assert custom_properties(blob)["orderdraft.accepted"] == ",".join(codes)


def test_a_composed_order_revalidates_exactly_until_it_is_edited(tmp_path: Path) -> None:
    data = example_data()
    data["order"]["kind"] = "final"
    case = case_from_data(data, "final.yaml")
    accept = sorted({f.rule for f in check_case(case) if f.severity.label == "error"})
    _, _, blob = compose_case(case, LIB, accept=accept)
    path = tmp_path / "final.docx"
    path.write_bytes(blob)
    found = check_document(path)
    assert ("OD101", True, "accepted when the order was composed", "order.kind") in [
        (f.rule, f.suppressed, f.suppression_reason, f.location.field) for f in found
    ]
    assert sorted(f.rule for f in found if f.suppressed) == accept
    assert all(f.path == str(path) and f.location.line is None for f in found)

    edited = docx.Document(str(path))
    para = next(p for p in edited.paragraphs if "must attend" in p.text)
    para.runs[-1].text = para.runs[-1].text.replace("including an initial assessment ", "")
    edited.save(str(path))
    found = check_document(path)
    codes = sorted(f.rule for f in found)
    assert "OD002" in codes, codes  # edited since composed: now checked from its text
    # The court's acceptances still stand for the same rules, and say the text changed.
    assert {f.suppression_reason for f in found if f.suppressed} == {
        "accepted when the order was composed (its text was edited since)"}
    assert {f.rule for f in found if f.suppressed} <= set(accept)
    assert all(not f.suppressed for f in found if f.rule not in accept)


def test_every_xml_part_is_well_formed_and_python_docx_opens_it(tmp_path: Path) -> None:
    for case_path in GOLDEN_CASES.values():
        blob = compose_case(load_case(case_path), LIB)[2]
        names = xml_parts(blob)
        assert {"word/document.xml", "word/header1.xml", "word/footer1.xml",
                "docProps/core.xml", "docProps/custom.xml", "[Content_Types].xml"} <= set(names)
        with zipfile.ZipFile(io.BytesIO(blob)) as zf:
            types = zf.read("[Content_Types].xml").decode()
            assert types.count("/docProps/custom.xml") == 1
        assert docx.Document(io.BytesIO(blob)).paragraphs


def test_the_proposed_wording_appears_as_the_letter_has_it(tmp_path: Path) -> None:
    """Independent of the golden: the five paragraphs Cafcass proposed, filled in."""
    result = compose(EXAMPLE, tmp_path)
    paragraphs = body_paragraphs(result.docx)
    expected = [
        "1.\tJohn Smith must attend a Domestic Violence Perpetrator Programme including an "
        "initial assessment on dates to be provided by Cafcass and if deemed suitable on the "
        "dates confirmed by the provider.",
        "2.\tCafcass must by 7 December 2026 refer John Smith for a suitability assessment to "
        "attend a DVPP.",
        "3.\tIf John Smith is assessed by the provider as suitable to attend the programme, "
        "Cafcass will prepare a report on John Smith’s progress midway through the programme. "
        "Cafcass to file a copy of the report with the court and serve a copy of the report on "
        "both parties.",
        "4.\tCafcass to file an updated section 7 report and risk assessment in relation to the "
        "application for a CAO on completion of the programme.",
        "5.\tThe matter to be listed for further directions at the completion of the programme "
        "on application by the parties or Cafcass.",
    ]
    start = paragraphs.index("Court Ordered Activity: Domestic Violence Perpetrator Programme")
    assert paragraphs[start + 1:start + 6] == expected


def test_a_final_order_has_no_draft_mark(tmp_path: Path) -> None:
    final = docx_text(compose(CASES / "final-cao.yaml", tmp_path).docx)
    draft = docx_text(compose(EXAMPLE, tmp_path).docx)
    assert "DRAFT" not in final
    assert "DRAFT — NOT APPROVED BY THE COURT" in draft


def _header_xml(blob: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return "".join(zf.read(n).decode("utf-8") for n in zf.namelist()
                       if n.startswith("word/header"))


def test_a_draft_carries_words_watermark_and_final_removes_it() -> None:
    case = load_case(EXAMPLE)
    draft = _header_xml(compose_case(case, LIB)[2])
    final = _header_xml(compose_case(case, LIB, final=True)[2])
    assert draft.count('id="PowerPlusWaterMarkObject1"') == 1
    assert 'string="DRAFT"' in draft and "rotation:315" in draft
    assert "WaterMark" not in final and "DRAFT" not in final
    # Only the header (and the drafting-notes comment) changes: the order's words do not.
    bodies = [read_document_text(compose_case(case, LIB, final=f)[2]) for f in (False, True)]
    assert bodies[0] == bodies[1]


def _comments(blob: bytes) -> list[tuple[str, str]]:
    return [(c.author, c.text) for c in docx.Document(io.BytesIO(blob)).comments]


def test_drafting_notes_are_a_word_comment_on_drafts_only() -> None:
    """The expected DVPP timetable reaches the legal adviser as a comment on the order's
    title: in Word's margin, not in the order's text, gone from an approved order."""
    from orderdraft.timetable import timetable_notes

    case = load_case(EXAMPLE)
    draft = compose_case(case, LIB)[2]
    [(author, text)] = _comments(draft)
    assert author == "orderdraft"
    assert text.split("\n") == ["Drafting notes from orderdraft for the legal adviser (not "
                                 "part of the order):", *timetable_notes(case)]
    assert "expected timetable" not in "\n".join(read_document_text(draft))
    assert _comments(compose_case(case, LIB, final=True)[2]) == []
    no_dvpp = load_case(CASES / "miam-spip.yaml")
    assert timetable_notes(no_dvpp) == [] and _comments(compose_case(no_dvpp, LIB)[2]) == []


def read_document_text(blob: bytes) -> tuple[str, ...]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "order.docx"
        path.write_bytes(blob)
        return read_document(path).paragraphs


# --- user text is data ---------------------------------------------------------------

HOSTILE = [
    "{{ 7*7 }}",
    "{% for x in y %}{% endfor %}",
    "{%p if x %}{%tr endfor %}",
    "{_{ x }_} {_% y %_}",
    "{# comment #}",
    "Tom & Jerry <Ltd> \"quoted\" 'single' a > b",
    "&amp; &lt; &#x41; ]]> <![CDATA[x]]> <!-- c -->",
    "<w:t>injected</w:t></w:r></w:p>",
    "Siân Llŷr",
    "Zoë O'Brien-Ñúñez",
    "‏محمد بن سلمان‎",
    "דוד בן-גוריון",
    "Ελένη Παπαδοπούλου",
    "李小龍 👨‍👩‍👧",
    "a\u00a0b\u200bc\u2028d",
    "Ann\tLee",
    "Ab " * 333 + "A",
]


def _with(value: str) -> dict[str, Any]:
    data = example_data()
    data["parties"][0]["name"] = value
    data["children"][0]["name"] = value + " Jr"
    data["court"]["name"] = "Court " + value
    data["hearing"]["type"] = value
    data["judge"] = value
    data["activities"][0]["provider"] = value
    data["order"]["recitals"] = [value]
    return data


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_user_text_comes_out_literally(value: str) -> None:
    case = case_from_data(_with(value), "hostile.yaml")
    draft, _, blob = compose_case(case, LIB)
    xml_parts(blob)
    d = docx.Document(io.BytesIO(blob))
    paragraphs = [p.text for p in d.paragraphs]
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert cells[:2] == ["Applicant", value]
    assert value + " Jr" in cells
    assert paragraphs[0] == "IN THE COURT " + value.upper()
    assert f"1.\t{value} must attend a Domestic Violence Perpetrator Programme" in "\n".join(
        paragraphs)
    assert f"Upon the {value} on 23 November 2026 before {value}." in paragraphs
    assert value in paragraphs  # the extra recital, alone in its paragraph
    assert core_properties(blob)["author"] == "Court " + value
    assert json.loads(custom_properties(blob)["orderdraft.case"])["judge"] == value
    assert [p.text for p in draft.paragraphs if p.clause_id == "case.recital"] == [value]


def test_a_very_long_name_composes_and_the_file_name_stays_short(tmp_path: Path) -> None:
    case_file = tmp_path / ("n" * 200 + ".yaml")
    data = _with("y" * 1000)
    case_file.write_text(json.dumps(data), "utf-8")  # JSON is YAML enough for a .yaml file
    result = compose(case_file, tmp_path / "out")
    assert result.docx.name == "n" * 100 + ".docx"
    assert "y" * 1000 in [c.text for t in docx.Document(str(result.docx)).tables
                          for r in t.rows for c in r.cells]
