"""Write the hostile-input corpus: one small file (or clause folder) per way input goes bad.

    python tests/hostile/make_corpus.py            # rewrite tests/hostile/corpus/
    python tests/hostile/make_corpus.py --check    # exit 1 if the committed corpus is stale

Every file here is small and harmless on disk: the zip bomb *declares* a huge expansion
(and inflates 2 MB of zeros at most), the "billion laughs" YAML stops at the first alias.
Inputs that are large, or that git cannot hold (a FIFO, a symlink, a folder named .docx),
are made at test time by ``make_runtime`` into a temporary folder. The expected outcome
of each entry is in ``expected.yaml`` beside this script.

The corpus plants ``SECRET`` (a stand-in for a child's name) wherever a value sits next to
the defect, so the corpus test can assert error output never echoes it.
"""

from __future__ import annotations

import io
import os
import re
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
EXAMPLE = HERE.parents[1] / "examples" / "dvpp-direction.yaml"

SECRET = "Zebedee Quillfeather"

# --------------------------------------------------------------------------- case files


def example() -> str:
    """The shipped example with the child's name replaced by SECRET."""
    return EXAMPLE.read_text("utf-8").replace("Amy Smith", SECRET)


def swap(old: str, new: str) -> Callable[[], bytes]:
    def make() -> bytes:
        text = example()
        assert text.count(old) == 1, old
        return text.replace(old, new).encode("utf-8")

    return make


def raw(data: bytes | str) -> Callable[[], bytes]:
    return lambda: data if isinstance(data, bytes) else data.encode("utf-8")


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
    for i in range(8)
)

CASES: dict[str, Callable[[], bytes]] = {
    "not_yaml.yaml": raw("court: [Family Court\n"),
    "not_json.json": raw('{"court": {"name": "x",}\n'),
    "yaml_named_json.json": swap("court:", "court:"),
    "top_level_list.yaml": raw("- court\n- judge\n"),
    "top_level_text.yaml": raw(f"{SECRET}\n"),
    "wrong_type_list.yaml": swap(
        f"children:\n  - name: {SECRET}\n    date_of_birth: 2019-04-02\n    sex: female\n",
        f"children: {SECRET}\n",
    ),
    "wrong_type_text.yaml": swap("judge: HH Judge Watson", "judge: [HH Judge Watson]"),
    "wrong_type_bool.yaml": swap("midway_report: true", "midway_report: " + SECRET),
    "wrong_type_int.yaml": swap("sessions: 28", "sessions: twenty-eight"),
    "wrong_type_mapping.yaml": lambda: re.sub(
        r"hearing:\n(  .*\n)+", "hearing: 2026-11-23\n", example()
    ).encode(),
    "missing_key.yaml": swap("judge: HH Judge Watson\n", ""),
    "missing_nested_key.yaml": swap("    date_of_birth: 2019-04-02\n", ""),
    "unknown_key.yaml": swap("judge:", "jduge:"),
    "unknown_nested_key.yaml": swap(
        "    date_of_birth: 2019-04-02", "    date_of_brith: 2019-04-02"
    ),
    "enum_value.yaml": swap("    sex: female\nactivities", f"    sex: {SECRET}\nactivities"),
    "party_reference.yaml": swap("    party: father", "    party: uncle"),
    "no_children.yaml": swap(
        f"children:\n  - name: {SECRET}\n    date_of_birth: 2019-04-02\n    sex: female\n",
        "children: []\n",
    ),
    "duplicate_key.yaml": swap("judge: HH Judge Watson", "judge: HH Judge Watson\njudge: Again"),
    "duplicate_key.json": raw('{"judge": "a", "judge": "b"}\n'),
    "date_day_month_year.yaml": swap("date_of_birth: 2019-04-02", "date_of_birth: 02/04/2019"),
    "date_with_time.yaml": swap("  date: 2026-11-23", "  date: 2026-11-23T10:30:00"),
    "date_in_words.yaml": swap("  date: 2026-11-23", "  date: 23 November 2026"),
    "date_impossible.yaml": swap("date_of_birth: 2019-04-02", "date_of_birth: 2019-02-30"),
    "date_month_13.yaml": swap("refer_by: 2026-12-07", "refer_by: 2026-13-07"),
    "date_as_number.yaml": swap("refer_by: 2026-12-07", "refer_by: 20261207"),
    "date_year_9999.yaml": swap("refer_by: 2026-12-07", "refer_by: 9999-12-30"),
    "date_year_0226.yaml": swap("date_of_birth: 2019-04-02", "date_of_birth: 0219-04-02"),
    "empty.yaml": raw(b""),
    "whitespace_only.yaml": raw("  \n\n\t\n"),
    "comment_only.yaml": raw("# nothing but a comment\n"),
    "bom_only.yaml": raw(b"\xef\xbb\xbf"),
    "not_utf8.yaml": lambda: swap(SECRET, "Zo\u00eb Quillfeather")().decode().encode("latin-1"),
    "utf16.yaml": lambda: example().encode("utf-16"),
    "nul_byte.yaml": lambda: swap("judge: HH Judge Watson", "judge: HH Judge\x00Watson")(),
    "control_character.yaml": lambda: swap("judge: HH Judge Watson", "judge: HH \x07Watson")(),
    "escaped_nul.yaml": swap("judge: HH Judge Watson", 'judge: "HH Judge\\0Watson"'),
    "lone_surrogate.yaml": swap("judge: HH Judge Watson", 'judge: "HH Judge \\ud800"'),
    "billion_laughs.yaml": raw(LAUGHS),
    "alias.yaml": swap("  country: england", "  country: &c england\njudge_country: *c"),
    "merge_key.yaml": swap("court:\n", "court:\n  <<: {name: x}\n"),
    "complex_key.yaml": raw("? [court, judge]\n: x\n"),
    "python_tag.yaml": raw("court: !!python/object/apply:os.system [echo pwned]\n"),
    "python_tag_on_mapping.yaml": raw("court: !!python/object:os.system {name: x}\n"),
    "python_name_tag.yaml": raw("court: !!python/name:os.system ''\n"),
    "custom_tag.yaml": swap("judge: HH Judge Watson", "judge: !judge HH Judge Watson"),
    "binary_tag.yaml": swap("judge: HH Judge Watson", "judge: !!binary SEhKdWRnZQ=="),
    "deep_nesting.yaml": raw("court: " + "[" * 60 + "]" * 60 + "\n"),
    "deep_nesting.json": raw('{"court": ' + "[" * 60 + "]" * 60 + "}\n"),
    "long_scalar.yaml": swap("case_number: NG26P01234", "case_number: " + "N" * 5000),
    "multiple_documents.yaml": lambda: (example() + "---\njudge: again\n").encode(),
    "tab_indentation.yaml": swap("  name: Family Court", "\tname: Family Court"),
    "huge_integer.json": raw('{"court": ' + "9" * 5000 + "}\n"),
}

# Expected: case files above are each refused with exit 2 by validate and compose.

# --------------------------------------------------------------------------- documents

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def document_xml(text: str = f"{SECRET} must attend a DVPP.", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()


def docx(parts: dict[str, bytes] | None = None, *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    base = {"[Content_Types].xml": CONTENT_TYPES.encode(), "word/document.xml": document_xml()}
    parts = base | (parts or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(_entry(name), data)
    return out.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    """A fixed timestamp, so the committed corpus is byte-for-byte reproducible."""
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def truncated_docx() -> bytes:
    data = docx()
    return data[: len(data) // 2]


def corrupt_deflate_docx() -> bytes:
    data = bytearray(docx({"word/document.xml": document_xml(SECRET * 200)}))
    start = data.index(b"word/document.xml") + len(b"word/document.xml") + 10
    for i in range(start, start + 40):
        data[i] ^= 0x5A
    return bytes(data)


def declared_bomb_docx() -> bytes:
    """2 MB of zeros deflate to ~2 KB: a ratio of ~1000, refused from the directory."""
    return docx({"word/document.xml": b"<w:document>" + b"0" * (2 * 1024 * 1024)})


def lying_sizes_docx() -> bytes:
    """The central directory claims 100 bytes; the entry inflates to 2 MB."""
    body = document_xml("x" * (2 * 1024 * 1024))
    data = bytearray(docx({"word/document.xml": body}))
    declared = len(body).to_bytes(4, "little")
    at = data.rindex(b"PK\x01\x02")  # last central-directory record: word/document.xml
    while at >= 0:
        name_len = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_len] == b"word/document.xml":
            assert data[at + 24 : at + 28] == declared
            data[at + 24 : at + 28] = (100).to_bytes(4, "little")
            break
        at = data.rindex(b"PK\x01\x02", 0, at)
    return bytes(data)


def encrypted_entry_docx() -> bytes:
    data = bytearray(docx())
    at = data.index(b"PK\x01\x02")
    while at >= 0:
        data[at + 8] |= 0x1  # general-purpose flag bit 0: encrypted
        nxt = data.find(b"PK\x01\x02", at + 4)
        at = nxt
    return bytes(data)


def duplicate_parts_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(_entry("[Content_Types].xml"), CONTENT_TYPES)
        zf.writestr(_entry("word/document.xml"), document_xml())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name": exactly what we want
            zf.writestr(_entry("word/document.xml"), document_xml("a different order"))
    return out.getvalue()


XXE = '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
XML_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "lol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9))
    + "]>"
)


def minimal_pdf(extra_trailer: str = "", *, pages: int = 1) -> bytes:
    """A valid PDF with correct xref offsets, built by hand so no library is needed."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
        *["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {extra_trailer}>>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt(user_password="court", owner_password="court", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def slow_pdf() -> bytes:
    """11 KB that pypdf needs ~20 s to read: 400,000 text operators deflated 500 to 1.

    Not in the CLI corpus (it would cost the full 20 s limit there); the limit test reads it
    with a one-second limit.
    """
    import zlib

    ops = b"BT /F1 12 Tf 72 700 Td " + b"(a) Tj 1 0 Td " * 400_000 + b"ET"
    data = zlib.compress(ops, 9)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
    return _pdf_with_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def _pdf_with_objects(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def text_pdf(
    lines: tuple[str, ...] = (f"{SECRET} must attend a DVPP.", "1. Cafcass must refer"),
) -> bytes:
    """A small valid PDF with real text (one compressed page, one plain), for mutation."""
    import zlib

    def content(text: str) -> bytes:
        return b"BT /F1 12 Tf 72 700 Td (" + text.encode("latin-1") + b") Tj ET"

    plain = content(lines[1])
    packed = zlib.compress(content(lines[0]))
    return _pdf_with_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 7 0 R >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R "
        b"/Resources << /Font << /F1 7 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(plain), plain),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def self_referencing_pdf() -> bytes:
    """A page tree whose /Kids points back at itself: a parser loop if unguarded."""
    return minimal_pdf().replace(b"/Kids [3 0 R]", b"/Kids [2 0 R]")


DOCS: dict[str, Callable[[], bytes]] = {
    "truncated.docx": truncated_docx,
    "corrupt_deflate.docx": corrupt_deflate_docx,
    "plain_text.docx": raw(f"{SECRET} must attend.\n"),
    "empty.docx": raw(b""),
    "zip_without_word.docx": lambda: _zip({"hello.txt": SECRET.encode()}),
    "empty_zip.docx": lambda: _zip({}),
    "zip_bomb_declared.docx": declared_bomb_docx,
    "zip_bomb_lying_sizes.docx": lying_sizes_docx,
    "external_entity.docx": lambda: docx({"word/document.xml": document_xml("&x;", XXE)}),
    "external_entity_utf16.docx": lambda: docx(
        {"word/document.xml": document_xml("&x;", XXE).decode().replace(
            'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")}
    ),
    "billion_laughs.docx": lambda: docx({"word/document.xml": document_xml("&j;", XML_LAUGHS)}),
    "dtd_in_core_properties.docx": lambda: docx(
        {"docProps/core.xml": b'<?xml version="1.0"?>' + XXE.encode() + b"<cp/>"}
    ),
    "encrypted_entry.docx": encrypted_entry_docx,
    "duplicate_parts.docx": duplicate_parts_docx,
    "malformed_xml.docx": lambda: docx(
        {"word/document.xml": f"<w:document><w:body><w:p>{SECRET}</w:body>".encode()}
    ),
    "old_word_doc.docx": raw(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512),
    "rtf.docx": raw("{\\rtf1\\ansi " + SECRET + "}"),
    "png.docx": raw(b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    "pdf_named.docx": minimal_pdf,
    "docx_named.pdf": docx,
    "truncated.pdf": lambda: minimal_pdf()[:-40],
    "no_eof_marker.pdf": lambda: minimal_pdf().replace(b"%%EOF", b"%%EO"),
    "garbage_body.pdf": raw(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"),
    "encrypted.pdf": encrypted_pdf,
    "self_referencing_pages.pdf": self_referencing_pdf,
    "html_named.pdf": raw(f"<html><body>{SECRET}</body></html>"),
}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            zf.writestr(_entry(name), data)
    return out.getvalue()


# --------------------------------------------------------------------------- clause libraries

CLAUSE = """\
library: hostile
description: one clause with hostile wording
clauses:
  - id: a.one
    title: One
    section: direction
    status: recommended
    version: 1
    effective_from: 2016-12-23
    text: {text}
    variables:
      participant: {{type: name, description: who}}
    citations:
      - {{kind: statute, ref: Children Act 1989 s11A}}
"""


def clause(text: str) -> Callable[[], bytes]:
    quoted = "'" + text.replace("'", "''") + "'"
    return raw(CLAUSE.format(text=quoted))


def clause_file(body: str) -> Callable[[], bytes]:
    return raw(body)


P = "{{ participant }} "
CLAUSES: dict[str, Callable[[], bytes]] = {
    "dunder_mro": clause(P + "{{ ''.__class__.__mro__ }}"),
    "cycler_globals": clause(P + "{{ cycler.__init__.__globals__ }}"),
    "getitem_dunder": clause(P + "{{ participant['__class__'] }}"),
    "attr_filter": clause(P + "{{ participant|attr('__class__') }}"),
    "string_method": clause(P + "{{ participant.upper() }}"),
    "string_center": clause(P + "{{ participant.center(1000000000) }}"),
    "huge_range": clause(P + "{% for i in range(10**9) %}x{% endfor %}"),
    "string_repeat": clause(P + "{{ 'a' * 10**9 }}"),
    "huge_power": clause(P + "{{ 10 ** 100000000 }}"),
    "printf_width": clause(P + "{{ '%0999999999d' % 1 }}"),
    "set_doubling": clause(P + "{% set a = 'xx' %}" + "{% set a = a ~ a %}" * 60 + "{{ a }}"),
    "macro_recursion": clause(P + "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"),
    "nested_loops": clause(
        "{% for a in participant %}{% for b in participant %}{{ a }}{{ b }}{% endfor %}"
        "{% endfor %}"
    ),
    "undefined_variable": clause(P + "{{ respondent }}"),
    "deep_parentheses": clause(P + "{{ " + "(" * 600 + "1" + ")" * 600 + " }}"),
    "syntax_error": clause(P + "{% if participant %}"),
    "include": clause(P + "{% include '/etc/passwd' %}"),
    "foreign_filter": clause(P + "{{ participant|center(1000000000) }}"),
    "unknown_key": raw(CLAUSE.format(text="x").replace("    version: 1", "    verison: 1")),
    "not_yaml": clause_file("library: [hostile\n"),
    "billion_laughs": clause_file(LAUGHS),
    "python_tag": clause_file("library: !!python/object/apply:os.system [echo pwned]\n"),
    "duplicate_key": raw(
        CLAUSE.format(text="x").replace("    version: 1", "    version: 1\n    version: 2")
    ),
    "not_utf8": lambda: CLAUSE.format(text="'Zo\u00eb {{ participant }}'").encode("latin-1"),
    "date_impossible": raw(CLAUSE.format(text="'{{ participant }}'").replace(
        "2016-12-23", "2016-02-30")),
}


# --------------------------------------------------------------------------- writing


def build(dest: Path = CORPUS) -> dict[str, bytes]:
    """Every committed corpus file by relative path (also writes them under ``dest``)."""
    files: dict[str, bytes] = {}
    for name, make in CASES.items():
        files[f"cases/{name}"] = make()
    for name, make in DOCS.items():
        files[f"docs/{name}"] = make()
    for name, make in CLAUSES.items():
        files[f"clauses/{name}/library.yaml"] = make()
    for rel, data in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


def make_runtime(dest: Path) -> dict[str, Path]:
    """Inputs git cannot hold or that are too big to commit, made fresh for a test run."""
    dest.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}

    def put(name: str, data: bytes) -> Path:
        path = dest / name
        path.write_bytes(data)
        made[name] = path
        return path

    put("huge.yaml", b"case_number: " + b"N" * (3 * 1024 * 1024) + b"\n")
    put("very_deep.yaml", b"court: " + b"[" * 5_000 + b"\n")
    put("very_deep.json", b'{"court": ' + b"[" * 5_000 + b"\n")
    put("too_many_values.json", b"[" + b"0," * 25_000 + b"0]\n")
    put("too_many_pages.pdf", minimal_pdf(pages=501))
    huge = dest / "huge.docx"
    with huge.open("wb") as fh:  # sparse: 51 MB on paper, nothing on disk
        fh.write(docx())
        fh.truncate(51 * 1024 * 1024)
    made["huge.docx"] = huge
    target = put("symlink_target.docx", docx())
    (dest / "symlink.docx").symlink_to(target.name)
    made["symlink.docx"] = dest / "symlink.docx"
    os.mkfifo(dest / "fifo.docx")
    made["fifo.docx"] = dest / "fifo.docx"
    os.mkfifo(dest / "fifo.yaml")
    made["fifo.yaml"] = dest / "fifo.yaml"
    (dest / "folder.docx").mkdir()
    made["folder.docx"] = dest / "folder.docx"
    made["missing.docx"] = dest / "missing.docx"
    made["missing.yaml"] = dest / "missing.yaml"
    return made


def main(argv: list[str]) -> int:
    if "--check" in argv:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            fresh, again = build(Path(tmp) / "a"), build(Path(tmp) / "b")
        # Encrypted PDFs get fresh salts every time: only reproducible files can be stale.
        stale = [rel for rel, data in fresh.items()
                 if again[rel] == data and (CORPUS / rel).read_bytes() != data]
        for rel in stale:
            print(f"stale: {rel}")
        return 1 if stale else 0
    files = build()
    print(f"wrote {len(files)} files under {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
