from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import Community
from community.pagecache import PageRowsQuerySet


def manages_all_schools(user) -> bool:
    """Street staff manage every school (an active superuser has every permission)."""
    return user.has_perm("schools.manage_all_schools")


def manages(user, offering) -> bool:
    """Whether a user may act on a course or an event: street staff on all, a school manager on
    those of their schools (an event without a school is street staff's)."""
    if manages_all_schools(user):
        return True
    return (
        offering.school_id is not None
        and user.managed_schools.filter(pk=offering.school_id).exists()
    )


class SchoolQuerySet(PageRowsQuerySet):
    def managed_by(self, user):
        """The schools a user may manage: all for street staff, their own for a school manager."""
        if manages_all_schools(user):
            return self
        return self.filter(managers=user)

    def with_open_course_count(self):
        from .course import Course

        return self.annotate(
            open_course_count=Count("courses", filter=Q(courses__status=Course.Status.PUBLISHED))
        )


class School(models.Model):
    """One of the community schools (社区学校), hosted by an institution."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("web address name"), max_length=60, unique=True)
    host_institution = models.CharField(_("host institution"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    person_in_charge = models.CharField(_("person in charge"), max_length=50, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order in a list", "position"),
        default=100,
        help_text=_("Schools are listed in this order, smaller first."),
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_schools",
        verbose_name=_("managers"),
        help_text=_("Users of the school manager group who run this school's courses."),
    )

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("community school")
        verbose_name_plural = _("community schools")
        ordering = ["position", "name"]
        permissions = [("manage_all_schools", _("Can manage the courses of every school"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schools:school_detail", args=[self.slug])


class Branch(models.Model):
    """A school's branch (分校) at a residents' committee."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="branches", verbose_name=_("school")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="school_branches",
        verbose_name=_("residents' committee"),
    )
    name = models.CharField(_("name"), max_length=80)
    address = models.CharField(_("address"), max_length=200, blank=True)

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["school", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "community"], name="%(app_label)s_%(class)s_one_per_committee"
            )
        ]

    def __str__(self):
        return self.name


class Venue(models.Model):
    """Where sessions and events take place (上课地点)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("residents' committee"),
    )

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name
