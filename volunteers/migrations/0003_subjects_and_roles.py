from django.db import migrations

from community import roles
from community.roles import model_permissions

SUBJECTS = ["chinese", "maths", "english", "physics", "chemistry", "science"]

MODELS = [
    "station",
    "child",
    "volunteer",
    "tutoringsession",
    "shift",
    "pairing",
    "tutoringnote",
    "homevisit",
    "graderecord",
    "outing",
    "outingchild",
    "bookdonation",
    "bookgift",
]
EVERYTHING = [perm for model in MODELS for perm in model_permissions("volunteers", model)]
CHILDREN = [
    "volunteers.view_child_private",
    "volunteers.export_child",
    "volunteers.view_childaccesslog",
    "volunteers.view_subject",
]

ROLE_PERMISSIONS = {
    roles.STATION_COORDINATOR: [*EVERYTHING, *CHILDREN],
    roles.STREET_ADMIN: [*EVERYTHING, *CHILDREN],
}


def forwards(apps, schema_editor):
    Subject = apps.get_model("volunteers", "Subject")
    for code in SUBJECTS:
        Subject.objects.get_or_create(code=code)
    roles.grant(apps, schema_editor, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, schema_editor, ROLE_PERMISSIONS)
    apps.get_model("volunteers", "Subject").objects.filter(code__in=SUBJECTS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0002_consent_triggers"),
        ("community", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
