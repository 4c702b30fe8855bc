from django.db import migrations

from community import roles

# Street admins see what was told and by which channel, and send failed deliveries again.
ROLE_PERMISSIONS = {
    roles.STREET_ADMIN: [
        "notifications.view_message",
        "notifications.view_delivery",
        "notifications.change_delivery",
    ]
}


def forwards(apps, schema_editor):
    roles.grant(apps, schema_editor, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, schema_editor, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial"), ("community", "0009_user_email")]

    operations = [migrations.RunPython(forwards, backwards)]
