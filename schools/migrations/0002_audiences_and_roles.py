from django.db import migrations

from community import roles
from community.roles import model_permissions

AUDIENCES = [
    "seniors",
    "youth",
    "parents",
    "unemployed",
    "women",
    "party_members",
    "cadres",
    "everyone",
]

SCHOOL_MODELS = ["course", "coursesession", "enrolment", "attendance", "event", "contestwinner"]

ROLE_PERMISSIONS = {
    roles.STREET_ADMIN: [
        "schools.manage_all_schools",
        *model_permissions("schools", "school"),
        *model_permissions("schools", "branch"),
        *model_permissions("schools", "venue"),
        *[perm for model in SCHOOL_MODELS for perm in model_permissions("schools", model)],
        "schools.view_audience",
    ],
    roles.SCHOOL_MANAGER: [
        "schools.view_school",
        "schools.change_school",
        "schools.view_branch",
        "schools.view_venue",
        "schools.add_venue",
        "schools.view_audience",
        *[perm for model in SCHOOL_MODELS for perm in model_permissions("schools", model)],
    ],
}


def forwards(apps, schema_editor):
    Audience = apps.get_model("schools", "Audience")
    for code in AUDIENCES:
        Audience.objects.get_or_create(code=code)
    roles.grant(apps, schema_editor, ROLE_PERMISSIONS)


def backwards(apps, schema_editor):
    roles.revoke(apps, schema_editor, ROLE_PERMISSIONS)
    apps.get_model("schools", "Audience").objects.filter(code__in=AUDIENCES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0001_initial"),
        ("community", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
