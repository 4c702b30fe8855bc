"""Excel ledgers (台账) for the office's records: one workbook, a sheet per table, bold headers."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a spreadsheet runs as a formula: text that starts with = + - @, also after spaces, tabs
# or line breaks, and in the full-width forms an input method types (＝).
FORMULA = re.compile(r"\s*[=+\-@]")
MAX_CELL_CHARACTERS = 32_767  # Excel's limit


def cell(sheet, value) -> Cell:
    """The cell every ledger value goes through, so it shows as data whoever typed it.

    Control characters a workbook cannot hold are dropped (one in a name would fail the whole
    export). Text that looks like a formula is stored as text with Excel's quote prefix, as when
    someone types a leading apostrophe: shown exactly as typed, and still text when edited.
    """
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return Cell(sheet, value=value)
    text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARACTERS]
    safe = Cell(sheet, value=text)
    safe.data_type = "s"  # never a formula ("=…") or an error value ("#N/A")
    if FORMULA.match(unicodedata.normalize("NFKC", text)):
        safe.quotePrefix = True
    return safe


def workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(str(title)[:31])
        sheet.append([cell(sheet, header) for header in headers])
        for header_cell in sheet[1]:
            header_cell.font = Font(bold=True)
        for row in rows:
            sheet.append([cell(sheet, value) for value in row])
        for column, header in zip(sheet.iter_cols(max_row=1), headers, strict=False):
            sheet.column_dimensions[column[0].column_letter].width = max(12, len(header) * 2 + 4)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def local(moment):
    """A datetime as Excel shows it: local time, without a zone."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def download(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
