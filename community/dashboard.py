"""The programme dashboard and the annual summary, for staff: every figure comes from the apps'
`reports` modules (see community.reporting), the summary's text from community.annual_report."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import annual_report, report_docx, reporting, services
from .forms import ReportPointForm
from .ledgers import download, workbook
from .permissions import staff_only, staff_required

FIRST_YEAR = 2000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EDIT_REPORT = "community.change_annualreport"


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


def report_year(view):
    """A page of a year's report; for a year that has not begun or is before any data, a page
    that says so in words (the address is right, so no 404), and nothing is written."""

    @wraps(view)
    def wrapped(request, year, *args, **kwargs):
        reason = annual_report.unavailable(year)
        if reason is None:
            return view(request, year, *args, **kwargs)
        first_year = annual_report.first_year()
        return render(
            request,
            "community/summary_unavailable.html",
            {
                "year": year,
                "reason": reason,
                "this_year": timezone.localdate().year if first_year is not None else None,
                "first_year": first_year if first_year is not None and year < first_year else None,
            },
        )

    return wrapped


@staff_only
@report_year
def summary(request, year):
    return render(
        request,
        "community/summary.html",
        {"year": year, "report": annual_report.document(year)},
    )


@staff_only
@report_year
def summary_print(request, year):
    """The report on A4 paper: the document alone, with print styles."""
    return render(request, "community/summary_print.html", {"report": annual_report.document(year)})


@staff_only
@report_year
def summary_docx(request, year):
    body = report_docx.report_docx(annual_report.document(year))
    return download(body, f"summary-{year}.docx", content_type=DOCX)


@staff_only
@report_year
def summary_workbook(request, year):
    sheets = [
        (title, [_("Item"), _("Figure")], [[f.label, f.value] for f in figures])
        for title, figures in reporting.summary(year)
    ]
    return download(workbook(sheets), f"summary-{year}.xlsx")


def _edit_page(request, report, bound=None, status=200):
    """The editing page: a form a point, grouped by part; `bound` is the form just sent."""

    def form(point):
        return (
            bound
            if bound is not None and bound.prefix == point.key
            else ReportPointForm(point=point)
        )

    parts = [(part, [(point, form(point)) for point in part.points]) for part in report.parts]
    return render(
        request, "community/summary_edit.html", {"report": report, "parts": parts}, status=status
    )


@staff_required(EDIT_REPORT)
@report_year
def summary_edit(request, year):
    return _edit_page(request, annual_report.document(year))


def _point(report, key: str):
    for point in report.points:
        if point.key == key:
            return point
    raise Http404


@staff_required(EDIT_REPORT)
@require_POST
@report_year
def summary_point(request, year, point):
    report = annual_report.document(year)
    target = _point(report, point)
    form = ReportPointForm(request.POST, point=target)
    if form.is_valid():
        try:
            services.annual_report_edit(
                year=year, point=point, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Saved: %(point)s.") % {"point": target.heading})
            return redirect(f"{reverse('summary_edit', args=[year])}#point-{point}")
    return _edit_page(request, report, bound=form)


@staff_required(EDIT_REPORT)
@require_POST
@report_year
def summary_point_draft(request, year, point):
    """Back to the generated draft for a point."""
    target = _point(annual_report.document(year), point)
    services.annual_report_revert(year=year, point=point, by=request.user)
    messages.success(
        request, _("%(point)s: back to the generated draft.") % {"point": target.heading}
    )
    return redirect(f"{reverse('summary_edit', args=[year])}#point-{point}")
