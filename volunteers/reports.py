"""The 爱心班's figures for the dashboard and the annual summary; aggregated in the database."""

from django.db.models import Count, ExpressionWrapper, F, FloatField, Sum
from django.utils.translation import gettext as _

from community.charts import month_labels
from community.reporting import (
    ACTIVITIES,
    ORGANISATION,
    RESULTS,
    Chart,
    Figure,
    YearReport,
    per_month,
)

from . import report_points as points
from .models import GradeRecord, Pairing, Shift, Station, TutoringSession


def average_score_change(year: int) -> tuple[int, float]:
    """Children with grades in both terms of the year, and their average change in percent."""
    percent = ExpressionWrapper(F("score") * 100.0 / F("full_marks"), output_field=FloatField())
    spring, autumn = f"{year}-spring", f"{year}-autumn"
    averages = {}
    for child_id, term, total, count in (
        GradeRecord.objects.filter(term__in=[spring, autumn])
        .annotate(p=percent)
        .values("child_id", "term")
        .annotate(total=Sum("p"), n=Count("pk"))
        .values_list("child_id", "term", "total", "n")
    ):
        averages.setdefault(child_id, {})[term] = total / count
    changes = [t[autumn] - t[spring] for t in averages.values() if len(t) == 2]
    return len(changes), round(sum(changes) / len(changes), 1) if changes else 0.0


def year_report(year: int) -> YearReport:
    attended = Shift.objects.counted().filter(session__date__year=year)
    hours_by_month = per_month(attended, "session__date", year, Sum("hours"))
    figures = attended.aggregate(
        volunteers=Count("volunteer", distinct=True), sessions=Count("session", distinct=True)
    )
    children = (
        Pairing.objects.filter(
            session__in=TutoringSession.objects.begun(), session__date__year=year
        )
        .values("child")
        .distinct()
        .count()
    )
    compared, change = average_score_change(year)
    hours = round(sum(hours_by_month), 1)
    return YearReport(
        title=_("爱心班"),
        figures=[
            Figure(_("Volunteers who tutored"), figures["volunteers"]),
            Figure(_("Volunteer hours"), hours),
            Figure(_("Saturday sessions held"), figures["sessions"]),
            Figure(_("Children helped"), children),
            Figure(_("Average score change (points of %)"), change),
        ],
        charts=[Chart(_("Volunteer hours by month"), month_labels(), {_("Hours"): hours_by_month})],
        summary={
            ORGANISATION: [Figure(_("爱心驿站"), Station.objects.count())],
            ACTIVITIES: [
                Figure(_("Volunteers who tutored"), figures["volunteers"]),
                Figure(_("Saturday sessions held"), figures["sessions"]),
                Figure(_("Volunteer hours"), hours),
            ],
            RESULTS: [
                Figure(_("Children helped"), children),
                Figure(_("Children with grades in both terms"), compared),
                Figure(_("Average score change (points of %)"), change),
            ],
        },
    )


def report_points(year: int) -> dict[str, list[str]]:
    return points.report_points(year)


def first_year() -> int | None:
    return points.first_year()
