"""Access to the staff pages: a staff login with the model permission the page needs."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required


def staff_required(permission: str):
    """Staff only (others go to the admin login), and 403 without the permission."""

    def decorate(view):
        return staff_member_required(permission_required(permission, raise_exception=True)(view))

    return decorate
