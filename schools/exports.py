"""Excel ledgers (台账) of enrolments and attendance, with Chinese headers."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import Attendance, Course, CourseSession, Enrolment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(title: str, headers: list[str], rows) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, header in zip(sheet.columns, headers, strict=False):
        sheet.column_dimensions[column[0].column_letter].width = max(12, len(header) * 2 + 4)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def enrolments_workbook(course: Course) -> bytes:
    enrolments = (
        Enrolment.objects.filter(course=course)
        .select_related("resident__community", "created_by")
        .order_by("pk")
    )
    headers = [
        _("Name"),
        _("Mobile number"),
        _("Residents' committee"),
        _("Status"),
        _("Signed up at"),
        _("Made by"),
    ]
    rows = (
        [
            e.resident.name,
            e.resident.mobile,
            e.resident.community.name,
            e.get_status_display(),
            _local(e.created_at),
            e.created_by.name if e.created_by else "",
        ]
        for e in enrolments
    )
    return _workbook(_("Enrolments"), headers, rows)


def attendance_workbook(course: Course) -> bytes:
    sessions = list(CourseSession.objects.filter(course=course).order_by("starts_at"))
    enrolments = list(
        Enrolment.objects.filter(course=course, status=Enrolment.Status.CONFIRMED)
        .select_related("resident")
        .order_by("pk")
    )
    present = set(
        Attendance.objects.filter(session__course=course, present=True).values_list(
            "session_id", "enrolment_id"
        )
    )
    headers = [_("Name"), _("Mobile number")] + [
        f"{timezone.localtime(s.starts_at):%m-%d}" for s in sessions
    ]
    rows = (
        [e.resident.name, e.resident.mobile]
        + ["✓" if (s.pk, e.pk) in present else "" for s in sessions]
        for e in enrolments
    )
    return _workbook(_("Attendance"), headers, rows)
