"""The programme's figures, gathered from every app.

Each app may have a `reports` module, found as the admin finds `admin.py`: a new app adds its
figures to the home page, the dashboard and the annual summary without editing any of them.
A `reports` module may define:

- `home_totals() -> list[tuple[str, int]]`: running totals for the home page;
- `year_report(year) -> YearReport`: the year's figures, charts and summary lines;
- `report_points(year) -> dict[str, list[str]]`: paragraphs of the annual report's points (keys
  of `community.annual_report.POINTS`), written from the year's data; none for a point without;
- `first_year() -> int | None`: the year of the app's earliest record, if it has any.
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .charts import bar_chart, line_chart

# The parts of the annual summary, in the shape of the programme's own report.
ORGANISATION, ACTIVITIES, RESULTS = "organisation", "activities", "results"
SUMMARY_PARTS = [
    (ORGANISATION, _("1. Organisation and schools")),
    (ACTIVITIES, _("2. Activities")),
    (RESULTS, _("3. Results")),
]
MONTHS = [f"{m}" for m in range(1, 13)]


@dataclass
class Figure:
    label: str
    value: int | float | str


@dataclass
class Chart:
    """A chart and the table of its numbers: `series` maps a name to one value per category."""

    title: str
    categories: list[str]
    series: dict[str, list[float]]
    kind: str = "line"  # or "bar" (one series)
    maximum: float | None = None

    @property
    def drawing(self):
        if self.kind == "bar":
            (values,) = self.series.values()
            return bar_chart(
                self.title, list(zip(self.categories, values, strict=True)), maximum=self.maximum
            )
        return line_chart(self.title, self.categories, self.series, maximum=self.maximum)

    @property
    def template(self) -> str:
        return "_bar_chart.html" if self.kind == "bar" else "_line_chart.html"

    @property
    def rows(self) -> list[tuple[str, list[float]]]:
        return [
            (category, [values[n] for values in self.series.values()])
            for n, category in enumerate(self.categories)
        ]


@dataclass
class YearReport:
    title: str
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    summary: dict[str, list[Figure]] = field(default_factory=dict)


def app_reports() -> list[ModuleType]:
    modules = []
    for app_config in apps.get_app_configs():
        name = f"{app_config.name}.reports"
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


def home_totals() -> list[tuple[str, int]]:
    return [
        total
        for module in app_reports()
        if hasattr(module, "home_totals")
        for total in module.home_totals()
    ]


REPORTS_TIMEOUT = 5 * 60


def programme_reports() -> list[ModuleType]:
    """The apps' `reports` modules; the core's showcase comes after the programme's own apps."""
    return sorted(app_reports(), key=lambda module: module.__name__ == __package__ + ".reports")


def year_reports(year: int) -> list[YearReport]:
    """Every app's report, in the order of `programme_reports`.

    Kept five minutes in the cache: the figures aggregate whole tables, and staff read them
    often but need them to the minute only at the end of the year.
    """

    def build():
        return [
            module.year_report(year)
            for module in programme_reports()
            if hasattr(module, "year_report")
        ]

    return cache.get_or_set(f"year-reports:{year}:{get_language()}", build, REPORTS_TIMEOUT)


def summary(year: int) -> list[tuple[str, list[Figure]]]:
    """The annual summary's parts, each with the figures every app gives for it."""
    reports = year_reports(year)
    return [
        (title, [figure for report in reports for figure in report.summary.get(part, [])])
        for part, title in SUMMARY_PARTS
    ]


def per_month(queryset, date_field: str, year: int, value=None) -> list[float]:
    """Twelve monthly values of a queryset: a count of rows, or `value` (an aggregate), grouped
    by the month of `date_field`, in one query."""
    rows = (
        queryset.annotate(month=TruncMonth(date_field))
        .values("month")
        .annotate(value=value if value is not None else Count("pk"))
        .values_list("month", "value")
    )
    return by_month(rows, year)


def by_month(rows, year: int) -> list[float]:
    """Twelve monthly values from (month date or datetime, value) rows of one year."""
    values = [0.0] * 12
    for month, value in rows:
        if month is not None and month.year == year:
            values[month.month - 1] = float(value or 0)
    return values
