"""Figures of the merit register, for the home page and the programme dashboard."""

from django.db.models import Count, Min, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community import pagecache
from community.annual_report import Unit, compared, listing, sentence, sentences
from community.charts import month_labels
from community.reporting import ACTIVITIES, RESULTS, Chart, Figure, YearReport, per_month

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
                month_labels(),
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


def first_year() -> int | None:
    """The year of the first published deed or posted board."""
    years = [
        Deed.objects.published().aggregate(first=Min("date"))["first"],
        Board.objects.public().aggregate(first=Min("posted_on"))["first"],
    ]
    return min((day.year for day in years if day is not None), default=None)


def _merit_figures(year: int) -> dict:
    deeds = Deed.objects.published()
    boards = Board.objects.public()
    figures = deeds.aggregate(
        deeds=Count("pk", filter=Q(date__year=year)),
        for_residents=Count("pk", filter=Q(date__year=year, category=Deed.Category.FOR_RESIDENTS)),
        for_community=Count("pk", filter=Q(date__year=year, category=Deed.Category.FOR_COMMUNITY)),
        deeds_so_far=Count("pk", filter=Q(date__year__lte=year)),
        recommended=Count("pk", filter=Q(recommended_upward=True, recommended_on__year=year)),
    )
    figures |= boards.aggregate(
        boards=Count("pk", filter=Q(posted_on__year=year)),
        boards_so_far=Count("pk", filter=Q(posted_on__year__lte=year)),
    )
    # Titles as the public pages show them: a beneficiary's name is masked.
    figures["honours"] = [
        (deed.public_title, deed.recommendation_honour)
        for deed in deeds.filter(
            recommended_upward=True,
            recommended_on__year=year,
            recommendation_outcome=Deed.Outcome.ACCEPTED,
        ).order_by("recommended_on", "pk")
    ]
    return figures


def report_points(year: int) -> dict[str, list[str]]:
    """载体构筑: the year's deeds and boards of the 功德录, and those so far, and the deeds
    recommended upward with the honours they received."""
    now, before = _merit_figures(year), _merit_figures(year - 1)
    if not (now["deeds"] or now["boards"] or now["recommended"]):
        return {}
    kinds = [
        now["for_residents"]
        and gettext("community workers doing practical things for residents: %(count)s")
        % {"count": now["for_residents"]},
        now["for_community"]
        and gettext("residents doing good things for the community: %(count)s")
        % {"count": now["for_community"]},
    ]
    paragraph = [
        sentence(
            gettext("this year the merit register recorded %(count)s good deeds")
            % {"count": now["deeds"]},
            compared(now["deeds"], before["deeds"], Unit.deeds),
            any(kinds)
            and gettext("of which %(kinds)s") % {"kinds": listing(k for k in kinds if k)},
            gettext("%(count)s deeds in all so far") % {"count": now["deeds_so_far"]},
        )
        if now["deeds"]
        else sentence(
            gettext("this year the merit register recorded no new deed"),
            now["deeds_so_far"]
            and gettext("%(count)s deeds in all so far") % {"count": now["deeds_so_far"]},
        ),
        sentence(
            gettext("merit boards posted: %(count)s") % {"count": now["boards"]},
            compared(now["boards"], before["boards"], Unit.boards),
            gettext("%(count)s boards in all so far") % {"count": now["boards_so_far"]},
        )
        if now["boards"]
        else sentence(gettext("no merit board was posted this year")),
    ]
    if now["recommended"]:
        honours = [
            gettext("“%(deed)s” received “%(honour)s”") % {"deed": title, "honour": honour}
            for title, honour in now["honours"]
        ]
        paragraph.append(
            sentence(
                gettext("deeds recommended upward: %(count)s") % {"count": now["recommended"]},
                honours
                and gettext("of which %(count)s were honoured: %(honours)s")
                % {"count": len(honours), "honours": listing(honours)},
            )
        )
    return {"merit": [sentences(*paragraph)]}
