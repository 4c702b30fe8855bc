"""Excel ledgers (台账) of enrolments and attendance, and of the cadres' monthly study, with
Chinese headers.

Each sheet opens with a title row (school · course · term) and ends with totals, so a printed or
forwarded sheet says what it is and sums itself up.
"""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.ledgers import Percent, Sheet, local, workbook
from community.terms import term_label

from .cadres import StudyMonth
from .models import Attendance, Course, CourseSession, Enrolment

PRESENT, ABSENT = "✓", "✗"


def course_heading(course: Course) -> str:
    return " · ".join([course.school.name, course.title, term_label(course.term)])


def _people(count: int) -> str:
    return ngettext("%(count)s person", "%(count)s people", count) % {"count": count}


def enrolments_workbook(course: Course) -> bytes:
    enrolments = list(
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
    statuses = Counter(e.status for e in enrolments)
    by_status = _("%(confirmed)s confirmed · %(waiting)s waiting · %(cancelled)s cancelled") % {
        "confirmed": statuses[Enrolment.Status.CONFIRMED],
        "waiting": statuses[Enrolment.Status.WAITLISTED],
        "cancelled": statuses[Enrolment.Status.CANCELLED],
    }
    totals = [[_("Total"), _people(len(enrolments)), "", by_status]]
    return workbook(
        [Sheet(_("Enrolments"), headers, rows, heading=course_heading(course), totals=totals)]
    )


def attendance_workbook(course: Course) -> bytes:
    """One column per session: ✓ present, ✗ absent, empty when nothing was recorded; then each
    person's count and attendance rate (present of the sessions recorded for them)."""
    sessions = list(CourseSession.objects.filter(course=course).order_by("starts_at"))
    enrolments = list(
        Enrolment.objects.filter(course=course, status=Enrolment.Status.CONFIRMED)
        .select_related("resident")
        .order_by("pk")
    )
    recorded = {
        (session_id, enrolment_id): present
        for session_id, enrolment_id, present in Attendance.objects.filter(
            session__course=course
        ).values_list("session_id", "enrolment_id", "present")
    }
    headers = [
        _("Name"),
        _("Mobile number"),
        *(f"{timezone.localtime(s.starts_at):%m-%d}" for s in sessions),
        _("Times present"),
        _("Sessions recorded"),
        _("Attendance rate"),
    ]
    rows = []
    present_per_session = Counter()
    recorded_per_session = Counter()
    for e in enrolments:
        marks = []
        for s in sessions:
            state = recorded.get((s.pk, e.pk))
            if state is not None:
                recorded_per_session[s.pk] += 1
                present_per_session[s.pk] += state
            marks.append("" if state is None else PRESENT if state else ABSENT)
        present, counted = marks.count(PRESENT), len(marks) - marks.count("")
        rows.append(
            [e.resident.name, e.resident.mobile, *marks, present, counted, _rate(present, counted)]
        )
    present_total = sum(present_per_session.values())
    recorded_total = sum(recorded_per_session.values())
    totals = [
        [
            _("Total"),
            _people(len(enrolments)),
            *(present_per_session[s.pk] if recorded_per_session[s.pk] else "" for s in sessions),
            present_total,
            recorded_total,
            _rate(present_total, recorded_total),
        ]
    ]
    notes = [_("✓ present · ✗ absent · empty: not recorded")]
    return workbook(
        [
            Sheet(
                _("Attendance"),
                headers,
                rows,
                heading=course_heading(course),
                totals=totals,
                notes=notes,
            )
        ]
    )


def _rate(present: int, recorded: int) -> Percent | None:
    return Percent(present / recorded) if recorded else None


def study_month_workbook(month: StudyMonth) -> bytes:
    """Each cadre's reading note and study assignments of the month, those missing first."""
    headers = [
        _("Department"),
        _("Name"),
        _("Reading note"),
        _("Handed in at"),
        _("Study assignment"),
        _("Completed on"),
    ]
    rows = (
        [
            row.cadre.department,
            row.cadre.name,
            row.note_status.label,
            local(row.note.submitted_at) if row.note else None,
            row.assignment_status.label,
            row.completed_on,
        ]
        for row in month.rows
    )
    totals = [
        [
            _("Total"),
            _people(len(month.rows)),
            _("%(handed_in)s handed in · %(missing)s not handed in")
            % {"handed_in": month.notes_handed_in, "missing": month.notes_missing},
            "",
            _("%(done)s done · %(not_done)s not done")
            % {"done": month.assignments_done, "not_done": month.assignments_not_done},
        ]
    ]
    heading = _("Cadres' study in %(month)s") % {"month": f"{month.month:%Y-%m}"}
    return workbook([Sheet(_("Cadres' study"), headers, rows, heading=heading, totals=totals)])
