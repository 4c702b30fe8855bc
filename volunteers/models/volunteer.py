from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .child import Subject


class VolunteerQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=Volunteer.Status.VERIFIED)


#: Hours from which a volunteer holds one, two, … five stars (星级志愿者), as the national
#: volunteer-record practice grades them.
STAR_THRESHOLDS = (100, 300, 600, 1000, 1500)


STAR_LABELS = {
    1: _("One-star volunteer"),
    2: _("Two-star volunteer"),
    3: _("Three-star volunteer"),
    4: _("Four-star volunteer"),
    5: _("Five-star volunteer"),
}


def stars_for(hours) -> int:
    """The star level of a number of service hours: 0 below 100 hours, 5 from 1,500."""
    return sum(1 for threshold in STAR_THRESHOLDS if hours >= threshold)


def next_star(hours) -> tuple[int, object] | None:
    """The next star level and the hours still needed for it, or None at five stars."""
    for level, threshold in enumerate(STAR_THRESHOLDS, start=1):
        if hours < threshold:
            return level, threshold - hours
    return None


class Volunteer(models.Model):
    """A university-student volunteer (大学生志愿者) of the 爱心班.

    Before anyone works with children, the coordinator checks their record (the 未成年人保护法
    asks it of people who work with minors) and enters its date, result and who checked it; a
    volunteer is verified only with a clear check, and the database keeps that rule."""

    class RecordCheck(models.TextChoices):
        CLEAR = "clear", _("No record that bars work with children")
        NOT_CLEAR = "not_clear", _("A record that bars work with children")

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
    record_check_result = models.CharField(
        _("record check result"), max_length=10, choices=RecordCheck.choices, blank=True
    )
    record_checked_by = models.CharField(
        _("record checked by"),
        max_length=80,
        blank=True,
        help_text=_("Who made the check, such as the police station and the officer."),
    )
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="verified")
                | (
                    Q(verified_at__isnull=False, record_checked_on__isnull=False)
                    & Q(record_check_result="clear")
                    & ~Q(record_checked_by="")
                ),
                name="%(app_label)s_%(class)s_verified_has_check",
                violation_error_message=_(
                    "A verified volunteer needs a clear record check, with its date and who "
                    "made it."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The form may not show the status (the admin sets it by action), so the database's
        # rule would otherwise meet a form that clears the check only at the save.
        if self.status == self.Status.VERIFIED:
            errors = {}
            if self.record_checked_on is None:
                errors["record_checked_on"] = _("Enter the date of the record check.")
            if self.record_check_result != self.RecordCheck.CLEAR:
                errors["record_check_result"] = _(
                    "A verified volunteer needs a clear record check."
                )
            if not self.record_checked_by.strip():
                errors["record_checked_by"] = _("Enter who made the record check.")
            if errors:
                raise ValidationError(errors)

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

    @property
    def stars(self) -> int:
        return stars_for(self.hours)

    @property
    def star_marks(self) -> range:
        return range(self.stars)

    @property
    def stars_label(self) -> str:
        return STAR_LABELS.get(self.stars, "")
