from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.validators import mobile_validator

from ..pagecache import PageRowsQuerySet


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, mobile, password, **extra_fields):
        if not mobile:
            raise ValueError("A user needs a mobile number.")
        user = self.model(mobile=mobile, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, mobile, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(mobile, password, **extra_fields)

    def create_superuser(self, mobile, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True or extra_fields.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(mobile, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A login: a mainland mobile number and a password. People exist without one (Resident)."""

    mobile = models.CharField(
        _("mobile number"),
        max_length=11,
        unique=True,
        validators=[mobile_validator],
        error_messages={"unique": _("This mobile number is already registered.")},
    )
    name = models.CharField(_("name"), max_length=50)
    email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("Optional: messages are sent here too.")
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when staff reset the password at the counter: a new one comes first."),
    )
    password_expires_at = models.DateTimeField(
        _("one-time password expires at"),
        null=True,
        blank=True,
        help_text=_("The one-time password from the counter no longer logs in after this."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "mobile"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return f"{self.name}（{self.mobile}）"

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name

    def one_time_password_expired(self) -> bool:
        """The one-time password from the counter was not replaced in time."""
        return (
            self.must_change_password
            and self.password_expires_at is not None
            and self.password_expires_at <= timezone.now()
        )


class StreetQuerySet(PageRowsQuerySet):
    def current(self):
        """The street this installation serves: the first one recorded."""
        return self.order_by("pk").first()


class Street(models.Model):
    """The street office (街道) and its area."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    city = models.CharField(_("city"), max_length=50)
    district = models.CharField(_("district"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)

    objects = StreetQuerySet.as_manager()

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")

    def __str__(self):
        return self.name


class Community(models.Model):
    """A residents' committee (居委会) area inside the street."""

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("residents' committee")
        verbose_name_plural = _("residents' committees")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"], name="%(app_label)s_%(class)s_unique_name_per_street"
            )
        ]

    def __str__(self):
        return self.name


class ResidentQuerySet(models.QuerySet):
    # Callables user -> Q of the residents a role's work brings it (apps add theirs, e.g. the
    # schools: people signed up at a school the user manages).
    work_brings: list = []

    def seen_by(self, user):
        """Every resident for street staff; for other roles, those their work brings them."""
        if user.has_perm("community.view_all_residents"):
            return self
        seen = models.Q(pk__in=[])
        for brings in self.work_brings:
            seen |= brings(user)
        return self.filter(pk__in=Resident.objects.filter(seen).values("pk"))

    def unclaimed(self, mobile: str):
        """Records staff made at the counter with this number and no login yet, oldest first."""
        return self.filter(mobile=mobile, user__isnull=True).order_by("created_at", "pk")


class Resident(models.Model):
    """A person living in the street. Staff may register residents who never log in."""

    name = models.CharField(_("name"), max_length=50)
    mobile = models.CharField(
        _("mobile number"), max_length=11, blank=True, validators=[mobile_validator]
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("residents' committee"),
    )
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident",
        verbose_name=_("login"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["name", "pk"]
        permissions = [("view_all_residents", _("Can see every resident of the street"))]
        indexes = [
            models.Index(fields=["mobile"], name="community_resident_mobile_idx"),
            models.Index(fields=["name"], name="community_resident_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=1900, birth_year__lte=2100),
                name="%(app_label)s_%(class)s_birth_year_plausible",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:community_resident_change", args=[self.pk])
