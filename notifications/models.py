"""Messages to people and their deliveries.

A `Message` is what a person is told (one row, shown in the inbox when the person has a login);
each channel beyond the inbox (SMS, e-mail) is a `Delivery`, sent by a background task. A message
may carry a `dedupe_key`: the same key is never told the same person twice (one reminder per
session, one "moved up" per sign-up), which the database enforces.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    """How a person with a login wants to be told. Without a row, every default applies."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="message_preference",
        verbose_name=_("login"),
    )
    by_sms = models.BooleanField(_("by SMS"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    reminders = models.BooleanField(
        _("reminders"),
        default=True,
        help_text=_("Reminders the day before a class, an event or a Saturday."),
    )

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")

    def __str__(self):
        return str(self.user)


def kind_choices():
    from .kinds import KINDS

    return [(code, kind.label) for code, kind in KINDS.items()]


class MessageQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Message(models.Model):
    """One thing a person is told."""

    person_key = models.CharField(
        _("person"),
        max_length=40,
        help_text=_("The login, or the resident without one, the message is for."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("login"),
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=32, choices=kind_choices, db_index=True)
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=200, blank=True)
    dedupe_key = models.CharField(max_length=80, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user", "read_at"],
                name="notifications_unread_idx",
                condition=Q(user__isnull=False),
            ),
            models.Index(fields=["user", "-created_at"], name="notifications_inbox_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person_key", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notifications_message_once_per_person",
            )
        ]

    def __str__(self):
        return f"{self.name}：{self.shown_text[:30]}"

    @property
    def kind_label(self):
        return self.get_kind_display()

    @property
    def shown_text(self) -> str:
        """What staff may read: never a code (those texts are blanked once sent, too)."""
        from .kinds import KINDS

        kind = KINDS.get(self.kind)
        return "••••••" if kind and kind.secret else self.text


class Delivery(models.Model):
    """A message sent by one channel beyond the inbox. Sent at most once."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("message")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("sent to"), max_length=254)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    not_before = models.DateTimeField(
        _("held until"),
        null=True,
        blank=True,
        help_text=_("Not sent before this time (quiet hours, or the next try after an error)."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    provider_ref = models.CharField(_("provider's reference"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "channel"], name="notifications_delivery_once_per_channel"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notifications_delivery_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}"
