"""Trigram indexes for the admin's searches by name, mobile number and title (PostgreSQL only:
the embedded SQLite of `make run` searches its few rows without them).

Django's `icontains` asks PostgreSQL for `UPPER(column::text) LIKE UPPER('%…%')`, so each index
is on that expression, which lets a search for part of a name or number use it."""

from django.db import migrations

INDEXES = [
    ("community_resident", "name"),
    ("community_resident", "mobile"),
    ("schools_course", "title"),
    ("schools_event", "title"),
    ("merit_register_deed", "title"),
    ("merit_register_deed", "story"),
    ("merit_register_deeddoer", "name"),
    ("volunteers_child", "name"),
]


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0014_annual_report"),
        ("schools", "0009_calendar_feed"),
        ("merit_register", "0004_chinese_labels"),
        ("volunteers", "0007_checkin_stars_record_check"),
    ]

    operations = [migrations.RunPython(create, drop)]
