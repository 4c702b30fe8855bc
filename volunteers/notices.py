"""What the 爱心班 tells volunteers and coordinators: moved up, a Saturday cancelled, reminders
the day before and before the sign-up closes, and Saturdays whose attendance was not marked.

A message never names a child: a volunteer learns the grade and the subject, and reads the
masked name in the portal.
"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community import places
from community.models import User
from notifications.services import day_text, notify, notify_all, short, staff_with_perm

from .models import Shift, TutoringSession, Volunteer

MY_SATURDAYS = "volunteers:my_saturdays"


def saturday_title(session: TutoringSession) -> str:
    return _("爱心班 on %(day)s") % {"day": day_text(session.date)}


@receiver(places.promoted, sender=Shift)
def tell_promoted(sender, holder, claims, **kwargs):
    for shift in claims:
        notify(
            shift.volunteer,
            "promoted",
            {"title": saturday_title(holder)},
            link=reverse(MY_SATURDAYS),
            once=f"promoted:shift:{shift.pk}",
        )


@receiver(pre_save, sender=TutoringSession)
def remember_status(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._status_before = (
            sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        )


@receiver(post_save, sender=TutoringSession)
def session_saved(sender, instance, created, raw=False, **kwargs):
    before, instance._status_before = getattr(instance, "_status_before", None), None
    if created or raw or before == instance.status:
        return
    if instance.status == TutoringSession.Status.CANCELLED and not instance.has_begun():
        live = Shift.objects.live().filter(session=instance).select_related("volunteer__user")
        notify_all(
            [shift.volunteer for shift in live],
            "cancelled",
            {"title": saturday_title(instance)},
            link=reverse(MY_SATURDAYS),
            once=f"cancelled:tsession:{instance.pk}",
        )


def volunteer_verified(volunteer: Volunteer) -> None:
    notify(
        volunteer,
        "volunteer_verified",
        {},
        link=reverse("volunteers:saturdays"),
        once=f"verified:volunteer:{volunteer.pk}:{volunteer.verified_at:%Y%m%d%H%M%S}",
    )


def volunteer_suspended(volunteer: Volunteer) -> None:
    notify(volunteer, "volunteer_suspended", {}, link=reverse("volunteers:index"))


def volunteer_applied(volunteer: Volunteer) -> None:
    notify_all(
        staff_with_perm("volunteers.change_volunteer"),
        "staff_volunteer_applied",
        {"name": short(volunteer.name, 10), "university": short(volunteer.university, 14)},
        link=reverse("admin:volunteers_volunteer_change", args=[volunteer.pk]),
        once=f"applied:volunteer:{volunteer.pk}",
    )


def volunteers_paired(session: TutoringSession, pairings) -> None:
    """Each paired volunteer learns, once per arrangement, whom they tutor: grades and
    subjects, never a child's name."""
    by_volunteer: dict[int, list] = {}
    for pairing in pairings:
        by_volunteer.setdefault(pairing.volunteer_id, []).append(pairing)
    volunteers = Volunteer.objects.select_related("user").in_bulk(list(by_volunteer))
    for volunteer_id, theirs in by_volunteer.items():
        with translation.override(settings.LANGUAGE_CODE):
            pupils = "、".join(
                f"{p.child.grade}{p.subject.get_code_display() if p.subject_id else ''}"
                for p in theirs[:3]
            )
        notify(
            volunteers[volunteer_id],
            "volunteer_paired",
            {"day": day_text(session.date), "pupils": short(pupils, 30), "count": len(theirs)},
            link=reverse(MY_SATURDAYS),
            once=f"paired:{session.pk}:" + ",".join(str(p.child_id) for p in theirs)[:60],
        )


def certificate_issued(certificate) -> None:
    notify(
        certificate.volunteer,
        "certificate_issued",
        {"hours": certificate.hours},
        link=reverse("volunteers:certificate", args=[certificate.code]),
        once=f"certificate:{certificate.pk}",
    )


# --- Every hour or so --------------------------------------------------------------------------


def remind_tomorrow(now: datetime.datetime) -> int:
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    confirmed = Shift.objects.filter(
        status=Shift.Status.CONFIRMED, volunteer__status=Volunteer.Status.VERIFIED
    ).select_related("volunteer__user")
    sessions = (
        TutoringSession.objects.filter(date=tomorrow, status=TutoringSession.Status.PLANNED)
        .select_related("station")
        .prefetch_related(Prefetch("shifts", queryset=confirmed, to_attr="confirmed"))
    )
    told = 0
    for session in sessions:
        told += notify_all(
            [shift.volunteer for shift in session.confirmed],
            "saturday_reminder",
            {"time": f"{session.starts_at:%H:%M}", "station": short(session.station.name, 14)},
            link=reverse(MY_SATURDAYS),
            once=f"reminder:tsession:{session.pk}",
        )
    return told


def remind_cutoff(now: datetime.datetime) -> int:
    """In the day before a Saturday's sign-up closes, verified volunteers not signed up are told
    while places are left."""
    told = 0
    today = timezone.localtime(now).date()
    sessions = TutoringSession.objects.filter(
        date__gte=today,
        date__lte=today + datetime.timedelta(days=14),
        status=TutoringSession.Status.PLANNED,
    ).select_related("station")
    for session in sessions:
        cutoff = session.signup_cutoff()
        if not (now < cutoff <= now + datetime.timedelta(days=1)):
            continue
        if session.seats_taken >= session.capacity:
            continue
        waiting = (
            Volunteer.objects.verified()
            .exclude(Exists(Shift.objects.live().filter(session=session, volunteer=OuterRef("pk"))))
            .select_related("user")
        )
        told += notify_all(
            waiting,
            "saturday_cutoff",
            {"day": day_text(session.date), "cutoff": f"{day_text(cutoff)} {cutoff:%H:%M}"},
            link=reverse("volunteers:saturdays"),
            once=f"cutoff:tsession:{session.pk}",
        )
    return told


def attendance_missing(now: datetime.datetime) -> int:
    """Two days after a Saturday whose places are still only "confirmed" (nobody marked as come
    or not), the station's coordinators are told, once."""
    today = timezone.localtime(now).date()
    sessions = (
        TutoringSession.objects.filter(
            date__lte=today - datetime.timedelta(days=2),
            date__gt=today - datetime.timedelta(days=9),
            status=TutoringSession.Status.PLANNED,
        )
        .filter(Exists(Shift.objects.filter(session=OuterRef("pk"), status=Shift.Status.CONFIRMED)))
        .select_related("station")
    )
    told = 0
    for session in sessions:
        coordinators = User.objects.filter(coordinated_stations=session.station_id, is_active=True)
        told += notify_all(
            coordinators,
            "staff_attendance_missing",
            {"title": short(session.station.name, 14), "day": day_text(session.date)},
            link=reverse("volunteers:staff_session", args=[session.pk]),
            once=f"attendance-missing:tsession:{session.pk}",
        )
    return told


def periodic(now: datetime.datetime) -> dict[str, int]:
    return {
        "Saturday reminders": remind_tomorrow(now),
        "Saturday sign-up closing": remind_cutoff(now),
        "Saturday attendance not marked": attendance_missing(now),
    }
