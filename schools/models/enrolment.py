from collections import defaultdict, deque

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models import Resident
from community.pagecache import PageRowsQuerySet

from .course import Course, CourseSession
from .event import Event


class EnrolmentQuerySet(PageRowsQuerySet):
    def live(self):
        return self.exclude(status=Enrolment.Status.CANCELLED)

    def with_waitlist_position(self):
        """Annotate `waitlist_position` (1 = next to be promoted) on waitlisted enrolments."""
        ahead = (
            Enrolment.objects.filter(
                Q(course=OuterRef("course")) | Q(event=OuterRef("event")),
                status=Enrolment.Status.WAITLISTED,
                pk__lt=OuterRef("pk"),
            )
            .order_by()
            .values("status")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(waitlist_ahead=Coalesce(Subquery(ahead), 0))

    def moving_up_if_cancelled(self) -> dict[int, "Enrolment"]:
        """Who would move up if these sign-ups were cancelled, as `enrolment_cancel` does it:
        each confirmed place goes to the next person waiting who is not cancelled too. Keyed by
        the pk of the confirmed sign-up given up; in two queries however many are chosen."""
        cancelled = sorted(self.live(), key=lambda enrolment: enrolment.pk)
        waiting = Enrolment.objects.filter(
            Q(course__in={e.course_id for e in cancelled if e.course_id})
            | Q(event__in={e.event_id for e in cancelled if e.event_id}),
            status=Enrolment.Status.WAITLISTED,
        ).exclude(pk__in=[e.pk for e in cancelled])
        queues = defaultdict(deque)
        for enrolment in waiting.select_related("resident").order_by("pk"):
            queues[enrolment.course_id, enrolment.event_id].append(enrolment)
        moving_up = {}
        for enrolment in cancelled:
            queue = queues[enrolment.course_id, enrolment.event_id]
            if enrolment.status == Enrolment.Status.CONFIRMED and queue:
                moving_up[enrolment.pk] = queue.popleft()
        return moving_up


class Enrolment(models.Model):
    """A resident's place (报名) on a course or an event: confirmed, waitlisted or cancelled.

    The waiting list is in order of sign-up (primary key); a cancelled confirmed place goes to
    the first waitlisted person.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(
        Course,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("event"),
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("resident")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["course", "status"], name="schools_enrol_course_st_idx"),
            models.Index(fields=["event", "status"], name="schools_enrol_event_st_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, event__isnull=True)
                | Q(course__isnull=True, event__isnull=False),
                name="%(app_label)s_%(class)s_course_or_event",
            ),
            models.UniqueConstraint(
                fields=["course", "resident"],
                condition=~Q(status="cancelled") & Q(course__isnull=False),
                name="%(app_label)s_%(class)s_one_live_per_course",
            ),
            models.UniqueConstraint(
                fields=["event", "resident"],
                condition=~Q(status="cancelled") & Q(event__isnull=False),
                name="%(app_label)s_%(class)s_one_live_per_event",
            ),
        ]

    def __str__(self):
        return gettext("%(resident)s · %(offering)s (%(status)s)") % {
            "resident": self.resident.name,
            "offering": self.offering,
            "status": self.get_status_display(),
        }

    @property
    def offering(self):
        return self.course if self.course_id else self.event

    @property
    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED or not hasattr(self, "waitlist_ahead"):
            return None
        return self.waitlist_ahead + 1


class Attendance(models.Model):
    """Presence (签到) of an enrolled resident at one session."""

    session = models.ForeignKey(
        CourseSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("enrolment")
    )
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="%(app_label)s_%(class)s_once_per_session"
            )
        ]

    def __str__(self):
        text = (
            gettext("%(resident)s at %(session)s: present")
            if self.present
            else gettext("%(resident)s at %(session)s: absent")
        )
        return text % {"resident": self.enrolment.resident.name, "session": self.session}


class CalendarFeed(models.Model):
    """The key in a resident's private calendar address; a new key retires the old address
    (a lost or shared phone). Without a row, the first address stays valid."""

    resident = models.OneToOneField(
        Resident,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("resident"),
    )
    key = models.CharField(_("key"), max_length=32)
    renewed_at = models.DateTimeField(_("renewed at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self):
        return str(self.resident)
