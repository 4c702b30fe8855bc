"""Figures of the merit register, for the home page and the programme dashboard."""

from django.utils.translation import gettext_lazy as _

from community import pagecache
from community.reporting import ACTIVITIES, MONTHS, RESULTS, Chart, Figure, YearReport, per_month

from .models import Board, Deed


def home_totals() -> list[tuple[str, int]]:
    """Published deeds and posted boards, kept until a deed or a board changes."""
    totals = pagecache.memo(
        "merit-totals",
        ["merit"],
        lambda: {
            "deeds": Deed.objects.published().count(),
            "boards": Board.objects.public().count(),
        },
    )
    return [
        (_("good deeds recorded"), totals["deeds"]),
        (_("merit boards posted"), totals["boards"]),
    ]


def year_report(year: int) -> YearReport:
    deeds = Deed.objects.published().filter(date__year=year)
    boards = Board.objects.public().filter(posted_on__year=year)
    deeds_by_month = per_month(deeds, "date", year)
    boards_by_month = per_month(boards, "posted_on", year)
    deed_count, board_count = int(sum(deeds_by_month)), int(sum(boards_by_month))
    recommended = deeds.filter(recommended_upward=True).count()
    return YearReport(
        title=_("Merit register"),
        figures=[
            Figure(_("Good deeds published"), deed_count),
            Figure(_("Merit boards posted"), board_count),
            Figure(_("Deeds recommended upward"), recommended),
        ],
        charts=[
            Chart(
                _("Deeds and boards by month"),
                MONTHS,
                {_("Deeds"): deeds_by_month, _("Boards"): boards_by_month},
            )
        ],
        summary={
            ACTIVITIES: [
                Figure(_("Good deeds published"), deed_count),
                Figure(_("Merit boards posted"), board_count),
            ],
            RESULTS: [Figure(_("Deeds recommended upward"), recommended)],
        },
    )
