"""Excel ledgers (台账) for the office's records: one workbook, a sheet per table, bold headers."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet runs as a formula: text that starts with = + - @, also after spaces, tabs
# or line breaks, and in the full-width forms an input method types (＝).
FORMULA = re.compile(r"\s*[=+\-@]")
MAX_CELL_CHARACTERS = 32_767  # Excel's limit


class Percent(float):
    """A share (0.75) that a ledger shows as a percentage (75.0%)."""


@dataclass
class Sheet:
    """One table of a ledger: optionally a title row above the headers (school · course ·
    term) and, after the rows, bold totals and a line or two of notes (what ✗ means)."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    heading: str = ""
    totals: Sequence[Sequence] = ()
    notes: Sequence[str] = ()


def cell(sheet, value) -> Cell:
    """The cell every ledger value goes through, so it shows as data whoever typed it.

    Control characters a workbook cannot hold are dropped (one in a name would fail the whole
    export). Text that looks like a formula is stored as text with Excel's quote prefix, as when
    someone types a leading apostrophe: shown exactly as typed, and still text when edited.
    """
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, Percent):
        share = Cell(sheet, value=float(value))
        share.number_format = "0.0%"
        return share
    if not isinstance(value, str):
        return Cell(sheet, value=value)
    text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARACTERS]
    safe = Cell(sheet, value=text)
    safe.data_type = "s"  # never a formula ("=…") or an error value ("#N/A")
    if FORMULA.match(unicodedata.normalize("NFKC", text)):
        safe.quotePrefix = True
    return safe


def _bold_row(sheet, values) -> None:
    sheet.append([cell(sheet, value) for value in values])
    for written in sheet[sheet.max_row]:
        written.font = Font(bold=True)


def _write(book: Workbook, table: Sheet) -> None:
    sheet = book.create_sheet(str(table.name)[:31])
    if table.heading:
        _bold_row(sheet, [table.heading])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        if len(table.headers) > 1:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(table.headers))
    _bold_row(sheet, table.headers)
    # The title and headers stay in view while scrolling, and on every printed page.
    header_row = sheet.max_row
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"1:{header_row}"
    for row in table.rows:
        sheet.append([cell(sheet, value) for value in row])
    for totals in table.totals:
        _bold_row(sheet, totals)
    for note in table.notes:
        sheet.append([cell(sheet, note)])
    for column, header in enumerate(table.headers, 1):
        width = max(12, len(str(header)) * 2 + 4)
        sheet.column_dimensions[get_column_letter(column)].width = width


def workbook(sheets: Sequence[Sheet | tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """A workbook with a sheet per table; a table is a `Sheet` or (name, headers, rows)."""
    book = Workbook()
    book.remove(book.active)
    for table in sheets:
        _write(book, table if isinstance(table, Sheet) else Sheet(*table))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def local(moment):
    """A datetime as Excel shows it: local time, without a zone."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def download(body: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
