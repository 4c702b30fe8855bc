"""The schools' part of the 工作台: sessions without attendance, cadres behind on their study."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.workbench import Tool, Waiting

from .cadres import exam_progress, study_month
from .models import Attendance, Course, CourseSession, Enrolment

RECENT = datetime.timedelta(days=7)


def sessions_without_attendance(user, now):
    """Sessions of the user's courses that have begun in the last week, with people signed up
    and nobody's attendance recorded, earliest first."""
    return (
        CourseSession.objects.filter(
            course__in=Course.objects.managed_by(user),
            starts_at__lte=now,
            starts_at__gt=now - RECENT,
        )
        .filter(
            Exists(
                Enrolment.objects.filter(
                    course=OuterRef("course"), status=Enrolment.Status.CONFIRMED
                )
            )
        )
        .exclude(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .order_by("starts_at")
    )


def cadres_without_this_months_note(now) -> int:
    """Cadres who attended a study of this month that has taken place and handed in no note:
    the count the notes page shows for this month."""
    return study_month(timezone.localtime(now).date()).notes_missing


def waiting(user, now) -> list[Waiting]:
    items = []
    if user.has_perm("schools.add_attendance"):
        sessions = sessions_without_attendance(user, now)
        count = sessions.count()
        first = sessions.first() if count else None
        items.append(
            Waiting(
                _("Sessions of the last week without attendance"),
                count,
                reverse("schools:staff_attendance", args=[first.pk])
                if first
                else reverse("schools:staff_course_list"),
            )
        )
    if user.has_perm("schools.view_examresult"):
        items.append(
            Waiting(
                _("Cadres yet to pass the three exams"),
                len(exam_progress(timezone.localtime(now).date()).missing),
                reverse("schools:staff_exam_progress"),
            )
        )
    if user.has_perms(["schools.view_examresult", "schools.view_readingnote"]):
        items.append(
            Waiting(
                _("Cadres without this month's reading note"),
                cadres_without_this_months_note(now),
                reverse("schools:staff_cadre_notes"),
            )
        )
    return items


def tools(user) -> list[Tool]:
    found = []
    if user.has_perm("schools.view_course"):
        found.append(
            Tool(
                _("My courses: counter sign-up, sessions, attendance"),
                reverse("schools:staff_course_list"),
            )
        )
    if user.has_perm("schools.view_examresult"):
        found.append(Tool(_("Cadres' exam progress"), reverse("schools:staff_exam_progress")))
        found.append(
            Tool(
                _("Cadres' reading notes and study assignments"),
                reverse("schools:staff_cadre_notes"),
            )
        )
    return found
