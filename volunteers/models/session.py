import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models.places import PlacesHolder

from .child import Child, Subject
from .station import Station
from .volunteer import Volunteer


class TutoringSessionQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(date__gte=timezone.localdate(), status=TutoringSession.Status.PLANNED)

    def begun(self):
        """Sessions that have begun: what happened in them can be counted."""
        now = timezone.localtime()
        return self.filter(Q(date__lt=now.date()) | Q(date=now.date(), starts_at__lte=now.time()))


class TutoringSession(PlacesHolder):
    """One Saturday half-day of tutoring (辅导活动) at a station, with volunteer places."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("station")
    )
    date = models.DateField(_("date"), db_index=True)
    starts_at = models.TimeField(_("starts at"), default=datetime.time(9, 0))
    ends_at = models.TimeField(_("ends at"), default=datetime.time(11, 30))
    capacity = models.PositiveIntegerField(_("volunteer places"), default=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    children_marked_at = models.DateTimeField(
        _("children's attendance taken at"), null=True, blank=True, editable=False
    )

    objects = TutoringSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Saturday session")
        verbose_name_plural = _("Saturday sessions")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "date", "starts_at"],
                name="%(app_label)s_%(class)s_one_per_slot",
            ),
            *PlacesHolder.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.station.name} {self.date:%Y-%m-%d}"

    def _moment(self, time: datetime.time) -> datetime.datetime:
        return datetime.datetime.combine(self.date, time, tzinfo=timezone.get_current_timezone())

    @property
    def begins(self) -> datetime.datetime:
        return self._moment(self.starts_at)

    @property
    def ends(self) -> datetime.datetime:
        return self._moment(self.ends_at)

    def has_begun(self, now=None) -> bool:
        return (now or timezone.now()) >= self.begins

    @property
    def hours(self) -> Decimal:
        start = datetime.datetime.combine(self.date, self.starts_at)
        end = datetime.datetime.combine(self.date, self.ends_at)
        return Decimal(int((end - start).total_seconds() // 60)) / 60

    def is_today(self, now=None) -> bool:
        return timezone.localdate(now) == self.date

    def signup_cutoff(self) -> datetime.datetime:
        """Volunteers change their own sign-up until this moment; later, the coordinator does."""
        days, hour = settings.VOLUNTEERS_CUTOFF_DAYS_BEFORE, settings.VOLUNTEERS_CUTOFF_HOUR
        day = self.date - datetime.timedelta(days=days)
        return datetime.datetime.combine(
            day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
        )


class ShiftQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status=Shift.Status.CANCELLED)

    def counted(self):
        """Shifts whose hours count: the volunteer came, to a session that has begun."""
        now = timezone.localtime()
        return self.filter(status=Shift.Status.ATTENDED).filter(
            Q(session__date__lt=now.date())
            | Q(session__date=now.date(), session__starts_at__lte=now.time())
        )


class Shift(models.Model):
    """A volunteer's place (报名) in a Saturday session."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    session = models.ForeignKey(
        TutoringSession, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("session")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="shifts", verbose_name=_("volunteer")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=0)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    hours_corrected_reason = models.CharField(
        _("reason for correcting the hours"), max_length=200, blank=True
    )

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer sign-up")
        verbose_name_plural = _("volunteer sign-ups")
        ordering = ["session__date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "volunteer"],
                condition=~Q(status="cancelled"),
                name="%(app_label)s_%(class)s_one_live_per_volunteer",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & (Q(status="attended") | Q(hours=0)),
                name="%(app_label)s_%(class)s_hours_only_when_attended",
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_in_at__isnull=False, checked_out_at__gte=F("checked_in_at")),
                name="%(app_label)s_%(class)s_out_after_in",
            ),
        ]

    def __str__(self):
        return gettext("%(volunteer)s · %(session)s (%(status)s)") % {
            "volunteer": self.volunteer.name,
            "session": self.session,
            "status": self.get_status_display(),
        }


class Pairing(models.Model):
    """A volunteer tutoring a child (结对) in one session. The database refuses a pairing for a
    child without a live guardian consent (a trigger, see the migration)."""

    session = models.ForeignKey(
        TutoringSession,
        on_delete=models.CASCADE,
        related_name="pairings",
        verbose_name=_("session"),
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="pairings", verbose_name=_("volunteer")
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="pairings", verbose_name=_("child")
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["session", "volunteer", "child"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "child"], name="%(app_label)s_%(class)s_one_volunteer_per_child"
            )
        ]

    def __str__(self):
        return gettext("%(volunteer)s with %(child)s · %(session)s") % {
            "volunteer": self.volunteer.name,
            "child": self.child.name,
            "session": self.session,
        }


class TutoringNote(models.Model):
    """What was done in a pairing (辅导记录), written by the volunteer after the session."""

    pairing = models.ForeignKey(
        Pairing, on_delete=models.CASCADE, related_name="notes", verbose_name=_("pairing")
    )
    author = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="notes", verbose_name=_("written by")
    )
    done = models.TextField(_("what was done"))
    homework = models.TextField(_("homework"), blank=True)
    next_focus = models.TextField(_("next time, focus on"), blank=True)
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tutoring note")
        verbose_name_plural = _("tutoring notes")
        ordering = ["-written_at"]

    def __str__(self):
        return gettext("%(author)s on %(child)s: %(done)s") % {
            "author": self.author.name,
            "child": self.pairing.child.name,
            "done": self.done[:20],
        }


class CheckInCode(models.Model):
    """A code the coordinator's phone shows as a QR on the day: a volunteer scans it at arrival
    and at leaving. A code is good once and only for a minute; the coordinator's page shows a
    new one as soon as the last was used or is a minute old."""

    session = models.ForeignKey(
        TutoringSession,
        on_delete=models.CASCADE,
        related_name="checkin_codes",
        verbose_name=_("session"),
    )
    token = models.CharField(_("code"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("shown at"), default=timezone.now)
    used_by = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used by"),
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in code")
        verbose_name_plural = _("check-in codes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used_at__isnull=True, used_by__isnull=True)
                | Q(used_at__isnull=False, used_by__isnull=False),
                name="%(app_label)s_%(class)s_used_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.session} {timezone.localtime(self.created_at):%H:%M:%S}"


class ChildPresence(models.Model):
    """A child who came to a Saturday session (the coordinator marks them on the day)."""

    session = models.ForeignKey(
        TutoringSession,
        on_delete=models.CASCADE,
        related_name="children_present",
        verbose_name=_("session"),
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="presences", verbose_name=_("child")
    )

    class Meta:
        verbose_name = _("child present")
        verbose_name_plural = _("children present")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "child"], name="%(app_label)s_%(class)s_once_per_session"
            )
        ]

    def __str__(self):
        return gettext("%(child)s at %(session)s") % {
            "child": self.child.name,
            "session": self.session,
        }
