"""The merit register's ledger (台账): deeds and boards of a period, with Chinese headers."""

import datetime

from django.db.models import Count, Prefetch
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from community.ledgers import Sheet, local, workbook
from community.models import Street

from .models import Board, Deed, DeedDoer


def ledger_workbook(start: datetime.date, end: datetime.date) -> bytes:
    deeds = (
        Deed.objects.filter(date__range=(start, end))
        .select_related("community", "reviewed_by")
        .prefetch_related(
            Prefetch("doers", queryset=DeedDoer.objects.select_related("resident", "user"))
        )
        .order_by("date", "pk")
    )
    boards = (
        Board.objects.filter(posted_on__range=(start, end))
        .select_related("community")
        .annotate(deed_count=Count("entries"))
        .order_by("posted_on", "pk")
    )
    deed_rows = (
        [
            d.date,
            d.title,
            d.get_category_display(),
            "、".join(doer.display_name for doer in d.doers.all()),
            d.beneficiary,
            d.community.name,
            d.get_status_display(),
            d.reviewed_by.name if d.reviewed_by else "",
            local(d.published_at),
            d.get_recommended_level_display() if d.recommended_upward else "",
        ]
        for d in deeds
    )
    board_rows = (
        [
            b.issue_number,
            b.title,
            b.community.name,
            b.location,
            b.posted_on,
            b.taken_down_on,
            b.get_status_display(),
            b.deed_count,
        ]
        for b in boards
    )
    return workbook(
        [
            (
                _("Deeds"),
                [
                    _("Date"),
                    _("Title"),
                    _("Category"),
                    _("Done by"),
                    _("Beneficiary"),
                    _("Residents' committee"),
                    _("Status"),
                    _("Reviewed by"),
                    _("Published at"),
                    _("Recommended upward"),
                ],
                deed_rows,
            ),
            (
                _("Boards"),
                [
                    _("Issue"),
                    _("Title"),
                    _("Residents' committee"),
                    _("Where it is posted"),
                    _("Posted on"),
                    _("Taken down on"),
                    _("Status"),
                    _("Deeds"),
                ],
                board_rows,
            ),
        ]
    )


def recommendation_workbook(start: datetime.date, end: datetime.date) -> bytes:
    """推荐表: the deeds recommended upward in a period, with their doers, story, level and the
    answer. The form leaves the office, so it shows what the public pages show: the
    beneficiary's name and any mobile number in the story are masked."""
    deeds = (
        Deed.objects.filter(recommended_upward=True, recommended_on__range=(start, end))
        .select_related("community")
        .prefetch_related(
            Prefetch("doers", queryset=DeedDoer.objects.select_related("resident", "user"))
        )
        .order_by("recommended_on", "pk")
    )
    rows = (
        [
            d.recommended_on,
            d.get_recommended_level_display(),
            d.public_title,
            d.get_category_display(),
            "、".join(doer.display_name for doer in d.doers.all()),
            d.community.name,
            d.date,
            d.public_story,
            d.get_recommendation_outcome_display(),
            d.recommendation_honour,
        ]
        for d in deeds
    )
    street = Street.objects.current()
    field = Deed._meta.get_field
    return workbook(
        [
            Sheet(
                name=_("Recommendations"),
                heading=_("%(street)s: deeds recommended upward, %(start)s to %(end)s")
                % {"street": street.name if street else "", "start": start, "end": end},
                headers=[
                    _("Recommended on"),
                    _("Recommended to"),
                    _("Title"),
                    _("Category"),
                    _("Done by"),
                    _("Residents' committee"),
                    capfirst(field("date").verbose_name),
                    capfirst(field("story").verbose_name),
                    _("Outcome"),
                    _("Honour received"),
                ],
                rows=rows,
            )
        ]
    )
