from django.db import migrations

from community import roles
from community.roles import model_permissions

ROLE_PERMISSIONS = {
    roles.STREET_ADMIN: [
        *model_permissions("community", "street"),
        *model_permissions("community", "community"),
        *model_permissions("community", "resident"),
        "community.view_user",
    ],
    roles.SCHOOL_MANAGER: [
        *model_permissions("community", "resident", ("add", "change", "view")),
        "community.view_community",
    ],
    roles.STATION_COORDINATOR: [
        "community.view_resident",
        "community.view_community",
    ],
    roles.MERIT_REVIEWER: [
        "community.view_resident",
        "community.view_community",
    ],
}


def create_groups(apps, schema_editor):
    roles.grant(apps, schema_editor, ROLE_PERMISSIONS)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=roles.ALL).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
