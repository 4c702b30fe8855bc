from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .station import Station


class Subject(models.Model):
    """A school subject children need help with and volunteers can tutor; made by a migration."""

    class Code(models.TextChoices):
        CHINESE = "chinese", _("Chinese")
        MATHS = "maths", _("Mathematics")
        ENGLISH = "english", _("English")
        PHYSICS = "physics", _("Physics")
        CHEMISTRY = "chemistry", _("Chemistry")
        SCIENCE = "science", _("Science")

    code = models.CharField(_("code"), max_length=12, choices=Code.choices, unique=True)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["pk"]

    def __str__(self):
        return str(self.get_code_display())


class ChildQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Child.Status.ACTIVE)

    def with_live_consent(self):
        return self.filter(consent_given_on__isnull=False, consent_withdrawn_on__isnull=True)


class Child(models.Model):
    """A child of a hardship family tutored by the 爱心班. Sensitive personal data of a minor:
    family circumstances, guardian's mobile and address are for coordinators and street admins
    only, and every opening of the full record is logged."""

    class Gender(models.TextChoices):
        GIRL = "girl", _("Girl")
        BOY = "boy", _("Boy")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    PRIVATE_FIELDS = ("guardian_mobile", "address", "family_circumstances")

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="children", verbose_name=_("station")
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=4, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    school_name = models.CharField(_("school"), max_length=80, blank=True)
    grade = models.CharField(_("grade"), max_length=20, help_text=_("For example 四年级."))
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="children", verbose_name=_("subjects needing help")
    )
    guardian_name = models.CharField(_("guardian's name"), max_length=50)
    guardian_relation = models.CharField(_("relation to the child"), max_length=20)
    guardian_mobile = models.CharField(_("guardian's mobile"), max_length=11, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    family_circumstances = models.TextField(_("family circumstances"), blank=True)
    needs_home_tutoring = models.BooleanField(_("needs home tutoring"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    consent_given_on = models.DateField(_("guardian consent given on"), null=True, blank=True)
    consent_guardian_name = models.CharField(_("consent given by"), max_length=50, blank=True)
    consent_text_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["station", "name", "pk"]
        permissions = [
            (
                "view_child_private",
                _("Can see children's family circumstances, guardian mobile and address"),
            ),
            ("export_child", _("Can export or erase a child's data")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active") | Q(left_on__isnull=False),
                name="%(app_label)s_%(class)s_left_has_date",
                violation_error_message=_("A child who left needs the date."),
            ),
            models.CheckConstraint(
                condition=Q(consent_given_on__isnull=True)
                | (~Q(consent_guardian_name="") & ~Q(consent_text_version="")),
                name="%(app_label)s_%(class)s_consent_complete",
                violation_error_message=_(
                    "A consent needs the guardian who gave it and the version of its text."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:volunteers_child_change", args=[self.pk])

    @property
    def masked_name(self) -> str:
        """What a volunteer sees: the surname and 同学 (刘同学)."""
        return f"{self.name[:1]}同学" if self.name else "同学"

    @property
    def has_live_consent(self) -> bool:
        return self.consent_given_on is not None and self.consent_withdrawn_on is None


class ChildAccessLog(models.Model):
    """Who opened, exported or erased a child's full record, and when. Written by the portal,
    never edited in it."""

    class Action(models.TextChoices):
        VIEW = "view", _("Opened the full record")
        EXPORT = "export", _("Exported the data")
        ERASE = "erase", _("Erased the data")

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="access_log", verbose_name=_("child")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty: the scheduled purge of children who left."),
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access to a child's record")
        verbose_name_plural = _("access log of children's records")
        ordering = ["-at"]

    def __str__(self):
        return gettext("%(who)s: %(action)s of %(child)s") % {
            "who": self.user.name if self.user_id else gettext("the scheduled purge"),
            "action": self.get_action_display(),
            "child": self.child.name,
        }
