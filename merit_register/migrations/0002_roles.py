from django.db import migrations

from community import roles
from community.roles import model_permissions

MODELS = ["deed", "deeddoer", "deedphoto", "board", "boarddeed"]
ALL = [perm for model in MODELS for perm in model_permissions("merit_register", model)]

ROLE_PERMISSIONS = {
    roles.MERIT_REVIEWER: ["merit_register.review_deed", *ALL],
    roles.STREET_ADMIN: ["merit_register.review_deed", *ALL],
}


def forwards(apps, schema_editor):
    roles.grant(apps, schema_editor, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, schema_editor, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("merit_register", "0001_initial"),
        ("community", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
