"""The annual report (年度工作总结) as a document, in the shape of the street office's own report.

The outline is the programme's: three parts, each with its points. The apps write the points
from their data in their `reports` modules (`report_points`, see community.reporting): sentences
from translatable templates with the figures and names filled in, and the change on last year
where last year has the figure. A point without data says so in words, not with zeros. Staff may
edit a point before exporting (`AnnualReport`): the document uses the edited text where there is
one, and the generated draft stays beside it.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, npgettext
from django.utils.translation import gettext as _

from . import reporting
from .models import AnnualReport, Street
from .reporting import ACTIVITIES, ORGANISATION, RESULTS, SUMMARY_PARTS, Chart


@dataclass(frozen=True)
class PointSpec:
    key: str
    part: str
    label: str
    empty: str  # what the point says for a year without its data
    numbered: bool = True  # the first part's paragraphs have no number, as in the programme's


POINTS = [
    PointSpec(
        "leadership",
        ORGANISATION,
        gettext_lazy("Leadership group and study plans"),
        gettext_lazy("No leadership group or study plan was recorded for this year."),
        numbered=False,
    ),
    PointSpec(
        "central_study",
        ORGANISATION,
        gettext_lazy("Central group study and the cadres' monthly study"),
        gettext_lazy(
            "The central group held no study this year, and no study was assigned to the cadres."
        ),
        numbered=False,
    ),
    PointSpec(
        "cadre_exams",
        ORGANISATION,
        gettext_lazy("Cadres' exams and their target"),
        gettext_lazy("No cadre or exam was recorded for this year."),
        numbered=False,
    ),
    PointSpec(
        "cadre_learning",
        ACTIVITIES,
        gettext_lazy("Cadres' and party members' learning"),
        gettext_lazy("No course of party member education or cadre training was held this year."),
    ),
    PointSpec(
        "love_class",
        ACTIVITIES,
        gettext_lazy("The 爱心班"),
        gettext_lazy("The 爱心班 held no tutoring this year."),
    ),
    PointSpec(
        "learning_home",
        ACTIVITIES,
        gettext_lazy("“A home of learning, a home of happiness”"),
        gettext_lazy("No course of the five types was held this year."),
    ),
    PointSpec(
        "positions",
        RESULTS,
        gettext_lazy("Building up the places of learning"),
        gettext_lazy("No school, lecture or contest was recorded for this year."),
    ),
    PointSpec(
        "exemplars",
        RESULTS,
        gettext_lazy("Leading by example"),
        gettext_lazy("No exemplar showed works and no honour was received this year."),
    ),
    PointSpec(
        "merit",
        RESULTS,
        gettext_lazy("Building the carriers: the merit register"),
        gettext_lazy("No good deed was recorded and no merit board was posted this year."),
    ),
]
POINT_KEYS = [spec.key for spec in POINTS]


# Phrases the apps build their sentences with.


def chinese() -> bool:
    return (get_language() or "").startswith("zh")


def sentences(*texts: str) -> str:
    """Sentences into a paragraph: Chinese runs them together, English puts a space between."""
    return ("" if chinese() else " ").join(text for text in texts if text)


def sentence(*clauses: str) -> str:
    """Clauses into a sentence (本年度开设课程3门，比上年增加1门，报名40人次。); empty ones are left
    out, so a figure of nought is simply not said."""
    clauses = [str(clause) for clause in clauses if clause]
    if not clauses:
        return ""
    if chinese():
        return "，".join(clauses) + "。"
    text = ", ".join(clauses)
    return text[:1].upper() + text[1:] + "."


def listing(items) -> str:
    """张三、李四 (Chinese) or "Zhang, Li"."""
    return ("、" if chinese() else ", ").join(str(item) for item in items)


def titles(items) -> str:
    """《太极拳》、《合唱》 (Chinese) or “Tai chi”, “Choir”; each title once (a course that ran
    in several terms has one title)."""
    items = list(dict.fromkeys(items))
    if chinese():
        return "、".join(f"《{item}》" for item in items)
    return ", ".join(f"“{item}”" for item in items)


def amount(value) -> str:
    """A figure as the text prints it: whole numbers without decimals, others with one."""
    if isinstance(value, int):
        return str(value)
    text = f"{float(value):.1f}"
    return text.removesuffix(".0")


def day(date: datetime.date) -> str:
    """2026年12月2日 (Chinese) or "Dec. 2, 2026"."""
    return formats.date_format(date, "DATE_FORMAT")


class Unit:
    """What a change on last year is counted in (比上年增加3人)."""

    @staticmethod
    def people(n):
        return npgettext("counted in", "person", "people", n)

    @staticmethod
    def children(n):
        return npgettext("counted in", "child", "children", n)

    @staticmethod
    def attendances(n):
        return npgettext("counted in", "attendance", "attendances", n)

    @staticmethod
    def sign_ups(n):
        return npgettext("counted in", "sign-up", "sign-ups", n)

    @staticmethod
    def times(n):
        return npgettext("counted in", "occasion", "occasions", n)

    @staticmethod
    def courses(n):
        return npgettext("counted in", "course", "courses", n)

    @staticmethod
    def events(n):
        return npgettext("counted in", "event", "events", n)

    @staticmethod
    def deeds(n):
        return npgettext("counted in", "deed", "deeds", n)

    @staticmethod
    def boards(n):
        return npgettext("counted in", "board", "boards", n)

    @staticmethod
    def hours(n):
        return npgettext("counted in", "hour", "hours", n)

    @staticmethod
    def works(n):
        return npgettext("counted in", "work", "works", n)

    @staticmethod
    def notes(n):
        return npgettext("counted in", "note", "notes", n)


def compared(now, before, unit: Callable[[int | float], str]) -> str:
    """The change on last year as a clause ("up 3 people on last year", 比上年增加3人), or
    nothing when last year has no such figure."""
    if not before:
        return ""
    if isinstance(now, int) and isinstance(before, int):
        difference = now - before
    else:
        difference = round(float(now) - float(before), 1)
    # Plural forms are chosen by whole numbers; a fraction (0.5 hours) takes the plural.
    count = int(abs(difference)) if float(difference).is_integer() else 2
    values = {"amount": amount(abs(difference)), "unit": unit(count)}
    if difference > 0:
        return _("up %(amount)s %(unit)s on last year") % values
    if difference < 0:
        return _("down %(amount)s %(unit)s on last year") % values
    return _("the same as last year")


# Which years have a report.


def first_year() -> int | None:
    """The year of the earliest record of any app."""

    def find():
        years = [
            module.first_year()
            for module in reporting.programme_reports()
            if hasattr(module, "first_year")
        ]
        return min((year for year in years if year is not None), default=None)

    return cache.get_or_set("report-first-year", find, reporting.REPORTS_TIMEOUT)


def unavailable(year: int) -> str | None:
    """Why a year has no report (it has not begun, or it is before any data), or None."""
    if year > timezone.localdate().year:
        return _("%(year)s has not begun yet.") % {"year": year}
    first = first_year()
    if first is None or year < first:
        return _("There are no data for %(year)s.") % {"year": year}
    return None


# The document.


def drafts(year: int) -> dict[str, str]:
    """Each point's generated text: the apps' paragraphs, one a line, or the point's words for a
    year without its data. Kept in the cache as long as the dashboard's figures."""

    def build():
        paragraphs = {key: [] for key in POINT_KEYS}
        for module in reporting.programme_reports():
            if hasattr(module, "report_points"):
                for key, texts in module.report_points(year).items():
                    paragraphs[key].extend(texts)
        return {spec.key: "\n".join(paragraphs[spec.key]) or str(spec.empty) for spec in POINTS}

    return cache.get_or_set(
        f"report-drafts:{year}:{get_language()}", build, reporting.REPORTS_TIMEOUT
    )


@dataclass
class Point:
    spec: PointSpec
    number: int | None
    draft: str
    edit: str | None = None
    edit_draft: str | None = None  # the draft when it was edited

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def label(self) -> str:
        return str(self.spec.label)

    @property
    def heading(self) -> str:
        """How staff find it on the editing page: "2. The 爱心班" (二、2、开办爱心班)."""
        if self.number is None:
            return self.label
        return _("%(number)s. %(label)s") % {"number": self.number, "label": self.label}

    @property
    def lead(self) -> str:
        """What a numbered point's first paragraph begins with (1、抓阵地建设。)."""
        if self.number is None:
            return ""
        return _("%(number)s. %(label)s.") % {"number": self.number, "label": self.label}

    @property
    def edited(self) -> bool:
        return self.edit is not None

    @property
    def text(self) -> str:
        return self.edit if self.edit is not None else self.draft

    @property
    def draft_changed(self) -> bool:
        """The data changed after staff edited the point: the draft is not the one they saw."""
        return self.edited and self.edit_draft != self.draft

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.split("\n") if line.strip()]


@dataclass
class Part:
    key: str
    title: str
    points: list[Point]


@dataclass
class KeyFigure:
    label: str
    value: int | float | str
    last_year: int | float | str | None


@dataclass
class Document:
    year: int
    title: str
    as_of: datetime.date | None  # this year's report counts to this day
    parts: list[Part]
    figures: list[KeyFigure]
    charts: list[Chart] = field(default_factory=list)
    has_last_year: bool = False
    edited_by: str = ""  # who last changed staff's text, when some of it is
    edited_at: datetime.datetime | None = None

    @property
    def points(self) -> list[Point]:
        return [point for part in self.parts for point in part.points]

    @property
    def last_year(self) -> int:
        return self.year - 1


def document(year: int) -> Document:
    """The year's report: the generated drafts, staff's edits where there are, the key figures
    beside last year's and the dashboard's charts. For a year `unavailable` says has one."""
    generated = drafts(year)
    saved = AnnualReport.objects.select_related("edited_by").filter(year=year).first()
    edits = saved.texts if saved else {}
    parts = []
    for part, part_title in SUMMARY_PARTS:
        points, number = [], 0
        for spec in (spec for spec in POINTS if spec.part == part):
            number += spec.numbered
            points.append(
                Point(
                    spec=spec,
                    number=number if spec.numbered else None,
                    draft=generated[spec.key],
                    edit=edits.get(spec.key),
                    edit_draft=saved.drafts.get(spec.key) if saved else None,
                )
            )
        parts.append(Part(key=part, title=str(part_title), points=points))

    first = first_year()
    has_last_year = first is not None and year - 1 >= first
    last_year = (
        {str(f.label): f.value for _t, figures in reporting.summary(year - 1) for f in figures}
        if has_last_year
        else {}
    )
    figures = [
        KeyFigure(str(f.label), f.value, last_year.get(str(f.label)))
        for _title, part_figures in reporting.summary(year)
        for f in part_figures
    ]
    street = Street.objects.current()
    title = _("Building a learning community: summary of %(year)s") % {"year": year}
    today = timezone.localdate()
    return Document(
        year=year,
        title=f"{street.name}{title}" if street else title,
        as_of=today if year == today.year else None,
        parts=parts,
        figures=figures,
        charts=[chart for report in reporting.year_reports(year) for chart in report.charts],
        has_last_year=has_last_year,
        edited_by=saved.edited_by.name if saved and saved.texts and saved.edited_by else "",
        edited_at=saved.edited_at if saved and saved.texts else None,
    )


# Control characters pasted with a text (a vertical tab from a word processor): not text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def tidy(text: str) -> str:
    """Text from a form as a point keeps it: a paragraph a line, without surrounding spaces,
    empty lines or control characters."""
    lines = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())
