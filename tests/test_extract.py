"""Reading untrusted DOCX/PDF: the text the rules see, and every way a file can be refused.

Fixtures are built in code rather than shipped as binaries so each hostile variant (bomb,
DTD, encrypted entry, lying sizes) is visible in the test that uses it.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import struct
import threading
import warnings
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from orderdraft import extract
from orderdraft.errors import DocumentError
from orderdraft.extract import Document, Limits, read_document, sniff_kind

# A stand-in for a child's name: it must never appear in an error message.
SECRET = "Zebedee Quill"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def document_xml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {NSDECL}><w:body>{body}<w:sectPr/></w:body></w:document>"
    )


def para(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def build_docx(
    body: str = para(run("Hello")),
    *,
    document: str | bytes | None = None,
    extra: Mapping[str, str | bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document if document is not None else document_xml(body))
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def build_pdf(
    pages: list[list[str]],
    *,
    metadata: dict[str, str] | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> bytes:
    """A minimal text PDF: Helvetica, one ``Tj`` per line, no LibreOffice needed."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    font_ref = writer._add_object(font)
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if metadata:
        writer.add_metadata(metadata)
    if user_password is not None or owner_password is not None:
        writer.encrypt(
            user_password=user_password or "",
            owner_password=owner_password,
            algorithm="AES-128",
        )
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes], Path]:
    def _write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write


def refused(path: Path, *, limits: Limits = extract.DEFAULT_LIMITS) -> str:
    """Read a file that must be refused; return the one-line message for assertions."""
    with pytest.raises(DocumentError) as info:
        read_document(path, limits=limits)
    message = info.value.format_message()
    assert "\n" not in message
    assert message.startswith(str(path))
    assert SECRET not in message
    return message


# --------------------------------------------------------------------------- DOCX text


def test_docx_paragraphs_tables_whitespace_and_headers_excluded(write: Any) -> None:
    body = (
        para(run("IN THE  FAMILY\u00a0COURT"), run("  "))
        + para()  # empty paragraph dropped
        + para(
            "<w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>",
            run("1."),
            "<w:r><w:tab/></w:r>",
            run("The non"),
            "<w:r><w:noBreakHyphen/></w:r>",
            run("molestation order"),
            "<w:r><w:br/></w:r>",
            run("continues"),
        )
        + "<w:tbl><w:tr>"
        + f"<w:tc>{para(run('Applicant'))}</w:tc><w:tc>{para(run(SECRET))}</w:tc>"
        + "</w:tr></w:tbl>"
        + para(run("Last"))
    )
    header = document_xml(para(run("HEADER TEXT"))).replace("w:document", "w:hdr")
    path = write("order.docx", build_docx(body, extra={"word/header1.xml": header}))
    doc = read_document(path)
    assert doc == Document(
        path=path,
        kind="docx",
        paragraphs=(
            "IN THE FAMILY COURT",
            "1. The non-molestation order continues",
            "Applicant",
            SECRET,
            "Last",
        ),
        paragraph_pages=(0, 0, 0, 0, 0),
        properties={},
    )
    assert isinstance(hash(doc), int)  # usable as a cache key despite the mapping view
    assert sniff_kind(path) == "docx"


def test_docx_tracked_changes_keep_insertions_drop_deletions(write: Any) -> None:
    body = para(
        run("The father "),
        '<w:ins w:id="1" w:author="a"><w:r><w:t>must</w:t></w:r></w:ins>',
        '<w:del w:id="2" w:author="a"><w:r><w:delText>may</w:delText></w:r></w:del>',
        run(" attend"),
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>OLD PLACE</w:t></w:r></w:moveFrom>',
        '<w:moveTo w:id="4" w:author="a"><w:r><w:t> a DVPP</w:t></w:r></w:moveTo>',
    )
    doc = read_document(write("o.docx", build_docx(body)))
    assert doc.paragraphs == ("The father must attend a DVPP",)


def test_docx_text_box_alternate_content_read_once(write: Any) -> None:
    box = para(run("Text in a box"))
    body = para(
        run("Before"),
        "<w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx><w:txbxContent>{box}"
        "</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox><w:txbxContent>{box}"
        "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>",
        run(" after"),
    ) + para(
        # A plain VML text box (no AlternateContent) still counts.
        "<w:r><w:pict><v:textbox><w:txbxContent>"
        + para(run("Legacy box"))
        + "</w:txbxContent></v:textbox></w:pict></w:r>"
    )
    doc = read_document(write("o.docx", build_docx(body)))
    assert doc.paragraphs == ("Before after", "Text in a box", "Legacy box")


def test_docx_custom_and_core_properties(write: Any) -> None:
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="OrderdraftCase">'
        "<vt:lpwstr>LS24P01234</vt:lpwstr></property>"
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Revision">'
        "<vt:i4>7</vt:i4></property>"
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="4" name="core:title">'
        "<vt:lpwstr>forged</vt:lpwstr></property>"
        "</Properties>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:title>Child arrangements  order</dc:title><dc:subject>C43</dc:subject>"
        "<cp:keywords>dvpp</cp:keywords><dc:creator>someone</dc:creator>"
        "</cp:coreProperties>"
    )
    path = write(
        "o.docx", build_docx(extra={"docProps/custom.xml": custom, "docProps/core.xml": core})
    )
    props = read_document(path).properties
    assert dict(props) == {
        "OrderdraftCase": "LS24P01234",
        "Revision": "7",
        "core:title": "Child arrangements  order",  # kept as stored, not normalised
        "core:subject": "C43",
        "core:keywords": "dvpp",
    }
    with pytest.raises(TypeError):
        props["x"] = "y"  # type: ignore[index]


def test_docx_made_by_python_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("1. First paragraph.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell A"
    table.cell(0, 1).text = "Cell B"
    d.core_properties.title = "Title here"
    path = tmp_path / "real.docx"
    d.save(str(path))
    doc = read_document(path)
    assert doc.paragraphs == ("1. First paragraph.", "Cell A", "Cell B")
    assert doc.properties["core:title"] == "Title here"


def test_composer_fingerprint_matches_read_document(write: Any) -> None:
    """compose.py hashes document_xml_paragraphs(); validate hashes read_document()."""
    xml = document_xml(
        para(run("A  "), "<w:r><w:tab/></w:r>", run("b")) + para() + para(run("\u00a0c"))
    )
    doc = read_document(write("o.docx", build_docx(document=xml)))
    assert extract.document_xml_paragraphs(xml.encode()) == doc.paragraphs == ("A b", "c")


def test_docx_strict_open_xml_namespace(write: Any) -> None:
    strict = document_xml(para(run("Strict text"))).replace(
        W_NS, "http://purl.oclc.org/ooxml/wordprocessingml/main"
    )
    assert read_document(write("s.docx", build_docx(document=strict))).paragraphs == (
        "Strict text",
    )


# --------------------------------------------------------------------------- DOCX refusals


def test_zip_bomb_refused_from_central_directory(write: Any) -> None:
    bomb = document_xml(para(run("x"))).replace("<w:sectPr/>", " " * (20 * 1024 * 1024))
    data = build_docx(document=bomb)
    assert len(data) < 200_000
    assert "zip bomb" in refused(write("bomb.docx", data))


def test_uncompressed_budget_enforced(write: Any) -> None:
    path = write("o.docx", build_docx(para(run("a" * 5000))))
    assert "expands to more than" in refused(path, limits=Limits(max_uncompressed_bytes=1000))


def _patch_zip(data: bytes, name: bytes, *, flag: int = 0, size: int | None = None) -> bytes:
    """Edit a member's local and central headers in place (zipfile cannot write lies)."""
    out = bytearray(data)
    pos = 0
    while (local := out.find(b"PK\x03\x04", pos)) != -1:
        n = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30 : local + 30 + n] == name:
            struct.pack_into(
                "<H", out, local + 6, struct.unpack_from("<H", out, local + 6)[0] | flag
            )
            if size is not None:
                struct.pack_into("<I", out, local + 22, size)
        pos = local + 4
    pos = 0
    while (central := out.find(b"PK\x01\x02", pos)) != -1:
        n = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + n] == name:
            struct.pack_into(
                "<H", out, central + 8, struct.unpack_from("<H", out, central + 8)[0] | flag
            )
            if size is not None:
                struct.pack_into("<I", out, central + 24, size)
        pos = central + 4
    return bytes(out)


def test_lying_uncompressed_size_is_damage_not_a_crash(write: Any) -> None:
    big = document_xml(para(run("y" * 3_000_000)))
    data = _patch_zip(build_docx(document=big), b"word/document.xml", size=2000)
    assert "damaged" in refused(write("liar.docx", data))


@pytest.mark.parametrize("part", ["word/document.xml", "docProps/custom.xml"])
def test_billion_laughs_refused_without_expanding(write: Any, part: str) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz ['
        '<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + f"]><w:document {NSDECL}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    extra = {part: laughs} if part != "word/document.xml" else None
    data = build_docx(document=laughs if extra is None else None, extra=extra)
    message = refused(write("lol.docx", data))
    assert "contains a DTD, which Word never writes; refusing it" in message


def test_external_entity_refused_even_in_utf16(write: Any, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text(SECRET)
    xxe = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{tmp_path}/secret.txt">]>'
        f"<w:document {NSDECL}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>"
        "</w:document>"
    ).encode("utf-16")
    assert "contains a DTD" in refused(write("xxe.docx", build_docx(document=xxe)))


def test_encrypted_zip_entry_refused(write: Any) -> None:
    data = _patch_zip(build_docx(), b"word/document.xml", flag=0x1)
    assert "contains encrypted parts" in refused(write("enc.docx", data))


def test_duplicate_parts_refused(write: Any) -> None:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as zf:
        warnings.simplefilter("ignore")
        zf.writestr("word/document.xml", document_xml(para(run("shown"))))
        zf.writestr("word/document.xml", document_xml(para(run("checked"))))
    assert "damaged (duplicate parts)" in refused(write("dup.docx", buf.getvalue()))


def test_malformed_xml_names_class_not_content(write: Any) -> None:
    broken = document_xml(para(run(SECRET))).replace("</w:t>", "</w:x>")
    message = refused(write("broken.docx", build_docx(document=broken)))
    assert message.endswith("could not be read: the file is damaged (XMLSyntaxError)")


def test_zip_without_word_part_is_not_a_word_document(write: Any) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    path = write("sheet.docx", buf.getvalue())
    assert "is not a Word document" in refused(path)
    assert sniff_kind(path) is None


def test_truncated_docx(write: Any) -> None:
    data = build_docx(para(run(SECRET * 50)))
    message = refused(write("cut.docx", data[: len(data) // 2]))
    assert "could not be read: the file is damaged (BadZipFile)" in message


# --------------------------------------------------------------------------- files


def test_plain_text_named_docx(write: Any) -> None:
    path = write("order.docx", f"Dear {SECRET}, this is not a document\n".encode())
    assert "is not a Word (.docx) or PDF document (it looks like plain text)" in refused(path)
    assert sniff_kind(path) is None


def test_pdf_named_docx_and_docx_named_pdf(write: Any) -> None:
    assert "is named .docx but is a PDF; rename it to .pdf" in refused(
        write("order.docx", build_pdf([["x"]]))
    )
    assert "is named .pdf but is a Word document" in refused(write("order.pdf", build_docx()))


def test_kind_comes_from_bytes_when_the_name_says_nothing(write: Any) -> None:
    assert read_document(write("upload.bin", build_pdf([["Text."]]))).kind == "pdf"
    assert read_document(write("upload", build_docx())).kind == "docx"


def test_old_doc_or_protected_word_file(write: Any) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert "password-protected Word file" in refused(write("o.docx", ole))


def test_empty_file(write: Any) -> None:
    assert refused(write("empty.docx", b"")).endswith(": is empty")


def test_too_large(write: Any) -> None:
    path = write("big.docx", build_docx())
    assert "is too large to check" in refused(path, limits=Limits(max_file_bytes=100))


def test_missing_folder_fifo(tmp_path: Path) -> None:
    assert "does not exist" in refused(tmp_path / "nope.docx")
    assert "is a folder" in refused(tmp_path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.docx")
        assert "is not a regular file" in refused(tmp_path / "pipe.docx")


def test_symlink_refused(write: Any, tmp_path: Path) -> None:
    target = write("real.docx", build_docx())
    link = tmp_path / "link.docx"
    link.symlink_to(target)
    assert refused(link).endswith("is a symbolic link; pass the real file")
    with pytest.raises(DocumentError, match="symbolic link"):
        sniff_kind(link)


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions"
)
def test_permission_denied(write: Any) -> None:
    path = write("locked.docx", build_docx())
    path.chmod(0)
    try:
        assert "permission denied" in refused(path)
    finally:
        path.chmod(0o600)


def test_permission_denied_simulated(write: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs even as root: the open itself is made to fail the way chmod 000 would."""
    path = write("locked.docx", build_docx())

    def deny(*args: Any, **kwargs: Any) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", deny)
    assert refused(path).endswith("cannot be opened: permission denied")


# --------------------------------------------------------------------------- PDF


def test_pdf_text_pages_and_info(write: Any) -> None:
    data = build_pdf(
        [
            [
                "IN THE FAMILY COURT",  # short: a heading, its own paragraph
                "Recitals: the court read the bundle and heard from both",
                "parents in person.",
                "1. The respondent must attend a domestic abuse",
                "perpetrator programme and must not contact the chil-",
                "dren directly or through any other person at all.",
                "2. This non-molestation order lasts 12 months:",
                "(a) from today;",
            ],
            ["3. Costs reserved."],
        ],
        metadata={"/Title": "Order  one", "/OrderdraftCase": "LS24P01234"},
    )
    path = write("order.pdf", data)
    doc = read_document(path)
    assert doc.kind == "pdf"
    assert doc.paragraphs == (
        "IN THE FAMILY COURT",
        "Recitals: the court read the bundle and heard from both parents in person.",
        "1. The respondent must attend a domestic abuse perpetrator programme and must not "
        "contact the children directly or through any other person at all.",
        "2. This non-molestation order lasts 12 months:",
        "(a) from today;",
        "3. Costs reserved.",
    )
    assert doc.paragraph_pages == (1, 1, 1, 1, 1, 2)
    assert doc.properties["Title"] == "Order  one"  # kept as stored
    assert doc.properties["OrderdraftCase"] == "LS24P01234"
    assert sniff_kind(path) == "pdf"


def paragraphs_of(text: str, full_width: int = 0) -> list[str]:
    return extract._pdf_paragraphs(extract._lines(text), full_width)


def test_pdf_paragraph_rules() -> None:
    text = (
        "First para line one\nline two\n\n"
        "Second para ends here.\n1.1 Numbered\nnot 3 weeks.\n3 weeks"
    )
    assert paragraphs_of(text) == [
        "First para line one line two",
        "Second para ends here.",
        "1.1 Numbered not 3 weeks. 3 weeks",
    ]
    # De-hyphenate only before a lowercase start, and only after a letter.
    assert paragraphs_of("well-\nknown\nPre-\nHearing\nsum 500 -\npaid") == [
        "wellknown Pre- Hearing sum 500 - paid"
    ]
    assert paragraphs_of("chil\u00ad\ndren\u00a0 here") == ["children here"]


def test_pdf_short_line_ends_a_paragraph() -> None:
    full = "x" * 40
    text = f"Heading\n{full}\n{full}\nend of it\nNext {full}\nwraps on"
    assert paragraphs_of(text, full_width=0) == [
        f"Heading {full} {full} end of it Next {full} wraps on"
    ]
    assert paragraphs_of(text, full_width=len(full)) == [
        "Heading",
        f"{full} {full} end of it",
        f"Next {full} wraps on",
    ]
    lines = ["a" * 80] * 8 + ["b" * 10, "c" * 200]
    assert extract._full_line_width(lines) == 80  # not thrown by one overlong line
    assert extract._full_line_width(["a" * 80] * 4) == 0  # too little text to tell


def test_encrypted_pdf_refused(write: Any) -> None:
    data = build_pdf([[SECRET]], user_password="secret", owner_password="owner")
    assert refused(write("locked.pdf", data)).endswith(
        "is encrypted; ask the sender for an unprotected copy"
    )


def test_owner_password_only_pdf_opens(write: Any) -> None:
    data = build_pdf([["Readable."]], owner_password="owner")
    assert read_document(write("perms.pdf", data)).paragraphs == ("Readable.",)


def test_truncated_pdf(write: Any) -> None:
    data = build_pdf([[SECRET], ["page two"]])
    assert "is incomplete" in refused(write("cut.pdf", data[: len(data) - 200]))
    assert "damaged" in refused(write("cut2.pdf", data[:40] + b"\n%%EOF\n"))


def test_pdf_page_limit(write: Any) -> None:
    path = write("long.pdf", build_pdf([["p"]] * 3))
    assert refused(path, limits=Limits(max_pdf_pages=2)).endswith("has 3 pages; the limit is 2")
    assert len(read_document(path, limits=Limits(max_pdf_pages=3)).paragraphs) == 3


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM timers")
def test_pdf_timeout_interrupts_a_parser_loop(write: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(page: Any) -> str:
        while True:
            # Like pypdf's recovery blocks: swallows every Exception, must not swallow the alarm.
            with contextlib.suppress(Exception):
                sum(range(1000))

    monkeypatch.setattr(extract, "_page_text", stuck)
    path = write("slow.pdf", build_pdf([["x"]]))
    before = signal.getsignal(signal.SIGALRM)
    message = refused(path, limits=Limits(pdf_timeout_seconds=0.2))
    assert "took longer than 0.2 s to read" in message
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM timers")
def test_someone_elses_alarm_is_left_alone(write: Any) -> None:
    fired: list[int] = []

    def theirs(signum: int, frame: Any) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, theirs)
    signal.setitimer(signal.ITIMER_REAL, 60)
    try:
        read_document(write("a.pdf", build_pdf([["Alarm."]])))
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 60
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_pdf_in_a_worker_thread_reads_without_alarm(write: Any) -> None:
    path = write("t.pdf", build_pdf([["Threaded."]]))
    results: list[Document] = []
    worker = threading.Thread(target=lambda: results.append(read_document(path)))
    worker.start()
    worker.join(30)
    assert results[0].paragraphs == ("Threaded.",)


# --------------------------------------------------------------------------- fuzzing

BASE_DOCX = build_docx(
    para(run(SECRET), "<w:r><w:tab/></w:r>", run("must attend")) + para(run("Second")),
    extra={
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{SECRET}</dc:title></cp:coreProperties>"
        )
    },
)
BASE_PDF = build_pdf([[SECRET, "1. must attend."], ["2. Second."]], metadata={"/Title": SECRET})
BASE_XML = document_xml(para(run(SECRET), "<w:r><w:br/></w:r>") + para(run("x"))).encode()


def mutate(base: bytes) -> st.SearchStrategy[bytes]:
    """Flip, overwrite, delete or insert bytes, or cut the file short."""
    edit = st.tuples(
        st.sampled_from(["set", "flip", "del", "ins", "cut"]),
        st.integers(0, len(base) - 1),
        st.integers(0, 255),
    )

    def apply(edits: list[tuple[str, int, int]]) -> bytes:
        out = bytearray(base)
        for op, pos, value in edits:
            pos %= max(len(out), 1)
            if op == "set" and out:
                out[pos] = value
            elif op == "flip" and out:
                out[pos] ^= 1 << (value % 8)
            elif op == "del":
                del out[pos : pos + 1 + value % 16]
            elif op == "ins":
                out[pos:pos] = bytes([value]) * (1 + value % 8)
            elif op == "cut":
                del out[pos:]
        return bytes(out)

    return st.lists(edit, min_size=1, max_size=8).map(apply)


def _read_or_refuse(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        doc = read_document(path, limits=Limits(pdf_timeout_seconds=5))
    except DocumentError as exc:
        assert SECRET not in exc.format_message()
        return
    assert isinstance(doc, Document)
    assert len(doc.paragraphs) == len(doc.paragraph_pages)
    assert all(isinstance(v, str) for v in doc.properties.values())


FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=mutate(BASE_DOCX))
def test_fuzz_docx_bytes(tmp_path: Path, data: bytes) -> None:
    _read_or_refuse(tmp_path / "fuzz.docx", data)


@FUZZ
@given(data=mutate(BASE_XML))
def test_fuzz_docx_xml_inside_a_valid_zip(tmp_path: Path, data: bytes) -> None:
    # Byte flips in a ZIP mostly stop at the CRC check; this reaches the XML walker.
    _read_or_refuse(tmp_path / "fuzz.docx", build_docx(document=data))


@FUZZ
@given(data=mutate(BASE_PDF))
def test_fuzz_pdf_bytes(tmp_path: Path, data: bytes) -> None:
    _read_or_refuse(tmp_path / "fuzz.pdf", data)
