"""Places and waiting lists: the one mechanism behind courses, events and Saturdays.

A holder (`community.models.PlacesHolder`) has a capacity and the count of confirmed places;
its claims (enrolments, volunteer sign-ups) are confirmed or waitlisted, the waiting list in
order of primary key. Every function here runs on a holder locked with `lock()` in the caller's
transaction, so sign-ups, cancellations and capacity changes of one holder queue up instead of
racing; the database's check (`seats_taken <= capacity`) keeps the count honest regardless.

Claim models have a `Status` with CONFIRMED and WAITLISTED, and may have `promoted_at`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models.places import PlacesHolder

# Sent inside the transaction when claims move up from the waiting list (holder, claims): the
# apps tell the people moved up, whichever door freed the places.
promoted = Signal()


def lock[Holder: PlacesHolder](holder: Holder) -> Holder:
    """The holder's current row, locked until the transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("Lock places inside a transaction.")
    return type(holder).objects.select_for_update().get(pk=holder.pk)


def check_capacity(holder: PlacesHolder, capacity: int) -> None:
    """Refuse a capacity below the places already confirmed (the holder is locked)."""
    if capacity < holder.seats_taken:
        raise ValidationError(
            ngettext(
                "%(taken)s place is already confirmed, so there must be at least %(taken)s; "
                "to have fewer, cancel sign-ups first.",
                "%(taken)s places are already confirmed, so there must be at least %(taken)s; "
                "to have fewer, cancel sign-ups first.",
                holder.seats_taken,
            )
            % {"taken": holder.seats_taken},
            code="below_confirmed",
        )


def take(holder: PlacesHolder) -> bool:
    """A confirmed place for a new claim if one is free (True), else the waiting list (False)."""
    if holder.seats_taken >= holder.capacity:
        return False
    type(holder).objects.filter(pk=holder.pk).update(seats_taken=F("seats_taken") + 1)
    holder.seats_taken += 1
    return True


def promote(holder: PlacesHolder, claims: QuerySet, *, places: int | None = None) -> list:
    """Give free places to the waiting list, in order; return the claims moved up."""
    free = holder.capacity - holder.seats_taken
    places = free if places is None else min(places, free)
    if places <= 0:
        return []
    model = claims.model
    waiting = list(
        claims.select_for_update().filter(status=model.Status.WAITLISTED).order_by("pk")[:places]
    )
    fields = ["status"]
    now = timezone.now()
    for claim in waiting:
        claim.status = model.Status.CONFIRMED
        if hasattr(claim, "promoted_at"):
            claim.promoted_at = now
    if waiting and hasattr(model, "promoted_at"):
        fields.append("promoted_at")
    model.objects.bulk_update(waiting, fields)
    type(holder).objects.filter(pk=holder.pk).update(seats_taken=F("seats_taken") + len(waiting))
    holder.seats_taken += len(waiting)
    if waiting:
        promoted.send(sender=model, holder=holder, claims=waiting)
    return waiting


def release(holder: PlacesHolder, claims: QuerySet) -> object | None:
    """A confirmed claim was given up: its place goes to the first on the waiting list."""
    type(holder).objects.filter(pk=holder.pk).update(seats_taken=F("seats_taken") - 1)
    holder.seats_taken -= 1
    promoted = promote(holder, claims, places=1)
    return promoted[0] if promoted else None


def resize(holder: PlacesHolder, claims: QuerySet, *, capacity: int) -> list:
    """Change the capacity: never below the confirmed places; more places fill from the waiting
    list. Returns the claims moved up."""
    if capacity < 0:
        raise ValidationError(_("The number of places cannot be negative."), code="negative")
    check_capacity(holder, capacity)
    if capacity != holder.capacity:
        holder.capacity = capacity
        holder.save(update_fields=["capacity"])
    return promote(holder, claims)
