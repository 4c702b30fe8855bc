from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PlacesHolder(models.Model):
    """Something people take places in, with a waiting list: a course, an event, a Saturday.

    `seats_taken` counts the confirmed places. Only `community.places` changes it, under the
    row lock, and the database refuses a value above the capacity. A plain `save()` of a holder
    (an admin form, a shell session, a command) never writes it, so a copy read before a sign-up
    committed cannot put back a stale count.
    """

    capacity = models.PositiveIntegerField(_("places"), default=20)
    seats_taken = models.PositiveIntegerField(_("confirmed places"), default=0, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")),
                name="%(app_label)s_%(class)s_seats_within_capacity",
            ),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "seats_taken"
            ]
        super().save(*args, **kwargs)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.seats_taken >= self.capacity
