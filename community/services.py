"""Writes of the core: every view, admin action and command goes through these."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Community, Resident, User


@transaction.atomic
def register_resident(*, mobile: str, name: str, community: Community, password: str) -> User:
    """Create a login and the resident record it belongs to.

    A record staff made at the counter is not linked automatically: without a check of the mobile
    number, anyone could claim it. The person claims it with a code sent to the number
    (`accounts.resident_claim`), or staff link the two in the admin.
    """
    user = register_login(mobile=mobile, name=name, password=password)
    Resident.objects.create(name=name, mobile=mobile, community=community, user=user)
    return user


def register_login(*, mobile: str, name: str, password: str) -> User:
    """Create a login of its own, with no resident record: a student volunteer, who does not
    live in a 居委会 of the street."""
    try:
        with transaction.atomic():
            return User.objects.create_user(mobile=mobile, name=name, password=password)
    except IntegrityError as error:
        raise ValidationError(
            {"mobile": _("This mobile number is already registered.")}, code="unique"
        ) from error
