"""The schools' figures for the dashboard and the annual summary; aggregated in the database."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from community.charts import month_labels
from community.reporting import (
    ACTIVITIES,
    ORGANISATION,
    RESULTS,
    Chart,
    Figure,
    YearReport,
    by_month,
    per_month,
)

from . import report_points as points
from .cadres import exam_progress
from .models import Attendance, Branch, Course, Enrolment, Event, School


def year_report(year: int) -> YearReport:
    enrolments = Enrolment.objects.filter(course__isnull=False, created_at__year=year)
    signed_up = enrolments.exclude(status=Enrolment.Status.CANCELLED)
    enrolled_by_month = per_month(signed_up, "created_at", year)
    attendance = (
        Attendance.objects.filter(session__starts_at__year=year)
        .annotate(month=TruncMonth("session__starts_at"))
        .values("month")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(present=True)))
        .values_list("month", "total", "present")
    )
    totals = {month: (total, present) for month, total, present in attendance}
    rate_by_month = by_month(
        ((m, round(p * 100 / t, 1) if t else 0) for m, (t, p) in totals.items()), year
    )
    all_records = sum(t for t, _p in totals.values())
    all_present = sum(p for _t, p in totals.values())
    courses_of_year = Course.objects.held_in(year)
    per_category = dict(
        courses_of_year.order_by().values_list("category").annotate(n=Count("pk", distinct=True))
    )
    categories = [
        (str(label), per_category.get(code, 0)) for code, label in Course.Category.choices
    ]
    learners = signed_up.values("resident").distinct().count()
    events = Event.objects.held_in(year)
    event_count = events.count()
    contests = events.filter(kind=Event.Kind.CONTEST).count()
    schools, branches = School.objects.count(), Branch.objects.count()
    course_count = courses_of_year.count()
    progress = exam_progress(min(datetime.date(year, 12, 31), timezone.localdate()))
    rate = round(all_present * 100 / all_records, 1) if all_records else 0
    sign_ups = int(sum(enrolled_by_month))

    return YearReport(
        title=_("Community schools"),
        figures=[
            Figure(_("Community schools"), schools),
            Figure(_("Courses held"), course_count),
            Figure(_("Course sign-ups"), sign_ups),
            Figure(_("Learners"), learners),
            Figure(_("Attendance rate (%)"), rate),
            Figure(_("Lectures and events"), event_count),
            Figure(_("Cadres who passed all three exams (%)"), progress.all_three_share),
        ],
        charts=[
            Chart(
                _("Course sign-ups by month"),
                month_labels(),
                {_("Sign-ups"): enrolled_by_month},
            ),
            Chart(
                _("Attendance rate by month (%)"),
                month_labels(),
                {_("Attendance rate"): rate_by_month},
                maximum=100,
            ),
            Chart(
                _("Courses per category"),
                [label for label, _n in categories],
                {_("Courses"): [float(n) for _label, n in categories]},
                kind="bar",
            ),
            Chart(
                _("Cadres' exams: share who passed (%)"),
                [label for label, _share in progress.shares] + [_("All three")],
                {
                    _("Passed"): [share for _label, share in progress.shares]
                    + [progress.all_three_share]
                },
                kind="bar",
                maximum=100,
            ),
        ],
        summary={
            ORGANISATION: [
                Figure(_("Community schools"), schools),
                Figure(_("School branches at residents' committees"), branches),
                Figure(_("Cadres"), progress.cadres),
            ],
            ACTIVITIES: [
                Figure(_("Courses held"), course_count),
                Figure(_("Course sign-ups"), sign_ups),
                Figure(_("Learners"), learners),
                Figure(_("Lectures and events"), event_count),
                Figure(_("Knowledge contests"), contests),
            ],
            RESULTS: [
                Figure(_("Attendance rate (%)"), rate),
                Figure(_("Cadres who passed all three exams (%)"), progress.all_three_share),
            ],
        },
    )


def report_points(year: int) -> dict[str, list[str]]:
    return points.report_points(year)


def first_year() -> int | None:
    return points.first_year()
