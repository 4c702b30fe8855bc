"""The staff roles of the programme, as Django groups, and the model permissions each one holds.

Groups are created and extended by data migrations that call `grant`, so a fresh database and an
upgraded one end with the same permissions.
"""

from django.contrib.auth.management import create_permissions

STREET_ADMIN = "街道管理员"
SCHOOL_MANAGER = "学校管理员"
STATION_COORDINATOR = "爱心驿站负责人"
MERIT_REVIEWER = "功德录审核员"

ALL = (STREET_ADMIN, SCHOOL_MANAGER, STATION_COORDINATOR, MERIT_REVIEWER)


def grant(apps, schema_editor, role_permissions: dict[str, list[str]]) -> None:
    """Give each role (group name) the permissions named "app_label.codename"."""
    # Permissions are normally created after all migrations ran; make sure they exist now.
    # Historical app configs have no models module, which create_permissions skips.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, schema_editor, role_permissions: dict[str, list[str]]) -> None:
    """Undo `grant` for a migration's reverse."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in role_permissions.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


def model_permissions(app_label: str, model: str, actions=("add", "change", "delete", "view")):
    return [f"{app_label}.{action}_{model}" for action in actions]
