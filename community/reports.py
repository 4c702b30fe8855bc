"""The showcase's figures for the dashboard and the annual summary."""

from django.utils.translation import gettext as _

from .models import Exemplar, Honour, NewsletterIssue, Work
from .reporting import ACTIVITIES, RESULTS, Figure, YearReport


def year_report(year: int) -> YearReport:
    honours = Honour.objects.filter(year=year).count()
    works = Work.objects.filter(year=year).count()
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
