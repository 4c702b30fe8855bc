"""Excel ledgers (台账) of enrolments and attendance, with Chinese headers."""

from django.utils import timezone
from django.utils.translation import gettext as _

from community.ledgers import local, workbook

from .models import Attendance, Course, CourseSession, Enrolment


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
            local(e.created_at),
            e.created_by.name if e.created_by else "",
        ]
        for e in enrolments
    )
    return workbook([(_("Enrolments"), headers, rows)])


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
    return workbook([(_("Attendance"), headers, rows)])
