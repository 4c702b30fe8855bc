"""The 爱心班's point of the annual report (see community.annual_report)."""

from django.db.models import Count, ExpressionWrapper, F, FloatField, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from community.annual_report import Unit, amount, compared, sentence, sentences

from .models import (
    BookDonation,
    GradeRecord,
    HomeVisit,
    Outing,
    OutingChild,
    Pairing,
    Shift,
    TutoringSession,
)


def first_year() -> int | None:
    """The year of the first Saturday session that has been held."""
    first = TutoringSession.objects.filter(date__lte=timezone.localdate()).aggregate(
        first=Min("date")
    )["first"]
    return first.year if first else None


def grades_improved(year: int) -> tuple[int, int]:
    """Children with grades in both terms of the year, and those whose average (in percent of
    the full marks) was higher in autumn than in spring."""
    percent = ExpressionWrapper(F("score") * 100.0 / F("full_marks"), output_field=FloatField())
    spring, autumn = f"{year}-spring", f"{year}-autumn"
    averages: dict[int, dict[str, float]] = {}
    for child_id, term, total, count in (
        GradeRecord.objects.filter(term__in=[spring, autumn])
        .annotate(p=percent)
        .values("child_id", "term")
        .annotate(total=Sum("p"), n=Count("pk"))
        .values_list("child_id", "term", "total", "n")
    ):
        averages.setdefault(child_id, {})[term] = total / count
    both = [terms for terms in averages.values() if len(terms) == 2]
    return len(both), sum(terms[autumn] > terms[spring] for terms in both)


def _figures(year: int) -> dict:
    """As the dashboard counts them (volunteers/reports.py): attended shifts, and the children
    paired in the year's sessions."""
    today = timezone.localdate()
    figures = (
        Shift.objects.counted()
        .filter(session__date__year=year)
        .aggregate(
            sessions=Count("session", distinct=True),
            volunteers=Count("volunteer", distinct=True),
            hours=Sum("hours"),
        )
    )
    figures["hours"] = figures["hours"] or 0
    figures["children"] = (
        Pairing.objects.filter(
            session__in=TutoringSession.objects.begun(), session__date__year=year
        )
        .values("child")
        .distinct()
        .count()
    )
    figures["home_visits"] = HomeVisit.objects.filter(date__year=year, date__lte=today).count()
    outings = Outing.objects.filter(date__year=year, date__lte=today)
    figures["outings"] = outings.count()
    figures["on_outings"] = OutingChild.objects.filter(outing__in=outings).count()
    figures["books"] = (
        BookDonation.objects.filter(date__year=year, date__lte=today).aggregate(
            books=Sum("quantity")
        )["books"]
        or 0
    )
    return figures


def report_points(year: int) -> dict[str, list[str]]:
    """爱心班: Saturdays, volunteers and their hours, children helped, home tutoring, grades,
    outings and books."""
    now, before = _figures(year), _figures(year - 1)
    if not any(now[name] for name in ("sessions", "children", "home_visits", "outings", "books")):
        return {}
    compared_children, improved = grades_improved(year)
    paragraph = [
        sentence(
            now["sessions"]
            and _("this year the 爱心班 met on %(count)s Saturdays at the 爱心驿站")
            % {"count": now["sessions"]},
            now["sessions"] and compared(now["sessions"], before["sessions"], Unit.times),
            now["volunteers"]
            and _("%(count)s university student volunteers tutored") % {"count": now["volunteers"]},
            now["volunteers"] and compared(now["volunteers"], before["volunteers"], Unit.people),
            now["hours"]
            and _("giving %(hours)s hours of volunteer service") % {"hours": amount(now["hours"])},
            now["hours"] and compared(now["hours"], before["hours"], Unit.hours),
        ),
        sentence(
            now["children"]
            and _("%(count)s children of families in hardship were tutored")
            % {"count": now["children"]},
            now["children"] and compared(now["children"], before["children"], Unit.children),
            now["home_visits"]
            and _("home tutoring: %(count)s visits") % {"count": now["home_visits"]},
        ),
        sentence(
            compared_children
            and _("%(count)s children have grades in both terms") % {"count": compared_children},
            compared_children
            and improved
            and _("of whom %(count)s improved their grades") % {"count": improved},
        ),
        sentence(
            now["outings"]
            and _("outings for the children: %(count)s, with %(children)s places taken")
            % {"count": now["outings"], "children": now["on_outings"]},
            now["books"] and _("books given for the children: %(count)s") % {"count": now["books"]},
        ),
    ]
    return {"love_class": [sentences(*paragraph)]}
