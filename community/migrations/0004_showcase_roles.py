from django.db import migrations

from community import roles
from community.roles import model_permissions

ROLE_PERMISSIONS = {
    roles.STREET_ADMIN: [
        perm
        for model in ["exemplar", "work", "honour", "newsletterissue"]
        for perm in model_permissions("community", model)
    ]
}


def forwards(apps, schema_editor):
    roles.grant(apps, schema_editor, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, schema_editor, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("community", "0003_showcase")]

    operations = [migrations.RunPython(forwards, backwards)]
