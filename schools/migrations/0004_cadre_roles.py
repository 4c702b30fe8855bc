from django.db import migrations

from community import roles
from community.roles import model_permissions

MODELS = [
    "leadershipmember",
    "studyplan",
    "cadre",
    "centralgroupstudy",
    "readingnote",
    "studyassignment",
    "assignmentcompletion",
    "studycheck",
    "exam",
    "examresult",
    "examtarget",
]

ROLE_PERMISSIONS = {
    roles.STREET_ADMIN: [perm for model in MODELS for perm in model_permissions("schools", model)]
}


def forwards(apps, schema_editor):
    roles.grant(apps, schema_editor, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, schema_editor, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("schools", "0003_cadre_learning")]

    operations = [migrations.RunPython(forwards, backwards)]
