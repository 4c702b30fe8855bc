"""Codes sent by SMS to prove a person holds a mobile number: to reset a password, to claim a
record."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CODE_LIFETIME = datetime.timedelta(minutes=10)
WRONG_TRIES_ALLOWED = 5


class AccountCodeQuerySet(models.QuerySet):
    def live(self):
        """Codes not used yet, not expired, and not worn out by wrong tries."""
        return self.filter(
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            wrong_tries__lt=WRONG_TRIES_ALLOWED,
        )


class AccountCode(models.Model):
    """A 6-digit code sent to a mobile number; kept only as a keyed hash, usable once."""

    class Purpose(models.TextChoices):
        PASSWORD_RESET = "password_reset", _("Resetting a password")
        CLAIM = "claim", _("Claiming a resident record")

    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    mobile = models.CharField(_("mobile number"), max_length=11)
    digest = models.CharField(_("digest"), max_length=64)
    wrong_tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = AccountCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("account code")
        verbose_name_plural = _("account codes")
        indexes = [
            models.Index(fields=["mobile", "purpose"], name="community_accountcode_for_idx"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
