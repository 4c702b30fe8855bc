"""Permissions named in the interface's language.

Django stores a permission's name in English when it is created ("Can add deed"); the role and
user forms of the admin show it through `permission_label`, which names the model's permissions
from its (translated) verbose name and translates the project's own permissions.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("Can add %(thing)s"),
    "change": _("Can change %(thing)s"),
    "delete": _("Can delete %(thing)s"),
    "view": _("Can view %(thing)s"),
}


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    app = model._meta.app_config.verbose_name if model else permission.content_type.app_label
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in ACTIONS and model_name == model._meta.model_name:
        # A package's model may be named without gettext ("TOTP device"): ours translates it.
        name = ACTIONS[action] % {"thing": gettext(str(model._meta.verbose_name))}
    else:
        name = gettext(permission.name)
    return f"{app} | {name}"


class PermissionLabels:
    """For model admins with a permissions field: label each choice in the interface's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in {"permissions", "user_permissions"} and field is not None:
            field.label_from_instance = permission_label
            field.queryset = field.queryset.select_related("content_type")
        return field


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabels, BaseGroupAdmin):
    pass
