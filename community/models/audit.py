from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """A sensitive action: who, what, when. Written by services, never edited in the portal."""

    class Action(models.TextChoices):
        VOLUNTEER_VERIFIED = "volunteer_verified", _("Verified a volunteer")
        VOLUNTEER_SUSPENDED = "volunteer_suspended", _("Suspended a volunteer")
        CHILD_EXPORTED = "child_exported", _("Exported a child's data")
        CHILD_ERASED = "child_erased", _("Erased a child's data")
        DEED_PUBLISHED = "deed_published", _("Published a deed")
        DEED_WITHDRAWN = "deed_withdrawn", _("Withdrew a deed")
        ROLES_CHANGED = "roles_changed", _("Changed a user's roles")
        PASSWORD_RESET = "password_reset", _("Reset a resident's password")
        MESSAGE_BROADCAST = "message_broadcast", _("Sent a message to everyone signed up")
        DEED_RETURNED = "deed_returned", _("Returned a deed")
        BOARD_POSTED = "board_posted", _("Recorded a board as posted")
        HOURS_CREDITED = "hours_credited", _("Marked Saturday attendance (hours credited)")
        CERTIFICATE_ISSUED = "certificate_issued", _("Issued a volunteering certificate")
        SIGNUP_CANCELLED = "signup_cancelled", _("Cancelled a sign-up on someone's behalf")
        HOURS_CORRECTED = "hours_corrected", _("Corrected a volunteer's hours")
        CHILDREN_MARKED = "children_marked", _("Marked which children came")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=24, choices=Action.choices, db_index=True)
    target_type = models.CharField(_("object type"), max_length=60)
    target_id = models.CharField(_("object id"), max_length=40)
    target_label = models.CharField(_("object"), max_length=200)
    details = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at"]

    def __str__(self):
        when = timezone.localtime(self.at)
        return f"{when:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target_label}"
