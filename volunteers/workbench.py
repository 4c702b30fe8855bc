"""The 爱心班's part of the 工作台: applications to check, Saturdays without attendance."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.workbench import Tool, Waiting

from .models import Shift, Station, TutoringSession, Volunteer


def saturdays_without_attendance(user, now):
    """Saturdays of the user's stations that have begun, with places still only "confirmed"."""
    local = timezone.localtime(now)
    return (
        TutoringSession.objects.filter(
            station__in=Station.objects.coordinated_by(user),
            status=TutoringSession.Status.PLANNED,
        )
        .filter(Q(date__lt=local.date()) | Q(date=local.date(), starts_at__lte=local.time()))
        .filter(Exists(Shift.objects.filter(session=OuterRef("pk"), status=Shift.Status.CONFIRMED)))
        .order_by("date")
    )


def waiting(user, now) -> list[Waiting]:
    items = []
    if user.has_perm("volunteers.change_volunteer"):
        items.append(
            Waiting(
                _("Volunteer applications to check"),
                Volunteer.objects.filter(status=Volunteer.Status.APPLIED).count(),
                reverse("admin:volunteers_volunteer_changelist") + "?status__exact=applied",
            )
        )
    if user.has_perm("volunteers.change_shift"):
        sessions = saturdays_without_attendance(user, now)
        count = sessions.count()
        first = sessions.first() if count else None
        items.append(
            Waiting(
                _("Saturdays without attendance"),
                count,
                reverse("volunteers:staff_session", args=[first.pk])
                if first
                else reverse("volunteers:staff_sessions"),
            )
        )
    return items


def tools(user) -> list[Tool]:
    found = []
    if user.has_perm("volunteers.view_tutoringsession"):
        found.append(
            Tool(_("Saturdays: rota, attendance, pairing"), reverse("volunteers:staff_sessions"))
        )
    if user.has_perm("volunteers.change_shift"):
        today = (
            TutoringSession.objects.filter(
                station__in=Station.objects.coordinated_by(user),
                status=TutoringSession.Status.PLANNED,
                date=timezone.localdate(),
            )
            .order_by("starts_at")
            .first()
        )
        if today is not None:
            found.append(
                Tool(
                    _("Today's check-in code"),
                    reverse("volunteers:staff_checkin", args=[today.pk]),
                )
            )
    if user.has_perm("volunteers.view_child"):
        found.append(Tool(_("Children's records"), reverse("admin:volunteers_child_changelist")))
    return found
