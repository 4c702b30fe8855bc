"""The database refuses to pair a child, or take one on an outing, without a live guardian
consent: a trigger on each table, in PostgreSQL and in SQLite."""

from django.db import migrations

TABLES = ["volunteers_pairing", "volunteers_outingchild"]
LIVE_CONSENT = (
    "SELECT 1 FROM volunteers_child c WHERE c.id = NEW.child_id "
    "AND c.consent_given_on IS NOT NULL AND c.consent_withdrawn_on IS NULL"
)

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION volunteers_require_live_consent() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS ({LIVE_CONSENT}) THEN
        RAISE EXCEPTION 'child % has no live guardian consent', NEW.child_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_live_consent ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_live_consent BEFORE INSERT OR UPDATE OF child_id "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION volunteers_require_live_consent()",
                params=None,
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE OF child_id"):
                name = f"{table}_live_consent_{event.split()[0].lower()}"
                schema_editor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {table} "
                    f"WHEN NOT EXISTS ({LIVE_CONSENT}) "
                    "BEGIN SELECT RAISE(ABORT, 'child has no live guardian consent'); END"
                )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_live_consent ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS volunteers_require_live_consent()")
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_live_consent_{event}")


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
