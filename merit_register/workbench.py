"""The 功德录's part of the 工作台: deeds to review, boards to post."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.workbench import Tool, Waiting

from .models import Board, Deed


def waiting(user, now) -> list[Waiting]:
    items = []
    if user.has_perm("merit_register.review_deed"):
        items.append(
            Waiting(
                _("Deeds to review"),
                Deed.objects.filter(status=Deed.Status.SUBMITTED).count(),
                reverse("admin:merit_register_deed_changelist") + "?status__exact=submitted",
            )
        )
    if user.has_perm("merit_register.change_board"):
        items.append(
            Waiting(
                _("Boards to post"),
                Board.objects.filter(status=Board.Status.DRAFT).count(),
                reverse("admin:merit_register_board_changelist") + "?status__exact=draft",
            )
        )
    return items


def tools(user) -> list[Tool]:
    found = []
    if user.has_perm("merit_register.view_deed"):
        found.append(Tool(_("功德录 ledger (Excel)"), reverse("merit_register:staff_ledger")))
        found.append(
            Tool(
                _("Recommendation form (Excel)"),
                reverse("merit_register:staff_recommendations"),
            )
        )
    if user.has_perm("merit_register.view_board"):
        found.append(Tool(_("功德榜 boards posted"), reverse("merit_register:staff_boards_posted")))
    return found
