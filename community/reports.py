"""The showcase's figures for the dashboard and the annual summary."""

from django.db.models import Min
from django.utils.translation import gettext as _

from .annual_report import Unit, compared, sentence, sentences, titles
from .models import Exemplar, Honour, NewsletterIssue, Work
from .reporting import ACTIVITIES, RESULTS, Figure, YearReport


def year_report(year: int) -> YearReport:
    honours = Honour.objects.filter(year=year).count()
    works = Work.objects.filter(year=year, exemplar__published=True).count()
    newsletters = NewsletterIssue.objects.filter(date__year=year).count()
    exemplars = Exemplar.objects.filter(published=True).count()
    return YearReport(
        title=_("Showcase and honours"),
        figures=[
            Figure(_("Honours received"), honours),
            Figure(_("Learning exemplars"), exemplars),
            Figure(_("Works shown"), works),
            Figure(_("Newsletter issues"), newsletters),
        ],
        summary={
            ACTIVITIES: [Figure(_("Newsletter issues"), newsletters)],
            RESULTS: [
                Figure(_("Honours received"), honours),
                Figure(_("Learning exemplars"), exemplars),
                Figure(_("Works shown"), works),
            ],
        },
    )


def first_year() -> int | None:
    """The year of the first honour, work or newsletter issue."""
    firsts = [
        Honour.objects.aggregate(first=Min("year"))["first"],
        Work.objects.aggregate(first=Min("year"))["first"],
    ]
    newsletter = NewsletterIssue.objects.aggregate(first=Min("date"))["first"]
    firsts.append(newsletter.year if newsletter else None)
    return min((year for year in firsts if year is not None), default=None)


def report_points(year: int) -> dict[str, list[str]]:
    return {"positions": street_honours(year), "exemplars": exemplars(year)}


def honour_clause(honour: Honour) -> str:
    values = {
        "holder": honour.holder_name,
        "title": honour.title,
        "awarded_by": honour.awarded_by,
    }
    if honour.holder_kind == Honour.Holder.STREET:
        return _("%(holder)s was awarded “%(title)s” by %(awarded_by)s") % values
    return _("%(holder)s received “%(title)s” from %(awarded_by)s") % values


def street_honours(year: int) -> list[str]:
    """阵地建设 ends with the honours the street's places of learning received."""
    honours = Honour.objects.filter(year=year, holder_kind=Honour.Holder.STREET).order_by(
        "title", "pk"
    )
    clauses = [honour_clause(honour) for honour in honours]
    return [sentence(_("this year"), *clauses)] if clauses else []


EXEMPLARS_NAMED = 8
WORKS_NAMED = 3


def exemplars(year: int) -> list[str]:
    """典型引路: the exemplars who showed works this year, by name with their works, the honours
    of people and households, and the newsletter issues."""
    works = list(
        Work.objects.filter(year=year, exemplar__published=True)
        .select_related("exemplar")
        .order_by("exemplar__name", "exemplar__pk", "pk")
    )
    works_before = Work.objects.filter(year=year - 1, exemplar__published=True).count()
    honours = Honour.objects.filter(year=year).exclude(holder_kind=Honour.Holder.STREET)
    issues = NewsletterIssue.objects.filter(date__year=year)
    newsletters = list(
        issues.order_by("newsletter").values_list("newsletter", flat=True).distinct()
    )
    if not (works or honours or newsletters):
        return []
    paragraph = []
    if works:
        shown: dict[Exemplar, list[str]] = {}
        for work in works:
            shown.setdefault(work.exemplar, []).append(work.title)
        named = [
            _("%(name)s showed %(titles)s")
            % {"name": exemplar.name, "titles": titles(work_titles[:WORKS_NAMED])}
            for exemplar, work_titles in list(shown.items())[:EXEMPLARS_NAMED]
        ]
        others = len(shown) - len(named)
        paragraph.append(
            sentence(
                _("this year %(people)s learning exemplars showed %(works)s works")
                % {"people": len(shown), "works": len(works)},
                compared(len(works), works_before, Unit.works),
            )
        )
        paragraph.append(
            sentence(
                *named,
                others and _("and %(count)s others") % {"count": others},
            )
        )
    clauses = [honour_clause(honour) for honour in honours.order_by("holder_name", "pk")]
    if clauses:
        paragraph.append(sentence(*clauses))
    if newsletters:
        paragraph.append(
            sentence(
                _("newsletter issues published: %(count)s (%(names)s)")
                % {"count": issues.count(), "names": titles(newsletters)}
            )
        )
    return [sentences(*paragraph)]
