"""Excel ledgers (台账) for the office's records: one workbook, a sheet per table, bold headers."""

from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(str(title)[:31])
        sheet.append([str(header) for header in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([str(value) if isinstance(value, Promise) else value for value in row])
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
