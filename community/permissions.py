"""Access to the staff pages: a staff login with the model permission the page needs."""

from functools import wraps

from django.contrib.auth.decorators import permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .middleware import needs_second_factor


def staff_only(view):
    """Staff pages: a visitor logs in first (on the portal's login page); a logged-in resident
    or volunteer is told, on the portal's 403 page, that the page is for staff."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(permission: str):
    """Staff only (see `staff_only`), and 403 without the permission."""

    def decorate(view):
        return staff_only(permission_required(permission, raise_exception=True)(view))

    return decorate


def cleared_staff(user, permission: str) -> bool:
    """A staff member with the permission who has passed the second factor where it is needed:
    only they see what is not public yet (draft boards, unpublished deeds)."""
    if not (user.is_authenticated and user.has_perm(permission)):
        return False
    return not needs_second_factor(user) or user.is_verified()
