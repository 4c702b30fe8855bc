from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community.models import Community


def coordinates_all_stations(user) -> bool:
    """Street staff see every station's children and Saturdays."""
    return user.has_perm("volunteers.manage_all_stations")


class StationQuerySet(models.QuerySet):
    def coordinated_by(self, user):
        """The stations a user works for: all for street staff, their own for a coordinator."""
        if coordinates_all_stations(user):
            return self
        return self.filter(coordinators=user)


class Station(models.Model):
    """An 爱心驿站, where the 爱心班 meets on Saturdays."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="stations",
        verbose_name=_("residents' committee"),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_stations",
        verbose_name=_("coordinators"),
    )

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("love station")
        verbose_name_plural = _("love stations")
        ordering = ["name"]
        permissions = [
            ("manage_all_stations", _("Can work with the children and Saturdays of every station"))
        ]

    def __str__(self):
        return self.name
