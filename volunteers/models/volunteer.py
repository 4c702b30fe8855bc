from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .child import Subject


class VolunteerQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Volunteer.Status.VERIFIED)


class Volunteer(models.Model):
    """A university-student volunteer (大学生志愿者) of the 爱心班."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied, waiting for verification")
        VERIFIED = "verified", _("Verified")
        SUSPENDED = "suspended", _("Suspended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="volunteer",
        verbose_name=_("login"),
    )
    name = models.CharField(_("name"), max_length=50)
    university = models.CharField(_("university"), max_length=80)
    major = models.CharField(_("major"), max_length=80)
    student_number = models.CharField(_("student number"), max_length=30)
    mobile = models.CharField(_("mobile number"), max_length=11)
    subjects = models.ManyToManyField(
        Subject, related_name="volunteers", verbose_name=_("subjects they can tutor")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    pledge_signed_on = models.DateField(_("safeguarding pledge signed on"))
    record_checked_on = models.DateField(_("record check done on"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="verified")
                | Q(verified_at__isnull=False, record_checked_on__isnull=False),
                name="%(app_label)s_%(class)s_verified_has_check",
                violation_error_message=_(
                    "A verified volunteer needs the date of the record check."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The form may not show the status (the admin sets it by action), so the database's
        # rule would otherwise meet a form that clears the date only at the save.
        if self.status == self.Status.VERIFIED and self.record_checked_on is None:
            raise ValidationError(
                {"record_checked_on": _("A verified volunteer needs the date of the record check.")}
            )

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class Certificate(models.Model):
    """A volunteer-hours certificate (志愿服务证明) as issued: anyone can check it by its code."""

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("volunteer"),
    )
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    sessions = models.PositiveIntegerField(_("sessions"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    station_names = models.CharField(_("stations"), max_length=200)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer-hours certificate")
        verbose_name_plural = _("volunteer-hours certificates")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.code
