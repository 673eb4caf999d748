"""Build templates/reports/<kind>.docx: the DVPP report forms, with docxtpl tags.

Each template holds the layout, the fixed headings and the Cafcass wording it quotes
(quoted exactly: the tests check every quotation against docs/sources/). What the case
file knows is filled in at render time (``orderdraft report``); what only the writer
knows is a shaded box holding a row of ellipses (``orderdraft.reports.FORM_FIELD``), or
shaded tick boxes. That marker is deliberately unlike an order placeholder ("[insert …]",
"XXX", "**"), so OD501 never confuses a report form with an unfinished order.

Built by code so the first version is reproducible; staff may edit the .docx in Word
afterwards. Rebuild with (optionally into another folder):

    python tools/make_report_templates.py [FOLDER]
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from orderdraft.report_kinds import KINDS, TITLES
from orderdraft.reports import CHECKBOX, FORM_FIELD

OUT = Path(__file__).resolve().parent.parent / "templates" / "reports"
SHADE = "E8E8E8"
FIXED_TIME = dt.datetime(2016, 12, 23)  # the date of the Cafcass letter the forms follow
LABEL_WIDTH, VALUE_WIDTH = Cm(5.0), Cm(11.0)

# Row specs for ``Form.table``: (label, value). A value of FIELD or TALL is a shaded box
# for the writer; a value starting with CHECKBOX is a shaded tick-box line; ("if", cond)
# and ("endif", "") wrap rows in a docxtpl row condition.
FIELD = object()
TALL = object()


def ticks(*options: str) -> str:
    return "    ".join(f"{CHECKBOX} {o}" for o in options)


class Form:
    """One report template under construction, in the house style of the order template."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._ids: dict[str, str] = {}
        self.doc = doc = Document()
        sec = doc.sections[0]
        sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
        sec.left_margin = sec.right_margin = Cm(2.5)
        sec.top_margin = sec.bottom_margin = Cm(2.0)
        normal = doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        self._style("Court Heading", bold=True, center=True, size=12)
        self._style("Report Title", bold=True, center=True, size=14, before=6)
        self._style("Section Heading", bold=True, before=12, keep=True)
        self._style("Form Note", italic=True, size=9, grey=True)
        self._style("Quoted", left=1.0, italic=True)
        self._style("Direction", left=1.0)
        self._style("Table Text", after=0)
        self._style("Letter", after=8)
        quoted_list = doc.styles.add_style("Quoted List", WD_STYLE_TYPE.PARAGRAPH)
        quoted_list.base_style = doc.styles["List Bullet"]
        quoted_list.font.name = "Arial"
        quoted_list.font.italic = True
        quoted_list.paragraph_format.left_indent = Cm(1.6)

        header = sec.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.text = "Case number: {{ case_number }}"
        footer = sec.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.text = "{{ footer }}"
        footer.runs[0].font.size = Pt(8)

    def _style(self, name: str, *, left: float = 0, bold: bool = False, italic: bool = False,
               center: bool = False, size: int | None = None, before: int = 0,
               after: int | None = None, keep: bool = False, grey: bool = False) -> None:
        st = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = self.doc.styles["Normal"]
        pf = st.paragraph_format
        pf.left_indent = Cm(left)
        pf.space_before = Pt(before)
        if after is not None:
            pf.space_after = Pt(after)
        pf.keep_with_next = keep or None
        if center:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        st.font.bold = bold
        st.font.italic = italic
        if size:
            st.font.size = Pt(size)
        if grey:
            st.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    # --- building blocks ---------------------------------------------------------------

    def p(self, text: str, style: str | None = None) -> Any:
        para = self.doc.add_paragraph()
        if style:
            self.style(para, style)
        _add_text(para, text)
        return para

    def style(self, para: Any, name: str) -> None:
        """Set a paragraph style by id: python-docx's by-name lookup is slow per call."""
        if name not in self._ids:
            self._ids[name] = self.doc.styles[name].style_id
        para._p.get_or_add_pPr().get_or_add_pStyle().val = self._ids[name]

    def heading(self, text: str, *, new_page: bool = False) -> None:
        para = self.p(text, "Section Heading")
        if new_page:
            para.paragraph_format.page_break_before = True

    def quote(self, text: str) -> None:
        """A block quotation: italic, indented, in curly quotes, exactly as the source."""
        self.p(f"“{text}”", "Quoted")

    def quoted_list(self, items: Sequence[str]) -> None:
        for item in items:
            self.p(item, "Quoted List")

    def when(self, cond: str, build: Callable[[], None]) -> None:
        """Paragraphs that appear only when ``cond`` holds for the case."""
        self.p(f"{{%p if {cond} %}}")
        build()
        self.p("{%p endif %}")

    def title(self, *, for_participant: bool = False, subtitle: str = "") -> None:
        self.p("{{ court }}", "Court Heading")
        self.p("Case number: {{ case_number }}", "Court Heading")
        self.p(TITLES[self.kind], "Report Title")  # type: ignore[index]
        if subtitle:
            self.p(subtitle, "Court Heading")
        if not for_participant:
            self.p(f"How to use this form: the details the court order and the case file give "
                   f"are filled in. Complete every shaded box (marked {FORM_FIELD[:3]}) and "
                   f"tick ({CHECKBOX}) what applies before sending it.", "Form Note")

    def table(self, spec: Sequence[tuple[Any, Any]], *, header: tuple[str, ...] = (),
              together: bool = False) -> None:
        """A two-column label/value table (or one with ``header`` columns). No row breaks
        across a page; ``together`` keeps the whole table on one page (a signature block
        must not leave its last line alone on a page of its own)."""
        rows = len(spec) + (1 if header else 0)
        cols = 2 if not header else len(header)
        table = self.doc.add_table(rows=rows, cols=cols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        r0 = 0
        if header:
            for i, h in enumerate(header):
                self._cell(table.cell(0, i), h, bold=True)
            r0 = 1
        for r, (label, value) in enumerate(spec, start=r0):
            row = table.rows[r]
            if label in ("if", "endif", "for", "endfor"):
                tag = f"{{%tr {label} {value} %}}" if value else f"{{%tr {label} %}}"
                row.cells[0].text = tag
                continue
            if isinstance(label, tuple):  # a whole row of template text (loops)
                for i, text in enumerate(label):
                    self._cell(row.cells[i], text)
                continue
            self._cell(row.cells[0], label, bold=True)
            if value is FIELD or value is TALL:
                self._cell(row.cells[1], FORM_FIELD, shade=True)
                if value is TALL:
                    _min_height(row, Cm(2.5))
            elif isinstance(value, str) and value.startswith(CHECKBOX):
                self._cell(row.cells[1], value, shade=True)
            else:
                self._cell(row.cells[1], value)
        for r, row in enumerate(table.rows):
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            if together and r < len(table.rows) - 1:
                for cell in row.cells:
                    for para in cell.paragraphs:
                        para.paragraph_format.keep_with_next = True
        widths = (LABEL_WIDTH, VALUE_WIDTH) if not header else _split(cols)
        table.autofit = False
        for i, width in enumerate(widths):
            table.columns[i].width = width  # the grid, which LibreOffice follows
            for cell in table.columns[i].cells:
                cell.width = width  # the cells, which Word follows
        self.p("", "Table Text")  # the gap after a table; Word needs a paragraph between tables

    def _cell(self, cell: Any, text: str, *, bold: bool = False, shade: bool = False) -> None:
        para = cell.paragraphs[0]
        self.style(para, "Table Text")
        shade = shade or text.startswith(CHECKBOX)
        _add_text(para, text, bold=bold, shade_fields=not shade)
        if shade:
            cell._tc.get_or_add_tcPr().append(_shading())

    # --- the blocks every report shares -----------------------------------------------

    def about(self, *, sent: str = "Sent to", due: str = "Due") -> None:
        self.heading("About this report")
        self.table([
            ("Written by", "{{ written_by }}"),
            (sent, "{{ sent_to }}"),
            (due, "{{ due }}"),
            ("What happens next", "{{ then }}"),
        ])

    def case_details(self, *, others: bool = False) -> None:
        self.heading("The case")
        spec: list[tuple[Any, Any]] = [
            ("Court", "{{ court }}"),
            ("Judge", "{{ judge }}"),
            ("Order", "{{ order }}"),
            ("Participant", "{{ participant }} ({{ participant_role }})"),
            ("Children", "{{ children }}"),
        ]
        if others:
            spec.append(("Other parties", "{{ others }}"))
        spec += [
            ("Referred by", "{{ referrer }}"),
            ("Provider", "{{ provider_field }}"),
            ("Venue", "{{ venue }}"),
            ("Programme", "{{ programme }} ({{ sessions_basis }})"),
            ("Language", "{{ language }}"),
        ]
        self.table(spec)

    def directions(self) -> None:
        self.heading("What the order directs")
        self.p("The order’s paragraphs about this programme, numbered as in the order:")
        self.p("{%p for d in directions %}")
        self.p("{{ d }}", "Direction")
        self.p("{%p endfor %}")

    def timetable(self) -> None:
        self.heading("Timetable")
        self.p("Dates after the referral are estimates for planning, not directions of the "
               "court; the provider confirms the dates of the sessions.")
        self.table([
            ("for", "r in timetable"),
            (("{{ r.stage }}", "{{ r.when }}", "{{ r.basis }}"), None),
            ("endfor", ""),
        ], header=("Stage", "Expected", "Basis"))
        self.p("{{ observed }}", "Form Note")
        self.p("{{ assumptions }}", "Form Note")

    def signature(self, who: str) -> None:
        self.heading("Signed")
        self.table([
            (f"For {who}", FIELD),
            ("Name", FIELD),
            ("Role", FIELD),
            ("Signature", FIELD),
            ("Date", FIELD),
        ], together=True)

    def save(self, folder: Path = OUT) -> Path:
        """Write the template; the same code always writes the same bytes."""
        props = self.doc.core_properties
        props.title = TITLES[self.kind]  # type: ignore[index]
        props.author = props.last_modified_by = "orderdraft"
        props.created = props.modified = FIXED_TIME
        props.revision = 1
        buffer = io.BytesIO()
        self.doc.save(buffer)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.kind}.docx"
        path.write_bytes(_fixed_zip(buffer.getvalue()))
        return path


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry stamped with one fixed time, so rebuilding an
    unchanged template changes no bytes (and no diff in git)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _shading() -> Any:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), SHADE)
    return shd


def _add_text(para: Any, text: str, *, bold: bool = False, shade_fields: bool = True) -> None:
    """Add ``text``; each form field in it gets its own shaded run, so a field inside a
    sentence ("Date: ……") looks like the field boxes in the tables."""
    for i, piece in enumerate(text.split(FORM_FIELD)):
        if i:
            run = para.add_run(FORM_FIELD)
            if shade_fields:
                run._r.get_or_add_rPr().append(_shading())
        if piece:
            run = para.add_run(piece)
            run.bold = bold or None


def _split(cols: int) -> tuple[Any, ...]:
    """A first column as wide as a label column, the rest sharing what is left."""
    rest = int((LABEL_WIDTH + VALUE_WIDTH - LABEL_WIDTH) / (cols - 1))
    return (LABEL_WIDTH, *(Emu(rest) for _ in range(cols - 1)))


def _min_height(row: Any, height: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_height = OxmlElement("w:trHeight")
    tr_height.set(qn("w:val"), str(int(height.twips)))
    tr_height.set(qn("w:hRule"), "atLeast")
    tr_pr.append(tr_height)


# --- Cafcass wording quoted by more than one form (docs/sources/000_ba12fdd438ad3cb0.txt) --

LA_RESPONSIBLE = (
    "When the Local Authority is responsible for the case and the section 7 report the "
    "Cafcass 'DVPP Referral Process Guidance' still applies, however the Local Authority are "
    "responsible for completing the referral, the case management and receiving reports from "
    "the provider."
)
LA_REPORTS = ("The Cafcass reporting templates should be used and reports forwarded to the LA "
              "on assessment, midway and on completion.")
ENGLISH = ("DVPP group work is only available for participants who have sufficient "
           "understanding of English to participate fully in a group programme.")
BIG_WORD = ("An interpreter may be required for this assessment in which instance providers "
            "should use The Big Word interpreter service.")
WOMENS_SUPPORT = ("All DVPPs provide a Women's Support Service to give separate support to "
                  "your former and current partners.")
PROVIDERS_REPORT = (
    "Course providers report back to Cafcass during and on completion of the programme to "
    "inform us of a person's progress, or about any significant safety concerns that may "
    "have been identified."
)


def _la_reports(f: Form) -> None:
    def build() -> None:
        f.p("The local authority holds the section 7 report in this case, so it receives this "
            "report. The Cafcass Q&A says:")
        f.quote(LA_REPORTS)
    f.when("referrer_is_la", build)


# --- the seven forms -----------------------------------------------------------------------

def referral() -> Form:
    f = Form("referral")
    f.title()
    f.about()
    f.case_details(others=True)
    f.directions()

    f.heading("1. The referral")
    f.p("{{ referrer }} refers {{ participant }} to {{ provider }} for a Contact Activity "
        "suitability assessment to attend a DVPP, as the order directs. The Cafcass Q&A says:")
    f.quote("In all cases where a Contact Activity DVPP is ordered a Contact Activity "
            "Suitability Assessment must be undertaken prior to commencing the full programme.")
    f.quote("You cannot use a non-approved provider for a Contact Activity funded case.")
    f.table([
        ("Provider and venue chosen by the participant", ticks("Yes", "No")),
        ("Delivery", "{{ delivery }}"),
        ("Previous suitability assessment", "{{ previous }}"),
    ])
    f.p("The choice of provider and venue: “Service users can choose a provider and venue on "
        "the basis of convenience.”")

    def one_to_one() -> None:
        f.p("One-to-one work has been asked for. The Cafcass Q&A says:")
        f.quote("Individual work is a developing option but is not widely available – the "
                "Cafcass website listing will show services accredited to offer 1-1 work.")
    f.when("one_to_one", one_to_one)

    f.heading("2. Language")
    f.p("{{ language }}")
    f.quote(ENGLISH)
    f.when("interpreter", lambda: f.quote(BIG_WORD))

    f.heading("3. Safety and risk")
    f.table([
        ("Known risks, including any risk to staff", TALL),
        ("Current and former partners to be offered the Women's Support Service", TALL),
        ("Police and local authority involvement", TALL),
    ])

    def wales() -> None:
        f.heading("Funding")
        f.p("The court sits in Wales and the case file says the participant lives in "
            "{{ lives_in }}. Asked whether a DVPP ordered by a court in Wales is funded, the "
            "Cafcass Q&A answers: “Yes, so long as the programme participant lives in "
            "England.”")
    f.when("wales_funding", wales)

    f.heading("4. Enclosures")

    def la_pack() -> None:
        f.p("The local authority is the referrer. The Cafcass Q&A says:")
        f.quote(LA_RESPONSIBLE)
        f.quote("Providers should forward the Local Authority information pack, which includes "
                "the DVPP guidance, service user leaflet, introduction letter and referral "
                "form.")
        f.table([
            ("Information pack received from the provider",
             ticks("DVPP guidance", "service user leaflet", "introduction letter",
                   "referral form")),
        ])
    f.when("referrer_is_la", la_pack)
    f.table([
        ("Sent with this referral",
         ticks("the order", "the information sheet for the participant",
               "the introduction letter (below)")),
    ])
    f.timetable()
    f.signature("{{ referrer }}")

    f.heading("Introduction letter", new_page=True)
    f.p("To: {{ participant }}", "Letter")
    f.p("From: {{ referrer }}", "Letter")
    f.p("Case number: {{ case_number }}", "Letter")
    f.p("Date: " + FORM_FIELD, "Letter")
    f.p("Dear {{ participant }},", "Letter")
    f.p("The court has ordered that you attend a Domestic Violence Perpetrator Programme "
        "(DVPP), starting with a suitability assessment. {{ referrer }} has referred you to "
        "{{ provider }}.", "Letter")
    f.p("{{ provider_cap }} will contact you to arrange a face-to-face meeting. At that meeting "
        "they will look at whether the programme is suitable for you. The programme can only "
        "start if they find that it is.", "Letter")
    f.p("{{ provider_cap }} will send reports to {{ referrer }} after the assessment, midway "
        "through the programme and when it ends. Those reports can be part of the evidence "
        "the court sees before it decides about contact.", "Letter")
    f.p("The information sheet with this letter explains the programme and what you must "
        "agree to. If you have questions, contact {{ referrer }} or {{ provider }}.", "Letter")
    f.p("Yours sincerely,", "Letter")
    f.p(FORM_FIELD, "Letter")
    f.p("for {{ referrer }}", "Letter")
    return f


def suitability() -> Form:
    f = Form("suitability")
    f.title()
    f.about()
    f.case_details()
    _la_reports(f)
    f.p("The Cafcass Q&A says:")
    f.quote("Payment for a suitability assessment can only be claimed following a face to face "
            "meeting with the perpetrator, assessment of risk and treatment viability and by "
            "providing a written report using the Cafcass report templates.")

    f.heading("1. The assessment meeting")
    f.table([
        ("Date of the face-to-face meeting", FIELD),
        ("Where", FIELD),
        ("Assessed by", FIELD),
        ("Interpreter used", ticks("No", "Yes, through The Big Word")),
        ("Previous suitability assessment", "{{ previous }}"),
    ])

    f.heading("2. Risk")
    f.table([("Assessment of risk, including risk to partners, children and staff", TALL)])

    f.heading("3. Treatment viability")
    f.table([("Whether the programme can work for the participant, and why", TALL)])

    f.heading("4. Motivation")
    f.quote("Some level of motivation is key to successful DVPP.")
    f.table([("Evidence of motivation, or its absence", TALL)])

    f.heading("5. English and interpreting")
    f.p("{{ language }}")
    f.quote(ENGLISH)
    f.quote(BIG_WORD)
    f.table([("Understanding of English for group work",
              ticks("Sufficient", "Not sufficient"))])

    f.heading("6. Outcome")
    f.table([
        ("Outcome", ticks("Suitable", "Unsuitable")),
        ("If suitable: expected start date and group", FIELD),
        ("If suitable: sessions expected", "{{ programme }} ({{ sessions_basis }}); confirm: "
         + FORM_FIELD),
    ])
    f.p("If unsuitable, tick the one reason that applies. It decides what may follow:")
    f.table([
        ("for", "r in reasons"),
        ((CHECKBOX + " {{ r.label }}", "{{ r.follows }}"), None),
        ("endfor", ""),
    ], header=("Reason", "What may follow"))
    f.table([("The reason explained", TALL)])
    f.p("The Cafcass Q&A says:")
    f.quote("If a service user is assessed unsuitable for a programme because of a fundamental "
            "issue such as lack of motivation, seriousness of the violence, risk to staff – "
            "then it would be inappropriate to refer him to another provider for a repeat "
            "assessment.")
    f.quote("A service user can be reassessed by the same or another provider after a gap of "
            "three months in the event that motivation has changed, or other change in "
            "circumstances.")
    f.quote("If the unsuitability relates to a language issue, conflicts of interest or "
            "knowledge of other group members, then referral to another provider might be "
            "appropriate.")
    f.timetable()
    f.signature("{{ provider }}")
    return f


def _attendance(f: Form, *, expected: str) -> None:
    f.table([
        ("Sessions attended", FORM_FIELD + f" of {expected}"),
        ("Sessions missed, with reasons", TALL),
        ("Catch-up sessions arranged", FIELD),
    ])


def _partner_support(f: Form, number: int) -> None:
    f.heading(f"{number}. Partner support: the Women's Support Service")
    f.p("The Cafcass leaflet says:")
    f.quote(WOMENS_SUPPORT)
    f.table([
        ("Contact with the current or former partner",
         ticks("Made", "Offered and declined", "Not yet made")),
        ("Date of the last contact", FIELD),
        ("What the partner support work shows that can be shared", TALL),
    ])


def midway() -> Form:
    f = Form("midway")
    f.title()
    f.about()
    f.case_details()
    f.directions()
    _la_reports(f)
    f.p("The Cafcass leaflet says:")
    f.quote(PROVIDERS_REPORT)
    f.heading("1. Attendance")
    _attendance(f, expected="{{ midway_session }} expected by the midway point "
                "({{ programme }})")
    f.heading("2. Engagement and participation")
    f.table([("How the participant takes part in the sessions", TALL)])
    f.heading("3. Concerns")
    f.table([
        ("Significant safety concerns", ticks("None", "Yes: described below")),
        ("Concerns about risk, behaviour or compliance", TALL),
    ])
    _partner_support(f, 4)
    f.heading("5. Progress and next steps")
    f.table([("Progress so far and what the rest of the programme will address", TALL)])
    f.timetable()
    f.signature("{{ provider }}")
    return f


def completion() -> Form:
    f = Form("completion")
    f.title()
    f.about()
    f.case_details()
    f.directions()
    _la_reports(f)
    f.heading("1. Completion")
    f.p("Cafcass has explained (FOI reply CAF 17-69): “Participants who complete a programme "
        "have to attend all the sessions in the programme.”")
    f.table([
        ("Outcome", ticks("Completed in full", "Did not complete")),
        ("Date of the last session attended", FIELD),
    ])
    _attendance(f, expected="{{ sessions }} ({{ programme }})")
    f.table([("If not completed: why, and when attendance stopped", TALL)])
    f.heading("2. Change and risk")
    f.table([
        ("Changes in attitude and behaviour seen during the programme", TALL),
        ("Current assessment of risk", TALL),
        ("Significant safety concerns", ticks("None", "Yes: described above")),
    ])
    _partner_support(f, 3)
    f.heading("4. For the referrer")
    f.table([("Anything the referrer should consider before reporting to the court", TALL)])
    f.timetable()
    f.signature("{{ provider }}")
    return f


def s7_update() -> Form:
    f = Form("s7-update")
    f.title(subtitle="In relation to the application for a child arrangements order")
    f.about(sent="Filed with")
    f.case_details()
    f.directions()
    f.heading("The programme")
    f.table([
        ("Outcome of the suitability assessment", FIELD),
        ("Midway report", ticks("Received", "Not received")),
        ("Completion report", ticks("Received", "Not received")),
        ("Sessions attended", FORM_FIELD + " of {{ sessions }}"),
        ("What the provider's reports show", TALL),
    ])
    f.heading("Enquiries since the last report")
    f.table([
        ("Checks and enquiries made", TALL),
        ("The children's wishes and feelings", TALL),
        ("The parents' views", TALL),
    ])

    def risk() -> None:
        f.heading("Risk assessment")
        f.p("The order asks for a risk assessment with this report.")
        f.table([
            ("Risk of harm to the children", TALL),
            ("Risk to the other parent", TALL),
            ("How the risks would be managed in the arrangements proposed", TALL),
        ])
    f.when("risk_assessment", risk)
    f.heading("Recommendation")
    f.table([("Recommended arrangements for the children, and why", TALL)])
    f.timetable()
    f.signature("{{ referrer }}")
    return f


def travel_costs() -> Form:
    f = Form("travel-costs")
    f.title()
    f.about()
    f.case_details()
    f.p("The Cafcass Q&A says:")
    f.quote("No willing participant should be prevented from attending a DVPP through the "
            "exceptional cost of travel or distance involved in attending the programme. A "
            "provider can present a business case to claim public transport rate travel costs "
            "for participants of any DVPP. Cafcass will not pay travel costs directly to the "
            "participant.")
    f.p("The business case need only be a short summary of the four points below, each in "
        "the Q&A’s words.")

    f.heading("1. Suitability and motivation")
    f.quote("Suitability assessment demonstrating that the participant is suitable to attend "
            "the DVPP and motivated to attend.")
    f.table([
        ("Date of the suitability assessment", FIELD),
        ("Outcome", ticks("Suitable")),
        ("Evidence of motivation to attend", TALL),
    ])

    f.heading("2. Benefits or hardship")
    f.quote("Service user is on benefits or will suffer hardship caused by paying for travel "
            "– the provider will need some level of proof of this.")
    f.table([
        ("The participant", ticks("is on benefits", "would suffer hardship")),
        ("Proof seen by the provider", TALL),
    ])

    f.heading("3. Exceptional distance")
    f.quote("Details of exceptional distance travelled – especially for ‘out of area’ cases.")
    f.table([
        ("The participant lives in", "{{ lives_in }} (the case file); town or area: "
         + FORM_FIELD),
        ("Venue", "{{ venue }}"),
        ("Distance each way", FIELD),
        ("Out of area", ticks("Yes", "No")),
    ])

    f.heading("4. Travel and cost")
    f.quote("The type of travel and cost per session, including the number of sessions "
            "expected to extend.")
    f.table([
        ("Type of travel", FIELD),
        ("Public transport cost per session", "£" + FORM_FIELD),
        ("Sessions expected", "{{ sessions }} ({{ sessions_basis }}); confirm: " + FORM_FIELD),
        ("Total claimed", "£" + FORM_FIELD),
    ])
    f.p("Rate: the public transport rate. Payment: claimed by the provider; Cafcass does not pay "
        "travel costs directly to the participant.")
    f.timetable()
    f.signature("{{ provider }}")
    return f


LEAFLET_MUST = (
    "sign a consent form to allow the DVPP provider to share information about you with your "
    "victim and / or partner, and agree not to interfere with this contact.",
    "accept that we will be in contact with the police and local authority and other "
    "appropriate parties.",
    "stop being violent or abusive to anyone, especially your partner or ex-partner and any "
    "children involved.",
    "arrive on time and complete all sessions in full.",
    "take part in the group exercises.",
    "arrive with a clear head, and not under the influence of drugs, alcohol or solvents.",
    "treat tutors and other group members with respect.",
    "respect the confidentiality of other participants.",
)


def information_sheet() -> Form:
    """Plain English for the party ordered to attend; leaflet wording quoted exactly."""
    f = Form("information-sheet")
    f.title(for_participant=True)
    f.table([
        ("For", "{{ participant }}"),
        ("From", "{{ written_by }}"),
        ("When", "{{ due }}"),
    ])
    f.heading("What the court has ordered")
    f.p("On {{ order_date }} the court ordered that you attend a Domestic Violence Perpetrator "
        "Programme (DVPP). {{ referrer }} will refer you to {{ provider }} by {{ refer_by }}.")
    f.p("First, the provider will meet you to assess whether the programme is suitable for "
        "you. The programme can only start if the provider finds that it is. {{ then }}")

    f.heading("What the programme is")
    f.p("The Cafcass leaflet about the programme says:")
    f.quote("The Domestic Violence Perpetrator Programme (DVPP) aims to help people, who have "
            "been abusive towards their partners or ex-partners, change their behaviour and "
            "develop respectful, non-abusive relationships.")
    f.quote("The programme is mostly run in groups so that you have a chance to learn from and "
            "support each other.")

    f.heading("How long it lasts")
    f.quote("The sessions take place weekly or fortnightly and the number of group sessions "
            "that you will need to attend varies depending on the provider the average is 28 "
            "sessions.")
    f.p("For you, {{ sessions_text }} are expected: on our estimate, from about "
        "{{ first_session }} to about {{ last_session }}. Your provider will tell you the real "
        "dates.")
    f.quote("It is important you are able to attend the whole course to demonstrate your "
            "commitment to changing your behaviour.")

    f.heading("What you must agree to")
    f.p("The leaflet says: “In order to attend the programme you must:”")
    f.quoted_list(LEAFLET_MUST)

    f.heading("Support for your partner")
    f.quote(WOMENS_SUPPORT)

    f.heading("Reports to the court")
    f.p("{{ provider_cap }} will report to {{ referrer }} after your assessment, midway through "
        "the programme and when it ends. The leaflet says:")
    f.quote(PROVIDERS_REPORT)
    f.quote("These reports form part of Cafcass' assessments about contact and can be part of "
            "the evidence which we provide to court, prior to it making a decision about "
            "contact. DVPP staff do not make decisions about contact.")
    f.when("referrer_is_la", lambda: f.p(
        "In your case {{ referrer }}, not Cafcass, receives the reports, because it is writing "
        "the report to the court."))
    f.when("midway_ordered", lambda: f.p(
        "The court has ordered that {{ referrer }} writes a report on your progress midway "
        "through the programme, files it with the court and sends a copy to both parties."))
    f.when("updated_section7", lambda: f.p(
        "When the programme ends, {{ referrer }} will file an updated report with the court"
        "{% if risk_assessment %}, with a risk assessment{% endif %}."))

    f.heading("Cost")
    f.quote("There is no charge for Cafcass service users to take part in a DVPP when this is "
            "ordered by the court as a 'contact activity' in private law cases concerning "
            "contact and residence issues for children.")
    f.p("If paying for travel to the sessions would cause you hardship, tell your provider. "
        "The provider can ask Cafcass to pay public transport fares; Cafcass does not pay "
        "them to you directly.")

    f.heading("Language")
    f.p("The group sessions are in English, and you need to understand English well enough to "
        "take full part. If you need an interpreter for the assessment, tell {{ provider }}.")

    f.heading("Questions")
    f.quote("You can talk to a Cafcass practitioner, or directly with a DVPP Provider for more "
            "information.")
    f.timetable()
    return f


BUILDERS: dict[str, Callable[[], Form]] = {
    "referral": referral,
    "suitability": suitability,
    "midway": midway,
    "completion": completion,
    "s7-update": s7_update,
    "travel-costs": travel_costs,
    "information-sheet": information_sheet,
}


def build(folder: Path = OUT) -> list[Path]:
    """Build every report template into ``folder``."""
    missing = set(KINDS) - set(BUILDERS)
    if missing:
        raise SystemExit(f"no template builder for {sorted(missing)}")
    return [BUILDERS[kind]().save(folder) for kind in KINDS]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for path in build(folder):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
