"""Access to the staff pages: a staff login with the model permission the page needs."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required

from .middleware import needs_second_factor


def staff_required(permission: str):
    """Staff only (others go to the admin login), and 403 without the permission."""

    def decorate(view):
        return staff_member_required(permission_required(permission, raise_exception=True)(view))

    return decorate


def cleared_staff(user, permission: str) -> bool:
    """A staff member with the permission who has passed the second factor where it is needed:
    only they see what is not public yet (draft boards, unpublished deeds)."""
    if not (user.is_authenticated and user.has_perm(permission)):
        return False
    return not needs_second_factor(user) or user.is_verified()
