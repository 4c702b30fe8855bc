"""School terms: stored as codes ("2026-autumn"), shown as people say them (2026年秋季学期)."""

import datetime

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SEASONS = ("spring", "autumn")
FIRST_YEAR = 2015


def term_label(code: str) -> str:
    """A term code as people say it: "2026-autumn" is 2026年秋季学期; an unknown code as it is."""
    year, _dash, season = str(code).partition("-")
    if not year.isdigit():
        return code
    if season == "autumn":
        return gettext("%(year)s autumn term") % {"year": year}
    if season == "spring":
        return gettext("%(year)s spring term") % {"year": year}
    return code


def term_dates(code: str) -> tuple[datetime.date, datetime.date]:
    """The days a term covers: a spring term from February to July, an autumn term from August
    to the end of the next January (the winter holiday ends it)."""
    year, _dash, season = str(code).partition("-")
    if not year.isdigit() or season not in SEASONS:
        raise ValueError(f"not a term: {code!r}")
    year = int(year)
    if season == "spring":
        return datetime.date(year, 2, 1), datetime.date(year, 7, 31)
    return datetime.date(year, 8, 1), datetime.date(year + 1, 1, 31)


def term_of(day: datetime.date) -> str:
    """The term a day falls in."""
    if day.month == 1:
        return f"{day.year - 1}-autumn"
    return f"{day.year}-{'spring' if day.month <= 7 else 'autumn'}"


def term_choices(current: str = "") -> list[tuple[str, str]]:
    """Every term from 2015 to next year, newest first, and `current` if it is not among them."""
    last = timezone.localdate().year + 1
    codes = [
        f"{year}-{season}"
        for year in range(last, FIRST_YEAR - 1, -1)
        for season in ("autumn", "spring")
    ]
    if current and current not in codes:
        codes.insert(0, current)
    return [(code, term_label(code)) for code in codes]


class TermField(forms.ChoiceField):
    """A term picked by its name, stored as its code."""

    def __init__(self, *, current: str = "", **kwargs):
        kwargs.setdefault("label", _("term"))
        super().__init__(choices=lambda: term_choices(current), **kwargs)


class TermListFilter(admin.SimpleListFilter):
    """Filter an admin list by term, named as people say it."""

    title = _("term")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by("-term")
            .values_list("term", flat=True)
            .distinct()
        )
        return [(code, term_label(code)) for code in codes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(term=self.value())
        return queryset


class TermAdminMixin:
    """For a model admin or inline with a `term` field: a choice of named terms, and the term
    shown by its name in the list (`term_name`)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "term":
            return TermField(
                label=db_field.verbose_name,
                help_text="",
                required=not db_field.blank,
                initial=db_field.get_default(),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("term"), ordering="term")
    def term_name(self, obj):
        return term_label(obj.term)
