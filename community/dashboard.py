"""The programme dashboard and the annual summary, for staff: every figure comes from the apps'
`reports` modules (see community.reporting)."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import reporting
from .ledgers import download, workbook
from .permissions import staff_only

FIRST_YEAR = 2000


def _year(year: int | None) -> int:
    this_year = timezone.localdate().year
    return this_year if year is None else min(max(year, FIRST_YEAR), this_year + 1)


@staff_only
def dashboard(request, year=None):
    year = _year(year)
    return render(
        request,
        "community/dashboard.html",
        {
            "year": year,
            "reports": reporting.year_reports(year),
            "previous_year": year - 1,
            "next_year": year + 1 if year < timezone.localdate().year else None,
        },
    )


@staff_only
def summary(request, year):
    year = _year(year)
    return render(
        request,
        "community/summary.html",
        {"year": year, "parts": reporting.summary(year)},
    )


@staff_only
def summary_workbook(request, year):
    year = _year(year)
    sheets = [
        (title, [_("Item"), _("Figure")], [[f.label, f.value] for f in figures])
        for title, figures in reporting.summary(year)
    ]
    return download(workbook(sheets), f"summary-{year}.xlsx")
