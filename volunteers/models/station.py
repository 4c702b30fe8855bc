from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from community.models import Community


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

    class Meta:
        verbose_name = _("love station")
        verbose_name_plural = _("love stations")
        ordering = ["name"]

    def __str__(self):
        return self.name
