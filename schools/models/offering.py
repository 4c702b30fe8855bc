from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Offering(models.Model):
    """What residents sign up for with a capacity and a waiting list: a course or an event.

    `seats_taken` counts confirmed places. Only `schools.services` changes it, under a row lock,
    and the database refuses a value above the capacity, so no race can overbook.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    capacity = models.PositiveIntegerField(_("places"), default=20)
    seats_taken = models.PositiveIntegerField(_("confirmed places"), default=0, editable=False)
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
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")),
                name="%(app_label)s_%(class)s_seats_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(signup_opens__isnull=True)
                | Q(signup_closes__isnull=True)
                | Q(signup_opens__lt=F("signup_closes")),
                name="%(app_label)s_%(class)s_signup_window_ordered",
            ),
        ]

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.seats_taken >= self.capacity

    def signup_window_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.signup_opens and now < self.signup_opens:
            return False
        return not (self.signup_closes and now > self.signup_closes)

    def accepts_signups(self, now=None) -> bool:
        return self.status == self.Status.PUBLISHED and self.signup_window_is_open(now)
