from django.db import migrations

from community import roles

ROLE_PERMISSIONS = {roles.STREET_ADMIN: ["community.view_auditentry"]}


def forwards(apps, schema_editor):
    roles.grant(apps, schema_editor, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, schema_editor, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("community", "0005_audit_trail")]

    operations = [migrations.RunPython(forwards, backwards)]
