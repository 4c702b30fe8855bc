"""The annual report as a Word document (.docx): title, the three parts with their points, the
key figures beside last year's, and the dashboard's charts as images. Written with python-docx."""

import re
from io import BytesIO

from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .annual_report import Document
from .chart_images import chart_png

# Fonts of Chinese official documents; Word falls back to its own where they are missing.
BODY_FONT, HEADING_FONT = "宋体", "黑体"
# What XML cannot hold (control characters typed or pasted into a text).
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text) -> str:
    return UNWRITABLE.sub("", str(text))


def _fonts(style, east_asian: str, size: float) -> None:
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asian)


def _styles(doc) -> None:
    _fonts(doc.styles["Normal"], BODY_FONT, 12)
    _fonts(doc.styles["Title"], HEADING_FONT, 20)
    _fonts(doc.styles["Heading 1"], HEADING_FONT, 15)
    _fonts(doc.styles["Heading 2"], HEADING_FONT, 13)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.5


def report_docx(report: Document) -> bytes:
    doc = WordDocument()
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    doc.core_properties.title = clean(report.title)

    title = doc.add_heading(clean(report.title), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.as_of:
        note = doc.add_paragraph(
            _("Figures up to %(date)s.") % {"date": formats.date_format(report.as_of)}
        )
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for part in report.parts:
        doc.add_heading(clean(part.title), level=1)
        for point in part.points:
            for n, text in enumerate(point.paragraphs):
                paragraph = doc.add_paragraph()
                paragraph.paragraph_format.first_line_indent = Pt(24)  # two characters
                if n == 0 and point.lead:
                    paragraph.add_run(clean(point.lead)).bold = True
                paragraph.add_run(clean(text))

    doc.add_heading(_("Key figures"), level=1)
    columns = [_("Item"), _("Year %(year)s") % {"year": report.year}]
    if report.has_last_year:
        columns.append(_("Year %(year)s") % {"year": report.last_year})
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    for figure in report.figures:
        values = [figure.label, figure.value]
        if report.has_last_year:
            values.append("" if figure.last_year is None else figure.last_year)
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = clean(value)

    if report.charts:
        doc.add_heading(_("Charts"), level=1)
        for chart in report.charts:
            doc.add_picture(BytesIO(chart_png(chart)), width=Mm(150))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption = doc.add_paragraph(clean(chart.title))
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER

    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
