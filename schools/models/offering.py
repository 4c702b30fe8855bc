import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models.places import PlacesHolder


class Offering(PlacesHolder):
    """What residents sign up for with a capacity and a waiting list: a course or an event.

    The places (`capacity`, `seats_taken`) are kept by `community.places`, through
    `schools.services`.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        # Called off: everyone signed up is told.
        CANCELLED = "cancelled", _("Cancelled")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    signup_opens = models.DateTimeField(
        _("sign-up opens"), null=True, blank=True, help_text=_("Empty: open from publication.")
    )
    signup_closes = models.DateTimeField(
        _("sign-up closes"), null=True, blank=True, help_text=_("Empty: open until closed.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
        constraints = [
            *PlacesHolder.Meta.constraints,
            models.CheckConstraint(
                condition=Q(signup_opens__isnull=True)
                | Q(signup_closes__isnull=True)
                | Q(signup_opens__lt=F("signup_closes")),
                name="%(app_label)s_%(class)s_signup_window_ordered",
            ),
        ]

    def signup_window_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.signup_opens and now < self.signup_opens:
            return False
        return not (self.signup_closes and now >= self.signup_closes)

    def signup_deadline(self) -> datetime.datetime | None:
        """When sign-up ends whatever the window says: when it starts (an event) or when its
        last session begins (a course)."""
        raise NotImplementedError

    def ends_at_latest(self) -> datetime.datetime | None:
        """When it is over (已结束); None while nothing is scheduled."""
        raise NotImplementedError

    def has_begun_last(self, now=None) -> bool:
        deadline = self.signup_deadline()
        return deadline is not None and (now or timezone.now()) >= deadline

    def is_over(self, now=None) -> bool:
        end = self.ends_at_latest()
        return end is not None and (now or timezone.now()) >= end

    def accepts_signups(self, now=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.signup_window_is_open(now)
            and not self.has_begun_last(now)
        )

    def time_boundaries(self) -> list[datetime.datetime]:
        """The moments at which what a page shows about it changes by itself."""
        moments = [
            self.signup_opens,
            self.signup_closes,
            self.signup_deadline(),
            self.ends_at_latest(),
        ]
        return [moment for moment in moments if moment is not None]
