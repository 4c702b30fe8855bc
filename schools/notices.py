"""What the schools tell people, and when: moved up from the waiting list, a course or an event
cancelled or moved, reminders the day before, and staff told of attendance not taken.

Receivers here run inside the transaction of the change, whatever door made it (page, admin,
command); the periodic part runs from `manage.py send_reminders`.
"""

import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community import places
from community.models import User
from notifications.services import day_text, moment_text, notify, notify_all, short

from .models import Attendance, Course, CourseSession, Enrolment, Event

MY_COURSES = "schools:my_courses"


def _venue(venue) -> str:
    return short(venue.name, 14) if venue else _("to be announced")


@receiver(places.promoted, sender=Enrolment)
def tell_promoted(sender, holder, claims, **kwargs):
    for enrolment in claims:
        notify(
            enrolment.resident,
            "promoted",
            {"title": short(holder.title)},
            link=reverse(MY_COURSES),
            once=f"promoted:enrolment:{enrolment.pk}",
        )


# --- Cancelled or moved -----------------------------------------------------------------------

WATCHED = {
    Course: ("status", "venue_id"),
    Event: ("status", "starts_at", "ends_at", "venue_id"),
    CourseSession: ("starts_at", "venue_id"),
}


def remember_before(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._notice_before = (
            sender.objects.filter(pk=instance.pk).values(*WATCHED[sender]).first()
        )


# Only the watched models: a receiver without a sender would run on every save of every model.
for watched in WATCHED:
    pre_save.connect(remember_before, sender=watched, dispatch_uid=f"notices-before-{watched}")


def _changed(instance, fields) -> dict:
    before = getattr(instance, "_notice_before", None) or {}
    return {f: before[f] for f in fields if f in before and before[f] != getattr(instance, f)}


def _people(enrolments):
    return [e.resident for e in enrolments.select_related("resident__user")]


@receiver(post_save, sender=Course)
@receiver(post_save, sender=Event)
def offering_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    changed = _changed(instance, WATCHED[sender])
    instance._notice_before = None
    if not changed:
        return
    field = "course" if sender is Course else "event"
    live = Enrolment.objects.live().filter(**{field: instance})
    if "status" in changed and instance.status == Course.Status.CANCELLED:
        notify_all(
            _people(live),
            "cancelled",
            {"title": short(instance.title)},
            link=reverse(MY_COURSES),
            once=f"cancelled:{field}:{instance.pk}",
        )
        return
    if instance.status != Course.Status.PUBLISHED or instance.is_over():
        return
    if sender is Event:
        when = instance.starts_at
    else:
        next_session = instance.sessions.filter(starts_at__gt=timezone.now()).first()
        if next_session is None or next_session.venue_id:
            return  # nothing to come meets at the course's venue
        when = next_session.starts_at
    venue = instance.venue
    notify_all(
        _people(live),
        "changed",
        {"title": short(instance.title), "when": moment_text(when), "venue": _venue(venue)},
        link=reverse(MY_COURSES),
        once=f"changed:{field}:{instance.pk}:{when:%Y%m%d%H%M}:{instance.venue_id}",
    )


@receiver(post_save, sender=CourseSession)
def session_saved(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    changed = _changed(instance, WATCHED[sender])
    instance._notice_before = None
    if not changed:
        return
    now = timezone.now()
    old_start = changed.get("starts_at", instance.starts_at)
    course = instance.course
    if max(old_start, instance.starts_at) <= now or course.status != Course.Status.PUBLISHED:
        return
    venue = instance.venue or course.venue
    notify_all(
        _people(Enrolment.objects.filter(course=course, status=Enrolment.Status.CONFIRMED)),
        "changed",
        {
            "title": short(course.title),
            "when": moment_text(instance.starts_at),
            "venue": _venue(venue),
        },
        link=reverse(MY_COURSES),
        once=f"changed:session:{instance.pk}:{instance.starts_at:%Y%m%d%H%M}:{venue and venue.pk}",
    )


# --- Every hour or so --------------------------------------------------------------------------


def _tomorrow(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    today = timezone.localtime(now).date()
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(), zone)
    return start, start + datetime.timedelta(days=1)


def remind_tomorrow(now: datetime.datetime) -> int:
    """The day before a class or an event, everyone with a confirmed place is reminded, once."""
    start, end = _tomorrow(now)
    confirmed = Enrolment.objects.filter(status=Enrolment.Status.CONFIRMED).select_related(
        "resident__user"
    )
    told = 0
    sessions = CourseSession.objects.filter(
        starts_at__gte=start, starts_at__lt=end, course__status=Course.Status.PUBLISHED
    ).select_related("venue", "course__venue")
    sessions = sessions.prefetch_related(
        Prefetch("course__enrolments", queryset=confirmed, to_attr="confirmed")
    )
    for session in sessions:
        told += notify_all(
            [e.resident for e in session.course.confirmed],
            "course_reminder",
            {
                "title": short(session.course.title),
                "time": f"{timezone.localtime(session.starts_at):%H:%M}",
                "venue": _venue(session.venue or session.course.venue),
            },
            link=reverse(MY_COURSES),
            once=f"reminder:session:{session.pk}",
        )
    events = Event.objects.filter(
        starts_at__gte=start, starts_at__lt=end, status=Event.Status.PUBLISHED
    ).select_related("venue")
    events = events.prefetch_related(
        Prefetch("enrolments", queryset=confirmed, to_attr="confirmed")
    )
    for event in events:
        told += notify_all(
            [e.resident for e in event.confirmed],
            "event_reminder",
            {
                "title": short(event.title),
                "time": f"{timezone.localtime(event.starts_at):%H:%M}",
                "venue": _venue(event.venue),
            },
            link=reverse(MY_COURSES),
            once=f"reminder:event:{event.pk}",
        )
    return told


def attendance_missing(now: datetime.datetime) -> int:
    """Two days after a class that has no attendance, its school's managers are told (once);
    classes more than a week old are left alone."""
    sessions = (
        CourseSession.objects.filter(
            starts_at__lte=now - datetime.timedelta(days=2),
            starts_at__gt=now - datetime.timedelta(days=9),
            course__status=Course.Status.PUBLISHED,
        )
        .filter(
            Exists(
                Enrolment.objects.filter(
                    course=OuterRef("course"), status=Enrolment.Status.CONFIRMED
                )
            )
        )
        .exclude(Exists(Attendance.objects.filter(session=OuterRef("pk"))))
        .select_related("course")
    )
    told = 0
    for session in sessions:
        managers = User.objects.filter(managed_schools=session.course.school_id, is_active=True)
        told += notify_all(
            managers,
            "staff_attendance_missing",
            {"title": short(session.course.title), "day": day_text(session.starts_at)},
            link=reverse("schools:staff_attendance", args=[session.pk]),
            once=f"attendance-missing:session:{session.pk}",
        )
    return told


def periodic(now: datetime.datetime) -> dict[str, int]:
    return {
        "class and event reminders": remind_tomorrow(now),
        "attendance not taken": attendance_missing(now),
    }
