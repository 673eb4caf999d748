"""Build templates/orders/order.docx: the layout of a court order, with docxtpl tags.

The template holds layout only; all wording comes from the clause library. It is built
by code so the first version is reproducible, but staff may edit the .docx in Word
afterwards (``orderdraft templates lint`` checks their edits).

    python tools/make_order_template.py
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "orders" / "order.docx"

# Word's own watermark markup: a VML WordArt shape (type 136, "text on a path") named
# PowerPlusWaterMarkObject, centred on the page margins, rotated 315 degrees, light grey.
WATERMARK = (
    '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/>'
    '<v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/>'
    '<v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>'
    '<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>'
    '<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/>'
    '</v:shapetype>'
    '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:430pt;height:143pt;'
    'rotation:315;z-index:-251654144;mso-position-horizontal:center;'
    'mso-position-horizontal-relative:margin;mso-position-vertical:center;'
    'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#d9d9d9" '
    'stroked="f"><v:fill opacity=".5"/>'
    '<v:textpath style="font-family:&quot;Liberation Sans&quot;;font-size:1pt" string="DRAFT"/>'
    '</v:shape></w:pict>'
)


def main() -> None:
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin = sec.bottom_margin = Cm(2.0)

    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    def pstyle(name: str, *, left: float = 0, hanging: float = 0, bold: bool = False,
               center: bool = False, size: int | None = None, before: int = 0) -> None:
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        pf = st.paragraph_format
        pf.left_indent = Cm(left)
        pf.first_line_indent = Cm(-hanging) if hanging else None
        pf.space_before = Pt(before)
        if center:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if hanging:
            pf.tab_stops.add_tab_stop(Cm(left))
        st.font.bold = bold
        if size:
            st.font.size = Pt(size)

    pstyle("Court Heading", bold=True, center=True, size=12)
    pstyle("Order Title", bold=True, center=True, size=13, before=12)
    pstyle("Section Heading", bold=True, before=12)
    pstyle("Recital", left=1.0, hanging=0)
    pstyle("Order Paragraph", left=1.0, hanging=1.0)
    pstyle("Order Subparagraph", left=2.0, hanging=1.0)
    pstyle("Order Subheading", bold=True, before=6)
    pstyle("Notice", bold=False, before=6)

    header = sec.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.text = "Case number: {{ case_number }}"
    draft = sec.header.add_paragraph()
    draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
    draft.add_run("{% if draft %}")
    # The diagonal watermark Word itself writes (Design > Watermark), anchored in the
    # header so it is on every page; LibreOffice renders it into the PDF as well.
    draft.add_run()._r.append(parse_xml(WATERMARK))
    run = draft.add_run("DRAFT — NOT APPROVED BY THE COURT")
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    draft.add_run("{% endif %}")

    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.text = "{{ footer }}"
    footer.runs[0].font.size = Pt(8)

    doc.add_paragraph("IN THE {{ court_upper }}", style="Court Heading")
    doc.add_paragraph("Case number: {{ case_number }}", style="Court Heading")
    doc.add_paragraph("{{ heading }}", style="Court Heading")

    doc.add_paragraph("The parties", style="Section Heading")
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.cell(0, 0).text = "{%tr for p in parties %}"
    table.cell(1, 0).text = "{{ p.role }}"
    table.cell(1, 1).text = "{{ p.name }}"
    table.cell(2, 0).text = "{%tr endfor %}"

    doc.add_paragraph("The children", style="Section Heading")
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.cell(0, 0).text = "{%tr for c in children %}"
    table.cell(1, 0).text = "{{ c.name }}"
    table.cell(1, 1).text = "{{ c.born }}"
    table.cell(2, 0).text = "{%tr endfor %}"

    title = doc.add_paragraph("{{ title }}", style="Order Title")
    # Drafting notes (the expected DVPP timetable) as a Word comment on the title: the legal
    # adviser sees them in the margin, they are not part of the order's text (so validate
    # never reads them as wording) and LibreOffice leaves comments out of the PDF.
    note = doc.add_comment(title.runs, text="Drafting notes from orderdraft for the legal "
                           "adviser (not part of the order):", author="orderdraft",
                           initials="od")
    note.add_paragraph("{%p for n in drafting_notes %}")
    note.add_paragraph("{{ n }}")
    note.add_paragraph("{%p endfor %}")

    doc.add_paragraph("Recitals", style="Section Heading")
    doc.add_paragraph("{%p for r in recitals %}", style="Recital")
    doc.add_paragraph("{{ r }}", style="Recital")
    doc.add_paragraph("{%p endfor %}", style="Recital")

    doc.add_paragraph("IT IS ORDERED THAT:", style="Section Heading")
    doc.add_paragraph("{%p for d in orders %}")
    doc.add_paragraph("{%p if d.subheading %}")
    doc.add_paragraph("{{ d.text }}", style="Order Subheading")
    doc.add_paragraph("{%p elif d.level %}")
    doc.add_paragraph("{{ d.label }}\t{{ d.text }}", style="Order Subparagraph")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("{{ d.label }}\t{{ d.text }}", style="Order Paragraph")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{%p if notices %}")
    doc.add_paragraph("Notices", style="Section Heading")
    doc.add_paragraph("{%p for n in notices %}", style="Notice")
    doc.add_paragraph("{{ n }}", style="Notice")
    doc.add_paragraph("{%p endfor %}", style="Notice")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p for c in closing %}")
    doc.add_paragraph("{{ c }}", style="Section Heading")
    doc.add_paragraph("{%p endfor %}")

    doc.core_properties.title = "Order"
    doc.core_properties.author = "orderdraft"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    OUT.write_bytes(_comment_only_on_drafts(buffer.getvalue()))
    print(f"wrote {OUT}")


# The comment and its anchors are there only when the context's ``notes_comment`` is true
# (a draft with notes): Jinja tags around the XML elements themselves, which the renderer
# compiles like any other template text.
_IF, _END = "{% if notes_comment %}", "{% endif %}"


def _comment_only_on_drafts(docx: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w",
                                                                    zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename).decode("utf-8") if info.filename.endswith(
                ".xml") else None
            if info.filename == "word/comments.xml" and data is not None:
                data = re.sub(r' w:date="[^"]*"', "", data)  # reproducible builds
                data = re.sub(r"(<w:comment [^>]*>.*</w:comment>)", rf"{_IF}\1{_END}", data,
                              flags=re.S)
            elif info.filename == "word/document.xml" and data is not None:
                for anchor in (r'<w:commentRangeStart w:id="0"/>', r'<w:commentRangeEnd w:id="0"/>',
                               r'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                               r'<w:commentReference w:id="0"/></w:r>'):
                    assert data.count(anchor) == 1, anchor
                    data = data.replace(anchor, f"{_IF}{anchor}{_END}")
            dst.writestr(info, data.encode("utf-8") if data is not None
                         else src.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    main()
